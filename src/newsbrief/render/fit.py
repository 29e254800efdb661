"""The one-page fit: breadth before depth, chosen by arithmetic on measured heights.

On the page every story is either *told* (headline, date and source, its best sentence,
and maybe more sentences and its key-facts box), *listed* (one line with its headline
and source under "Also in the news"), or *left out* (counted in the footer, "+N more").
Stories arrive most important first. What is kept, in this order:

0. if every story's headline and best sentence fit, every story is told (then step 4);
1. otherwise the top ``MIN_TOLD`` stories are told, while they fill at most
   ``TOLD_SHARE`` of the page (the first story always): the page first tells the news;
2. every other story is listed, in rank order, as long as lines fit; the rest are left out;
3. when every story is listed, listed stories are told instead, in rank order, each
   whose best sentence fits in the room left (so a lower story may be told when a higher
   one's sentence is too long for the room; a headline-only story always stays listed);
4. when every story is told, depth: each story's second sentence (in rank order), then
   the key-facts boxes, then third sentences, and so on, each that fits.

So every story gets its headline and best sentence before any story gets a second
sentence or a key-facts box, no story is left out while another gets more than its
headline and best sentence, and the page ends with no room for the next unit: nothing
is counted in "+N more" while a list line would fit, and depth fills what breadth leaves.

Cost model: the page is laid out once with what estimates say fits in 15% more than the
page (``render.OVERFILL``); the height of every story part, summary item, facts box and
list line is read from that layout's box tree. Since the stylesheet gives them no
vertical margins their heights add up, so choosing what fits is arithmetic on measured
heights, and the second layout is normally the final one (``render._fit``).

Stories are one ranked list; with topic sections (``Story.section``) steps 1 and 3 tell
each section's top story first (``tell_order``), the page keeping the briefing's order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..types import Briefing, Facts, Story
from .text import clip, listed_headline

#: Stories told before any is listed (issue 12: at least 8 told on a full page), as long
#: as they fill at most ``TOLD_SHARE`` of the page's story area: the rest of the page
#: lists as many other stories as it can, one line each, before more are told.
MIN_TOLD = 8
TOLD_SHARE = 3 / 4
#: At most this many summary sentences of one story are considered for the PDF.
MAX_PDF_SENTENCES = 12
#: CSS pixels per point.
PX_PER_PT = 96 / 72
#: A plan's value for a story that is left out, and for one that is only listed.
LEFT_OUT = -1
LISTED = 0

UnitKind = Literal["base", "line", "also", "sentence", "facts"]


@dataclass(frozen=True)
class Unit:
    """A piece of content that is kept or cut as a whole.

    ``base`` is a told story's headline, meta line and first sentence; ``sentence`` its
    summary sentence number ``index`` (0-based, from 1); ``facts`` its key-facts box;
    ``line`` the story's one line in the "Also in the news" list; ``also`` that list's
    heading (``story`` -1), kept with the first line.
    """

    kind: UnitKind
    story: int
    index: int = 0


ALSO = Unit("also", -1)


@dataclass(frozen=True)
class Plan:
    """What the page shows of each story.

    ``shown[i]`` is the number of sentences of story ``i`` when it is told, ``LISTED``
    (0) when it is only listed, ``LEFT_OUT`` (-1) when it is not on the page;
    ``facts[i]`` whether its key-facts box is shown.
    """

    shown: tuple[int, ...]
    facts: tuple[bool, ...]

    @classmethod
    def from_units(cls, stories: Sequence[Story], units: Sequence[Unit]) -> Plan:
        kept = set(units)
        shown, facts = [], []
        for i, story in enumerate(stories):
            if Unit("base", i) in kept:
                n = 1
                while Unit("sentence", i, n) in kept:
                    n += 1
                shown.append(min(n, len(story.summary)))
            else:
                shown.append(LISTED if Unit("line", i) in kept else LEFT_OUT)
            facts.append(Unit("facts", i) in kept)
        return cls(tuple(shown), tuple(facts))

    @classmethod
    def everything(cls, stories: Sequence[Story]) -> Plan:
        return cls.from_units(stories, all_units(stories))

    @property
    def left_out(self) -> int:
        return sum(1 for n in self.shown if n == LEFT_OUT)


def told_units(stories: Sequence[Story], i: int) -> list[Unit]:
    """The depth units of a told story: sentences beyond the first, and its facts box."""
    story = stories[i]
    units = [Unit("sentence", i, j) for j in range(1, min(len(story.summary), MAX_PDF_SENTENCES))]
    if not story.facts.is_empty():
        units.append(Unit("facts", i))
    return units


def all_units(stories: Sequence[Story]) -> list[Unit]:
    """Every unit the briefing could show (a story is told or listed, never both)."""
    units: list[Unit] = []
    for i, story in enumerate(stories):
        if story.summary:
            units += [Unit("base", i), *told_units(stories, i)]
        else:
            units.append(Unit("line", i))
    if any(not s.summary for s in stories):
        units.append(ALSO)
    return units


def depth_order(stories: Sequence[Story]) -> list[Unit]:
    """Depth, level by level: second sentences (rank order), facts boxes, third sentences..."""
    told = [i for i, s in enumerate(stories) if s.summary]
    second = [Unit("sentence", i, 1) for i in told if len(stories[i].summary) > 1]
    boxes = [Unit("facts", i) for i in told if not stories[i].facts.is_empty()]
    later = [
        Unit("sentence", i, j)
        for j in range(2, MAX_PDF_SENTENCES)
        for i in told
        if len(stories[i].summary) > j
    ]
    return [*second, *boxes, *later]


def tell_order(stories: Sequence[Story]) -> list[int]:
    """The stories with a summary in the order steps 1 and 3 tell them: rank order, except
    that with topic sections (``Story.section``) the top story of each section comes first,
    so every section has a story told before any section gets a second one."""
    tellable = [i for i, s in enumerate(stories) if s.summary]
    firsts: dict[str | None, int] = {}
    for i in tellable:
        firsts.setdefault(stories[i].section, i)
    heads = sorted(firsts.values())
    return heads + [i for i in tellable if i not in firsts.values()]


def requires(unit: Unit) -> Unit:
    """The unit that must be kept for ``unit`` to be kept (a story's sentences in order)."""
    if unit.kind == "sentence" and unit.index > 1:
        return Unit("sentence", unit.story, unit.index - 1)
    return Unit("base", unit.story)


Heights = Callable[[Unit], float | None]


def choose(stories: Sequence[Story], height: Heights, budget: float) -> list[Unit]:
    """The units kept, by the four steps of the module docstring.

    ``height`` gives a unit's height, or None when it is unknown: an unknown unit is
    not kept (steps 1 and 2 stop there, steps 3 and 4 go on with the next unit). The
    first story is told (or listed, if it has no summary) even if it does not fit (its
    headline and best sentence are length-capped, so they do on any page we make).
    """
    kept: dict[Unit, float] = {}
    tellable = tell_order(stories)

    def used() -> float:
        return sum(kept.values())

    if _tell_all(stories, height, budget, kept):
        return _deepen(stories, height, budget, kept)
    # 1. tell the top MIN_TOLD stories, within TOLD_SHARE of the page
    for i in tellable[:MIN_TOLD]:
        h = height(Unit("base", i))
        if h is None or (kept and used() + h > TOLD_SHARE * budget):
            break
        kept[Unit("base", i)] = h
    # 2. list every other story, in rank order, while lines fit
    listed_all = True
    for i in range(len(stories)):
        if Unit("base", i) in kept:
            continue
        h = height(Unit("line", i))
        head = 0.0 if ALSO in kept else height(ALSO)
        if h is None or head is None or (kept and used() + h + head > budget):
            listed_all = False
            break
        kept.setdefault(ALSO, head)
        kept[Unit("line", i)] = h
    if not listed_all:
        return list(kept)
    # 3. tell the listed stories instead, in rank order, each whose best sentence fits
    for i in tellable:
        if Unit("base", i) in kept:
            continue
        h, line = height(Unit("base", i)), kept[Unit("line", i)]
        last_line = sum(1 for u in kept if u.kind == "line") == 1
        saved = line + (kept[ALSO] if last_line else 0.0)
        if h is None or used() - saved + h > budget:
            continue
        del kept[Unit("line", i)]
        if last_line:
            del kept[ALSO]
        kept[Unit("base", i)] = h
    if any(Unit("base", i) not in kept for i in tellable):
        return list(kept)
    return _deepen(stories, height, budget, kept)


def _tell_all(
    stories: Sequence[Story], height: Heights, budget: float, kept: dict[Unit, float]
) -> bool:
    """Tell every story (headline-only ones listed) if that fits; else leave ``kept`` empty.

    The same as steps 1-3 when it fits, without needing a list line's height."""
    units = [Unit("base", i) if s.summary else Unit("line", i) for i, s in enumerate(stories)]
    if any(not s.summary for s in stories):
        units.append(ALSO)
    heights = [height(u) for u in units]
    if any(h is None for h in heights) or sum(h or 0.0 for h in heights) > budget:
        return False
    kept.update((u, h or 0.0) for u, h in zip(units, heights, strict=True))
    return True


def _deepen(
    stories: Sequence[Story], height: Heights, budget: float, kept: dict[Unit, float]
) -> list[Unit]:
    """4. Depth, once every story with a summary is told: each unit that fits, in order."""
    used = sum(kept.values())
    for unit in depth_order(stories):
        h = height(unit)
        if h is not None and requires(unit) in kept and used + h <= budget:
            kept[unit] = h
            used += h
    return list(kept)


def apply(briefing: Briefing, plan: Plan, omitted: Sequence[str] = ()) -> Briefing:
    """The briefing as the plan shows it: listed stories lose summary and facts (the
    templates list a story without a summary under "Also in the news"), left-out ones go."""
    stories = []
    for story, n, facts in zip(briefing.stories, plan.shown, plan.facts, strict=True):
        if n == LEFT_OUT:
            continue
        stories.append(
            replace(
                story,
                summary=story.summary[:n] if n > 0 else (),
                facts=story.facts if facts else Facts(ner=story.facts.ner),
            )
        )
    return replace(briefing, stories=tuple(stories), omitted=(*briefing.omitted, *omitted))


def describe_cuts(stories: Sequence[Story], plan: Plan, line_chars: int | None = None) -> list[str]:
    """What the plan leaves out of the page, compared with the full briefing (Markdown,
    HTML), one note per cut, every story named, in rank order:

    - ``story 'X' (3 sentences, key facts)``: not on the page (counted in the footer);
    - ``summary of 'X' (headline listed; 3 sentences, key facts)``: only its headline;
    - ``end of the headline 'X'``: a listed headline clipped with "…" to its line of
      ``line_chars`` characters (``text.listed_headline``);
    - ``2 of 3 sentences of 'X'`` and ``key facts of 'X'``: a told story's cut parts.
    """
    notes: list[str] = []
    for story, n, facts in zip(stories, plan.shown, plan.facts, strict=True):
        name = clip(story.headline, 80)
        total = len(story.summary)
        parts = f"{total} sentence{'s' if total != 1 else ''}" if total else ""
        if not story.facts.is_empty():
            parts = f"{parts}, key facts" if parts else "key facts"
        if n == LEFT_OUT:
            notes.append(f"story '{name}'" + (f" ({parts})" if parts else ""))
        elif n == LISTED:
            if parts:  # a headline-only story has nothing else to cut
                notes.append(f"summary of '{name}' (headline listed; {parts})")
            if listed_headline(story, line_chars) != story.headline:
                notes.append(f"end of the headline '{name}'")
        else:
            if total > n:
                notes.append(f"{total - n} of {total} sentences of '{name}'")
            if not facts and not story.facts.is_empty():
                notes.append(f"key facts of '{name}'")
    return notes


def page_note(briefing: Briefing, plan: Plan) -> list[str]:
    """The short note printed at the bottom of the PDF page (empty when nothing to say)."""
    parts = []
    if plan.left_out:
        parts.append(f"+{plan.left_out} more {_stories(plan.left_out)} not on this page")
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


# --- height estimates, to choose what the measured layout holds -------------------------------


@dataclass(frozen=True)
class Estimate:
    """Estimates of unit heights under our stylesheet (in points, then pixels).

    They only decide what goes into the first layout: close enough that it holds a
    little more than fits (so that every unit the page can take is measured) and the
    layout stays cheap. A user stylesheet with other metrics still fits exactly, just
    with a less economical first layout.
    """

    content_width_pt: float
    body_pt: float = 8.6
    line: float = 1.34
    headline_pt: float = 11.5
    facts_pt: float = 7.4
    also_pt: float = 7.4
    char_em: float = 0.47

    def lines(self, text: str, font_pt: float, width_pt: float | None = None) -> int:
        per_line = max(1, int((width_pt or self.content_width_pt) / (self.char_em * font_pt)))
        return max(1, math.ceil(len(text) / per_line))

    def height_px(self, unit: Unit, stories: Sequence[Story]) -> float:
        body = self.body_pt * self.line
        if unit.kind == "also":
            return (self.also_pt * 1.25 + 5.3) * PX_PER_PT
        story = stories[unit.story]
        if unit.kind == "line":
            pts = self.also_pt * 1.22 + 0.3
        elif unit.kind == "base":
            first = story.summary[0] if story.summary else ""
            headline_pt = self.headline_pt * (1.25 if unit.story == 0 else 1.0)
            # in print, date and source run on after the headline, in smaller type
            meta = 16 + sum(len(s.name) + 2 for s in story.sources[:5])
            run_on = len(story.headline) + 3 + int(meta * self.also_pt / headline_pt)
            pts = (
                7.0  # story padding
                + self.lines("x" * run_on, headline_pt) * headline_pt * 1.2
                + (1.5 + self.lines(first, self.body_pt, self.content_width_pt - 10) * body)
            )
        elif unit.kind == "sentence":
            text = story.summary[unit.index]
            pts = self.lines(text, self.body_pt, self.content_width_pt - 10) * body + 1.0
        else:
            pts = 10.0 + self.facts_rows(story) * (self.facts_pt * 1.28 + 2.0)
        return pts * PX_PER_PT

    @staticmethod
    def facts_rows(story: Story) -> int:
        """Rows of the compact box: one per slot that has items (quotes: one)."""
        facts = story.facts
        slots = ("people", "organizations", "places", "dates", "figures", "quotes")
        return sum(1 for kind in slots if getattr(facts, kind))


# --- reading heights off WeasyPrint's layout ------------------------------------------------

#: The element that holds the stories and the list (its top is where the budget starts).
FLOW_ID = "stories"


def element_id(unit: Unit) -> str:
    """The id of the element that holds ``unit`` in the HTML template."""
    if unit.kind == "sentence":
        return f"story-{unit.story}-s{unit.index}"
    if unit.kind == "facts":
        return f"story-{unit.story}-facts"
    if unit.kind == "line":
        return f"also-{unit.story}"
    if unit.kind == "also":
        return "also"
    return f"story-{unit.story}"


def fragment_heights(
    page_boxes: Sequence[Any], stories: Sequence[Story]
) -> dict[str, tuple[float, float]]:
    """``id -> (top on its first page, total margin height)`` of the elements the fit needs.

    An element split across pages has one outermost box per page; their placed heights
    add up to the unsplit height because the stylesheet gives fitted elements no margins.
    """
    wanted = {FLOW_ID, "also"}
    for i in range(len(stories)):
        wanted |= {f"story-{i}", f"also-{i}", f"story-{i}-facts"}
        wanted |= {f"story-{i}-s{j}" for j in range(min(len(stories[i].summary), 64))}
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
            found[ident] = (top, total + placed_height(box))
    return found


def placed_height(box: Any) -> float:
    """The height of what a block holds on its page: its margin height, except that a block
    split at a page break stretches to the page's end, where only its content counts
    (lines and tables as laid out, blocks inside measured the same way)."""
    from weasyprint.formatting_structure.boxes import BlockBox

    height = float(box.margin_height())
    if not isinstance(box, BlockBox):  # a line, a table: taken as laid out
        return height
    bottoms = [
        float(child.position_y)
        + (placed_height(child) if isinstance(child, BlockBox) else child.margin_height())
        for child in box.children
        if hasattr(child, "margin_height")
    ]
    if not bottoms:
        return height
    below = float(box.padding_bottom + box.border_bottom_width + box.margin_bottom)
    return min(height, max(bottoms) - float(box.position_y) + below)


def unit_heights(kept: Sequence[Unit], boxes: dict[str, tuple[float, float]]) -> dict[Unit, float]:
    """Measured height of each laid-out unit: a base is its story minus its other parts,
    the list's heading is the list minus its lines."""
    heights: dict[Unit, float] = {}
    parts: dict[int, float] = {}
    for unit in kept:
        ident = element_id(unit)
        if unit.kind in ("sentence", "facts", "line") and ident in boxes:
            heights[unit] = boxes[ident][1]
            parts[unit.story] = parts.get(unit.story, 0.0) + boxes[ident][1]
    lines = sum(h for u, h in heights.items() if u.kind == "line")
    for unit in kept:
        ident = element_id(unit)
        if unit.kind == "base" and ident in boxes:
            heights[unit] = boxes[ident][1] - parts.get(unit.story, 0.0)
        elif unit.kind == "also" and ident in boxes:
            heights[unit] = boxes[ident][1] - lines
    return heights
