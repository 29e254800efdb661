"""Rank stage: Article -> Summary. One ranker per module, a dict of them by name.

STUB (to be replaced by the ranking work).
"""

from __future__ import annotations

from ..errors import RankError
from ..types import Article, Summary

METHODS: dict[str, str] = {"lead": "the first N sentences", "news": "news-tuned ranker"}


def rank(
    article: Article,
    method: str = "news",
    *,
    sentences: int | None = 3,
    words: int | None = None,
    explain: bool = False,
) -> Summary:
    """Pick the best sentences of ``article`` with ``method``; result in document order."""
    if method not in METHODS:
        raise RankError(method, f"unknown method; available: {', '.join(METHODS)}")
    n = sentences or 3
    return Summary(method=method, sentences=article.sentences[:n])
