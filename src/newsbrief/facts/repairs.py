"""Name spans the model cut or glued, repaired from their neighbours in the text.

* A place right before an organisation, one space apart, is the first word of the
  organisation's name ("Portland" + "Trail Blazers"), and so is a place before a plural
  nickname ("Philadelphia Eagles practice squad", "Philadelphia 76ers": a team).
* An organisation whose name ends in a head noun ("Committee", "Party") preceded by a
  party or national adjective the model left out is one name: "Republican" + "National
  Committee" -> "Republican National Committee".
* A two- or three-word name labelled a body or a place but followed by an age in
  apposition is a person: "LaTonya Brown, 36, and Tanya Wilson, 47, ...".
* "Former" (then, late, incoming ...) opening a name is no part of it ("Former England").
* A noun for what a company is, opening the name at a sentence start, is a description,
  not part of the name: "Drugmaker Merck", "Carmaker Vantor" -> "Merck" (an organisation:
  the noun says so).

Each check looks only at the characters between two mentions or right before one:
linear in the text.
"""

from __future__ import annotations

import re

from .gazetteer import DEMONYMS, GIVEN_NAMES, HONORIFICS, ORG_HEADS, ORG_SUFFIXES, TITLE_WORDS
from .ner import Mention
from .numbers import WEEKDAYS

#: Party and national adjectives that open organisation names ("Republican National Committee").
_NAME_ADJECTIVES = DEMONYMS | frozenset(
    {"Republican", "Democratic", "Conservative", "Liberal", "Labour", "Socialist", "National"}
)
_ADJECTIVE_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+) $")
#: What a company is, written as one word before its name ("Drugmaker", "Carmaker").
_DESCRIPTOR = re.compile(
    r"^(?:[A-Z][a-z]*(?:maker|giant|firm|retailer|broadcaster|carrier|lender|insurer|"
    r"manufacturer|company))$"
)
#: Words a sentence start capitalises that never open or end a name.
_FUNCTION_WORDS = frozenset(
    {
        "although",
        "also",
        "however",
        "meanwhile",
        "though",
        "while",
        "whilst",
        "whereas",
        "but",
        "and",
        "or",
        "yet",
        "if",
        "unless",
        "because",
        "could",
        "would",
        "should",
        "did",
        "does",
        "shall",
        "might",
        "must",
        "was",
        "were",
        "is",
        "are",
    }
)  # not "will", "can", "may": given names ("Will Smith", "Can Dundar", "May Mills")
#: Adjectives of time that open a sentence before a name, never part of it.
_TIME_ADJECTIVES = frozenset({"Former", "Ex", "Then", "Late", "Future", "Incoming", "Outgoing"})
_SENTENCE_START = re.compile(r"(?:^|[.!?]['’\"”]?\s+|\n\s*)$")
_HEADS = ORG_HEADS | ORG_SUFFIXES
#: "in Leeds on Saturdays": a weekday in the plural is no nickname.
_WEEKDAYS_PLURAL = frozenset(day + "s" for day in WEEKDAYS)


#: A team's plural nickname after its town: "Philadelphia Eagles", "Portland Trail Blazers",
#: "Philadelphia 76ers"; the model often keeps only the town.
_NICKNAME_AFTER = re.compile(r" (?:[A-Z][a-z]+ )?([A-Z0-9][A-Za-z0-9]*[a-z]s)\b(?! [A-Z])")


def repair_spans(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions with cut names joined and descriptive nouns dropped (see module doc)."""
    out: list[Mention] = []
    for mention in mentions:
        if mention.kind == "place" and mention.text[-1:].isalnum():
            mention = _with_nickname(mention, text)
        previous = out[-1] if out else None
        if previous is not None and previous.start <= mention.start < mention.end <= previous.end:
            continue  # inside a name joined above ("Trail Blazers" of "Portland Trail Blazers")
        if (
            previous is not None
            and previous.kind == "place"
            and previous.text[-1:].isalnum()  # not across a full stop: "Hong Kong. Google"
            and mention.kind == "organization"
            and mention.start == previous.end + 1
            and text[previous.end] == " "
        ):
            joined = text[previous.start : mention.end]
            out[-1] = Mention(joined, "organization", previous.start, mention.end)
            continue
        out.append(_aged(_described(_adjective_first(mention, text), text), text))
    return out


#: "LaTonya Brown, 36, and ...": an age in apposition; bodies and places have none.
_AGE_AFTER = re.compile(r", (?:aged )?\d{1,2},")


def _aged(mention: Mention, text: str) -> Mention:
    words = mention.text.split()
    if mention.kind not in ("organization", "place") or not 2 <= len(words) <= 3:
        return mention
    if words[-1].casefold() in _HEADS or _AGE_AFTER.match(text, mention.end) is None:
        return mention
    return Mention(mention.text, "person", mention.start, mention.end, mention.short)


def _with_nickname(mention: Mention, text: str) -> Mention:
    after = _NICKNAME_AFTER.match(text, mention.end)
    if after is None:
        return mention
    last = after.group(1)
    low = last.casefold()
    if low in GIVEN_NAMES or low in TITLE_WORDS or low in HONORIFICS or last in DEMONYMS:
        return mention  # "in Paris Thomas said", "in London Mrs ..."
    if any(w.casefold() in _WEEKDAYS_PLURAL for w in after.group(0).split()):
        return mention
    end = after.end()
    return Mention(text[mention.start : end], "organization", mention.start, end)


def _adjective_first(mention: Mention, text: str) -> Mention:
    words = mention.text.split()
    if mention.kind != "organization" or len(words) < 2 or words[-1].casefold() not in _HEADS:
        return mention
    before = _ADJECTIVE_BEFORE.search(text, max(0, mention.start - 20), mention.start)
    if before is None or before.group(1) not in _NAME_ADJECTIVES or words[0] in DEMONYMS:
        return mention
    start = before.start(1)
    return Mention(text[start : mention.end], mention.kind, start, mention.end, mention.short)


def _function_words_off(mention: Mention) -> Mention:
    """ "Although Amy", "Could I", "Malaga Also": a conjunction, adverb or auxiliary that
    a sentence start capitalised is no part of a name."""
    words = mention.text.split()
    first = 1 if len(words) >= 2 and words[0].casefold() in _FUNCTION_WORDS else 0
    last = (
        len(words) - 1
        if len(words) - first >= 2 and words[-1].casefold() in _FUNCTION_WORDS
        else len(words)
    )
    if first == 0 and last == len(words):
        return mention
    kept = words[first:last]
    offset = mention.text.index(kept[0]) if first else 0
    body = mention.text[offset : offset + len(" ".join(kept))]
    start = mention.start + offset
    return Mention(body, mention.kind, start, start + len(body), mention.short)


def _described(mention: Mention, text: str) -> Mention:
    mention = _function_words_off(mention)
    words = mention.text.split()
    if len(words) >= 2 and words[0] in _TIME_ADJECTIVES:  # "Former England international"
        offset = mention.text.index(words[1])
        start = mention.start + offset
        return Mention(mention.text[offset:], mention.kind, start, mention.end, mention.short)
    if len(words) < 2 or not _DESCRIPTOR.match(words[0]):
        return mention
    if _SENTENCE_START.search(text, max(0, mention.start - 4), mention.start) is None:
        return mention
    offset = mention.text.index(words[1])
    return Mention(mention.text[offset:], "organization", mention.start + offset, mention.end)
