"""Quantities beyond plain money, percentages and counts: ranges, fractions, measures.

"between $1.55 billion and $1.6 billion" and "4 to 40 nanometers" are one figure (the
low value, the text whole); "one in five adults" and "a third of developers" are shares;
"94 mph", "60km", "50 mm" are measures with their unit; "a 27-point cushion" fuses the
number to its unit; "3,000°C" is a temperature. Every finder returns
``(start, end, Figure)`` triples for ``figures.extract_figures``.
"""

from __future__ import annotations

import re

from ..types import Figure
from .gazetteer import STOPWORDS, words
from .labels import ADJECTIVE_END
from .numbers import (
    CURRENCY_SYMBOLS,
    DIGITS,
    NOT_COUNTED,
    SCALE,
    WORD_NUMBER,
    at_numbers,
    counted_noun,
    number,
)
from .spans import TextMap

Found = list[tuple[int, int, Figure]]

# "a 27-point cushion", "a 7.4-kilometre tunnel": a number fused to its unit by a hyphen.
_HYPHEN_UNIT = re.compile(
    r"(?<![\w.,$£€-])(?P<num>\d{1,3}(?:,\d{3})*(?:\.\d{1,3})?)-(?P<unit>[a-z]{2,15})\b(?!-\d)"
    r"(?P<rest>(?: [a-z][\w'’-]*)?)(?P<more>(?: [A-Za-z][\w'’-]*){0,2})\b"
)
# "a 35-key physical QWERTY keyboard", "four 12-foot scaling ladders": words that describe
# the noun rather than name it (-al, -ic, ..., and participles); the noun is further on.
_PARTICIPLE_END = re.compile(r"\w{3,}(?:ing|ed|en)$")
_NOT_HYPHEN_UNITS = words("old years time times run thousand million billion trillion")
_TIME_UNITS = words("second minute hour day week month year decade")
# "3,000°C": temperatures.
_TEMPERATURE = re.compile(
    r"(?<![\w.,])(?P<num>-?\d{1,4}(?:,\d{3})?(?:\.\d)?)\s?°\s?(?P<scale>[CF])\b"
)


def _describes(word: str) -> bool:
    return bool(ADJECTIVE_END.search(word) or _PARTICIPLE_END.search(word)) or word[:1].isupper()


def hyphen_units(text: str, tmap: TextMap) -> list[tuple[int, int, Figure]]:
    found = []
    for match in _HYPHEN_UNIT.finditer(text):
        unit = match.group("unit")
        if unit in _NOT_HYPHEN_UNITS or unit in NOT_COUNTED or unit.endswith("th"):
            continue  # "220-to-190" is a tally, not 220 "to"
        value = number(match.group("num"))
        rest = match.group("rest").split()
        more = match.group("more").split()
        while rest and more and _describes(rest[-1]) and more[0].casefold() not in STOPWORDS:
            rest.append(more.pop(0))  # "35-key physical QWERTY keyboard"
        counts = " ".join([unit, *rest])
        if unit in _TIME_UNITS:  # "a 10-minute ovation", "a six-year review": a length of time
            counts = unit + "s"
        index = tmap.sentence_at(match.start())
        surface = " ".join([text[match.start() : match.end("unit")], *rest])
        end = match.end("more") - len(" ".join(more)) - (1 if more else 0)
        figure = Figure(surface, index, value, unit, counts)
        found.append((match.start(), end, figure))
    return found


_PROPORTION = re.compile(
    rf"\b(?P<a>{WORD_NUMBER}|\d{{1,3}}) in (?:every )?(?P<b>{WORD_NUMBER}|\d{{1,4}})"
    r"(?P<rest>(?: [a-z][\w'’-]*){1,2})",
    re.IGNORECASE,
)


def proportions(text: str, tmap: TextMap) -> list[tuple[int, int, Figure]]:
    """ "one in five adults": a share (value a/b), not the count five."""
    found = []
    for match in at_numbers(_PROPORTION, text):
        a, b = number(match.group("a")), number(match.group("b"))
        noun = counted_noun(match.group("rest"), singular=False)
        if a is None or not b or noun is None or a >= b:
            continue
        surface = f"{text[match.start() : match.end('b')]} {noun}"
        index = tmap.sentence_at(match.start())
        end = match.end("b") + 1 + len(noun)
        found.append((match.start(), end, Figure(surface, index, a / b, "share", noun)))
    return found


def temperatures(text: str, tmap: TextMap) -> list[tuple[int, int, Figure]]:
    found = []
    for match in _TEMPERATURE.finditer(text):
        value = number(match.group("num").lstrip("-"))
        if value is not None and match.group("num").startswith("-"):
            value = -value
        unit = "°" + match.group("scale")
        figure = Figure(match.group(0), tmap.sentence_at(match.start()), value, unit, "temperature")
        found.append((match.start(), match.end(), figure))
    return found


