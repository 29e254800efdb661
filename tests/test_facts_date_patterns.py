"""The date patterns find a word start without a leading ``\\b`` (for speed): same matches."""

from __future__ import annotations

import re

import pytest

from newsbrief.facts import dates

#: Each pattern as it was written with a leading ``\b`` before the lookbehind form.
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
REFERENCE = {
    "iso": rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b",
    "mdy": rf"\b{_MONTH}\s{_DAY},?\s{_YEAR}\b",
    "dmy": rf"\b{_DAY}\s(?:of\s)?{_MONTH},?\s{_YEAR}\b",
    "md": rf"\b{_MONTH}\s{_DAY}\b(?!\s?[,:]?\s?\d)",
    "dm": rf"\b{_DAY}\s(?:of\s)?{_MONTH}\b",
    "my": rf"\b{_MONTH},?\s(?:of\s)?{_YEAR}\b",
    "weekday": rf"\b(?P<mod>[Oo]n|[Ll]ast|[Nn]ext|[Tt]his|[Bb]y|[Ss]ince|[Uu]ntil)\s{_WEEKDAY}\b",
    "weekday_bare": rf"\b{_WEEKDAY}\b(?!['’]?s?\s[A-Z])",
}

TEXTS = [
    "On 2021-07-26 and x2021-07-26, 12021-07-26 and 2021-07-266.",
    "July 26, 2021; 26 July 2021; 26th of July 2021; 4 July; 45 July; 0 May; 31 Dec. 2020.",
    "ExJuly 26, 2021, aMay 5 and 1May 2019; May 18 and Sept. 3 2019, Mayor May 2020.",
    "We met on Monday, last Friday, nOn Friday, Sunday's game, Saturday Night, Mondays.",
    "Since Tuesday; until Sunday; by Thursday: 3Monday, 12 of March 2020, 2 of May.",
]


@pytest.mark.parametrize("kind", sorted(REFERENCE))
def test_pattern_matches_what_the_word_boundary_form_matched(kind: str) -> None:
    pattern = dict(dates._PATTERNS)[kind]
    reference = re.compile(REFERENCE[kind])
    for text in TEXTS:
        found = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in reference.finditer(text)], text


def test_the_patterns_find_dates_in_words_and_not_inside_them() -> None:
    pattern = dict(dates._PATTERNS)["md"]
    assert [m.group(0) for m in pattern.finditer("aMay 5 and May 5 and (Jan. 3)")] == [
        "May 5",
        "Jan. 3",
    ]
