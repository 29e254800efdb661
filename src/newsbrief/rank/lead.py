"""The ``lead`` ranker: the first sentences of the article (Lead-N), the classic news baseline."""

from __future__ import annotations

from ..types import Sentence
from .base import Ranker, Ranking


class LeadRanker(Ranker):
    """Ranks sentences by position only: earlier is better."""

    name = "lead"
    description = "the first N sentences (Lead-N), the classic news baseline"

    def score(self, sentences: tuple[Sentence, ...], title: str) -> Ranking:
        n = len(sentences)
        return Ranking(
            order=tuple(range(n)),
            scores=tuple(1.0 - i / n for i in range(n)),
            reasons=tuple(() for _ in range(n)),
        )