_NUM = rf"(?:{DIGITS}|{WORD_NUMBER})"
_CURRENCY = r"[$£€¥₹]"
_AMOUNT_A = rf"(?P<sym>{_CURRENCY})\s?(?P<a>{DIGITS})(?P<sa>{SCALE})"
_AMOUNT_B = rf"{_CURRENCY}?\s?(?P<b>{DIGITS})(?P<sb>{SCALE})"
_MONEY_RANGE = re.compile(
    rf"(?<![\w.,])(?P<between>between\s)?{_AMOUNT_A}\s?(?P<sep>and|to|-|–)\s?{_AMOUNT_B}"
)


def money_ranges(text: str, tmap: TextMap) -> Found:
    """ "between $1.55 billion and $1.6 billion", "$5-6m": one amount, valued at its low end."""
    found: Found = []
    for match in _MONEY_RANGE.finditer(text):
        if bool(match.group("between")) < (match.group("sep") == "and"):
            continue  # "between $1 and $2", "$1 to $2", "between $1 to $2"; not "$5 and $6"
        scale = match.group("sa").strip() or match.group("sb").strip()  # "$5-6m": 5m to 6m
        value = number(match.group("a"), scale)
        currency = CURRENCY_SYMBOLS[match.group("sym")]
        figure = Figure(match.group(0), tmap.sentence_at(match.start()), value, currency, None)
        found.append((match.start(), match.end(), figure))
    return found


_COUNT_RANGE = re.compile(
    rf"(?<![\w$£€¥₹.,:/-])(?P<between>between\s)?(?P<a>{_NUM})\s(?P<sep>to|and|-|–)\s(?P<b>{_NUM})"
    rf"(?P<scale>{SCALE})(?![\w%:/]|[.,]\d)(?P<rest>(?:[ -][A-Za-z][\w'’-]*){{1,3}})",
    re.IGNORECASE,
)
_NUMBER_BEFORE = re.compile(r"\d\s$")
#: "passed by nine votes to four", "won by 12 seats to 9": a tally is one figure.
_TALLY = re.compile(
    rf"(?<![\w.,])(?P<a>{_NUM})(?:\s(?P<noun>votes|seats|goals|points|wickets|runs|sets|games)"
    rf"\sto\s|-to-)(?P<b>{_NUM})\b(?!\s?[\w-]*\s(?:votes|seats|goals|points))",
    re.IGNORECASE,
)


def count_ranges(text: str, tmap: TextMap) -> Found:
    """ "4 to 40 nanometers", "two to three weeks", "nine votes to four": one figure each."""
    found: Found = []
    for match in at_numbers(_COUNT_RANGE, text):
        a, b = match.group("a"), match.group("b")
        between = bool(match.group("between"))
        if _year_like(a) or _year_like(b) or between != (match.group("sep").casefold() == "and"):
            continue  # "between 4 and 40", "4 to 40"; not "2004 to 2013", "4 and 40"
        noun = counted_noun(match.group("rest"), singular=False)
        low = number(a, match.group("scale"))
        if noun is None or low is None or match.group("rest").startswith("-"):
            continue  # "16 to 20-year-olds": ages, not a count of "olds"
        if _NUMBER_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue  # "500 21 to 25-year olds": the count is the number before
        end = match.end("scale") + 1 + len(noun)
        surface = f"{text[match.start() : match.end('scale')]} {noun}"
        figure = Figure(surface, tmap.sentence_at(match.start()), low, None, noun)
        found.append((match.start(), end, figure))
    for match in at_numbers(_TALLY, text):
        noun = (match.group("noun") or "tally").casefold()  # "passed 220-to-190"
        value = number(match.group("a"))
        figure = Figure(match.group(0), tmap.sentence_at(match.start()), value, None, noun)
        found.append((match.start(), match.end(), figure))
    return found


def _year_like(token: str) -> bool:
    return len(token) == 4 and token.isdigit() and 1800 <= int(token) <= 2100


_FRACTION_VALUES = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
# "a third of developers" needs its "of" ("a third time" is an ordinal); "two-thirds",
# "three-quarters" are fractions on their own.
_FRACTION = re.compile(
    r"\b(?:(?P<one>[Aa]|[Oo]ne)[ -](?P<f1>third|quarter|fifth|tenth)(?= of\b)"
    r"|(?P<many>[Tt]wo|[Tt]hree|[Ff]our|[Nn]ine)[ -](?P<f2>thirds|quarters|fifths|tenths))"
    r"(?P<scale> of an? (?:million|billion|thousand)\b)?"
    r"(?P<rest>(?: of)?(?: the| their| its| all)?(?: [A-Za-z][\w'’-]*){1,3})?"
)


def fractions(text: str, tmap: TextMap) -> Found:
    """ "a third of independent developers", "three-quarters of customers": shares;
    "a quarter of a million students" is the number 250,000."""
    found: Found = []
    for match in _FRACTION.finditer(text):
        top = 1.0 if match.group("one") else number(match.group("many")) or 0.0
        share = top / _FRACTION_VALUES[(match.group("f1") or match.group("f2")).casefold()]
        rest = (match.group("rest") or "").split()
        while rest and rest[0].casefold() in ("of", "the", "their", "its", "all"):
            rest.pop(0)
        noun = counted_noun(" ".join(rest), singular=False) if rest else None
        index = tmap.sentence_at(match.start())
        if match.group("scale"):  # "a quarter of a million"
            end = match.end("scale")
            size = number("1", match.group("scale").split()[-1]) or 1.0
            figure = Figure(text[match.start() : end], index, share * size, None, noun)
        else:
            end = match.end("f1") if match.group("f1") else match.end("f2")
            figure = Figure(text[match.start() : end], index, share, "share", noun)
        found.append((match.start(), end, figure))
    return found


