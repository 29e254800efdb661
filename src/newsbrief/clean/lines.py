"""The lines of a text sorted for the clean stage: prose, headline, dateline, byline or junk.

``classify(text, known_title, one_paragraph_per_line)`` walks the lines of one text
(Markdown syntax stripped, fenced code dropped) and returns a ``Parsed``: the prose
paragraphs (hard-wrapped lines joined, never a headline glued to prose), the
headline-like units, the title, the first dateline's date and the first byline's
name. Junk lines (scripts, markup, prompts, timestamps, button labels), photo
credits, datelines and bylines never become text; the expressions that recognise
page furniture live in ``lexicon``. All patterns are precompiled, prefiltered and linear.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..lexicon import (
    BOILERPLATE_ANYWHERE,
    BOILERPLATE_HINTS,
    BOILERPLATE_START,
    BYLINE_LINE,
    BYLINE_LINE_TAIL,
    CODE_LINE,
    CODE_LINE_HINTS,
    CODE_LINE_STARTS,
    CREDIT_LINE,
    CREDIT_LINE_HINTS,
    RELATIVE_TIME,
    SOCIAL_LABELS,
)
from ..limits import MAX_TITLE_CHARS

#: Lines longer than this are never boilerplate, captions, credits or bylines (only the
#: script/markup check looks at them).
SHORT_LINE = 160
#: Consecutive headline-like lines that make a list or table (kept) rather than captions.
LIST_RUN = 3
#: Only the first lines of a text are searched for the headline and dateline.
TOP_LINES = 25

# --- line patterns -----------------------------------------------------------------------------

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH_NUM = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_DATE_MDY = re.compile(rf"\b({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DATE_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTHS})\.?,?\s+(\d{{4}})\b", re.I
)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?", re.I
)
_DATE_FILLER = re.compile(
    r"\b(?:published|updated|posted|last|first|modified|date|on|at|by|and|"
    r"mon|tue|wed|thu|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"[A-Z]{1,4}T|GMT|UTC|ET|PT|CT|MT|BST|CEST|CET|AEST|IST)\b\.?",
    re.I,
)
# A word; in Chinese and Japanese, written without spaces, every two characters (about
# the length of a word there).
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]{1,2}|[^\W\d_][\w'’.-]*")
_TERMINAL = re.compile(r"[.!?…:;。！？।][\"'”’»)\]」』]*$")
_CONNECTOR_END = re.compile(
    r"(?:[,;–—-]|\b(?:the|a|an|of|to|and|or|in|on|for|with|by|at|from|that|as|is|was|were|"
    r"are|be|has|have|had|his|her|their|its|but|than|who|which|said))$",
    re.I,
)

# Markdown syntax that carries no content of its own.
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_MD_RULE = re.compile(r"^(?:[-*_=]\s*){3,}$")
_MD_FENCE = re.compile(r"^(?:```|~~~)")
_MD_QUOTE = re.compile(r"^(?:>\s?)+")
_MD_LIST = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+")
_MD_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_MD_EMPHASIS = re.compile(r"\*\*|__")
_MD_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,300}?)(?<=\S)\*(?![\w*])")
_HTML_COMMENT = re.compile(r"<!--.*?-->")
_KEY = re.compile(r"[\W_]+")
_YEAR = re.compile(r"\d{4}")

# --- line classification ------------------------------------------------------------------


@dataclass
class _Unit:
    """One content line, or several hard-wrapped lines of the same paragraph."""

    text: str
    line: int
    heading: bool = False  # Markdown heading
    list_item: bool = False


@dataclass
class Parsed:
    """What the line classifier found in a text."""

    paragraphs: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # headline-like units, kept for fallback
    title: str | None = None
    published: str | None = None
    author: str | None = None


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _is_title_case(words: list[str]) -> bool:
    long_words = [w for w in words if len(w) >= 4]
    if not long_words:
        return bool(words) and all(w[0].isupper() for w in words)
    caps = sum(1 for w in long_words if w[0].isupper())
    return caps >= 0.7 * len(long_words)


def parse_date(line: str) -> str | None:
    """ISO ``YYYY-MM-DD`` of the first full date in ``line`` (``July 26, 2021``, ``26 July
    2021``, ``2021-07-26``, ``26/07/2021``), or None."""
    for pattern, order in ((_DATE_MDY, "mdy"), (_DATE_DMY, "dmy"), (_DATE_ISO, "ymd")):
        match = pattern.search(line)
        if match:
            parts = dict(zip(order, match.groups(), strict=True))
            month = parts["m"]
            month_num = int(month) if month.isdigit() else _MONTH_NUM[month[:3].lower()]
            return _iso(int(parts["y"]), month_num, int(parts["d"]))
    match = _DATE_NUMERIC.search(line)
    if match:
        first, second, year = (int(g) for g in match.groups())
        day, month = (second, first) if first <= 12 < second else (first, second)
        return _iso(year, month, day)
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _is_dateline(line: str) -> bool:
    """A short line that is a date or timestamp and (almost) nothing else."""
    if len(line) > 90 or not _YEAR.search(line) or parse_date(line) is None:
        return False
    rest = line
    for pattern in (_DATE_MDY, _DATE_DMY, _DATE_ISO, _DATE_NUMERIC, _TIME, _DATE_FILLER):
        rest = pattern.sub(" ", rest)
    return len(_words(rest)) <= 1


def _is_code(line: str) -> bool:
    """Script, style or markup fragments (cheap substring checks before the regex)."""
    if not (line.startswith(CODE_LINE_STARTS) or any(map(line.__contains__, CODE_LINE_HINTS))):
        return False
    return (
        CODE_LINE.search(line if len(line) <= SHORT_LINE else f"{line[:200]}\n{line[-20:]}")
        is not None
    )


def _is_junk(line: str) -> bool:
    """Scripts, markup fragments, boilerplate prompts, timestamps and social-button labels."""
    if _is_code(line):
        return True
    if len(line) > SHORT_LINE:
        return False
    low = line.lower()
    if BOILERPLATE_START.match(line) or RELATIVE_TIME.match(line):
        return True
    if any(map(low.__contains__, BOILERPLATE_HINTS)) and BOILERPLATE_ANYWHERE.search(line):
        return True
    if _TIME.fullmatch(line.strip(" .")):
        return True
    return _KEY.sub(" ", line).strip().lower() in SOCIAL_LABELS


def _is_credit(line: str) -> bool:
    if len(line) > SHORT_LINE:
        return False
    low = line.lower()
    if not any(map(low.__contains__, CREDIT_LINE_HINTS)):
        return False
    return CREDIT_LINE.search(line) is not None


def _byline_author(line: str) -> str | None:
    """The name(s) in a byline such as ``By Jane Doe, Reuters``; None if not a byline."""
    if len(line) > 100:
        return None
    match = BYLINE_LINE.match(line)
    if not match or not BYLINE_LINE_TAIL.match(line[match.end() :].strip()):
        return None
    return match.group(1).strip() or None


def _is_prose(unit: _Unit) -> bool:
    """Article text, as opposed to a headline, caption, label or list of names."""
    if unit.heading:
        return False
    if _TERMINAL.search(unit.text[-12:]):
        return unit.text.endswith((".", "!", "?")) or len(_words(unit.text)) >= 2
    words = _words(unit.text)
    return len(words) >= 20 and not _is_title_case(words)


# --- reading lines into units ------------------------------------------------------------


def _strip_markdown(line: str) -> tuple[str, bool, bool]:
    """(text, is_heading, is_list_item) of one line with Markdown syntax removed."""
    heading = _MD_HEADING.match(line)
    is_heading = heading is not None
    if heading:
        line = heading.group(1)
    line = _MD_QUOTE.sub("", line)
    is_list = _MD_LIST.match(line) is not None
    if is_list:
        line = _MD_LIST.sub("", line, count=1)
    if "](" in line:
        line = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", line))
    line = _MD_EMPHASIS.sub("", line)
    if "*" in line:
        line = _MD_ITALIC.sub(r"\1", line)
    return line.strip(), is_heading, is_list


@dataclass
class _Block:
    lines: list[tuple[int, str, bool, bool]] = field(default_factory=list)


def _blocks(text: str) -> list[_Block]:
    """Runs of non-blank lines (Markdown stripped, fenced code dropped)."""
    blocks: list[_Block] = [_Block()]
    in_fence = False
    for number, raw_line in enumerate(text.split("\n")):
        stripped = raw_line.strip()
        if _MD_FENCE.match(stripped):
            in_fence = not in_fence
            continue
        if "<!--" in stripped:
            stripped = _HTML_COMMENT.sub(" ", stripped).strip()
        line, heading, list_item = _strip_markdown(stripped) if stripped else ("", False, False)
        if in_fence or not line or _MD_RULE.match(stripped):
            if blocks[-1].lines:
                blocks.append(_Block())
            continue
        blocks[-1].lines.append((number, " ".join(line.split()), heading, list_item))
    return [b for b in blocks if b.lines]


def _joins(prev: str, nxt: str, width: int, wrapped: bool) -> bool:
    """Whether line ``nxt`` continues the prose line ``prev`` (a hard-wrapped paragraph)."""
    if _TERMINAL.search(prev[-12:]) or _is_title_case(_words(prev[:MAX_TITLE_CHARS])):
        return False
    if nxt[:1].islower() or _CONNECTOR_END.search(prev[-20:]):
        return True
    return wrapped and len(prev) >= 0.75 * width


class _Classifier:
    """Walks the lines of one text and sorts them into prose, metadata and junk."""

    def __init__(self, known_title: str | None, one_paragraph_per_line: bool) -> None:
        self.parsed = Parsed(title=known_title)
        self.known_title = known_title
        self.per_line = one_paragraph_per_line
        self.seen: set[str] = set()
        self.units: list[_Unit] = []

    def run(self, text: str) -> Parsed:
        for block in _blocks(text):
            self._block(block)
        self._assign(self.units)
        return self.parsed

    def _block(self, block: _Block) -> None:
        content: list[tuple[int, str, bool, bool]] = []
        for item in block.lines:
            number, line, _heading, _list = item
            if self._special(number, line):
                self._flush(content)
                content = []
            else:
                content.append(item)
        self._flush(content)

    def _special(self, number: int, line: str) -> bool:
        """Handle junk, credit, dateline and byline lines; True if ``line`` was one."""
        if _is_junk(line) or _is_credit(line):
            return True
        if _is_dateline(line):
            if self.parsed.published is None and number < TOP_LINES:
                self.parsed.published = parse_date(line)
            return True
        author = _byline_author(line)
        if author is not None:
            self.parsed.author = self.parsed.author or author
            return True
        return False

    def _flush(self, content: list[tuple[int, str, bool, bool]]) -> None:
        """Turn a run of content lines into units, joining only hard-wrapped prose lines."""
        if not content:
            return
        width = max(len(line) for _, line, _, _ in content)
        long_lines = sum(1 for _, line, _, _ in content if len(line) >= 40)
        wrapped = not self.per_line and long_lines >= 3
        parts: list[str] = []
        first: tuple[int, bool, bool] = (0, False, False)
        for number, line, heading, list_item in content:
            if (
                parts
                and not self.per_line
                and not (first[1] or heading or list_item)
                and _joins(parts[-1], line, width, wrapped)
            ):
                parts.append(line)
                continue
            if parts:
                self.units.append(_Unit(" ".join(parts), *first))
            parts, first = [line], (number, heading, list_item)
        if parts:
            self.units.append(_Unit(" ".join(parts), *first))

    def _assign(self, units: list[_Unit]) -> None:
        """Pick the title among the top headline-like units; keep prose, dropping repeats.

        A headline-like unit (caption, label, subheading) is dropped when it stands alone;
        it is kept as its own paragraph when it belongs to a list or table (a run of at
        least ``LIST_RUN`` such units) or, for HTML, anywhere after the first prose
        paragraph (trafilatura already cut the page down to its main text).
        """
        parsed = self.parsed
        title_key = _key(parsed.title) if parsed.title else None
        kept: list[tuple[_Unit, bool]] = []
        for unit in units:
            key = _key(unit.text)
            if not key or key in self.seen or key == title_key:
                continue
            self.seen.add(key)
            prose = _is_prose(unit) or (unit.list_item and len(_words(unit.text)) >= 6)
            if not prose and parsed.title is None and not kept and _title_worthy(unit):
                parsed.title = unit.text
                title_key = key
                continue
            kept.append((unit, prose))
        seen_prose = False
        for i, run in _runs(kept):
            for unit, prose in kept[i : i + run]:
                if prose:
                    seen_prose = True
                    parsed.paragraphs.append(unit.text)
                elif run >= LIST_RUN or (self.per_line and seen_prose):
                    parsed.paragraphs.append(unit.text)
                else:
                    parsed.others.append(unit.text)


def _runs(kept: list[tuple[_Unit, bool]]) -> list[tuple[int, int]]:
    """(start, length) of each run of prose / of headline-like units, in order."""
    runs: list[tuple[int, int]] = []
    for i, (_unit, prose) in enumerate(kept):
        if runs and not prose and not kept[i - 1][1]:
            start, length = runs[-1]
            runs[-1] = (start, length + 1)
        else:
            runs.append((i, 1))
    return runs


def _title_worthy(unit: _Unit) -> bool:
    if unit.line >= TOP_LINES:
        return False
    n = len(_words(unit.text))
    return (unit.heading and n >= 1) or 2 <= n <= 30


#: ASCII text's ``_KEY`` characters (all but letters and digits) as spaces, for ``translate``.
_ASCII_KEY = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


def _key(text: str) -> str:
    """Case-folded words and numbers joined by single spaces (what repeats are compared by)."""
    if text.isascii():  # the same as the expression below, without the regex engine
        return " ".join(text.lower().translate(_ASCII_KEY).split())
    return _KEY.sub(" ", text.casefold()).strip()


def classify(text: str, known_title: str | None, one_paragraph_per_line: bool) -> Parsed:
    """Sort the lines of ``text`` (see the module's docstring).

    ``known_title``: the title the source gave (repeats of it are dropped);
    ``one_paragraph_per_line``: lines are never joined (HTML extracted by trafilatura).
    """
    return _Classifier(known_title, one_paragraph_per_line).run(text)
