"""Compose stage: ranked articles and their facts -> Stories -> a Briefing.

A story never repeats its headline as a summary sentence: when an article has no
title, its first sentence becomes the headline (clipped with "…" if long), and that
sentence is then left out of the summary (``echoes_headline``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from .decode import clip_title
from .types import Article, Briefing, Facts, Failure, SourceLink, Story, Summary


def source_link(article: Article) -> SourceLink:
    """How a briefing names and links the article's source."""
    name = article.source_name or article.site
    if not name:
        name = Path(article.location).name if article.location != "<stdin>" else "stdin"
    return SourceLink(name=name, url=article.url, title=clip_title(article.title))


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def echoes_headline(headline: str, sentence: str) -> bool:
    """True when ``sentence`` tells no more than ``headline``: the same words, or the
    headline is this sentence clipped ("…")."""
    clipped = headline.rstrip().endswith("…")
    head = _words(headline.rstrip().removesuffix("…"))
    words = _words(sentence)
    if not head or not words:
        return False
    if words == head:
        return True
    if not clipped or len(words) < len(head):
        return False
    *whole, last = head
    return words[: len(whole)] == whole and words[len(whole)].startswith(last)


def without_echo(headline: str, sentences: Sequence[str]) -> tuple[str, ...]:
    """The sentences that do not repeat the headline."""
    return tuple(s for s in sentences if not echoes_headline(headline, s))


def story_from_article(
    article: Article,
    summary: Summary,
    facts: Facts,
    *,
    rerank: Callable[[], Summary] | None = None,
) -> Story:
    """A one-article story: headline, date, summary sentences, facts and its source.

    A summary sentence that repeats the headline is left out; ``rerank`` (the same
    ranking asked for one sentence more) then fills its place.
    """
    headline = clip_title(article.title)
    texts = without_echo(headline, summary.texts)
    if rerank is not None and len(texts) < len(summary.texts):
        texts = without_echo(headline, rerank().texts)[: len(summary.texts)]
    return Story(
        headline=headline,
        summary=texts,
        sources=(source_link(article),),
        facts=facts,
        published=article.published,
        article_ids=(article.id,),
        language=article.language,
    )


def compose_briefing(
    title: str,
    stories: Sequence[Story],
    failures: Sequence[Failure] = (),
    *,
    date: str | None = None,
    method: str = "news",
    ner: str = "none",
) -> Briefing:
    """Assemble a briefing dated ``date`` (default: today, UTC)."""
    now = datetime.now(UTC)
    return Briefing(
        title=clip_title(title),
        date=date or now.date().isoformat(),
        generated_at=now.replace(microsecond=0).isoformat(),
        stories=tuple(stories),
        failures=tuple(failures),
        method=method,
        ner=ner,
    )
