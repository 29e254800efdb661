"""Figures: numbers with their unit and what they count, in digits or words.

Money ("$5bn", "£3.2 million", "50,000 euros") and percentages ("12%", "3 per
cent") from ``amounts.py``, counts ("five people, including ..., were wounded" -> 5
"people wounded"), ages and scores here, the other quantities from ``quantities.py``.
Years, dates, times, ordinals and list numbering are not figures. Ordered by kind
(money, percentages, casualties, other counts), then position.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ..types import Figure
from .amounts import money, parsed_label, percentages
from .confidence import FIGURE_CONFIDENCE, figure_confidence
from .figparse import LabelParser
from .gazetteer import STOPWORDS, words
from .numbers import (
    DIGITS,
    MONTHS,
    NOT_COUNTED,
    OLDEST_AGE,
    SCALE,
    WORD_NUMBER,
    at_numbers,
    counted_noun,
    is_plural,
    number,
)
from .quantities import (
    PARTITIVE_BEFORE,
    count_ranges,
    fractions,
    hyphen_units,
    measures,
    money_ranges,
    partitives,
    proportions,
    temperatures,
    times,
)
from .spans import TextMap

_CASUALTY = re.compile(
    r"\b(killed|wounded|injured|hurt|dead|died|missing|arrested|detained|displaced|evacuated|"
    r"rescued|infected|hospitali[sz]ed|kidnapped|abducted|charged|jailed|sacked|fired|affected)\b"
)

_COUNT = re.compile(
    rf"(?<![\w$£€¥₹.,:/-])(?P<num>{DIGITS}|{WORD_NUMBER})(?P<scale>{SCALE})"
    r"(?![\w%:/]|[.,]\d|-\d)"
    r"(?=(?P<rest>(?: [\"“‘]?[A-Za-z][\w'’-]*){1,3}))",  # "five-year-old", "17-million": modifiers
    re.IGNORECASE,
)
_AGE = re.compile(  # "a 17-year-old singer", "a seven-year-old", "aged 18 to 24"
    rf"(?<![\w.])(?P<num>\d{{1,3}}|{WORD_NUMBER})-year-old(?P<rest>(?: [a-z][\w'’-]*){{0,2}})|"
    rf"\b(?:aged|(?:at|from) the age of) (?P<num2>\d{{1,3}}|{WORD_NUMBER})(?: to \d{{1,3}})?\b"
)
# "Mark Ray, 56, said": a number alone between commas right after a name is that
# person's age (the news convention); the name is what the age belongs to.
# Found from the ", 56," side and then the name looked for in a bounded window before it,
# so that a long capitalised run never makes the search quadratic.
_APPOSED_AGE = re.compile(r"(?<=\w), (?P<num>\d{1,3}),(?= )")
_NAME_BEFORE = re.compile(r"(?P<name>[A-Z][\w'’-]{1,30}(?: [A-Z][\w'’-]{1,30}){0,3})$")
# A casualty verb after a comma or a subordinator belongs to another clause: "who ranks fifth
# with 86 tackles, was injured", "in seven games before being injured".
_SUBORDINATE = re.compile(r",|\b(?:before|after|since|when|while|until|as|because)\b")
_INCLUDING = re.compile(r"\b(?:including|among them|of whom|of them)\b")


def extract_figures(
    tmap: TextMap, *, dated: bool = True, parser: LabelParser | None = None
) -> list[Figure]:
    """Money, percentages and counts of the text, most important kinds first.

    ``dated``: the article has a date, so "three years ago" is a date (dates.py) and
    not a figure; without one it stays a (duration) figure so its number is not lost.
    ``parser`` (spaCy engine): the labels of amounts and percentages from the parse.
    """
    text = tmap.text
    taken = _Spans()
    ranked: list[tuple[int, int, Figure]] = []
    ends: dict[int, int] = {}  # start -> end of every figure kept
    finders = (
        ("money", money_ranges),
        ("money", money),
        ("percent", percentages),
        ("count", proportions),
        ("count", fractions),
        ("count", count_ranges),
        ("measure", measures),
        ("count", _counts),
        ("age", _ages),
        ("age", _apposed_ages),
        ("count", hyphen_units),
        ("count", temperatures),
        ("score", _scores),
        ("partitive", partitives),
        ("times", times),
    )
    for rank, (kind, finder) in enumerate(finders):
        for start, end, figure in finder(text, tmap):
            if dated and kind == "count" and text.startswith(" ago", start + len(figure.text)):
                continue  # "three years ago" is a date (dates.py), not a figure
            opens = tmap.starts[figure.sentence_index] if tmap.starts else 0
            if kind == "measure" and _names(text[opens:start]):
                continue  # "Sydney Radio 2GB"
            if _torn(text, start, end) or not taken.add(start, end):
                continue
            if parser is not None and kind in ("money", "percent"):
                figure = parsed_label(parser, text, tmap, start, end, figure, kind)
            priority = rank if rank < 2 else (2 if figure.unit == "casualties" else rank + 1)
            kind_now = "casualties" if figure.unit == "casualties" else kind
            if kind == "count" and _is_duration(figure.counts):
                kind_now = "duration"  # "seven days" is how long, even before "died"
            if kind == "partitive" and _counted_whole(figure):
                kind_now = "partitive_counted"  # "won 36 of his 50 matches"
            confidence = min(figure_confidence(kind_now, figure.counts), figure.confidence)
            if kind_now in ("count", "casualties") and _anaphoric(text, start, figure):
                confidence = min(confidence, FIGURE_CONFIDENCE["age"])  # "the two women": known
            ranked.append((priority, start, replace(figure, confidence=confidence)))
            ends[start] = end
    conversions = _conversions(text, ends)
    ranked = [item for item in ranked if item[1] not in conversions]
    ranked.sort(key=lambda item: (item[0], item[1]))
    return _dedupe([figure for _, _, figure in ranked])


# "averaged 5. 2 yards", "1, 500 people": the source spaced a decimal point or a thousands
# separator, so the digits after it are the tail of a number whose value is not certain.
_TORN_DECIMAL = re.compile(r"(?<![\w.,])\d{1,3}\. $")
_TORN_THOUSANDS = re.compile(r"(?<![\w.,])(?P<before>\w+ )?\d{1,3}, $")
_TORN_AFTER = re.compile(r"\.\s\d")
_DIMENSION_BEFORE = re.compile(r"\d\s?(?:by|x|×)\s?$")
_THREE_DIGITS = re.compile(r"\d{3}(?![\d.])")


def _torn(text: str, start: int, end: int) -> bool:
    """The figure is a piece of a number: "5. 2 yards", "$5. 9 million" (a spaced decimal
    point), "1, 500 people", or the second side of "400 by 352-pixel"."""
    window = max(0, start - 20)
    if _TORN_DECIMAL.search(text, max(0, start - 5), start) or _TORN_AFTER.match(text, end):
        return True
    if _DIMENSION_BEFORE.search(text, window, start):
        return True
    torn = _TORN_THOUSANDS.search(text, window, start)
    if torn is None or not _THREE_DIGITS.match(text, start):
        return False
    return (torn.group("before") or "").strip().casefold() not in MONTHS  # "May 5, 300 people"


def _conversions(text: str, ends: dict[int, int]) -> set[int]:
    """Starts of figures that restate the figure before them in other units, in brackets:
    "50,000 square meters (538,000 square feet)", "1.8 miles (three kilometres)"."""
    found: set[int] = set()
    previous_end, previous = -100, -100
    for start in sorted(ends):
        gap = text[previous_end:start] if 0 <= start - previous_end <= 20 else ""
        if gap and _CONVERSION_GAP.fullmatch(gap):
            found.add(start)
        elif gap and previous in found and _NEXT_CONVERSION_GAP.fullmatch(gap):
            found.add(start)  # "481.42m yuan ($58.16m; £30.7m)": a second conversion
        previous_end, previous = ends[start], start
    return found


# "the two women", "his two wheels": a small count after a determiner refers back to things
# already named; it is how the story names them, not a quantity it reports.
_ANAPHORIC = re.compile(r"\b(?:the|his|her|their|its|these|those|both|our|my|your)\s$", re.I)
_NEXT_NUMBER = re.compile(rf"(?<![\w.,])(?:\d|{WORD_NUMBER}\b)", re.IGNORECASE)


def _counted_whole(figure: Figure) -> bool:
    """A partitive whose whole is counted too ("36 of his 50 matches"), not a time span."""
    numbers = len(_NEXT_NUMBER.findall(figure.text))
    return numbers >= 2 and not _is_duration(figure.counts)


def _anaphoric(text: str, start: int, figure: Figure) -> bool:
    return figure.text[:1].isalpha() and bool(_ANAPHORIC.search(text, max(0, start - 12), start))


class _Spans:
    """Non-overlapping character spans, sorted; ``add`` refuses a span that overlaps one."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)
        if i and self.ends[i - 1] > start:  # the nearest span starting before ``end`` overlaps
            return False
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        return True


