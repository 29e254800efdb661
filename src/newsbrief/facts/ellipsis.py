"""Counts whose noun is left out because a count just before named it.

"Technorati tracks about six million blogs and says more than 12,000 are added
daily"; "267 films are eligible but only five will be chosen"; "employs 50,000
people worldwide, with about 7,000 in the UK". The second number counts the same
thing as the first, and English leaves its noun out. A reader of the figures wants
it with that noun: "12,000 (blogs)". Such a count is found only where the
ellipsis is plain: a quantity word before the number ("more than", "about",
"only", ...), a verb, a preposition or a clause end right after it, and an earlier
count with a plural noun in the same or the previous sentence. Listed with a
partitive's confidence (in the JSON, not the box): the noun is inferred.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import Figure
from .confidence import FIGURE_CONFIDENCE
from .numbers import DIGITS, SCALE, WORD_NUMBER, YEAR, is_plural, number
from .spans import TextMap

_QUANTITY_WORD = (
    r"more than|fewer than|less than|at least|up to|as many as|about|around|almost|nearly"
    r"|only|just|some|over|roughly|approximately|another"
)
# What may follow a count whose noun is left out: a verb, a preposition, a clause end.
_AFTER = (
    r"are|were|is|was|will|would|have|has|had|could|can|may|might|must|did|do|remain|died"
    r"|in|on|at|from|of|across|around|within|outside"
)
_BARE_COUNT = re.compile(
    rf"\b(?:{_QUANTITY_WORD}) (?P<num>{DIGITS}|{WORD_NUMBER})(?P<scale>{SCALE})"
    rf"(?![\w%°]|[.,:]\d)(?=(?: (?:{_AFTER})\b|[,;:]| ?\.(?:\s|$)))",
    re.IGNORECASE,
)
_UNIT_LIKE_SCALES = frozenset({"k", "m", "b", "bn", "mn", "tn"})
_NOT_COUNTS = frozenset({"years old", "casualties", "%", "percentage points", "score"})


def elided_counts(tmap: TextMap, figures: list[Figure]) -> list[Figure]:
    """``figures`` plus the counts whose noun an earlier count of the sentence named."""
    text = tmap.text
    found: list[Figure] = []
    for match in _BARE_COUNT.finditer(text):
        num, scale = match.group("num"), match.group("scale")
        value = number(num, scale)
        if value is None or value < 2 or (not scale and YEAR.fullmatch(num)):
            continue  # "only one", "since about 2000."
        if scale.strip().casefold() in _UNIT_LIKE_SCALES:
            continue  # "after around 400m." is a distance
        index = tmap.sentence_at(match.start())
        noun = _antecedent(text, tmap, figures, index, match.start("num"))
        if noun is None:
            continue
        surface = text[match.start("num") : match.end("scale")]
        if any(f.sentence_index == index and surface in f.text for f in figures):
            continue  # already a figure of this sentence
        counted = Figure(surface, index, value=value, unit=None, counts=noun)
        found.append(replace(counted, confidence=FIGURE_CONFIDENCE["partitive"]))
    return [*figures, *found]


def _antecedent(text: str, tmap: TextMap, figures: list[Figure], index: int, at: int) -> str | None:
    """The plural noun of the last count before ``at``, in this sentence or the one before."""
    best: tuple[int, str] | None = None
    for figure in figures:
        if figure.sentence_index not in (index, index - 1) or figure.unit in _NOT_COUNTS:
            continue
        noun = _plural_head(figure.counts)
        if noun is None:
            continue
        opens = tmap.starts[figure.sentence_index] if tmap.starts else 0
        where = text.find(figure.text, opens, at)
        if where != -1 and (best is None or where > best[0]):
            best = (where, noun)
    return best[1] if best else None


def _plural_head(counts: str | None) -> str | None:
    """ "Iraqi soldiers" -> itself; the words up to the first plural noun, if there is one."""
    words: list[str] = []
    for word in (counts or "").split():
        words.append(word)
        if word[:1].islower() and is_plural(word):
            return " ".join(words)
    return None
