"""Coordinated names share a kind: "Pfizer and Moderna", "Tesco, Asda and Morrisons".

Part of the kind correction of ``kinds.py``: where each mention starts and ends
(``mention_maps``), the kinds of the names coordinated with a name's mentions
(``conjunct_kinds``: a comma, "and", "or" or "&" between them) and, from those, the
one-word "people" coordinated only with organisations (``by_coordination``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .gazetteer import KNOWN_ORGS
from .ner import Kind, mention_span

if TYPE_CHECKING:
    from .kinds import NameGroup

#: Between two coordinated names: "Pfizer and Moderna", "Liverpool, Millwall".
_COORDINATOR = r"\s*(?:,|and|or|&|,\s+and)\s+"
_CONJUNCTION = re.compile(_COORDINATOR)
_CONJUNCTION_BEFORE = re.compile(_COORDINATOR + "$")

#: Where each mention starts -> its name's key, where each mention ends -> its name's key.
MentionMaps = tuple[dict[int, str], dict[int, str]]


def by_coordination(
    groups: Mapping[str, NameGroup],
    text: str,
    maps: MentionMaps,
    fixed: Mapping[str, Kind],
    candidates: Iterable[str],
) -> dict[str, Kind]:
    """A one-word "person" among ``candidates`` (names with nothing personal about them:
    no title, no known given name) coordinated only with organisations is one too."""
    out: dict[str, Kind] = {}
    for key in candidates:
        group = groups[key]
        if key in fixed or group.kind != "person":
            continue
        if max(len(f.split()) for f in group.forms) == 1 and conjunct_kinds(
            group, text, maps, groups, fixed
        ) == {"organization"}:
            out[key] = "organization"
    return out


def mention_maps(groups: Mapping[str, NameGroup], text: str) -> MentionMaps:
    """Where each mention starts and ends -> its name's key."""
    at_start: dict[int, str] = {}
    at_end: dict[int, str] = {}
    for key, group in groups.items():
        forms = sorted(group.forms, key=len, reverse=True)
        for first in group.starts:
            start, end = mention_span(text, first, forms)
            at_start[start], at_end[end] = key, key
    return at_start, at_end


def conjunct_kinds(
    group: NameGroup,
    text: str,
    maps: MentionMaps,
    groups: Mapping[str, NameGroup],
    fixed: Mapping[str, Kind],
) -> set[Kind | None]:
    """The kinds of the names coordinated with any mention of ``group``."""
    at_start, at_end = maps
    kinds: set[Kind | None] = set()
    forms = sorted(group.forms, key=len, reverse=True)
    for first in group.starts:
        start, end = mention_span(text, first, forms)
        after = _CONJUNCTION.match(text, end)
        if after is not None and after.end() in at_start:
            kinds.add(_kind_of(at_start[after.end()], groups, fixed))
        before = _CONJUNCTION_BEFORE.search(text, max(0, start - 8), start)
        if before is not None and before.start() in at_end:
            kinds.add(_kind_of(at_end[before.start()], groups, fixed))
    return kinds


def _kind_of(key: str, groups: Mapping[str, NameGroup], fixed: Mapping[str, Kind]) -> Kind | None:
    group = groups[key]
    if key in fixed:
        return fixed[key]
    if any(f in KNOWN_ORGS for f in group.forms):
        return "organization"
    return group.kind
