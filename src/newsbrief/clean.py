"""Clean stage: RawArticle -> Article (main text, metadata, paragraphs, sentences).

HTML goes through trafilatura (main text + title/date/author/site/url); plain text and
Markdown are read line by line. Either way every line is classified: prose, headline-like
(headline, caption, label), dateline, byline, photo credit or boilerplate (scripts, HTML
comment fragments, cookie/subscribe/share prompts, "Read more", "Advertisement" ...).
Prose becomes text, and so do lists/tables (runs of headline-like lines) and, in HTML,
headline-like lines after the first prose paragraph; a lone caption or label is dropped.
The first headline-like line near the top becomes the title, the first dateline
``published`` and the first byline ``author``. Lines are never glued to the next one
unless they are a hard-wrapped part of the same prose paragraph, and a paragraph end is
a hard sentence boundary. Text is capped at ``MAX_TEXT_CHARS`` (at a paragraph end) and
``MAX_SENTENCES``. All patterns are precompiled, prefiltered and linear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from .decode import normalize_text
from .errors import CleanError
from .language import detect_language
from .limits import (
    MAX_HTML_TAGS,
    MAX_INPUT_BYTES,
    MAX_SENTENCES,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
)
from .load import iso_datetime
from .split import split_paragraph
from .substance import LinkCover, html_link_labels, markdown_link_labels, tree_link_labels, weigh
from .types import Article, RawArticle, Sentence
from .wire import split_dateline, untokenize

#: Lines longer than this are never boilerplate, captions, credits or bylines (only the
#: script/markup check looks at them).
SHORT_LINE = 160
#: Consecutive headline-like lines that make a list or table (kept) rather than captions.
LIST_RUN = 3
#: trafilatura settings, tuned on ``benchmarks/extract_f1.py`` (reader comments are not
#: the article; tables are).
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "deduplicate": False,
}
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
_RELATIVE_TIME = re.compile(
    r"^(?:(?:updated|posted|published)\s*:?\s*)?(?:\d+|an?|one|a few)\s+"
    r"(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+ago\.?$|"
    r"^(?:just now|yesterday|today)$|^\d+\s*(?:min(?:ute)?s?)\s+read$|^reading time\b",
    re.I,
)

_CODE = re.compile(
    r"<!--|-->|^!--|^<!|\bfunction\s*\(|=>|\b(?:window|document)\.[a-zA-Z_]|\bdataLayer\b|\bgtag\(|"
    r"\bgoogletag\b|^\s*(?:var|let|const)\s+\w+\s*=|!important|@media\b|^\s*[{}]|"
    r"[{}]\s*[;,]?\s*$|^\s*</?[a-zA-Z][^>]*>\s*$|^\s*[\w.$]+\([^)]*\);\s*$"
)
_BOILER_START = re.compile(
    r"^(?:advertisement|advertising|ad|sponsored(?: content)?|story continues|continue reading|"
    r"read (?:more|also|next|the full)|also read|more on this|more from|related(?: articles|"
    r" stories| content| topics| coverage| links| news)?\s*:?|recommended|trending|most (?:read|"
    r"popular|viewed)|you may (?:also )?like|see also|watch(?: now| live| video)?\s*:|listen to|"
    r"skip to|skip navigation|jump to|back to top|share (?:this|on|via|article|story|page)|"
    r"click (?:here|to)|sign (?:up|in)|log ?in|subscribe|newsletter|follow (?:us|@)|like us on|"
    r"download (?:our|the) app|open in app|all rights reserved|copyright|©|terms of (?:use|"
    r"service)|privacy policy|topics\s*:|tags\s*:|filed under|posted in|categories\s*:|"
    r"(?:additional )?reporting by|edit(?:ing|ed) by|writing by|compiled by|"
    r"this (?:article|story|content) (?:was|is|has been) (?:originally )?(?:published|produced|"
    r"written|updated|amended)|media playback is|image caption|image source|image copyright|"
    r"please enable javascript|your browser does not support|loading|see more|don'?t miss|"
    r"more stories|more:|read the original)(?:\W|$)",
    re.I,
)
#: Page furniture that ends without punctuation, glued to the next sentence where a corpus
#: lost the line break ("Scroll down for video A judge has ruled ..."): cut out of prose.
_GLUED_FURNITURE = re.compile(
    r"(?i:\bscroll down for (?:video|more)|\bmedia playback is (?:not supported|unsupported) on "
    r"(?:this|your) device|\bthese are external links and will open in a new window)"
    r"\s+(?=[\"'“‘(]?[A-Z0-9])"
)
_GLUED_HINTS = ("croll down", "edia playback", "xternal links")
_BOILER_ANY = re.compile(
    r"cookies? (?:policy|settings|preferences|consent|notice)|(?:use|uses|accept|allow) (?:all )?"
    r"cookies|(?:our|free|daily|weekly|e-?mail) newsletters?|subscribe (?:now|today|here|to (?:our|"
    r"the|my))|(?:enable|turn on|activate|allow) javascript|javascript (?:is |must be )?"
    r"(?:disabled|required|not enabled|turned off)|(?:site|page|app|website|content|video|"
    r"player|feature|form) (?:requires|needs) javascript|(?:update|upgrade) your browser|"
    r"your browser (?:is not|isn'?t|is no longer) supported|unsupported browser|"
    r"all rights reserved|"
    r"media playback|getty images|follow (?:us|him|her|them|me) on\b|"
    r"\[(?:video|watch|insight|reaction|pictures|photos|gallery|latest|live|analysis|poll|"
    r"revealed|related|read more)\b",
    re.I,
)
# Substrings one of which every match of the patterns above contains (cheap prefilters).
_CODE_STARTS = ("<", "!--", "var ", "let ", "const ", "{", "}", "[")
_CODE_HINTS = (
    "<!",
    "-->",
    "function",
    "=>",
    "window.",
    "document.",
    "datalayer",
    "dataLayer",
    "gtag(",
    "googletag",
    "!important",
    "@media",
    "{",
    "}",
    ");",
    "<",
    ">",
)
_BOILER_HINTS = (
    "cookie",
    "newsletter",
    "subscribe",
    "javascript",
    "browser",
    "rights reserved",
    "media playback",
    "getty",
    "follow ",
    "[",
)
_CREDIT_HINTS = (
    "/",
    ":",
    "|",
    "(",
    "via ",
    "by",
    "photo",
    "image",
    "picture",
    "pic",
    "credit",
    "caption",
    "source",
    "illustration",
    "video",
    "graphic",
)
_YEAR = re.compile(r"\d{4}")
_SOCIAL = frozenset(
    (
        "share",
        "email",
        "print",
        "tweet",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "pinterest",
        "messenger",
        "reddit",
        "comments",
        "comment",
        "menu",
        "home",
        "search",
        "close",
        "loading",
        "copied",
    )
)

_AGENCY = (
    r"(?:AP|AFP|Reuters|Getty(?: Images)?|EPA(?:-EFE)?|Shutterstock|Alamy|PA(?: Media| Wire)?|"
    r"Bloomberg|Xinhua|Anadolu(?: Agency)?|NurPhoto|SOPA Images|ZUMA(?: Press)?|"
    r"Associated Press|ASSOCIATED PRESS|Sipa|Corbis|iStock(?:photo)?|Unsplash|Pool|Handout|"
    r"LightRocket|Bloomberg via Getty Images)"
)
_CREDIT = re.compile(
    r"^\(?(?i:source|photo(?:graph)?s?|image|picture|pic|credits?|caption|illustration|video|"
    r"graphic|file photo|photo credit|pictured)\s*(?::|\||/|(?i:by)\b)|"
    rf"\b{_AGENCY}\s*/|/\s*{_AGENCY}\b|\bvia {_AGENCY}|\({_AGENCY}[^)]{{0,40}}\)\s*$|"
    rf"\b{_AGENCY} (?:photo|images?)\b|^[A-Z][A-Z .'-]+/[A-Z][A-Z .'&-]+$",
)
_BYLINE = re.compile(
    r"^(?i:by|written by|words by|story by)\s+"
    r"([A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|and|&|de|van|von|al|bin))*)",
)
_BYLINE_TAIL = re.compile(r"^(?:[,|–—-]\s*[\w .'’&-]{0,60})?$")

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
_SPACES = re.compile(r"\s+")
_KEY = re.compile(r"[\W_]+")

_log = logging.getLogger("trafilatura")
if not _log.handlers:  # trafilatura's own warnings must not reach the user's terminal
    _log.addHandler(logging.NullHandler())
    _log.propagate = False


# --- line classification ------------------------------------------------------------------


@dataclass
class _Unit:
    """One content line, or several hard-wrapped lines of the same paragraph."""

    text: str
    line: int
    heading: bool = False  # Markdown heading
    list_item: bool = False


@dataclass
class _Parsed:
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
    if not (line.startswith(_CODE_STARTS) or any(hint in line for hint in _CODE_HINTS)):
        return False
    return (
        _CODE.search(line if len(line) <= SHORT_LINE else f"{line[:200]}\n{line[-20:]}") is not None
    )


def _is_junk(line: str) -> bool:
    """Scripts, markup fragments, boilerplate prompts, timestamps and social-button labels."""
    if _is_code(line):
        return True
    if len(line) > SHORT_LINE:
        return False
    low = line.lower()
    if _BOILER_START.match(line) or _RELATIVE_TIME.match(line):
        return True
    if any(hint in low for hint in _BOILER_HINTS) and _BOILER_ANY.search(line):
        return True
    if _TIME.fullmatch(line.strip(" .")):
        return True
    return _KEY.sub(" ", line).strip().lower() in _SOCIAL


def _is_credit(line: str) -> bool:
    if len(line) > SHORT_LINE:
        return False
    low = line.lower()
    if not any(hint in low for hint in _CREDIT_HINTS):
        return False
    return _CREDIT.search(line) is not None


def _byline_author(line: str) -> str | None:
    """The name(s) in a byline such as ``By Jane Doe, Reuters``; None if not a byline."""
    if len(line) > 100:
        return None
    match = _BYLINE.match(line)
    if not match or not _BYLINE_TAIL.match(line[match.end() :].strip()):
        return None
    return match.group(1).strip() or None


def _is_prose(unit: _Unit) -> bool:
    """Article text, as opposed to a headline, caption, label or list of names."""
    if unit.heading:
        return False
    words = _words(unit.text)
    if _TERMINAL.search(unit.text[-12:]):
        return len(words) >= 2 or unit.text.endswith((".", "!", "?"))
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
        blocks[-1].lines.append((number, _SPACES.sub(" ", line), heading, list_item))
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
        self.parsed = _Parsed(title=known_title)
        self.known_title = known_title
        self.per_line = one_paragraph_per_line
        self.seen: set[str] = set()
        self.units: list[_Unit] = []

    def run(self, text: str) -> _Parsed:
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


def _key(text: str) -> str:
    return _KEY.sub(" ", text.casefold()).strip()


# --- HTML ----------------------------------------------------------------------------------


def _extract_html(raw: RawArticle, metadata: bool = True) -> tuple[str, dict[str, Any], list[str]]:
    """Main text (one paragraph per line), metadata and link labels of an HTML page.

    trafilatura extracts text and metadata from the page's tree, parsed once here so the
    labels of its links (``<a>`` texts) can be read too. ``metadata=False`` skips
    trafilatura's metadata search (the text is the same).
    """
    import trafilatura
    from trafilatura.utils import load_html

    try:
        if raw.body.count("<", 0, MAX_INPUT_BYTES) > MAX_HTML_TAGS:
            return trafilatura.html2txt(raw.body) or "", {}, html_link_labels(raw.body)
        tree = load_html(raw.body)
        labels = tree_link_labels(tree) if tree is not None else []
        options = {**TRAFILATURA_OPTIONS, "with_metadata": metadata}
        doc = None if tree is None else trafilatura.bare_extraction(tree, url=raw.url, **options)
        meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else dict(doc or {})
        text = meta.get("text") or ""
        if not text.strip():
            text = trafilatura.html2txt(raw.body) or ""
    except (ValueError, TypeError, RecursionError, MemoryError, AttributeError) as exc:
        raise CleanError(raw.location, f"HTML could not be parsed ({type(exc).__name__})") from None
    return text, meta, labels


def _html_metadata(raw: RawArticle, meta: dict[str, Any]) -> dict[str, str | None]:
    def field_(name: str) -> str | None:
        value = meta.get(name)
        return " ".join(normalize_text(value).split()) or None if isinstance(value, str) else None

    return {
        "title": raw.title or field_("title"),
        "published": raw.published or iso_datetime(field_("date")),
        "author": raw.author or field_("author"),
        "site": raw.site or field_("sitename") or field_("hostname"),
        "url": raw.url or _http_url(field_("url")),
    }


def _http_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


# --- the stage -----------------------------------------------------------------------------


def clean(raw: RawArticle, *, page_metadata: bool = True) -> Article:
    """Turn a raw article into clean paragraphs and sentences; ``CleanError`` if none remain.

    ``page_metadata=False`` does not search an HTML page for its title, date, author,
    site and URL (a third of trafilatura's work): the article then has only the ones
    ``raw`` brings, for callers that already know what they need (the digest's feeds).
    """
    if raw.body_type == "html":
        body, meta_dict, labels = _extract_html(raw, page_metadata)
        meta = _html_metadata(raw, meta_dict)
    else:
        body = raw.body
        labels = markdown_link_labels(body)
        meta = {
            "title": raw.title,
            "published": raw.published,
            "author": raw.author,
            "site": raw.site,
            "url": raw.url,
        }
    title = _one_line(meta["title"])
    prose = untokenize(normalize_text(_head(body)))  # PTB-tokenised corpus text read as prose
    if any(hint in prose for hint in _GLUED_HINTS):
        prose = _GLUED_FURNITURE.sub("", prose)
    parsed = _Classifier(title, raw.body_type == "html").run(prose)
    paragraphs = parsed.paragraphs or parsed.others
    if not paragraphs and parsed.title and title is None:
        paragraphs = [parsed.title]  # a one-line text is its own headline and body
    dateline = None
    if paragraphs:  # "WASHINGTON (CNN) --" is metadata, not the first sentence's words
        dateline, paragraphs[0] = split_dateline(paragraphs[0])
    paragraphs, sentences = _sentences(_cap_text(paragraphs))
    problem = _no_article(sentences, labels, parsed.title if title is None else None)
    if problem is not None:
        raise CleanError(raw.location, f"no article text found ({problem})")
    text = "\n\n".join(paragraphs)
    headline = _cap_title(parsed.title or sentences[0].text)
    return Article(
        id=raw.id or hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        location=raw.location,
        title=headline,
        text=text,
        sentences=tuple(sentences),
        url=_http_url(meta["url"]),
        published=meta["published"] or parsed.published,
        author=_one_line(meta["author"] or parsed.author),
        site=_one_line(meta["site"]),
        source_name=_one_line(raw.source_name),
        language=detect_language([headline, *paragraphs]),
        dateline=dateline,
    )


def _no_article(sentences: list[Sentence], labels: list[str], derived: str | None) -> str | None:
    """Why the text is no article (no sentence of its own; see ``substance``), or None.

    ``derived``: a title taken from the text itself, which may hold its first sentences.
    """
    by_paragraph: dict[int, list[str]] = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence.text)
    paragraphs = list(by_paragraph.values())
    if derived:
        paragraphs.append(split_paragraph(derived))
    return weigh(paragraphs, LinkCover(labels) if labels else None).problem


def _head(body: str) -> str:
    """The part of a body that can matter: text past ``4 * MAX_TEXT_CHARS`` is never kept."""
    limit = 4 * MAX_TEXT_CHARS
    if len(body) <= limit:
        return body
    cut = body.rfind("\n", 0, limit)  # a whole line, unless that drops most of the head
    return body[: cut if cut > limit // 2 else limit]


def _cap_text(paragraphs: list[str]) -> list[str]:
    """Keep whole paragraphs up to ``MAX_TEXT_CHARS`` (a first paragraph alone is cut)."""
    kept: list[str] = []
    total = 0
    for paragraph in paragraphs:
        if total + len(paragraph) > MAX_TEXT_CHARS:
            if not kept:
                kept.append(paragraph[:MAX_TEXT_CHARS])
            break
        kept.append(paragraph)
        total += len(paragraph) + 2
    return kept


def _sentences(paragraphs: list[str]) -> tuple[list[str], list[Sentence]]:
    """Split each paragraph; rebuild it from its sentences so text and sentences agree."""
    out_paragraphs: list[str] = []
    sentences: list[Sentence] = []
    for paragraph in paragraphs:
        room = MAX_SENTENCES - len(sentences)
        if room <= 0:
            break
        parts = split_paragraph(paragraph)[:room]
        if not parts:
            continue
        index, base = len(out_paragraphs), len(sentences)
        sentences.extend(
            Sentence(index=base + i, paragraph=index, text=s) for i, s in enumerate(parts)
        )
        out_paragraphs.append(" ".join(parts))
    return out_paragraphs, sentences


def _one_line(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(normalize_text(value).split()) or None


def _cap_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title.rfind(" ", 0, MAX_TITLE_CHARS - 1)
    return title[: cut if cut > MAX_TITLE_CHARS // 2 else MAX_TITLE_CHARS - 1].rstrip() + "…"
