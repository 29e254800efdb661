"""Rank stage: Article -> Summary. One ranker per module, a registry of them by name.

``METHODS`` maps each stable name to a ranker (``.name``, one-line
``.description``), ``news`` first (the default), then ``lead`` and every sumy
algorithm. ``rank()`` is the one entry point the rest of the code uses.
"""

from __future__ import annotations

from ..errors import RankError
from ..types import Article, Summary
from .base import Budget, Ranker, dangling_opener
from .lead import LeadRanker
from .news import NewsRanker
from .sumy_rankers import SUMY_RANKERS

METHODS: dict[str, Ranker] = {r.name: r for r in (NewsRanker(), LeadRanker(), *SUMY_RANKERS)}


def rank(
    article: Article,
    method: str = "news",
    *,
    sentences: int | None = 3,
    words: int | None = None,
    explain: bool = False,
) -> Summary:
    """Pick the best sentences of ``article`` with ``method``; result in document order.

    Length is ``sentences`` sentences, or as many sentences (best first, at
    least one) as fit in ``words`` words. ``explain`` fills
    ``Summary.explanation`` with a score and reasons for every sentence.
    """
    ranker = METHODS.get(method)
    if ranker is None:
        raise RankError(method, f"unknown method; available: {', '.join(METHODS)}")
    return ranker.summarize(article, Budget.of(sentences, words), explain=explain)


__all__ = ["METHODS", "Budget", "Ranker", "dangling_opener", "rank"]
