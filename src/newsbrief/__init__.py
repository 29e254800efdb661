"""newsbrief: news articles in, a one-page briefing out.

The pipeline, one module per stage: load -> clean -> split -> rank -> facts ->
compose -> render -> deliver. The CLI (``newsbrief.cli``) is a thin layer over
the functions exported here. Names are imported on first use, so ``import
newsbrief`` stays fast (NLTK, spaCy and WeasyPrint load only when needed).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "newsbrief.load",
    "load_text": "newsbrief.load",
    "clean": "newsbrief.clean",
    "rank": "newsbrief.rank",
    "METHODS": "newsbrief.rank",
    "extract_facts": "newsbrief.facts",
    "build_briefing": "newsbrief.pipeline",
    "summarize": "newsbrief.pipeline",
    "render": "newsbrief.render",
    "NewsbriefError": "newsbrief.errors",
    "Article": "newsbrief.types",
    "Briefing": "newsbrief.types",
    "Facts": "newsbrief.types",
    "RawArticle": "newsbrief.types",
    "Sentence": "newsbrief.types",
    "Story": "newsbrief.types",
    "Summary": "newsbrief.types",
}

__all__ = [
    "METHODS",
    "Article",
    "Briefing",
    "Facts",
    "NewsbriefError",
    "RawArticle",
    "Sentence",
    "Story",
    "Summary",
    "__version__",
    "build_briefing",
    "clean",
    "extract_facts",
    "load",
    "load_text",
    "rank",
    "render",
    "summarize",
]

if TYPE_CHECKING:
    from .clean import clean
    from .errors import NewsbriefError
    from .facts import extract_facts
    from .load import load, load_text
    from .pipeline import build_briefing, summarize
    from .rank import METHODS, rank
    from .render import render
    from .types import Article, Briefing, Facts, RawArticle, Sentence, Story, Summary


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'newsbrief' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
