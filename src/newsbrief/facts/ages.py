"""People's ages: the age a news text writes beside a name belongs to the person item.

"Mark Ray, 56, said" and "28-year-old shift worker Phillip Pama" give the person's
age; a reader expects it beside the name ("Mark Ray, 56"), not as a figure of its own.
So the age joins the person (``Entity.age``, as the text writes it) and the age figure
read from the same sentence is no longer listed apart. An age that names nobody ("the
28-year-old said") stays a figure.

An age at an event of a life ("became an MP at 27 and Leader of the Opposition at 36",
"died at 84", "retired at 35") is a figure of its own ("at 27", years old), listed
with an age's confidence: it is not the person's age now.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from ..types import Entity, Figure
from .confidence import FIGURE_CONFIDENCE
from .entities import EntityIndex
from .numbers import OLDEST_AGE
from .spans import TextMap

# At a person mention: the name's words, then ", 56," (or ", 56." / ", 56 and").
_NAME_WORD = r"(?:[A-Z]\.|[A-Z][\w'’-]*)"  # "J." is an initial; "Hunting." ends a sentence
_AGE_AFTER = re.compile(
    rf"{_NAME_WORD}(?: (?:{_NAME_WORD}|al-[\w'’-]+|de|van|von|bin)){{0,4}}"
    r", (?P<age>\d{1,3})(?=,|;|\.(?:\s|$)| and )"
)
# Before a person mention: "a 28-year-old shift worker " (lower-case words only).
_AGE_BEFORE = re.compile(r"(?<![\w.])(?P<age>\d{1,3})-year-old(?: [a-z][\w'’-]*){0,3} $")
# A life event, then within its clause "at 27" that ends there (not "at 10 Downing Street",
# "at 9am", "at 27 degrees"); "and ... at 36" goes on with the same subject.
_LIFE_EVENT = (
    r"died|dies|became|becomes|retired|retires|married|marries|debuted|elected|appointed"
    r"|diagnosed|joined|turned professional|made (?:his|her|their) debut"
)
_AT_AGE = r" at (?P<age>\d{1,3})(?=[,.;)]| and | in | when | after | before | but |$)"
_EVENT_AGE = re.compile(rf"\b(?:{_LIFE_EVENT})\b[^.;:\n]{{0,50}}?{_AT_AGE}")
_AND_AT_AGE = re.compile(rf" and [^.;:,\n]{{0,50}}?{_AT_AGE}")


def attach_ages(
    index: EntityIndex, figures: list[Figure], tmap: TextMap
) -> tuple[tuple[Entity, ...], list[Figure]]:
    """People with the age written beside their names; the figures without those ages."""
    text = tmap.text
    ages: dict[str, Counter[str]] = defaultdict(Counter)
    told: set[tuple[int, float]] = set()  # (sentence, age) of every age given to a person
    for start, name in index.person_offsets:
        age = _age_at(text, start)
        if age is not None:
            ages[name][age] += 1
            told.add((tmap.sentence_at(start), float(age)))
    people = tuple(
        replace(person, age=ages[person.name].most_common(1)[0][0])
        if person.name in ages
        else person
        for person in index.people
    )
    kept = [
        figure
        for figure in figures
        if figure.unit != "years old" or (figure.sentence_index, figure.value) not in told
    ]
    return people, kept


def _age_at(text: str, start: int) -> str | None:
    """The age written beside the name that starts at ``start``, if any."""
    after = _AGE_AFTER.match(text, start, min(len(text), start + 90))
    before = _AGE_BEFORE.search(text, max(0, start - 60), start)
    for match in (after, before):
        if match is not None and 1 <= int(match.group("age")) <= OLDEST_AGE:
            return match.group("age")
    return None


def event_ages(tmap: TextMap, figures: list[Figure]) -> list[Figure]:
    """``figures`` plus the ages at events of a life ("became an MP at 27")."""
    text = tmap.text
    found: list[Figure] = []
    for first in _EVENT_AGE.finditer(text):
        match: re.Match[str] | None = first
        while match is not None:
            value = float(match.group("age"))
            index = tmap.sentence_at(match.start("age"))
            if 1 <= value <= OLDEST_AGE:
                age = Figure(f"at {match.group('age')}", index, value, "years old")
                found.append(replace(age, confidence=FIGURE_CONFIDENCE["age"]))
            match = _AND_AT_AGE.match(text, match.end())
    return [*figures, *found]