def _dedupe(figures: list[Figure]) -> list[Figure]:
    """One figure per quantity: the same value, unit and counted noun is the same figure, and
    so is the same amount of money or percentage, age or a count of ten or more restated with
    another noun ("77 allegations" ... "the 77 misconduct charges"): news repeats its key
    numbers, while small counts ("two babies", "two midwives") coincide by chance."""
    seen: set[tuple[float | None, str | None, str | None]] = set()
    out = []
    for figure in figures:
        key = (figure.value, figure.unit, figure.text if figure.unit == "score" else figure.counts)
        restated = (figure.value, figure.unit, None)
        if key in seen or (restated in seen and _restatable(figure)):
            continue
        seen.update({key, restated})
        out.append(figure)
    return out


def _restatable(figure: Figure) -> bool:
    if figure.unit in ("score", "share") or figure.value is None:
        return False
    return figure.unit is not None or figure.value >= 10


_NEXT_CONVERSION_GAP = re.compile(r"\s{0,2}[;,/]\s{0,2}(?:or\s{1,2})?|\s{1,2}or\s{1,2}")
_CONVERSION_GAP = re.compile(
    r"\s{0,2}\(\s{0,2}(?:about|around|approximately|roughly|or|c\.)?\s{0,2}$"
)


_TIME_UNITS = words(
    "second seconds minute minutes hour hours day days week weeks month months year years "
    "decade decades century centuries"
)


