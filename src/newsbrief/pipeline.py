"""The whole one-off pipeline as plain functions: inputs -> Briefing.

Runs load -> clean -> rank -> facts -> compose per article, turning every
``NewsbriefError`` into a ``Failure`` so one bad input never stops the others.
Never prints; the CLI decides what to show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .clean import clean
from .compose import compose_briefing, story_from_article
from .errors import NewsbriefError
from .facts import extract_facts, ner_engine_name
from .load import load_all, load_text
from .rank import rank
from .types import Article, Briefing, Failure, RawArticle, Story

ProgressHook = Callable[[str], None]


def article_to_story(
    article: Article, *, method: str = "news", sentences: int | None = 3, words: int | None = None
) -> Story:
    """Rank and extract facts for one cleaned article."""
    summary = rank(article, method, sentences=sentences, words=words)
    return story_from_article(article, summary, extract_facts(article))


def build_briefing(
    inputs: Sequence[str],
    *,
    title: str = "News briefing",
    method: str = "news",
    sentences: int | None = 3,
    words: int | None = None,
    date: str | None = None,
    on_item: ProgressHook | None = None,
) -> Briefing:
    """Build a briefing from files, directories or ``-`` (stdin).

    Unusable inputs become ``Briefing.failures``; the caller decides whether an
    empty briefing is an error.
    """
    stories: list[Story] = []
    failures: list[Failure] = []
    for raw in load_all(inputs):
        if isinstance(raw, Failure):
            failures.append(raw)
            continue
        story_or_failure = _story_or_failure(raw, method, sentences, words)
        if isinstance(story_or_failure, Failure):
            failures.append(story_or_failure)
        else:
            stories.append(story_or_failure)
        if on_item is not None:
            on_item(raw.location)
    return compose_briefing(
        title, stories, failures, date=date, method=method, ner=ner_engine_name()
    )


def _story_or_failure(
    raw: RawArticle, method: str, sentences: int | None, words: int | None
) -> Story | Failure:
    stage = "clean"
    try:
        article = clean(raw)
        stage = "rank"
        return article_to_story(article, method=method, sentences=sentences, words=words)
    except NewsbriefError as exc:
        return Failure(source=raw.location, error=exc.message, stage=stage)


def summarize(
    text: str,
    *,
    title: str | None = None,
    method: str = "news",
    sentences: int | None = 3,
    words: int | None = None,
) -> list[str]:
    """Summarise one article's text: its best sentences, verbatim, in document order."""
    article = clean(load_text(text, title=title))
    return list(rank(article, method, sentences=sentences, words=words).texts)
