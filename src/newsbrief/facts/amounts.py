"""Amounts of money and percentages, with what they are of.

"$5bn", "£3.2 million", "£7billion", "50,000 euros", "$380, 600" (tokenised); "12%", "3 per
cent", "2 percentage points", "between 40 and 80 percent" (one figure at its low end; a
change "fell from 11.2% to 9.6%" is two). The label is read by ``labels.label_after`` ("15%
of firms" -> "firms"; "3.8% in the last quarter" has none), or from the parse with the spaCy
engine (``figparse``); a label that is not a whole noun phrase keeps the figure out of the box.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import DEFAULT_CONFIDENCE, Figure
from .confidence import ILL_FORMED_LABEL
from .figparse import LabelParser
from .labels import LabelRead, label_after
from .numbers import CURRENCY_SYMBOLS, CURRENCY_WORDS, DIGITS, SCALE, WORD_NUMBER, number
from .spans import TextMap

# Two patterns, each starting at a fixed kind of character ("$", a digit), so that the scan
# does not try an optional "US|A|C|NZ|HK" prefix at every position of the text.
_MONEY_SYMBOL = re.compile(
    # after a currency sign "$380, 600" is one amount (tokenised text), never a list
    rf"(?P<sym>[$£€¥₹])\s?(?P<num>\d{{1,3}}(?:, \d{{3}}){{1,4}}(?!\d)|{DIGITS})(?P<scale>{SCALE})"
)
_CURRENCY_WORD = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))  # "dollars|dollar|..."
_MONEY_WORD = re.compile(
    rf"(?<![\d,.])(?P<num>{DIGITS})(?P<scale>{SCALE})\s(?P<cur>{_CURRENCY_WORD})\b"
)
_PREFIXES = ("US", "NZ", "HK", "A", "C")  # "US$370m", "A$5bn"
_PERCENT_UNIT = re.compile(r"%|\b(?:per\s?cent|percent|percentage points?)\b", re.IGNORECASE)
# "between 40 and 80 percent", "40% to 50%", "10-15%": one figure valued at its low end.
_PERCENT_LOW = re.compile(
    rf"(?<![\w.,])(?P<between>between\s)?(?P<low>{DIGITS}|{WORD_NUMBER})"
    r"(?:\s?%|\s?per\s?cent|\s?percent)?\s?(?P<sep>and|to|-|–)\s?$",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"\bfrom\s$", re.IGNORECASE)


def _percent_range(text: str, start: int, high: float) -> tuple[int, float] | None:
    """Start and low end of a range of percentages ending at ``start``; not a change ("fell
    from 11.2% to 9.6%", "rose from 2% to 3%"), which is two figures."""
    match = _PERCENT_LOW.search(text, max(0, start - 40), start)
    if match is None or bool(match.group("between")) > (match.group("sep") in ("and", "to")):
        return None
    low = number(match.group("low"))
    if (
        low is None
        or low >= high
        or _FROM_BEFORE.search(text, max(0, match.start() - 6), match.start())
    ):
        return None
    return match.start(), low


_PERCENT_NUMBER = re.compile(rf"(?<![\w.,])(?P<num>{DIGITS}|{WORD_NUMBER})\s?$", re.IGNORECASE)


def money(text: str, tmap: TextMap) -> list[tuple[int, int, Figure]]:
    """Amounts of money ("$12.5m", "50,000 euros") with what they are for."""
    found: list[tuple[int, int, Figure]] = []
    reach = 0
    matches = [*_MONEY_SYMBOL.finditer(text), *_MONEY_WORD.finditer(text)]
    for match in sorted(matches, key=lambda m: m.start()):
        start = _prefixed(text, match.start()) if match.group(0)[:1] in CURRENCY_SYMBOLS else None
        start = match.start() if start is None else start
        if start < reach:
            continue  # inside an amount already read
        reach = match.end()
        if match.group(0)[:1] in CURRENCY_SYMBOLS:
            currency = CURRENCY_SYMBOLS[match.group("sym")]
        else:
            currency = CURRENCY_WORDS[match.group("cur").casefold()]
        value = number(match.group("num"), match.group("scale"))
        surface = text[start : match.end()].strip()
        index = tmap.sentence_at(start)
        read = label_after(text, match.end(), _sentence_end(tmap, index), preps=_MONEY_PREPS)
        figure = Figure(surface, index, value, currency, read.label, _confidence_cap(read))
        found.append((start, match.end(), figure))
    return found


def _prefixed(text: str, start: int) -> int | None:
    """Where "US$370m" starts when the currency sign at ``start`` has a country prefix."""
    for prefix in _PREFIXES:
        if text.startswith(prefix, start - len(prefix)) and start >= len(prefix):
            return start - len(prefix)
    return None


def percentages(text: str, tmap: TextMap) -> list[tuple[int, int, Figure]]:
    """Percentages and percentage points, a range as one figure, with what they are of."""
    found: list[tuple[int, int, Figure]] = []
    for unit_match in _PERCENT_UNIT.finditer(text):
        window_start = max(0, unit_match.start() - 30)
        match = _PERCENT_NUMBER.search(text, window_start, unit_match.start())
        value = number(match.group("num")) if match else None
        if match is None or value is None:
            continue
        start, end = match.start(), unit_match.end()
        low = _percent_range(text, start, value)
        if low is not None:
            start, value = low  # "between 40 and 80 percent", "10-15%"
            while found and found[-1][0] >= start:
                found.pop()  # the low end was read as a figure of its own
        unit = "percentage points" if "point" in unit_match.group(0).casefold() else "%"
        index = tmap.sentence_at(start)
        read = label_after(text, end, _sentence_end(tmap, index), preps=("of",))
        cap = _confidence_cap(read)
        if (
            value == 100
            and read.label is None
            and not _ARTICLE_BEFORE.search(text, max(0, start - 5), start)
        ):
            cap = ILL_FORMED_LABEL  # "100 percent professional": a way of speaking
        found.append((start, end, Figure(text[start:end], index, value, unit, read.label, cap)))
    return found


# "15% of firms" says what it is a share of; "3.8% in the last quarter" says when.
_MONEY_PREPS = ("of", "for", "in", "on")
_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the)\s$", re.IGNORECASE)


def parsed_label(
    parser: LabelParser, text: str, tmap: TextMap, start: int, end: int, figure: Figure, kind: str
) -> Figure:
    """``figure`` (money or percent) with the label the parse gives, where it differs."""
    preps = ("of",) if kind == "percent" else _MONEY_PREPS
    rules = label_after(text, end, _sentence_end(tmap, figure.sentence_index), preps=preps)
    read = parser.read(start, end, figure, rules)
    if read == rules:
        return figure
    return replace(figure, counts=read.label, confidence=_confidence_cap(read))


def _sentence_end(tmap: TextMap, index: int) -> int:
    return tmap.ends[index] if tmap.ends else len(tmap.text)


def _confidence_cap(read: LabelRead) -> float:
    """A figure whose label is not a whole noun phrase is listed but not shown."""
    return DEFAULT_CONFIDENCE if read.well_formed else ILL_FORMED_LABEL