def _is_duration(counts: str | None) -> bool:
    """ "three years", "24 hours": a span of time, which says when or how long, not how many."""
    return bool(counts) and counts.split()[-1].casefold() in _TIME_UNITS  # type: ignore[union-attr]


def _counts(text: str, tmap: TextMap) -> list[tuple[int, int, Figure]]:
    found: list[tuple[int, int, Figure]] = []
    for match in at_numbers(_COUNT, text):
        figure = _count_figure(match, text, tmap)
        if figure is not None:  # the span ends with the counted noun, not the words after it
            parts = (figure.counts or "").split()
            parts = parts[:-1] if figure.unit == "casualties" else parts  # not "killed"
            noun = parts[-1] if parts else ""
            end = text.find(noun, match.end()) if noun else -1
            end = end + len(noun) if end >= 0 else match.start("rest") + len(match.group("rest"))
            found.append((match.start(), end, figure))
    return found


def _count_figure(match: re.Match[str], text: str, tmap: TextMap) -> Figure | None:
    num = match.group("num")
    year_like = num[0].isdigit() and _looks_like_year(num, match.group("scale"))
    if year_like and not year_is_count(
        text[max(0, match.start() - 30) : match.start()], text[match.end() : match.end() + 30]
    ):
        return None
    value = number(num, match.group("scale"))
    if value is None:
        return None
    noun = counted_noun(match.group("rest"), singular=value == 1)
    if noun is None or any(_lower_number(word) for word in noun.split()):
        return None  # "League Two just five years ago": the count is the second number
    index = tmap.sentence_at(match.start())
    sentence_start = tmap.starts[index] if tmap.starts else 0
    sentence_end = tmap.ends[index] if tmap.ends else len(text)
    before = text[sentence_start : match.start()]
    if _INCLUDING.search(before[-40:]) or _preceded_by_date_word(before):
        return None
    if _names(before) and not _is_duration(noun):  # "in London 13 years ago" is no name
        return None
    counts, unit = noun, None
    noun_end = text.find(noun, match.end()) + len(noun)
    if value == 1:
        return None  # "one man", "one son": a single thing is not a figure
    after = _skip_parenthetical(text[noun_end:sentence_end])[:80]
    next_count = _NEXT_NUMBER.search(after)  # "two neighbours ... with one man dead": his
    clause = _SUBORDINATE.search(after)  # "in seven games before being injured": not the games
    reach = min(m.start() for m in (next_count, clause) if m) if next_count or clause else None
    casualty = _CASUALTY.search(after[:reach])
    if casualty and not _is_duration(noun):
        counts, unit = f"{noun} {casualty.group(1)}", "casualties"
    surface = f"{text[match.start() : match.end('scale')]} {noun}"
    if before.endswith("minus "):  # "temperatures of minus 17 degrees"
        value, surface = -value, f"minus {surface}"
    # The whole of "eight of their last 13 matches" alone would drop the eight: the
    # partitive shows both, the whole is listed.
    cap = FIGURE_CONFIDENCE["partitive"] if PARTITIVE_BEFORE.search(before[-60:]) else 1.0
    return Figure(surface, index, value, unit, counts, cap)


def _lower_number(word: str) -> bool:
    """ "five", "12"; not "Six" of "two Six Nations games", which is a name."""
    return not word[:1].isupper() and number(word) is not None


def _looks_like_year(num: str, scale: str) -> bool:
    return not scale and len(num) == 4 and num.isdigit() and 1800 <= int(num) <= 2100


_DETERMINER_BEFORE = re.compile(r"\b(?:the|its|their|his|her|our|this|that|\w+['’]s)\s*$", re.I)
_WORD_AFTER = re.compile(r"\s([a-z]+)\b")


