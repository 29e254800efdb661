"""The key-facts box as the reader sees it: the confident facts, a few per slot.

``box_facts`` is the ONE place that decides what the box shows. The renderers
(Markdown, HTML, text, PDF and its fit) call it on every story's facts; the
JSON output keeps every fact with its confidence (save a speaker's quotations
beyond the first few, ``budget.py``); ``benchmarks/facts_gold.py``
scores the box through it. Facts arrive ranked (salience first, see
``facts/__init__.py``), so the box keeps each slot's first confident items.

``BOX_THRESHOLDS`` were set on the tune half of the gold set (docs/facts.md), per
slot because each slot's confidence counts different evidence: for each, the
lowest confidence at which the items the box shows stayed (nearly) all right.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TypeVar

from ..types import DateFact, Entity, Facts, Figure, Quote

#: Items at or above their slot's confidence are shown in the box (set on the tune half).
BOX_THRESHOLDS: Mapping[str, float] = {
    "people": 0.7,
    "organizations": 0.75,
    "places": 0.75,
    "dates": 0.7,
    "figures": 0.7,
    "quotes": 0.75,
}
#: The lowest of them: nothing under it is ever shown.
BOX_CONFIDENCE = min(BOX_THRESHOLDS.values())

#: How many items of each slot the box shows at most.
BOX_LIMITS: Mapping[str, int] = {
    "people": 5,
    "organizations": 4,
    "places": 4,
    "dates": 4,
    "figures": 4,
    "quotes": 2,
}

_Item = TypeVar("_Item", Entity, DateFact, Figure, Quote)


def box_facts(
    facts: Facts,
    *,
    threshold: float | None = None,
    limits: Mapping[str, int] = BOX_LIMITS,
) -> Facts:
    """The facts the key-facts box shows: per slot, the first items with confidence at or
    above the slot's threshold (``BOX_THRESHOLDS``, or ``threshold`` for every slot when
    given), at most ``limits[slot]`` of them; quotes only with a speaker.

    Works and events stay out of the box (the JSON lists them).
    """

    def keep(items: tuple[_Item, ...], slot: str) -> tuple[_Item, ...]:
        floor = BOX_THRESHOLDS.get(slot, BOX_CONFIDENCE) if threshold is None else threshold
        shown = [item for item in items if item.confidence >= floor]
        return tuple(shown[: limits.get(slot, len(shown))])

    quotes = tuple(q for q in facts.quotes if q.speaker)
    return replace(
        facts,
        people=keep(facts.people, "people"),
        organizations=keep(facts.organizations, "organizations"),
        places=keep(facts.places, "places"),
        dates=keep(facts.dates, "dates"),
        figures=keep(facts.figures, "figures"),
        quotes=keep(quotes, "quotes"),
        works=(),
    )
