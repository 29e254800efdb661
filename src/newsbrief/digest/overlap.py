"""Agreement between outlets, measured the way a summary is measured against a reference.

Each report of a story (its candidate sentences) serves as a reference for the
sentences of the other reports: a set of sentences is worth the sum, over the
reports, of its word F1 plus its adjacent-word-pair F1 against that report,
counting only the sentences from other reports. F1 balances what a sentence
matches against how long it is, so a long sentence is worth more only when it
tells more of what other outlets tell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Grams:
    """Word and adjacent-word-pair counts of one or more sentences."""

    words: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    @classmethod
    def of(cls, tokens: Sequence[str]) -> Grams:
        return cls(Counter(tokens), Counter(pairwise(tokens)))

    def __add__(self, other: Grams) -> Grams:
        return Grams(self.words + other.words, self.pairs + other.pairs)


def _f1(matched: int, length: int, reference: int) -> float:
    return 2 * matched / (length + reference) if matched else 0.0


def _gain(summary: Counter[T], shared: dict[T, int], added: Counter[T]) -> int:
    """How many more reference items ``summary`` matches with ``added`` added; ``shared``
    holds the reference's count of each of ``added``'s items it has."""
    more = 0
    for item, cap in shared.items():
        had = summary.get(item, 0)
        if had < cap:
            more += min(had + added[item], cap) - had
    return more


def _shared(reference: Counter[T], added: Counter[T]) -> dict[T, int]:
    return {item: reference[item] for item in added if item in reference}


@dataclass(frozen=True)
class _Known:
    """One sentence against one reference: the reference's counts of its words and pairs."""

    grams: Grams  # kept so that its id, the cache key, stays unique
    words: dict[str, int]
    pairs: dict[tuple[str, str], int]
    lengths: tuple[int, int]


class _Side:
    """One report as a reference, and what the chosen sentences from other reports match."""

    def __init__(self, reference: Grams) -> None:
        self.reference = reference
        self.summary = Grams()
        self.matched = (0, 0)  # words, pairs
        self.length = (0, 0)
        self.size = (reference.words.total(), reference.pairs.total())
        self.score = 0.0
        self._known: dict[int, _Known] = {}

    def _f1(self, matched: tuple[int, int], length: tuple[int, int]) -> float:
        words = _f1(matched[0], length[0], self.size[0])
        return words + _f1(matched[1], length[1], self.size[1])

    def _after(self, grams: Grams) -> tuple[tuple[int, int], tuple[int, int]]:
        """(matched, length) with ``grams`` added."""
        known = self._known.get(id(grams))
        if known is None:
            known = _Known(
                grams,
                _shared(self.reference.words, grams.words),
                _shared(self.reference.pairs, grams.pairs),
                (grams.words.total(), grams.pairs.total()),
            )
            self._known[id(grams)] = known
        matched = (
            self.matched[0] + _gain(self.summary.words, known.words, grams.words),
            self.matched[1] + _gain(self.summary.pairs, known.pairs, grams.pairs),
        )
        length = (self.length[0] + known.lengths[0], self.length[1] + known.lengths[1])
        return matched, length

    def gain(self, grams: Grams) -> float:
        matched, length = self._after(grams)
        return self._f1(matched, length) - self.score if any(matched) else 0.0

    def add(self, grams: Grams) -> None:
        self.matched, self.length = self._after(grams)
        self.summary = self.summary + grams
        self.score = self._f1(self.matched, self.length)


class Agreement:
    """The worth of a growing set of sentences: the sum, over the reports, of the word F1
    plus the word-pair F1 of the chosen sentences from *other* reports against that report.

    Kept incrementally (what each report's side matches so far), so the gain of one
    more sentence costs its own length per report.
    """

    def __init__(self, references: Sequence[Grams]) -> None:
        self.sides = [_Side(reference) for reference in references]

    def gain(self, report: int, grams: Grams) -> float:
        """How much the worth rises when a sentence of ``report`` is added."""
        return sum(side.gain(grams) for r, side in enumerate(self.sides) if r != report)

    def add(self, report: int, grams: Grams) -> None:
        for r, side in enumerate(self.sides):
            if r != report:
                side.add(grams)

    def worth(self) -> float:
        return sum(side.score for side in self.sides)


def worth(chosen: Sequence[tuple[int, Grams]], references: Sequence[Grams]) -> float:
    """The worth (see ``Agreement``) of the chosen (report, grams) sentences."""
    agreement = Agreement(references)
    for report, grams in chosen:
        agreement.add(report, grams)
    return agreement.worth()
