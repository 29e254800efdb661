"""Scores for story merging against gold clusters: pairwise and B-cubed precision/recall/F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs_within(counts: Counter[Hashable]) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def pairwise(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> PRF:
    """Pair counting: a pair is positive when both items share a cluster.

    Counted from contingency tables, so it is linear in the items.
    """
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels differ in length")
    both = _pairs_within(Counter(zip(predicted, gold, strict=True)))
    pred_pairs = _pairs_within(Counter(predicted))
    gold_pairs = _pairs_within(Counter(gold))
    return PRF(
        precision=both / pred_pairs if pred_pairs else 1.0,
        recall=both / gold_pairs if gold_pairs else 1.0,
    )


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> PRF:
    """B-cubed (Bagga & Baldwin 1998): per-item precision/recall averaged over items."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels differ in length")
    n = len(predicted)
    if not n:
        return PRF(1.0, 1.0)
    joint = Counter(zip(predicted, gold, strict=True))
    pred = Counter(predicted)
    gold_counts = Counter(gold)
    precision = sum(c * c / pred[p] for (p, _), c in joint.items()) / n
    recall = sum(c * c / gold_counts[g] for (_, g), c in joint.items()) / n
    return PRF(precision=precision, recall=recall)


def labels_from_groups(groups: Sequence[Sequence[int]], n: int) -> list[int]:
    """Cluster label of each of ``n`` items from a list of index groups."""
    labels = [-1] * n
    for label, group in enumerate(groups):
        for i in group:
            labels[i] = label
    if -1 in labels:
        raise ValueError("groups do not cover every item")
    return labels
