"""Where each sentence sits in the article text, and which sentences are body prose.

Facts are found with character offsets into ``article.text``; this module maps
an offset back to the index of its sentence and tells body sentences from
headline repeats, captions, credits and boilerplate (which yield no entities).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..lexicon import CAPTION_START, PHOTO_CREDIT
from ..types import Article
from .gazetteer import words

_TERMINAL = re.compile(r"[.!?…\"”’)\]]\s*$")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_FUNCTION_WORDS = words("a an and as at but by for from in into of on or the to with")


@dataclass(frozen=True)
class TextMap:
    """Sentence start offsets in ``text`` plus a body/non-body flag per sentence."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    body: tuple[bool, ...]

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding character ``offset`` (the nearest before it)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def is_body(self, offset: int) -> bool:
        """Whether ``offset`` falls in a body sentence (not a caption, credit or headline)."""
        if not self.starts:
            return False
        return self.body[self.sentence_at(offset)]


def build_map(article: Article) -> TextMap:
    """Locate every sentence of ``article`` in its text (in order) and classify it."""
    text = article.text
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for sentence in article.sentences:
        found = text.find(sentence.text, pos)
        if found < 0:  # not verbatim (should not happen): keep order, guess position
            found = pos
        starts.append(found)
        ends.append(found + len(sentence.text))
        pos = found + len(sentence.text)
    title_key = _key(article.title)
    body = tuple(_is_body(s.text, title_key) for s in article.sentences)
    return TextMap(text=text, starts=tuple(starts), ends=tuple(ends), body=body)


def _key(text: str) -> str:
    return " ".join(w.casefold() for w in _WORD.findall(text))


def is_headline_like(sentence: str) -> bool:
    """True for Title Case lines without a final stop (headlines, captions)."""
    words = [w for w in _WORD.findall(sentence) if w.casefold() not in _FUNCTION_WORDS]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.75 and not _TERMINAL.search(sentence)


def _is_body(sentence: str, title_key: str) -> bool:
    stripped = sentence.strip()
    if CAPTION_START.match(stripped) or PHOTO_CREDIT.search(stripped):
        return False
    if title_key and _key(stripped) == title_key:
        return False
    words = _WORD.findall(stripped)
    if len(words) < 4 and not _TERMINAL.search(stripped):
        return False
    if stripped.isupper() and len(words) > 1:
        return False
    return not is_headline_like(stripped)
