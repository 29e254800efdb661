"""Numbers in words and digits, scales and currencies, and the noun a number counts.

Shared by the figure finders (``figures.py``, ``quantities.py``): "five", "twenty-one",
"a dozen", "hundreds of" and "1,250.5" are read the same way everywhere; "£7billion"
and "£7 billion" alike; the counted noun is the noun phrase up to its first plural.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from .gazetteer import words

UNITS_WORDS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a dozen": 12, "dozens of": 24, "hundreds of": 100,
    "thousands of": 1000, "millions of": 1e6, "a hundred": 100, "a thousand": 1000,
}  # fmt: skip
SCALES: dict[str, float] = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "b": 1e9,
    "billion": 1e9, "tn": 1e12, "trillion": 1e12, "hundred": 100,
}  # fmt: skip
CURRENCY_SYMBOLS: dict[str, str] = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
CURRENCY_WORDS: dict[str, str] = {
    "dollars": "USD", "dollar": "USD", "pounds": "GBP", "pound": "GBP", "euros": "EUR",
    "euro": "EUR", "yen": "JPY", "yuan": "CNY", "rupees": "INR", "francs": "CHF",
}  # fmt: skip
WORD_NUMBER = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|"
    r"(?:dozens|hundreds|thousands|millions) of|a hundred|a thousand)"
)
# Bounded repeats and a digit look-behind keep every pattern linear on long digit runs.
# "100, 000" (tokenised text spaces the separator) is one number: no number is written with a
# leading zero, so a group "000" after "100, " is no list item; "1, 500" stays ambiguous.
DIGITS = (
    r"\d{1,3}, 0\d\d(?:, ?\d{3}){0,4}(?!\d)"
    r"|\d{1,3}(?:,\d{3}){1,6}(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,6})?"
)
# "£7billion" and "£7 billion" alike (tabloids close the gap).
SCALE = r"(?:\s?(?:k|bn|mn|m|tn|b)\b|\s?(?:thousand|million|billion|trillion|hundred)\b)?"

NOT_COUNTED = words(
    "of a an the and or to in on at by for from with as is was are were per than that this "
    "times time year years-old per cent percent am pm p.m a.m o'clock th st nd rd more less "
    "out other others has its his hers ours yours theirs us perhaps always across towards "
    "afterwards besides unless whereas thus plus versus vs indoors outdoors upstairs downstairs "
    "overseas nowadays sometimes twenties thirties forties fifties sixties seventies eighties "
    "nineties"
)
MONTHS = words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday")
#: A year a count may look like: "some 2000 people", "since about 2000".
YEAR = re.compile(r"(?:1[89]|20)\d\d")
#: No one is older: a larger apposed or stated "age" is some other number.
OLDEST_AGE = 115
IRREGULAR_PLURALS = words(
    "people men women children police staff personnel crew cattle sheep fish data media "
    "aircraft livestock deer feet teeth mice geese youth"
)

#: "PCs", "MPs": a plural noun written in capitals.
ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")


def number(token: str, scale: str | None = None) -> float | None:
    token = token.strip().casefold()
    if token in UNITS_WORDS:
        value = float(UNITS_WORDS[token])
    elif "-" in token and token.split("-")[0] in UNITS_WORDS:
        tens, ones = token.split("-", 1)
        value = UNITS_WORDS[tens] + UNITS_WORDS.get(ones, 0)
    else:
        try:
            value = float(token.replace(",", "").replace(" ", ""))
        except ValueError:
            return None
    if scale and scale.strip().casefold() in SCALES:
        value *= SCALES[scale.strip().casefold()]
    return value


def counted_noun(rest: str, singular: bool) -> str | None:
    """The noun phrase a number counts, up to its first plural noun: "Iraqi soldiers"."""
    picked: list[str] = []
    for word in rest.split()[:4]:
        clean = word.strip("'’\"“”‘")  # 1,500 "safety whistleblowers"
        low = clean.casefold()
        if not clean or low in NOT_COUNTED or low in MONTHS:
            return None
        picked.append(clean)
        if clean[:1].islower() and (singular or is_plural(clean)):
            return " ".join(picked)
        if ACRONYM_PLURAL.fullmatch(clean):
            return " ".join(
                picked
            )  # "575 million PCs" (a Title Case run is a name: "50 First Dates")
    return None


def is_plural(noun: str) -> bool:
    """ "soldiers", "people"; not "previous", "infectious", "analysis", "campus" (an -s that
    is no plural ending: -ss, -us, -is)."""
    last = noun.split()[-1].casefold()
    return last in IRREGULAR_PLURALS or (
        last.endswith("s") and not last.endswith(("ss", "us", "is", "'s", "’s"))
    )


# Where a number (or a range's "between") can begin: one scan of the text, shared by the
# finders that start at a number, which then try their pattern only there (each used to
# scan the whole text with its own case-insensitive alternation of number words).
_NUMBER_START = re.compile(
    r"(?<![\w.,])(?:\d|\b(?:between|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|dozens|hundreds|thousands|millions)\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=4)
def _number_starts(text: str) -> tuple[int, ...]:
    return tuple(match.start() for match in _NUMBER_START.finditer(text))


def at_numbers(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches begin at a number word, digits
    or "between": the same non-overlapping matches, tried only where a number begins."""
    reach = 0
    for start in _number_starts(text):
        if start < reach:
            continue
        match = pattern.match(text, start)
        if match:
            reach = max(match.end(), start + 1)
            yield match
