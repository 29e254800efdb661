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
from dataclasses import replace

from ..types import Quote
from .confidence import QUOTE_CONFIDENCE
from .entities import EntityIndex
from .gazetteer import HONORIFICS, QUOTE_VERB_PATTERN, TITLE_WORDS, words
from .quotemarks import find_quotes
from .spans import TextMap

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
# "said United manager Irene Castellanos": the speaker is the name the role noun
# introduces, not the organisation before the role.
_ROLE_NOUNS = TITLE_WORDS | words(
    "executive official campaigner activist expert researcher scientist teacher doctor nurse "
    "historian engineer organiser founder trainer"
)
_ROLE = "|".join(sorted(_ROLE_NOUNS, key=len, reverse=True))
_AFTER_VERB_NAME = re.compile(
    rf"^[\s,]*(?:{_VERBS})\s+"
    rf"(?:(?:{_CAP}\s+){{1,3}}(?=(?:[a-z][\w-]*\s+){{0,2}}(?:{_ROLE})\s+[A-Z]))?"
    rf"(?:[a-z][\w-]*\s+){{0,3}}?{_NAME}"
)
_NAME_VERB_ANYWHERE = re.compile(rf"{_NAME}{_ASIDE},?\s+(?:has |had |also |then )?(?:{_VERBS})\b")
# "…,” chief executive Tim Cook told …": a role before the name is part of the subject.
_AFTER_NAME_VERB = re.compile(
    rf"^[\s,]*(?:(?:[a-z][\w-]*\s+){{0,2}}(?:{_ROLE})\s+(?=[A-Z]))?"
    rf"{_NAME}{_ASIDE},?\s+(?:has |had |also |then )?(?:{_VERBS})\b"
)
# After "X said" that attributes the quote before it comes the end of the clause, or a few
# words ("told the BBC."); "X said: …" introduces the next quote, and "X said games
# developers were …" reports speech in a sentence of its own.
_INTRODUCES = re.compile(r"\s*:")
_CLAUSE_ENDS = re.compile(r"(?:\s+[\w'’-]+){0,5}?\s*(?:[.,;!?]|$)")
_BEFORE = re.compile(
    rf"{_NAME}{_ASIDE},?\s+(?:has |had |also |then )?(?:{_VERBS})"
    r"(?:\s+[\w'’]+){0,4}?\s*(?:that\s*)?[:,]?\s*$"
)
_ACCORDING = re.compile(rf"\baccording to\s+{_NAME}")
_PRONOUNS = frozenset({"he", "she"})
_ENDS_SENTENCE = re.compile(r"[.!?]\s?(?:”|\"|’|'|'')$")
_TITLES = TITLE_WORDS | HONORIFICS
# "a lawyer for Smith said", "a friend of Smith said": the name is the object of the
# preposition; the speaker is the noun before it.
_OBJECT_OF = re.compile(r"\b(?:for|of|representing|behalf of)\s+(?:the\s+)?$")
_MIN_WORDS = 4


def extract_quotes(tmap: TextMap, index: EntityIndex) -> list[Quote]:
    """Every direct quotation of the text with its resolved speaker (or ``None``)."""
    text = tmap.text
    quotes: list[Quote] = []
    previous: tuple[int, str | None, int] | None = None  # (paragraph, speaker, end)
    paragraph, counted_to = 0, 0
    for span in find_quotes(text):
        body = span.body
        if len(body.split()) < _MIN_WORDS:
            continue
        sentence = tmap.sentence_at(span.start)
        speaker, how = _speaker(text, span.start, span.end, tmap, index)
        paragraph += text.count("\n\n", counted_to, span.start)
        counted_to = max(counted_to, span.start)
        if speaker is None and _continues(previous, paragraph, span.start):
            speaker, how = (previous[1] if previous else None), "carried"
        quotes.append(
            Quote(
                text=body.rstrip(",").strip(),
                sentence_index=sentence,
                speaker=speaker,
                confidence=QUOTE_CONFIDENCE[how if speaker else "none"],
            )
        )
        previous = (paragraph, speaker, span.end)
    return _distinct(quotes)


def _distinct(quotes: list[Quote]) -> list[Quote]:
    """One item per quotation: a quote repeated (a caption repeating the text, a pull quote)
    or contained in a longer one is dropped; the one kept takes its speaker if it had none."""
    keys = [" ".join(q.text.casefold().split()) for q in quotes]
    homes = [_home(i, keys) for i in range(len(keys))]
    quotes = list(quotes)
    for quote, home in zip(quotes, homes, strict=True):
        if home is not None and quote.speaker and not quotes[home].speaker:
            quotes[home] = replace(quotes[home], speaker=quote.speaker, confidence=quote.confidence)
    return [quote for quote, home in zip(quotes, homes, strict=True) if home is None]


def _home(i: int, keys: list[str]) -> int | None:
    """The quote that holds quote ``i``: a longer one containing it, or its earlier repeat."""
    for j, other in enumerate(keys):
        if j != i and keys[i] in other and (len(keys[i]) < len(other) or j < i):
            return j
    return None


def _continues(previous: tuple[int, str | None, int] | None, paragraph: int, start: int) -> bool:
    """Whether an unattributed quote goes on from the previous, attributed one."""
    return bool(previous and previous[1] and previous[0] == paragraph and start - previous[2] < 400)