_QUANTITY_BEFORE = re.compile(
    r"\b(?:about|some|nearly|almost|over|around|roughly|approximately|than|least|to|only|just|"
    r"estimated|all|those|these|of)\s*$",
    re.I,
)


def year_is_count(before: str, after: str) -> bool:
    """Whether a year-like number counts things: "some 2000 people" yes, "the 2004 protests"
    and "2028 hopefuls" no.

    News writes counts of a thousand and more with a separator ("2,000 people"), so a
    bare four-digit year-like number before a plural noun is a year used as a modifier
    unless a quantity word ("about", "some", "more than") says it is an amount.
    """
    if _DETERMINER_BEFORE.search(before[-30:]) or not _QUANTITY_BEFORE.search(before[-30:]):
        return False
    match = _WORD_AFTER.match(after)
    return match is not None and is_plural(match.group(1))


def _names(before: str) -> bool:
    """ "the Commodore 64 computer", "Matthew 24 Now": a number right after a capitalised
    word inside the sentence is part of a name or an identifier, not a count."""
    words = before.split()
    if len(words) == 1 and words[0].isalpha() and words[0][:1].isupper():
        first = words[0].casefold()  # "Commodore 64 enthusiasts" opening the sentence
        return not (first in STOPWORDS or first in _QUANTITY_WORDS or first.endswith(_NOT_NAME))
    return len(words) >= 2 and words[-1].isalpha() and words[-1][:1].isupper()


# Words that open a sentence before a count without naming anything ("About 50 people").
_QUANTITY_WORDS = words(
    "about nearly almost around over under roughly approximately just only exactly up "
    "estimated fewer less more some barely perhaps maybe another than least total despite "
    "within without across among amid against like unlike between beyond through towards "
    "toward via per plus besides following until till"
)
_NOT_NAME = ("ly", "ing", "ed")  # "Roughly 80", "Including 20", "Injured 20"


def _preceded_by_date_word(before: str) -> bool:
    words = before.split()
    if not words:
        return False
    last = words[-1].casefold()
    return last in MONTHS or last in (
        "no", "no.", "number", "page", "chapter", "room", "route", "top"
    )  # fmt: skip


_SCORE = re.compile(r"(?<![\w.,:/-])(?P<a>\d{1,3})-(?P<b>\d{1,3})(?![\w%/-]|[.,:]\d)")
_SCORE_CONTEXT = re.compile(
    r"\b(?:win|won|beat|lost|loss|draw|drew|defeat|victory|score|scored|lead|led|set|sets|"
    r"final|match|game|half|trail|trailed|triumph|thrash|thrashed|edged|clinched|seal)",
    re.IGNORECASE,
)


def _scores(text: str, tmap: TextMap) -> list[tuple[int, int, Figure]]:
    """Match scores ("won 3-1", "6-4 6-3") in sentences that talk about a result."""
    found = []
    for match in _SCORE.finditer(text):
        index = tmap.sentence_at(match.start())
        start = tmap.starts[index] if tmap.starts else 0
        end = tmap.ends[index] if tmap.ends else len(text)
        if not _SCORE_CONTEXT.search(text, start, end):
            continue
        figure = Figure(match.group(0), index, float(match.group("a")), "score", None)
        found.append((match.start(), match.end(), figure))
    return found


def _ages(text: str, tmap: TextMap) -> list[tuple[int, int, Figure]]:
    found = []
    for match in _AGE.finditer(text):
        num = match.group("num") or match.group("num2")
        rest = (match.group("rest") or "").split()
        taken: list[str] = []
        for word in rest:
            if word.casefold() in NOT_COUNTED:
                break
            taken.append(word)
        counts = " ".join(taken) if taken else None
        surface = match.group(0).split()[0] if match.group("num") else match.group(0)
        surface = " ".join([surface, *taken])
        index = tmap.sentence_at(match.start())
        figure = Figure(surface, index, number(num), "years old", counts)
        found.append((match.start(), match.end(), figure))
    return found


def _apposed_ages(text: str, tmap: TextMap) -> list[tuple[int, int, Figure]]:
    found = []
    for match in _APPOSED_AGE.finditer(text):
        value = float(match.group("num"))
        before = _NAME_BEFORE.search(text, max(0, match.start() - 130), match.start())
        if not 1 <= value <= OLDEST_AGE or before is None:
            continue
        index = tmap.sentence_at(match.start("num"))
        name = before.group("name")
        figure = Figure(match.group("num"), index, value, "years old", f"age of {name}")
        found.append((match.start("num"), match.end("num"), figure))
    return found


def _skip_parenthetical(after: str) -> str:
    """Drop a leading ", including two ... and three ...," aside from the text after a count."""
    if after.startswith(","):
        close = after.find(",", 1)
        if close != -1 and _INCLUDING.search(after[:close]):
            return after[close + 1 :]
    return after
