"""newsbrief: news articles in, a one-page briefing out.

The pipeline, one module per stage: load -> clean -> split -> rank -> facts ->
compose -> render -> deliver. The CLI (``newsbrief.cli``) is a thin layer over
the functions exported here. Heavy libraries (NLTK, spaCy, WeasyPrint) are
imported by the stages on first use, not here.
"""

from __future__ import annotations

from .clean import clean
from .errors import NewsbriefError
from .facts import extract_facts
from .load import load, load_text
from .pipeline import build_briefing, summarize
from .rank import METHODS, rank
from .render import render
from .types import Article, Briefing, Facts, RawArticle, Sentence, Story, Summary

__version__ = "0.1.0"

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
