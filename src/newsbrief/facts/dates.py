"""Dates in the text, ISO-normalised and resolved against the article's own date.

Absolute dates ("July 26, 2021", "26 July 2021", "January 2020", "2021-07-26")
become ``YYYY-MM-DD`` / ``YYYY-MM``; years after a preposition ("in 2019")
become ``YYYY``. Relative ones need the article's ``published`` date: a weekday
("on Sunday") is the most recent such day on or before it, or the next one
when the clause speaks of the future ("will meet ... on Monday" in an article
dated Saturday); "last"/"next" weekdays move a week; "yesterday", "today",
"tomorrow"; "last/next week" (ISO week ``YYYY-Www``), "last/next month",
"last/next year", "three years ago" (a year; "two weeks ago" an ISO week); a
bare month ("in April") is the most recent such month not after the article
date (or the next one for the future). Each date carries the event it belongs
to: the clause around it, date words removed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..types import DateFact
from .confidence import DATE_CONFIDENCE
from .figures import year_is_count
from .spans import TextMap

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip


def _word_start(*words: str) -> str:
    """An alternation of ``words``, each matching only at a word start.

    The start is checked by a lookbehind after each word's first letter instead of a leading
    ``\\b``: a pattern opening with plain letters lets ``re`` skip ahead to positions holding
    one of them, about seven times faster over an article than trying every position.
    """
    return "|".join(f"{w[0]}(?<!\\w{w[0]}){re.escape(w[1:])}" for w in words)


def _cased(*words: str) -> tuple[str, ...]:
    """Each word with a capital and a small first letter ("On", "on")."""
    return tuple(form for w in words for form in (w[0].upper() + w[1:], w[0].lower() + w[1:]))


_MONTH = (
    "(?P<month>"
    + _word_start(
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
        "Sept", "Sep", "Oct", "Nov", "Dec",
    )
    + r")\.?"
)  # fmt: skip
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_YEAR_AT_START = r"(?P<year>1(?<!\w1)[89]\d\d|2(?<!\w2)0\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
#: ``\b[0-3]?\d`` with the word start checked after the first digit (see ``_word_start``).
_DAY_AT_START = r"(?P<day>\d(?<!\w\d)(?:(?<=[0-3])\d)?)(?:st|nd|rd|th)?"
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS: dict[str, int] = {name.casefold(): i for i, name in enumerate(_WEEKDAY_NAMES)}
_WEEKDAY = f"(?P<weekday>{'|'.join(_WEEKDAY_NAMES)})"
_WEEKDAY_AT_START = f"(?P<weekday>{_word_start(*_WEEKDAY_NAMES)})"

_WEEKDAY_MODS = _word_start(*_cased("on", "last", "next", "this", "by", "since", "until"))

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty"
)
_NUMBER_VALUES = {w: k + 1 for k, w in enumerate(_NUMBER_WORDS.split("|")[:12])}
_NUMBER_VALUES |= {"fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_NUMBER_VALUES |= {"a": 1, "an": 1}

_BARE_YEAR = re.compile(r"(?<![\w$£€.,/:-])(?P<year>19\d\d|20\d\d)(?![\w%/:-]|[.,]\d)")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(rf"{_YEAR_AT_START}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(rf"{_MONTH}\s{_DAY},?\s{_YEAR}\b")),
    ("dmy", re.compile(rf"{_DAY_AT_START}\s(?:of\s)?{_MONTH},?\s{_YEAR}\b")),
    ("md", re.compile(rf"{_MONTH}\s{_DAY}\b(?!\s?[,:]?\s?\d)")),
    ("dm", re.compile(rf"{_DAY_AT_START}\s(?:of\s)?{_MONTH}\b")),
    ("my", re.compile(rf"{_MONTH},?\s(?:of\s)?{_YEAR}\b")),
    (
        "weekday",
        re.compile(rf"(?P<mod>{_WEEKDAY_MODS})\s{_WEEKDAY}\b"),
    ),
    ("weekday_bare", re.compile(rf"{_WEEKDAY_AT_START}\b(?!['’]?s?\s[A-Z])")),
    (
        "month",
        re.compile(
            rf"\b(?P<mod>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|"
            rf"[Mm]id-?|[Ee]nd of|[Ss]tart of)\s?{_MONTH}\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>yesterday|today|tomorrow|(?:last|next|this)\s(?:week|month|year)|"
            r"the\s(?:previous|following)\sday)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            r"\b(?P<mod>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Bb]efore|[Aa]fter|[Dd]uring|"
            rf"[Tt]hrough|[Oo]f|[Ee]arly|[Ll]ate|[Mm]id-)\s{_YEAR}\b(?![-–/]\d)"
        ),
    ),
    (
        "ago",
        re.compile(
            rf"\b(?P<n>\d{{1,3}}|{_NUMBER_WORDS}|a|an|a few|several)\s"
            r"(?P<unit>days?|weeks?|months?|years?|decades?)\sago\b",
            re.IGNORECASE,
        ),
    ),
    ("bare_year", _BARE_YEAR),
)

_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|’ll|is due|are due|is set to|are set to|is scheduled|are scheduled|"
    r"plans? to|planned|upcoming|is expected|are expected|is to|are to|would|next)\b",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r"[,;:()—–]|\s-\s")
_EVENT_WORDS = 12


def parse_published(published: str | None) -> date | None:
    """The article's date from an ISO string (date or timestamp), if it parses."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def extract_dates(tmap: TextMap, published: str | None) -> list[DateFact]:
    """Every date of the text, deduplicated by ISO value (first mention kept)."""
    ref = parse_published(published)
    text = tmap.text
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, DateFact]] = []
    for kind, pattern in _PATTERNS:
        if kind == "ago" and "ago" not in text:
            continue  # the pattern opens with many alternatives: skip texts that cannot match
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            index = tmap.sentence_at(match.start())
            sentence = text[tmap.starts[index] : tmap.ends[index]] if tmap.starts else text
            offset = match.start() - (tmap.starts[index] if tmap.starts else 0)
            iso = _resolve(kind, match, ref, sentence, offset)
            if iso is None:
                continue
            taken.append((match.start(), match.end()))
            event = _event(sentence, offset, offset + len(match.group(0)))
            fact = DateFact(
                text=match.group(0),
                iso=iso,
                sentence_index=index,
                event=event,
                confidence=DATE_CONFIDENCE.get(kind, 0.5),
            )
            found.append((match.start(), fact))
    found.sort(key=lambda pair: pair[0])
    return _dedupe([f for _, f in found])


