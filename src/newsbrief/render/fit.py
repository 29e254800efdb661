"""The one-page fit: measure one layout of the briefing, cut the lowest-ranked content, done.

Cost model: one WeasyPrint layout of (at most a little more than) what can fit, on a
page as wide as the real one but very tall, then the final render. Heights of every
story, summary item and facts box are read from that layout's box tree; since the
stylesheet gives them no vertical margins they add up, so choosing what fits is
arithmetic, not re-rendering. A correction pass runs only if the final page
still overflows (it should not).

What is cut, in order (stories arrive ranked): sentences beyond the third of long
summaries, then key facts of the lower stories, then the rest of their summaries
but the first sentence, then the lower stories themselves; the first
``LEAD_STORIES`` keep headline, three sentences and facts until nothing else is
left to cut.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..types import Briefing, Facts, Story
from .text import clip

#: Stories protected from trimming until every lower story is gone.
LEAD_STORIES = 3
#: Summary sentences of a story kept before its facts box; later ones are cut first.
SHORT_SUMMARY = 3
#: At most this many summary sentences of one story are considered for the PDF.
MAX_PDF_SENTENCES = 12
#: Dropped stories named one by one in the notes; further ones are only counted.
MAX_NAMED_DROPS = 10
#: CSS pixels per point.
PX_PER_PT = 96 / 72

UnitKind = Literal["base", "sentence", "facts"]


@dataclass(frozen=True)
class Unit:
    """A piece of content that is kept or cut as a whole.

    ``base`` is a story's headline, meta line and first sentence; ``sentence`` its
    summary sentence number ``index`` (1-based beyond the first); ``facts`` its box.
    """

    kind: UnitKind
    story: int
    index: int = 0


@dataclass(frozen=True)
class Plan:
    """What of each story is kept: how many sentences (0 = story dropped) and the facts box."""

    sentences: tuple[int, ...]
    facts: tuple[bool, ...]

    @classmethod
    def from_units(cls, stories: Sequence[Story], units: Iterable[Unit]) -> Plan:
        kept = set(units)
        sentences, facts = [], []
        for i, story in enumerate(stories):
            if Unit("base", i) not in kept:
                sentences.append(0)
                facts.append(False)
                continue
            n = 1
            while Unit("sentence", i, n) in kept:
                n += 1
            sentences.append(min(n, len(story.summary)) if story.summary else 1)
            facts.append(Unit("facts", i) in kept)
        return cls(tuple(sentences), tuple(facts))


def units_by_priority(stories: Sequence[Story], lead: int = LEAD_STORIES) -> list[Unit]:
    """Every unit, most important first (the fit keeps a greedy, dependency-closed subset).

    Lead stories (headline, short summary, facts), then the others the same way, then
    the tails of long summaries (sentences beyond ``SHORT_SUMMARY``) in rank order.
    """
    lead = min(lead, len(stories))

    def sentences(indexes: range, first: int, stop: int) -> list[Unit]:
        return [
            Unit("sentence", i, j)
            for i in indexes
            for j in range(first, min(len(stories[i].summary), stop))
        ]

    def facts(indexes: range) -> list[Unit]:
        return [Unit("facts", i) for i in indexes if not stories[i].facts.is_empty()]

    top, rest = range(lead), range(lead, len(stories))
    return [
        *(Unit("base", i) for i in top),
        *sentences(top, 1, SHORT_SUMMARY),
        *facts(top),
        *(Unit("base", i) for i in rest),
        *sentences(rest, 1, SHORT_SUMMARY),
        *facts(rest),
        *sentences(range(len(stories)), SHORT_SUMMARY, MAX_PDF_SENTENCES),
    ]


def requires(unit: Unit) -> Unit | None:
    """The unit that must be kept for ``unit`` to be kept (stories and sentences in order)."""
    if unit.kind == "base":
        return Unit("base", unit.story - 1) if unit.story else None
    if unit.kind == "sentence" and unit.index > 1:
        return Unit("sentence", unit.story, unit.index - 1)
    return Unit("base", unit.story)


def choose(
    units: Sequence[Unit], height: Callable[[Unit], float | None], budget: float
) -> list[Unit]:
    """Greedy in priority order: keep a unit if what it needs is kept and it still fits.

    Units without a measured height (``None``) are never kept; the top story's base
    is always kept, fitting or not (the caller shortens it if need be).
    """
    kept: list[Unit] = []
    kept_set: set[Unit] = set()
    used = 0.0
    for unit in units:
        h = height(unit)
        need = requires(unit)
        if h is None or (need is not None and need not in kept_set):
            continue
        if used + h <= budget or unit == Unit("base", 0):
            kept.append(unit)
            kept_set.add(unit)
            used += h
    return kept


def apply(briefing: Briefing, plan: Plan, omitted: Sequence[str] = ()) -> Briefing:
    """The briefing as the plan keeps it."""
    stories = []
    for story, n, facts in zip(briefing.stories, plan.sentences, plan.facts, strict=True):
        if n == 0:
            continue
        stories.append(
            replace(
                story,
                summary=story.summary[:n],
                facts=story.facts if facts else Facts(ner=story.facts.ner),
            )
        )
    return replace(briefing, stories=tuple(stories), omitted=(*briefing.omitted, *omitted))


def describe_cuts(stories: Sequence[Story], plan: Plan) -> list[str]:
    """Human-readable notes of what the plan leaves out, in rank order.

    Dropped stories are named one by one up to ``MAX_NAMED_DROPS``; the rest are counted.
    """
    notes: list[str] = []
    named = 0
    unnamed = 0
    for story, n, facts in zip(stories, plan.sentences, plan.facts, strict=True):
        name = clip(story.headline, 80)
        total = len(story.summary)
        if n == 0 and named >= MAX_NAMED_DROPS:
            unnamed += 1
            continue
        if n == 0:
            named += 1
            notes.append(f"story '{name}' ({total} sentence{'s' if total != 1 else ''})")
            continue
        if total > n:
            cut = total - n
            notes.append(f"{cut} of {total} sentences of '{name}'")
        if not facts and not story.facts.is_empty():
            notes.append(f"key facts of '{name}'")
    if unnamed:
        notes.append(f"{unnamed} more lower-ranked {_stories(unnamed)}")
    return notes


def page_note(briefing: Briefing, plan: Plan) -> list[str]:
    """The short note printed at the bottom of the PDF page (empty when nothing to say)."""
    dropped = sum(1 for n in plan.sentences if n == 0)
    shortened = sum(
        1
        for story, n, facts in zip(briefing.stories, plan.sentences, plan.facts, strict=True)
        if n and (n < len(story.summary) or (not facts and not story.facts.is_empty()))
    )
    parts = []
    if dropped:
        parts.append(f"{dropped} more {_stories(dropped)} did not fit on this page")
    if shortened:
        parts.append(f"{shortened} {_stories(shortened)} shortened")
    if briefing.more_stories:
        parts.append(
            f"{briefing.more_stories} more {_stories(briefing.more_stories)} in the full digest"
        )
    if briefing.failures:
        n = len(briefing.failures)
        parts.append(f"{n} {'source' if n == 1 else 'sources'} could not be read")
    return parts


def _stories(n: int) -> str:
    return "story" if n == 1 else "stories"


# --- lower-bound height estimates, to keep the measured layout small -------------------------


@dataclass(frozen=True)
class Estimate:
    """Slightly low estimates of unit heights under our stylesheet (in points, then pixels).

    They only decide what goes into the first layout: low enough that it holds a
    little more than fits (so the page gets filled), close enough that the layout
    stays cheap. A user stylesheet with other metrics still fits exactly, just
    with a less economical first layout.
    """

    content_width_pt: float
    body_pt: float = 8.6
    line: float = 1.34
    headline_pt: float = 11.5
    facts_pt: float = 7.4
    char_em: float = 0.47

    def lines(self, text: str, font_pt: float, width_pt: float | None = None) -> int:
        per_line = max(1, int((width_pt or self.content_width_pt) / (self.char_em * font_pt)))
        return max(1, math.ceil(len(text) / per_line))

    def height_px(self, unit: Unit, stories: Sequence[Story]) -> float:
        story = stories[unit.story]
        body = self.body_pt * self.line
        if unit.kind == "base":
            first = story.summary[0] if story.summary else ""
            headline_pt = self.headline_pt * (1.25 if unit.story == 0 else 1.0)
            pts = (
                10.0  # story padding
                + self.lines(story.headline, headline_pt) * headline_pt * 1.2
                + 10.0  # meta line
                + (3.0 + self.lines(first, self.body_pt, self.content_width_pt - 10) * body)
                * bool(first)
            )
        elif unit.kind == "sentence":
            text = story.summary[unit.index]
            pts = self.lines(text, self.body_pt, self.content_width_pt - 10) * body + 1.0
        else:
            pts = 11.0 + self.facts_rows(story) * (self.facts_pt * 1.28 + 2.0)
        return pts * PX_PER_PT

    def facts_rows(self, story: Story) -> int:
        facts = story.facts
        rows = sum(
            1
            for kind in ("people", "organizations", "places", "dates", "figures")
            if getattr(facts, kind)
        )
        width = self.content_width_pt - 60
        return rows + sum(self.lines(q.text[:180], self.facts_pt, width) for q in facts.quotes[:2])


def estimate_plan(
    stories: Sequence[Story], units: Sequence[Unit], estimate: Estimate, capacity_px: float
) -> list[Unit]:
    """Units worth laying out: what the greedy would keep if the estimates were exact."""
    return choose(units, lambda u: estimate.height_px(u, stories), capacity_px)


# --- reading heights off WeasyPrint's layout ------------------------------------------------


def element_id(unit: Unit) -> str:
    """The id of the element that holds ``unit`` in the HTML template."""
    if unit.kind == "sentence":
        return f"story-{unit.story}-s{unit.index}"
    if unit.kind == "facts":
        return f"story-{unit.story}-facts"
    return f"story-{unit.story}"


def fragment_heights(
    page_boxes: Sequence[Any], stories: Sequence[Story]
) -> dict[str, tuple[float, float]]:
    """``id -> (top on its first page, total margin height)`` of the elements the fit needs.

    An element split across pages has one outermost box per page; their heights add up
    to the unsplit height because the stylesheet gives fitted elements no margins.
    """
    wanted = {element_id(u) for u in units_by_priority(stories)} | {
        f"story-{i}" for i in range(len(stories))
    }
    found: dict[str, tuple[float, float]] = {}
    for page_box in page_boxes:
        seen: set[str] = set()
        for box in page_box.descendants():
            element = getattr(box, "element", None)
            ident = element.get("id") if element is not None else None
            if ident not in wanted or ident in seen or not hasattr(box, "margin_height"):
                continue
            seen.add(ident)
            top, total = found.get(ident, (float(box.position_y), 0.0))
            found[ident] = (top, total + float(box.margin_height()))
    return found
