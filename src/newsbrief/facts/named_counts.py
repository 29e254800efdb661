"""Counts of things whose name is capitalised: "three Grand Slams", "two Golden Globes".

The figure finders read a count up to its plural common noun and take a Title Case
run after a number for a name ("50 First Dates", "Boeing 787 Dreamliner"), so a count
of named things is lost: "recruit 25,000 Community Support Officers", "has won three
Grand Slams", "About 3,000 Caribs live on the island". Such a count is read where the
run is plainly counted: one to three capitalised words ending in a plural, the run
ends there (no plural head noun after it: "2,000 Leeds supporters" is read by the
figure finders), and nothing makes the number part of a name or a title (a
capitalised word before it: "Boeing 787 ..."; a work noun: "the film 50 First Dates";
a capitalised number word inside a sentence: "the Six Nations"; a year).
Listed with a partitive's confidence (in the JSON, not the box).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import Figure
from .confidence import FIGURE_CONFIDENCE
from .gazetteer import words
from .numbers import DIGITS, WORD_NUMBER, YEAR, at_numbers, is_plural, number
from .spans import TextMap

_NAMED_COUNT = re.compile(
    rf"(?<![\w$£€¥.,-])(?P<num>(?i:{DIGITS}|{WORD_NUMBER}))"
    r"(?P<scale> (?:thousand|million|billion))?"
    r" (?P<run>(?:[A-Z][a-z][\w'’-]* ){0,2}[A-Z][a-z][\w'’-]*)(?![\w'’-]| [A-Z][a-z])"
)
_BEFORE = re.compile(r"(?:^|[^\w\s])?\s*(?P<word>[\w'’-]+)?\s*$")
_WORK_NOUNS = words("film movie album book novel song single show series play musical game opera")
_NEXT_WORD = re.compile(r" ([a-z][\w'’-]*)")
_ORDINALS = words("first second third fourth fifth last next final only other")


def named_counts(tmap: TextMap, figures: list[Figure]) -> list[Figure]:
    """``figures`` plus counts of things with a capitalised name."""
    text = tmap.text
    found: list[Figure] = []
    for match in at_numbers(_NAMED_COUNT, text):
        num, run = match.group("num"), match.group("run")
        if not is_plural(run) or YEAR.fullmatch(num) or run.split()[0].casefold() in _ORDINALS:
            continue  # "50 First Dates": a count is of nouns, a title may open with an ordinal
        index = tmap.sentence_at(match.start())
        opens = tmap.starts[index] if tmap.starts else 0
        if num[:1].isupper() and match.start() > opens:
            continue  # "the Six Nations", "Formula One": a number word in a name
        head = _NEXT_WORD.match(text, match.end())
        if head and is_plural(head.group(1)):
            continue  # "2,000 Leeds supporters": the plural after the run is the head noun
        before = _BEFORE.search(text[max(opens, match.start() - 40) : match.start()])
        word = before.group("word") if before else None
        if word and (word[:1].isupper() and match.start() - len(word) - 1 > opens):
            continue  # "Boeing 787 Dreamliners", "Ocean's Twelve": part of a name
        if word and word.casefold() in _WORK_NOUNS:
            continue  # "the film 50 First Dates"
        value = number(num, (match.group("scale") or "").strip() or None)
        surface = match.group(0)
        if value is None or value < 2:
            continue
        if any(f.sentence_index == index and surface in f.text for f in figures):
            continue
        counted = Figure(surface, index, value=value, unit=None, counts=run)
        found.append(replace(counted, confidence=FIGURE_CONFIDENCE["partitive"]))
    return [*figures, *found]
