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
from collections.abc import Iterable, Sequence
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


def total(parts: Iterable[Grams]) -> Grams:
    out = Grams()
    for part in parts:
        out = out + part
    return out


def _f1(summary: Counter[T], reference: Counter[T]) -> float:
    matched = sum((summary & reference).values())
    return 2 * matched / (summary.total() + reference.total()) if matched else 0.0


def f1(summary: Grams, reference: Grams) -> float:
    """Word F1 plus word-pair F1 of ``summary`` against ``reference`` (0..2)."""
    return _f1(summary.words, reference.words) + _f1(summary.pairs, reference.pairs)


def worth(chosen: Sequence[tuple[int, Grams]], references: Sequence[Grams]) -> float:
    """Sum over the reports of the F1 of the chosen sentences (report, grams) that come
    from *other* reports against that report."""
    score = 0.0
    for report, reference in enumerate(references):
        mine = [grams for source, grams in chosen if source != report]
        if mine:
            score += f1(total(mine), reference)
    return score
