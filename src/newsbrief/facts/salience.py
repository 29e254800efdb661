"""Salience order: the facts of the lead and of the summary sentences first.

A reader of a briefing reads the summary next to the key-facts box, so the box
(which shows each slot's first items) should hold what the summary is about.
Entities keep every sentence they are mentioned in (``Entity.sentences``); an
entity named in the lead or the summary moves ahead of one that is not, and
dates, figures and quotes from those sentences move ahead of the rest. Within
each group the extractor's own order (salience, kind, position) is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from ..types import DateFact, Entity, Facts, Figure, Quote

_Item = TypeVar("_Item", DateFact, Figure, Quote)


def salient_first(facts: Facts, sentences: frozenset[int]) -> Facts:
    """``facts`` with the items of ``sentences`` first in every slot (stable)."""

    def entities(items: Sequence[Entity]) -> tuple[Entity, ...]:
        return tuple(sorted(items, key=lambda e: not (set(e.sentences) & sentences)))

    def others(items: Sequence[_Item]) -> tuple[_Item, ...]:
        return tuple(sorted(items, key=lambda item: item.sentence_index not in sentences))

    return replace(
        facts,
        people=entities(facts.people),
        organizations=entities(facts.organizations),
        places=entities(facts.places),
        works=entities(facts.works),
        dates=others(facts.dates),
        figures=others(facts.figures),
        quotes=others(facts.quotes),
    )
