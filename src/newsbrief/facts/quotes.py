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
from .confidence import QUOTE_CONFIDENCE
from .entities import EntityIndex
from .gazetteer import QUOTE_VERB_PATTERN
from .spans import TextMap

# A closing single mark is not an apostrophe: not before a letter ("don’t", "Iraq’s"), and
# not a plural possessive inside the quote ("the players’ union"). Every branch of a
# repeated group takes one character and excludes the others, so matching stays linear.
_SINGLE_BODY = r"(?:[^‘’\n]|’(?=\w)|(?<=s)’(?=\s[a-z]))"
_STRAIGHT_SINGLE_BODY = r"(?:[^'\n]|'(?=\w)|(?<=s)'(?=\s[a-z]))"
_QUOTED = re.compile(
    r"“(?P<curly>[^“”\n]{1,2000})”"
    r"|\"(?P<straight>[^\"\n]{1,2000})\""
    r"|``\s?(?P<ptb>(?:[^`'\n]|'(?!')){1,2000}?)\s?''"
    rf"|‘(?P<single>{_SINGLE_BODY}{{1,2000}})’(?!\w)"
    rf"|(?<![\w'])'(?P<ssingle>{_STRAIGHT_SINGLE_BODY}{{1,2000}})'(?!\w)"
)
#: A paragraph that opens a quote and never closes it: the quote goes on in the next
#: paragraph, which opens with the same mark (the convention for multi-paragraph quotes).
_OPEN_PARAGRAPH = re.compile(
    r"(?:^|\n)(?:“(?P<curly>[^“”\n]{1,3000})(?=\n\n“)"
    r"|\"(?P<straight>[^\"\n]{1,3000})(?=\n\n\")"
    rf"|‘(?P<single>{_SINGLE_BODY}{{1,3000}})(?=\n\n‘))"
)
_GROUPS = ("curly", "straight", "ptb", "single", "ssingle")
_VERBS = QUOTE_VERB_PATTERN
_PARTICIPLE = re.compile(
    r"\b(?:saying|adding|telling [\w ]{1,30}|insisting|warning|arguing|declaring|writing)"
    r"(?:\s+that)?\s*[:,]?\s*$"
)
# A name word never ends in a full stop unless it is an initial ("J."): "Charlotte. For" is
# two sentences, not a speaker.
_CAP = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Rev|St)\.|[A-Z](?:[\w'’-]*|\.))"
_NAME = (
    rf"(?P<name>(?:[Tt]he |[Aa] |[Aa]n )?{_CAP}"
    rf"(?: (?:{_CAP}|al-[A-Z][\w'’-]*|of|the|and|for)){{0,5}}"
    rf"|[Hh]e|[Ss]he|[Tt]hey|[Ii]t|(?:[Tt]he|[Aa]n?) (?:{_CAP} ){{0,4}}[a-z]+(?: [a-z]+)?)"
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
    pending: list[tuple[str, int]] = []  # open paragraphs of a multi-paragraph quote
    for match in _quote_spans(text):
        body = " ".join(_body(match).split())
        if match.re is _OPEN_PARAGRAPH:
            pending.append((body, match.start()))
            continue
        if len(body.split()) < _MIN_WORDS and not pending:
            continue
        start = pending[0][1] if pending else match.start()
        if pending:
            body = " ".join([*(part for part, _ in pending), body])
            pending = []
        sentence = tmap.sentence_at(start)
        speaker, how = _speaker(text, match.start(), match.end(), tmap, index)
        paragraph += text.count("\n\n", counted_to, match.start())
        counted_to = max(counted_to, match.start())
        if speaker is None and _continues(previous, paragraph, match.start()):
            speaker, how = (previous[1] if previous else None), "carried"
        quotes.append(
            Quote(
                text=body.rstrip(",").strip(),
                sentence_index=sentence,
                speaker=speaker,
                confidence=QUOTE_CONFIDENCE[how if speaker else "none"],
            )
        )
        previous = (paragraph, speaker, match.end())
    return quotes


def _quote_spans(text: str) -> list[re.Match[str]]:
    """Closed quotes and open quote paragraphs, in text order (open paragraphs first)."""
    spans = [*_QUOTED.finditer(text), *_OPEN_PARAGRAPH.finditer(text)]
    spans.sort(key=lambda m: (m.start(), m.re is _QUOTED))
    kept: list[re.Match[str]] = []
    reach = -1
    for match in spans:
        if match.start() < reach:
            continue
        kept.append(match)
        reach = match.end()
    return kept


def _body(match: re.Match[str]) -> str:
    found = match.groupdict()
    return next((found[g] for g in _GROUPS if found.get(g)), "")


def _continues(previous: tuple[int, str | None, int] | None, paragraph: int, start: int) -> bool:
    """Whether an unattributed quote goes on from the previous, attributed one."""
    return bool(previous and previous[1] and previous[0] == paragraph and start - previous[2] < 400)


def _speaker(
    text: str, start: int, end: int, tmap: TextMap, index: EntityIndex
) -> tuple[str | None, str]:
    """Who said the quote between ``start`` and ``end``, and how we know (``QUOTE_CONFIDENCE``)."""
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
            return speaker, _how(phrase.strip(), speaker)
    return _fallback_speaker(before, start, index), "nearby"


def _how(phrase: str, speaker: str) -> str:
    """How a speaker was found: by name, by a pronoun, or by a definite description
    ("the Italian", "the 55-year-old") that points back to someone we could not name."""
    if phrase.casefold() in _PRONOUNS:
        return "pronoun"
    if speaker == phrase and phrase.casefold().startswith("the "):
        return "descriptor"
    return "named"


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
    if phrase[:1].isupper() and 2 <= len(words) <= 4:  # one unknown word: "Opponents"
        return phrase
    return None
