"""Quotation spans: opening and closing marks told apart, then paired.

A mark opens a quotation when it stands before a word after a space (or a
paragraph start) and closes one when it stands after a word or punctuation
before a space; typographic marks say which they are (“ ‘ `` open, ” ’ ''
close). Double marks (“ ” " `` '') and single marks (‘ ’ ' `) are two families,
each paired on its own, so ‘…’ inside “…” stays inside. An apostrophe is not a
mark: ’ between letters ("don’t"), a clitic after a space ("John 's", PTB text),
a plural possessive before a lower-case word ("the players’ union").

Pairing follows the news conventions for quotations that do not close:

* a quotation running over several paragraphs opens every paragraph and closes
  only in the last one: the paragraphs are one quotation;
* a new opening mark after a sentence end of an open quotation on the same line
  is the same convention with the paragraph breaks lost (`… so far. "Each one …`);
* a quotation still open at the end of its paragraph, when the next paragraph
  does not open with a mark, ends there: it never takes in the narrative after it.

Everything is one linear scan over the marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile(r"``|''|[“”‘’\"'`]")
_OPENERS = {"“": "double", "``": "double", "‘": "single", "`": "single"}
_CLOSERS = {"”": "double", "''": "double"}
_SPACE_BEFORE = frozenset(" \t\n\r([{—–-/\u00a0")
_SPACE_AFTER = frozenset(" \t\n\r.,;:!?)]}—–-\u00a0")
# "John 's", "they 're", "'90s", "rock 'n' roll": an apostrophe after a space, not a mark.
_CLITIC = re.compile(r"(?:s|re|ve|ll|d|m|t|em|n|til|cause|\d\ds?)(?![\w’'])", re.IGNORECASE)
# After a plural possessive ("the players’ union") comes the noun it determines; a
# function word ("events' which", "claims' and") shows the mark closed a quotation.
_POSSESSED = re.compile(
    r"\s(?!(?:which|who|whom|that|and|or|but|to|in|of|by|from|as|at|on|for|with|is|are|was|"
    r"were|has|have|had|will|would|said|says|he|she|they|it|the|a|an)\b)[a-z]"
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]?\s*$")
_FIRST_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")


@dataclass(frozen=True)
class QuoteSpan:
    """One quotation: offsets of its first opening mark and after its last mark, its words."""

    start: int
    end: int
    body: str
    #: (start, end) of every paragraph's words, in order.
    parts: tuple[tuple[int, int], ...]


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every quotation of ``text``, in text order; one nested in another is left out."""
    breaks = _paragraph_breaks(text)
    marks: dict[str, list[tuple[int, int, str]]] = {"double": [], "single": []}
    for match in _MARK.finditer(text):
        kind = _kind(text, match.start(), match.group(0))
        if kind is not None:
            family, role = kind
            marks[family].append((match.start(), match.end(), role))
    spans = [*_pair(text, marks["double"], breaks), *_pair(text, marks["single"], breaks)]
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[QuoteSpan] = []
    reach = -1
    for span in spans:
        if span.start >= reach:
            kept.append(span)
            reach = span.end
    return kept


def _paragraph_breaks(text: str) -> re.Pattern[str]:
    """A blank line separates paragraphs; in a text without any, a line break does."""
    return re.compile(r"\n[ \t]*\n" if "\n\n" in text or re.search(r"\n[ \t]+\n", text) else r"\n")


def _kind(text: str, at: int, mark: str) -> tuple[str, str] | None:
    """(family, "open" | "close") of the mark at ``at``, or None for an apostrophe."""
    if mark in _OPENERS:
        return _OPENERS[mark], "open"
    if mark in _CLOSERS:
        return _CLOSERS[mark], "close"
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    spaced_before, spaced_after = before in _SPACE_BEFORE, after in _SPACE_AFTER
    family = "double" if mark == '"' else "single"
    if family == "single":
        if before.isalnum() and after.isalnum():
            return None  # don't, Iraq's
        if spaced_before and _CLITIC.match(text, at + 1):
            return None  # PTB "John 's", "'90s"
        if before in "sS" and _POSSESSED.match(text, at + 1):
            return None  # the players’ union
    if spaced_before and not spaced_after:
        return family, "open"
    if spaced_after and not spaced_before:
        return family, "close"
    if not spaced_before and not spaced_after:
        return family, "either"
    return family, "close"  # alone between spaces: PTB text spaces its closing marks


def _pair(text: str, marks: list[tuple[int, int, str]], breaks: re.Pattern[str]) -> list[QuoteSpan]:
    found: list[QuoteSpan] = []
    parts: list[tuple[int, int]] = []  # finished paragraphs of the open quotation
    first = -1  # offset of its first opening mark
    body = -1  # start of the words of its current paragraph; -1: no quotation open
    for start, end, role in marks:
        if body < 0:
            if role != "close":
                first, body, parts = start, end, []
            continue
        paragraph = breaks.search(text, body, start)
        if paragraph is not None:  # the open quotation's paragraph ended before this mark
            parts.append((body, paragraph.start()))
            if role != "close" and not text[paragraph.end() : start].strip():
                body = end  # the next paragraph opens with a mark: the quotation goes on
                continue
            found.extend(_unclosed(text, first, parts))
            body = -1
            if role != "close":
                first, body, parts = start, end, []
            continue
        if role == "open":
            if _SENTENCE_END.search(text, body, start):
                parts.append((body, start))  # run-together paragraphs
                body = end
            else:  # the open quotation ended unmarked (a lost paragraph break), or never began
                found.extend(_unclosed(text, first, [*parts, (body, start)], alone=True))
                first, body, parts = start, end, []
            continue
        parts.append((body, start))
        found.append(_span(text, first, end, parts))
        body = -1
    if body >= 0:
        paragraph = breaks.search(text, body)
        stop = paragraph.start() if paragraph else len(text)
        found.extend(_unclosed(text, first, [*parts, (body, stop)]))
    return found


def _unclosed(
    text: str, first: int, parts: list[tuple[int, int]], *, alone: bool = False
) -> list[QuoteSpan]:
    """A quotation whose closing mark is missing ends at its last paragraph's first sentence
    end (at worst the rest of that paragraph is lost; the narrative after it is never taken).
    It is kept when it went on over several paragraphs, or (``alone``) when another quotation
    opens later in the same paragraph: both show the marks are quotation marks. A lone
    opening mark that never closes (a misused apostrophe, a title mark) is no quotation."""
    if len(parts) < 2 and not (alone and _FIRST_SENTENCE_END.search(text, *parts[-1])):
        return []
    start, stop = parts[-1]
    cut = _FIRST_SENTENCE_END.search(text, start, stop)
    end = cut.end() if cut else stop
    return [_span(text, first, end, [*parts[:-1], (start, end)])]


def _span(text: str, first: int, end: int, parts: list[tuple[int, int]]) -> QuoteSpan:
    words = " ".join(" ".join(text[a:b].split()) for a, b in parts if text[a:b].strip())
    return QuoteSpan(first, end, words, tuple(parts))
