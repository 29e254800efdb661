"""Facts stage: Article -> Facts (people, organisations, places, dates, figures, quotes).

STUB (to be replaced by the key-facts work).
"""

from __future__ import annotations

from ..types import Article, Facts


def extract_facts(article: Article) -> Facts:
    """Key facts of one article; every fact keeps its sentence index."""
    return Facts(ner="none")


def ner_engine_name() -> str:
    """Name of the entity recogniser that runs here (shown in the briefing footer)."""
    return "none"
