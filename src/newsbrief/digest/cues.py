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
reason: conflicting figures in the headlines, and conflicting years.
"""

from __future__ import annotations

import re

_WEEKDAY = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


def weekdays(text: str) -> frozenset[str]:
    """The weekdays named in ``text`` (``{"wednes", "thurs"}``)."""
    return frozenset(m.group(1).lower() for m in _WEEKDAY.finditer(text))


def days_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both reports name weekdays, and none in common."""
    return bool(a and b and not a & b)
