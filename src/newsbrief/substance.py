"""Is there an article here? Evidence that cleaned text is prose someone wrote, not page furniture.

trafilatura returns *something* for almost any page: on a page with no article it falls
back to the menu, the link lists or a "this site needs JavaScript" notice. The clean stage
asks this module whether what is left holds article text, with two pieces of evidence
that have a reason rather than a tuned threshold:

* **Sentences.** Article text is made of sentences: a unit ending in sentence-final
  punctuation (in any script) with at least two words, or a long unpunctuated run that is
  not a title-cased label. Menu entries, section names, buttons and headlines are not.
* **Own words, not link labels.** Words that sit inside ``<a>`` elements of the page (or
  Markdown ``[label](url)`` links) are the labels of other pages. A sentence counts as
  the page's own only when most of its words are outside links (a link list of
  headlines ending in full stops is still a link list).

A text with no sentence of its own is refused by the caller as "no article text found",
whatever the extractor returned. Cost: one lxml parse of the page and a linear scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

#: Sentence-final punctuation of many scripts (Latin, CJK full-width, Devanagari danda,
#: Arabic/Urdu, Armenian, Ethiopic, Myanmar), optionally followed by closing quotes/brackets.
_FINAL = re.compile(r"[.!?…。！？｡।॥؟۔։።။‼⁇⁈⁉][\"'”’»)\]」』）]*$")
#: A word: a run of letters/digits, or one character of a script written without spaces
#: between words (CJK, kana, hangul, Thai, Lao, Khmer, Myanmar), whose sentences may also
#: end without punctuation (Thai).
_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    r"\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f]|[^\W_]+",
    re.UNICODE,
)
#: An unpunctuated run this long is prose (a paragraph whose final stop was lost), unless
#: it is title-cased (a list of names or labels). Same figure as the clean stage's rule.
LONG_RUN_WORDS = 20
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_ANCHOR_CAP = 20_000  # anchors read from one page (a hostile page may hold millions)


@dataclass(frozen=True)
class Evidence:
    """What the text holds: sentences of its own, sentences that are link labels, other units."""

    own_sentences: int
    link_sentences: int
    other_units: int

    @property
    def problem(self) -> str | None:
        """Why this is no article (for "no article text found (...)"), or None if it is one."""
        if self.own_sentences:
            return None
        if self.link_sentences:
            return "only link labels: a list of links to other pages"
        if self.other_units:
            return "only headings, labels or navigation, no sentence"
        return "only headings, captions or junk"


def tokens(text: str) -> list[str]:
    """Lower-cased words of ``text`` (one token per CJK character)."""
    return [t.lower() for t in _TOKEN.findall(text)]


def is_sentence(unit: str) -> bool:
    """True for a unit that reads as a sentence rather than a label, heading or menu entry."""
    if _FINAL.search(unit[-12:]):
        return len(list(islice(_TOKEN.finditer(unit), 2))) >= 2  # two words are enough
    words = _TOKEN.findall(unit)
    if len(words) < LONG_RUN_WORDS:
        return False
    long_words = [w for w in words if len(w) >= 4] or words
    capitalised = sum(1 for w in long_words if w[:1].isupper())
    return capitalised < 0.7 * len(long_words)


def tree_link_labels(root: Any) -> list[str]:
    """The text of every ``<a>`` element under an lxml element (at most ``_ANCHOR_CAP``)."""
    labels: list[str] = []
    for anchor in root.iter("a"):
        text = anchor.text_content()
        if text and text.strip():
            labels.append(text)
            if len(labels) >= _ANCHOR_CAP:
                break
    return labels


def markdown_link_labels(text: str) -> list[str]:
    """The labels of Markdown links and images (``[label](url)``) in a text."""
    if "](" not in text:
        return []
    return [m.group(1) for m in _MD_LINK.finditer(text)]


class LinkCover:
    """Which words of a paragraph lie inside some link label."""

    def __init__(self, labels: Iterable[str]) -> None:
        self.labels: set[tuple[str, ...]] = set()
        by_first: dict[str, set[int]] = {}
        for label in labels:
            words = tuple(tokens(label))
            if words:
                self.labels.add(words)
                by_first.setdefault(words[0], set()).add(len(words))
        #: a label's first word -> the lengths of the labels it begins, longest first
        self.lengths = {first: sorted(ns, reverse=True) for first, ns in by_first.items()}

    def share(self, paragraph: str) -> float:
        """Share of the paragraph's words covered by a run of words equal to a link label.

        One pass: at each word only the longest label starting there matters (a shorter
        one covers part of the same run), and the covered words are counted as the runs
        reach past them, so a page of thousands of links sharing a first word stays linear.
        """
        words = tokens(paragraph)
        if not words or not self.labels:
            return 0.0
        covered = reach = 0
        for i, word in enumerate(words):
            for length in self.lengths.get(word, ()):
                if length > len(words) - i or tuple(words[i : i + length]) not in self.labels:
                    continue
                reach = max(reach, i + length)
                break
            covered += i < reach
        return covered / len(words)


def weigh(paragraphs: Sequence[Sequence[str]], links: LinkCover | None = None) -> Evidence:
    """Count paragraphs (each given as its sentences) that hold sentences of the page's own,
    that hold sentences but are link labels, and that hold none (labels, headings).

    A paragraph is the page's own when less than half of its words are link labels: the
    majority of its words are then the writer's, not the names of other pages.
    """
    own = linked = other = 0
    for sentences in paragraphs:
        if not any(is_sentence(s) for s in sentences):
            other += 1
        elif links is not None and links.share(" ".join(sentences)) >= 0.5:
            linked += 1
        else:
            own += 1
    return Evidence(own, linked, other)