_MEASURE = re.compile(
    rf"(?<![\w$£€¥₹.,-])(?P<num>{DIGITS}|{WORD_NUMBER}(?=\s))\s?(?P<unit>mph|km/h|kph|km|kg|mm|"
    r"cm|nm|ft|lbs?|mg|ml|mw|gw|kw|kwh|ha|sq ft|sq km|mb|gb|tb)\b(?!\.\d)"
    r"(?:\s?(?P<inches>\d{1,2})\s?(?:ins?|inches)\b)?",  # "5ft 9ins": one height
    re.IGNORECASE,
)


def measures(text: str, tmap: TextMap) -> Found:
    """ "94 mph", "60km", "50 mm": a number with a unit of measure written as an abbreviation."""
    found: Found = []
    for match in at_numbers(_MEASURE, text):
        unit = match.group("unit").casefold()
        value = number(match.group("num"))
        if value is not None and match.group("inches"):
            value += int(match.group("inches")) / 12
        figure = Figure(match.group(0), tmap.sentence_at(match.start()), value, unit, unit)
        found.append((match.start(), match.end(), figure))
    return found


#: The determiners that open a partitive's whole: "of the", "of their".
_WHOLE_DETERMINERS = r"the|his|her|their|its|our|these|those"
# "five of the last six years", "36 of his 50 matches", "45 of them": a part of a group.
_PARTITIVE = re.compile(
    rf"(?<![\w$£€¥₹.,:/-])(?P<num>{DIGITS}|{WORD_NUMBER})\s+of"
    rf"(?P<open>\s+(?P<det>{_WHOLE_DETERMINERS}|them|whom)\b|(?=\s\d))"
    rf"(?P<rest>(?:\s(?:{DIGITS}|[\w'’-]+)){{0,4}})",  # up to the clause's punctuation
    re.IGNORECASE,
)


def partitives(text: str, tmap: TextMap) -> Found:
    """ "eight of their last 13 matches": the part counted, labelled by the whole's noun; the
    span ends before the whole, which is a figure of its own ("13 matches")."""
    found: Found = []
    for match in at_numbers(_PARTITIVE, text):
        num = match.group("num")
        value = number(num)
        if value is None or value < 2 or (num.isdigit() and len(num) == 4):
            continue  # "one of the": a single thing; "2004 of" is no count
        whole: list[str] = []
        if (match.group("det") or "").casefold() not in ("them", "whom"):
            for word in match.group("rest").split():
                whole.append(word.rstrip(".,;:!?"))
                if word != whole[-1]:
                    break  # the clause ends
        noun = counted_noun(" ".join(whole), singular=False) if whole else None
        kept = whole[: len(noun.split())] if noun else []
        surface = " ".join([text[match.start() : match.end("open")], *kept])
        total = _NUMBERED_WHOLE.match(noun or "")
        counted = total.group("noun") if total else noun  # "36 of his 50 matches": "matches"
        figure = Figure(surface, tmap.sentence_at(match.start()), value, None, counted)
        found.append((match.start(), match.end("open"), figure))
    return found


# The whole of a partitive when it is counted: "(his) 50 matches", "(their) last 13 games".
_NUMBERED_WHOLE = re.compile(rf"(?:\S+ )?(?:{DIGITS}|{WORD_NUMBER}) (?P<noun>.+)", re.I)
#: Before a count, the opening of a partitive whose whole it is: "eight of their last ".
PARTITIVE_BEFORE = re.compile(
    rf"(?<![\w$£€¥₹.,:/-])(?!one\b)(?:{DIGITS}|{WORD_NUMBER})\s+of\s+"
    rf"(?:(?:{_WHOLE_DETERMINERS})\s(?:[\w'’-]+\s){{0,2}})?$",
    re.IGNORECASE,
)


# "ten times better", "he fell three times", "a three-time champion": how many times.
_TIMES = re.compile(
    rf"(?<![\w$£€¥₹.,:/-])(?P<num>{DIGITS}|{WORD_NUMBER})(?:\s|-)times?\b(?![-\s]?(?:a|per)\b)",
    re.IGNORECASE,
)


def times(text: str, tmap: TextMap) -> Found:
    """Multipliers and repetitions ("10 times better", "three-time champion"); listed only."""
    found: Found = []
    for match in at_numbers(_TIMES, text):
        value = number(match.group("num"))
        if value is None or value < 2 or text[match.end() : match.end() + 1] == ":":
            continue
        figure = Figure(match.group(0), tmap.sentence_at(match.start()), value, "times", "times")
        found.append((match.start(), match.end(), figure))
    return found