def _speaker(
    text: str, start: int, end: int, tmap: TextMap, index: EntityIndex
) -> tuple[str | None, str]:
    """Who said the quote between ``start`` and ``end``, and how we know (``QUOTE_CONFIDENCE``)."""
    last = tmap.sentence_at(max(start, end - 1))
    after = text[end : min(end + 120, _sentence_end(tmap, last, len(text)))]
    after = after.split("\n\n", 1)[0]  # the attribution is in the quote's own paragraph
    first = tmap.sentence_at(start)
    before = text[max(tmap.starts[first] if tmap.starts else 0, start - 160) : start]
    candidates = []
    order = [
        (_AFTER_VERB_NAME, after),
        (_AFTER_NAME_VERB, after),
        (_BEFORE, before),
        (_ACCORDING, after),
        (_ACCORDING, before),
    ]
    ends_sentence = bool(_ENDS_SENTENCE.search(text, max(0, end - 3), end))
    if ends_sentence:
        # "X said: “… .” He said Y": a quote that ends its sentence belongs to the speaker
        # who introduced it; a "he said" after it opens the next sentence's report.
        order.insert(0, order.pop(2))
    for pattern, window in order:
        found = (
            pattern.search(window)
            if pattern is _BEFORE or pattern is _ACCORDING
            else pattern.match(window)
        )
        if (
            found
            and pattern is _AFTER_NAME_VERB
            and (
                _INTRODUCES.match(window, found.end())
                or (ends_sentence and not _CLAUSE_ENDS.match(window, found.end()))
            )
        ):
            continue
        if found:
            name_start = found.start("name")
            if pattern is _BEFORE and _OBJECT_OF.search(window, 0, name_start):
                # "a lawyer for Smith said": Smith is not the one speaking, the lawyer is
                phrase = " ".join([*window[:name_start].split()[-4:], found.group("name")])
                return phrase.strip(" ,"), "descriptor"
            candidates.append(found.group("name"))
    for phrase in candidates:
        speaker = _resolve(phrase, start, index, text)
        if speaker:
            return speaker, _how(phrase.strip(), speaker, index)
    return _fallback_speaker(before, start, index), "nearby"


def _how(phrase: str, speaker: str, index: EntityIndex) -> str:
    """How a speaker was found: by name, by a pronoun, or by a description ("the Italian",
    "the MPs", "a spokesman") that names no one we know as a person."""
    low = phrase.casefold()
    if low in _PRONOUNS or low.split()[-1] in _PRONOUNS:
        return "pronoun"
    if low.startswith(("the ", "a ", "an ")) and speaker not in _person_names(index):
        return "descriptor"
    return "named"


def _person_names(index: EntityIndex) -> set[str]:
    return {person.name for person in index.people}


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


def _resolve(phrase: str, offset: int, index: EntityIndex, text: str = "") -> str | None:
    phrase = phrase.strip()
    low = phrase.casefold()
    if low in _PRONOUNS or (" " in low and low.split()[-1] in _PRONOUNS):
        # "on Wednesday He said": a caption glued to the pronoun that begins the sentence
        return _last_subject_before(text, offset, index)
    if low in ("they", "it"):
        return None
    known = index.resolve(phrase)
    if known:
        return known
    if low.startswith(("the ", "a ", "an ")):  # "A Gwent Police spokesman"
        return phrase if len(phrase.split()) <= 6 else None
    words = phrase.split()
    if phrase[:1].isupper() and 2 <= len(words) <= 4:
        return phrase
    if len(words) == 1 and phrase[:1].isupper():  # "Fell said": a surname named in full before
        return _full_name_before(text, offset, phrase)
    return None  # one unknown word ("Opponents") is not a speaker


def _full_name_before(text: str, offset: int, surname: str) -> str | None:
    """The last full name ending in ``surname`` before ``offset`` ("Councillor Martin Fell"
    -> "Martin Fell"), titles dropped; None when the text never names it in full."""
    pattern = re.compile(rf"\b((?:[A-Z][\w'’-]+ ){{1,3}}){re.escape(surname)}\b")
    found = None
    for match in pattern.finditer(text, max(0, offset - 5000), offset):
        found = match
    if found is None:
        return None
    given = [w for w in found.group(1).split() if w.casefold().rstrip(".") not in _TITLES]
    return " ".join([*given[-2:], surname]) if given else None


# A mention that is the object of a preposition or a possessive is not who "he" is:
# "Commenting on Mr Makarov's case, he said" refers to someone else.
_NOT_SUBJECT_AFTER = re.compile(r"^(?:['’]s\b)")
_NOT_SUBJECT_BEFORE = re.compile(
    r"\b(?:of|for|against|with|by|to|on|about|from|as|like)\s+(?:\w+\s+)?$"
)


def _last_subject_before(text: str, offset: int, index: EntityIndex) -> str | None:
    """The last person named before ``offset`` who is not a possessive or the object of a
    preposition (for "he said"); the last person named at all when every mention is."""
    best = None
    for start, name in index.person_offsets:
        if start >= offset:
            break
        if text:
            after = text[start : start + 80]
            tail = after[len(name) :] if after.startswith(name) else _name_tail(after)
            if _NOT_SUBJECT_AFTER.match(tail) or _NOT_SUBJECT_BEFORE.search(
                text, max(0, start - 30), start
            ):
                continue
        best = name
    return best or index.last_person_before(offset)


def _name_tail(after: str) -> str:
    """What follows the name word run that opens ``after``."""
    match = re.match(r"(?:[A-Z][\w-]*\.?\s?)+", after)
    return after[match.end() :].lstrip() if match else after