def _dedupe(facts: list[DateFact]) -> list[DateFact]:
    seen: dict[str, int] = {}
    out: list[DateFact] = []
    for fact in facts:
        if fact.iso in seen:
            kept = out[seen[fact.iso]]
            if kept.event is None and fact.event is not None:
                out[seen[fact.iso]] = fact
            continue
        seen[fact.iso] = len(out)
        out.append(fact)
    return out


# --------------------------------------------------------------------------- resolution


def _resolve(
    kind: str, match: re.Match[str], ref: date | None, sentence: str, offset: int
) -> str | None:
    groups = match.groupdict()
    if kind == "iso":
        return _iso(int(groups["year"]), int(groups["m"]), int(groups["d"]))
    if kind in ("mdy", "dmy"):
        return _iso(int(groups["year"]), MONTHS[groups["month"].casefold()], int(groups["day"]))
    if kind == "my":
        return f"{int(groups['year']):04d}-{MONTHS[groups['month'].casefold()]:02d}"
    if kind == "year":
        return groups["year"]
    if kind == "bare_year":
        counted = year_is_count(sentence[:offset], sentence[offset + 4 :])  # "2000 people"
        return None if counted else groups["year"]
    if ref is None:
        if kind in ("md", "dm"):  # "May 18" in an undated article: month and day, no year
            return _month_day(MONTHS[groups["month"].casefold()], int(groups["day"]))
        return None
    if kind == "ago":
        return _ago(ref, groups["n"].casefold(), groups["unit"].casefold())
    future = _is_future(sentence, offset)
    if kind in ("md", "dm"):
        return _day_in_year(ref, MONTHS[groups["month"].casefold()], int(groups["day"]), future)
    if kind in ("weekday", "weekday_bare"):
        mod = (groups.get("mod") or "on").casefold()
        return _weekday(ref, WEEKDAYS[groups["weekday"].casefold()], mod, future).isoformat()
    if kind == "month":
        if groups["month"] == "May" and groups["mod"].casefold() not in ("in", "since", "by"):
            return None
        return _month(ref, MONTHS[groups["month"].casefold()], groups["mod"].casefold(), future)
    return _relative(ref, " ".join(groups["rel"].casefold().split()))


