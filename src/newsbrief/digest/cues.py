"""Event cues: the day a report says its event happened.

Several outlets' reports of one event share its topic words, and so do reports of the
*next* step of a running story (a bill taken up on Wednesday, passed on Tuesday; a
recall qualifying for the ballot, then the vote). What tells two steps apart when all
reports arrive on one day is the day each report pins its event to: news leads date
their event ("The House on Wednesday passed ...", "Senate Republicans unveiled ...
Thursday"). Reports of one event name the same weekday; two reports that name only
different weekdays more likely tell different events.

Only weekday names count: calendar dates in a text are as often its own dateline or a
background date as the event's (measured on the dev clusters: dates cost ECB+ a fifth
of its recall for no precision; see docs/digest.md). Tried and dropped for the same
reason: conflicting years, months, and figures anywhere in the lead.

The headline's figures are the other cue: a headline states the event's own figure
("266,000 jobs in April", "ship 20 million doses", "$568 billion plan"), and the next
step of a running story comes with a different one. Two headlines that both state
figures of one kind (counts and amounts, or percentages), none of them agreeing,
more likely tell different events. Outlets round differently ("$1 trillion", "$1.2
trillion"; "266,000", "266K"), so two figures agree when they are equal at the
precision of the coarser one (its significant digits). Years (1900-2100 without a
unit) and figures below 1,000 (ages, scores, small counts) do not count. Digits and their
scale are read by ``facts/numbers.py``, as the key facts read them ("£7bn", "$3B", "7mn",
"7 billion"); a percentage is "%", "percent" or "per cent".
"""

from __future__ import annotations

import re

from ..facts.numbers import DIGITS, SCALE, number

_FIGURE = re.compile(
    rf"(?<![\w.])(?P<num>{DIGITS})(?:\s?(?P<percent>%|per\s?cent\b)|(?P<scale>{SCALE}))",
    re.IGNORECASE,
)
#: a figure: kind ("n" counts and amounts, "%" percentages), value, significant digits
Figure = tuple[str, float, int]

_WEEKDAY = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


def weekdays(text: str) -> frozenset[str]:
    """The weekdays named in ``text`` (``{"wednes", "thurs"}``)."""
    return frozenset(m.group(1).lower() for m in _WEEKDAY.finditer(text))


def days_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both reports name weekdays, and none in common."""
    return bool(a and b and not a & b)


def figures(headline: str) -> frozenset[Figure]:
    """The headline's figures: ``("n", 20e6, 1)`` for "20 million", ``("%", 5.4, 2)`` for "5.4%"."""
    found = set()
    for match in _FIGURE.finditer(headline):
        digits = match.group("num").replace(",", "")
        significant = max(
            len(digits.replace(".", "").lstrip("0").rstrip("0" if "." not in digits else "")), 1
        )
        value = number(digits, match.group("scale"))
        if value is None:
            continue
        if match.group("percent"):
            found.add(("%", value, significant))
        elif value >= 1000 and (match.group("scale") or not 1900 <= value <= 2100):
            found.add(("n", value, significant))
    return frozenset(found)


def _agree(a: Figure, b: Figure) -> bool:
    """Same kind, and equal when both are rounded to the coarser one's significant digits."""
    digits = min(a[2], b[2])
    return a[0] == b[0] and float(f"{a[1]:.{digits}g}") == float(f"{b[1]:.{digits}g}")


def figures_conflict(a: frozenset[Figure], b: frozenset[Figure]) -> bool:
    """Both headlines state figures, and none of one agrees with one of the other."""
    return bool(a and b) and not any(_agree(x, y) for x in a for y in b)
