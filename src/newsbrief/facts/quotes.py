"""Direct quotations and who said them.

Quotes are “curly” or "straight" double-quoted spans of at least four words
(shorter ones are scare quotes, not statements). The speaker comes from the
words around the quote: “…,” X said / said X / X told … / X added (noted,
announced, ...) / according to X / X said: “…”. A pronoun ("he said") or a
title ("the PM noted") is resolved to the last named person or the title's one
holder; a name is normalised to the merged entity's full name. An unattributed
quote that directly follows an attributed one in the same paragraph keeps
that speaker.
"""

from __future__ import annotations

import re

from ..types import Quote
from .entities import EntityIndex
from .gazetteer import QUOTE_VERB_PATTERN
from .spans import TextMap

_QUOTED = re.compile(r"“(?P<curly>[^“”\n]{1,2000})”|\"(?P<straight>[^\"\n]{1,2000})\"")
_VERBS = QUOTE_VERB_PATTERN
_PARTICIPLE = re.compile(
    r"\b(?:saying|adding|telling [\w ]{1,30}|insisting|warning|arguing|declaring|writing)"
    r"(?:\s+that)?\s*[:,]?\s*$"
)
_NAME = (
    r"(?P<name>(?:[Tt]he |[Aa] |[Aa]n )?[A-Z][\w'’.-]*"
    r"(?: (?:[A-Z][\w'’.-]*|al-[A-Z][\w'’-]*|of|the)){0,5}"
    r"|[Hh]e|[Ss]he|[Tt]hey|[Ii]t|(?:[Tt]he|[Aa]n?) (?:[A-Z][\w'’.-]* ){0,4}[a-z]+(?: [a-z]+)?)"
)
_ASIDE = r"(?:,[^,]{1,80},|\s[-–—][^-–—]{1,100}[-–—])?"
_AFTER_VERB_NAME = re.compile(rf"^[\s,]*(?:{_VERBS})\s+(?:[a-z][\w-]*\s+){{0,3}}?{_NAME}")
_NAME_VERB_ANYWHERE = re.compile(rf"{_NAME}{_ASIDE},?\s+(?:has |had |also |then )?(?:{_VERBS})\b")
_AFTER_NAME_VERB = re.compile(
    rf"^[\s,]*{_NAME}{_ASIDE},?\s+(?:has |had |also |then )?(?:{_VERBS})\b"
)
_BEFORE = re.compile(
    rf"{_NAME}{_ASIDE},?\s+(?:has |had |also |then )?(?:{_VERBS})"
    r"(?:\s+[\w'’]+){0,4}?\s*(?:that\s*)?[:,]?\s*$"
)
_ACCORDING = re.compile(rf"\baccording to\s+{_NAME}")
_PRONOUNS = frozenset({"he", "she"})
_MIN_WORDS = 4


def extract_quotes(tmap: TextMap, index: EntityIndex) -> list[Quote]:
    """Every direct quotation of the text with its resolved speaker (or ``None``)."""
    text = tmap.text
    quotes: list[Quote] = []
    previous: tuple[int, str | None, int] | None = None  # (paragraph, speaker, end)
    paragraph, counted_to = 0, 0
    for match in _QUOTED.finditer(text):
        body = (match.group("curly") or match.group("straight") or "").strip()
        if len(body.split()) < _MIN_WORDS:
            continue
        sentence = tmap.sentence_at(match.start())
        speaker = _speaker(text, match.start(), match.end(), tmap, index)
        paragraph += text.count("\n\n", counted_to, match.start())
        counted_to = max(counted_to, match.start())
        if speaker is None and _continues(previous, paragraph, match.start()):
            speaker = previous[1] if previous else None
        quotes.append(
            Quote(text=body.rstrip(",").strip(), sentence_index=sentence, speaker=speaker)
        )
        previous = (paragraph, speaker, match.end())
    return quotes


def _continues(previous: tuple[int, str | None, int] | None, paragraph: int, start: int) -> bool:
    """Whether an unattributed quote goes on from the previous, attributed one."""
    return bool(previous and previous[1] and previous[0] == paragraph and start - previous[2] < 400)


def _speaker(text: str, start: int, end: int, tmap: TextMap, index: EntityIndex) -> str | None:
    """Find and resolve who said the quote between ``start`` and ``end``."""
    last = tmap.sentence_at(max(start, end - 1))
    after = text[end : min(end + 120, _sentence_end(tmap, last, len(text)))]
    first = tmap.sentence_at(start)
    before = text[max(tmap.starts[first] if tmap.starts else 0, start - 160) : start]
    candidates = []
    for pattern, window in (
        (_AFTER_VERB_NAME, after),
        (_AFTER_NAME_VERB, after),
        (_BEFORE, before),
        (_ACCORDING, after),
        (_ACCORDING, before),
    ):
        found = (
            pattern.search(window)
            if pattern is _BEFORE or pattern is _ACCORDING
            else pattern.match(window)
        )
        if found:
            candidates.append(found.group("name"))
    for phrase in candidates:
        speaker = _resolve(phrase, start, index)
        if speaker:
            return speaker
    return _fallback_speaker(before, start, index)


def _fallback_speaker(before: str, start: int, index: EntityIndex) -> str | None:
    """Partial quotes and participles: "X thinks ..., saying: “…”", "He said plans would “…”"."""
    if _PARTICIPLE.search(before):
        subject = _first_person_in(before, start, index)
        if subject:
            return subject
    spoken = list(_NAME_VERB_ANYWHERE.finditer(before))
    for match in reversed(spoken):
        speaker = _resolve(match.group("name"), start, index)
        if speaker:
            return speaker
    return None


def _first_person_in(before: str, start: int, index: EntityIndex) -> str | None:
    window_start = start - len(before)
    for offset, name in index.person_offsets:
        if window_start <= offset < start:
            return name
    return None


def _sentence_end(tmap: TextMap, index: int, default: int) -> int:
    if not tmap.ends:
        return default
    # a quote ending a sentence is often attributed in the next one ("... soil.” He said)
    return (
        tmap.ends[min(index + 1, len(tmap.ends) - 1)]
        if index + 1 < len(tmap.ends)
        else tmap.ends[index]
    )


def _resolve(phrase: str, offset: int, index: EntityIndex) -> str | None:
    phrase = phrase.strip()
    low = phrase.casefold()
    if low in _PRONOUNS:
        return index.last_person_before(offset)
    if low in ("they", "it"):
        return None
    known = index.resolve(phrase)
    if known:
        return known
    if low.startswith(("the ", "a ", "an ")):  # "A Gwent Police spokesman"
        return phrase if len(phrase.split()) <= 6 else None
    words = phrase.split()
    if phrase[:1].isupper() and 1 <= len(words) <= 4:
        return phrase
    return None