def _ago(ref: date, amount: str, unit: str) -> str | None:
    """ "three years ago" -> the year; "two weeks ago" -> the ISO week; "five days ago" -> the day.

    Vague amounts ("a few", "several") say no date.
    """
    if amount.isdigit():
        n = int(amount)
    elif amount in _NUMBER_VALUES:
        n = _NUMBER_VALUES[amount]
    else:
        return None
    unit = unit.rstrip("s")
    if unit == "day":
        return (ref - timedelta(days=n)).isoformat()
    if unit == "week":
        year, week, _ = (ref - timedelta(weeks=n)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "month":
        month_index = ref.year * 12 + ref.month - 1 - n
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    years = n * 10 if unit == "decade" else n
    return f"{ref.year - years:04d}"


def _month_day(month: int, day: int) -> str | None:
    """ISO 8601's ``--MM-DD`` for a day of a year the text does not give."""
    return f"--{month:02d}-{day:02d}" if _iso(2000, month, day) else None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _is_future(sentence: str, offset: int) -> bool:
    """Whether the clause holding the date (words before it) speaks of the future."""
    clause_start = max(sentence.rfind(",", 0, offset), sentence.rfind(";", 0, offset))
    before = sentence[max(0, clause_start, offset - 120) : offset]
    return _FUTURE.search(before) is not None


def _day_in_year(ref: date, month: int, day: int, future: bool) -> str | None:
    for year in (ref.year, ref.year - 1, ref.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        # The same year unless that puts the date far on the wrong side of the article.
        if future or abs((candidate - ref).days) <= 183:
            return candidate.isoformat()
    return None


def _weekday(ref: date, weekday: int, mod: str, future: bool) -> date:
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    if mod == "last":
        return ref - timedelta(days=back or 7)
    if mod == "next":
        return ref + timedelta(days=ahead or 7)
    if mod in ("until", "by") or (future and ahead):
        return ref + timedelta(days=ahead)
    return ref - timedelta(days=back)


def _month(ref: date, month: int, mod: str, future: bool) -> str:
    if mod == "next" or (future and month > ref.month) or (mod == "this" and future):
        year = ref.year if month > ref.month else ref.year + 1
        if mod == "this":
            year = ref.year
    elif mod == "last":
        year = ref.year if month < ref.month else ref.year - 1
    else:
        year = ref.year if month <= ref.month else ref.year - 1
    return f"{year:04d}-{month:02d}"


def _relative(ref: date, rel: str) -> str:
    days = {"yesterday": -1, "today": 0, "tomorrow": 1}
    if rel in days:
        return (ref + timedelta(days=days[rel])).isoformat()
    if rel == "the previous day":
        return (ref - timedelta(days=1)).isoformat()
    if rel == "the following day":
        return (ref + timedelta(days=1)).isoformat()
    step = {"last": -1, "this": 0, "next": 1}[rel.split()[0]]
    unit = rel.split()[1]
    if unit == "week":
        year, week, _ = (ref + timedelta(weeks=step)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "month":
        month_index = ref.year * 12 + ref.month - 1 + step
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    return f"{ref.year + step:04d}"


# --------------------------------------------------------------------------- events

_PARENTHESIS = re.compile(r"\([^()]{0,60}\)")
_SUBORDINATE = re.compile(
    r".*\b(?:that|who|which|when|where|while|after|before|because|and|but|said|announced)\s",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    r"\b(?:on|in|at|by|since|until|last|next|this|early|late|mid|from|during|the)\s*$", re.I
)
_LEAD_WORDS = re.compile(r"^(?:will|would|had|has|have|was|were|is|are|to|also|then)\s+", re.I)


def _event(sentence: str, start: int, end: int) -> str | None:
    """The clause around a date, without the date words: what happened then."""
    flat = _PARENTHESIS.sub(lambda m: " " * len(m.group(0)), sentence)
    left = max((m.end() for m in _CLAUSE_SPLIT.finditer(flat, 0, start)), default=0)
    right_match = _CLAUSE_SPLIT.search(flat, end)
    right = right_match.start() if right_match else len(flat)
    before = flat[left:start]
    cut = _SUBORDINATE.match(before)
    if cut is not None and len(before[cut.end() :].split()) >= 2:
        before = before[cut.end() :]
    for candidate in (before, flat[end:right], flat[right + 1 :] if right_match else ""):
        event = _tidy_event(candidate)
        if event:
            return event
    return None


def _tidy_event(clause: str) -> str | None:
    text = " ".join(clause.split())
    text = _DATE_WORDS.sub("", text).strip()
    text = _LEAD_WORDS.sub("", text)
    text = _LEAD_WORDS.sub("", text).strip(" .,;:“”\"'")
    words = text.split()
    if len(words) < 2:
        return None
    if len(words) > _EVENT_WORDS:
        text = " ".join(words[:_EVENT_WORDS]) + " …"
    return text
