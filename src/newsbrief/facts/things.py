"""Names of things the model took for people: films, awards, horses.

A person is not won, starred in or ridden: the verb before or after a name says what
it names.

* "starred in Tootsie", "directed Tootsie": a title ("appeared in" and "stars in" are
  not asked: "appeared in Bow Street Magistrates' Court", "the stars in the Milky Way");
* "won Outstanding Breakthrough", "nominated for Best Newcomer": an award;
* "Monbeg Dude, ridden by ...", "Monbeg Dude, trained by ...": an animal.

A "person" whose own words say otherwise is none either: a plural last word ("Labour MPs",
"Windows PCs": a group, not one name), or a known organisation or a long acronym first
("BBC Radio", "ADAC Formula": a body's name, ``own_kind``).

At least half the mentions must carry the cue, and a title or honorific before the name
("Mr", "Dr") wins: one odd sentence does not make a person a film. These names become
titles of works (JSON only), so the box never shows them as people. Each check looks at a
bounded window around a mention: linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Protocol

from .gazetteer import DEMONYMS, KNOWN_ORGS, PLACES, words
from .ner import Kind, form_at
from .numbers import ACRONYM_PLURAL

_WINDOW = 40
#: "starred in X", "directed X": a title follows.
_TITLE_BEFORE = re.compile(
    r"\b(?:(?:starred|starring|co-starred)\s+in|directed)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
#: "won X", "nominated for the X": an award follows a person's name, never a person
#: (a place may be won: "Labour won Hartlepool", so places are not asked).
_AWARD_BEFORE = re.compile(
    r"\b(?:won|wins|winning|scooped|collected|nominated\s+for|shortlisted\s+for)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
#: "X, ridden by", "X, trained by", "X, the 8-1 favourite": an animal in a race.
_THING_AFTER = re.compile(r",?\s+(?:ridden|trained|saddled)\s+by\b", re.IGNORECASE)


class _Named(Protocol):
    @property
    def forms(self) -> tuple[str, ...]: ...

    @property
    def starts(self) -> tuple[int, ...]: ...


def thing_names(
    groups: Mapping[str, _Named], candidates: Iterable[str], text: str, *, awards: bool = True
) -> set[str]:
    """Keys of ``candidates`` (names filed as people without a title, or as places no word
    list knows: "starred in Tootsie" is no locative) whose mentions the text shows are
    films, awards or animals (at least half of them); with ``awards`` off, only films
    and animals (for places)."""
    found: set[str] = set()
    for key in candidates:
        group = groups[key]
        forms = sorted(group.forms, key=len, reverse=True)
        hits = 0
        for start in group.starts:
            form = form_at(text, start, forms) or forms[-1]
            window = max(0, start - _WINDOW)
            before = _TITLE_BEFORE.search(text, window, start) or (
                _AWARD_BEFORE.search(text, window, start) if awards else None
            )
            end = start + len(form)
            after = _THING_AFTER.match(text, end)
            owner = text.startswith(("'s", "’s"), end)  # "won Jones's seat": his
            hits += (before is not None and not owner) or after is not None
        if 2 * hits >= len(group.starts) > 0:
            found.add(key)
    return found


#: Plural last words no single person's name has.
_GROUP_NOUNS = frozenset(
    {"mps", "meps", "ministers", "members", "councillors", "officials", "leaders", "senators"}
)


def own_kind(words: list[str]) -> Kind | None:
    """The kind a multi-word "person" name's own words give, if they rule out a person:
    "unknown" for a group ("Labour MPs", "Windows PCs"), an organisation for a name that
    opens with a known body or an acronym of three letters or more ("BBC Radio"; initials
    such as "JK" are a person's), with a national adjective ("British Athletics") or ends
    in a number word ("Channel Nine")."""
    if len(words) < 2:
        return None
    first, last = words[0], words[-1]
    if last.casefold() in _GROUP_NOUNS or ACRONYM_PLURAL.fullmatch(last):
        return "unknown"
    acronym = len(first) >= 3 and first.isalpha() and first.isupper()
    if (first in KNOWN_ORGS or acronym) and first not in PLACES:
        return "organization"
    if first in DEMONYMS or last.casefold() in _NUMBER_WORDS:
        return "organization"  # "British Athletics", "Channel Nine": no one's name
    return None


_NUMBER_WORDS = words(
    "one two three four five six seven eight nine ten eleven twelve twenty hundred"
)
