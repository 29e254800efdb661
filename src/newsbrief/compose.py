"""Compose stage: ranked articles and their facts -> Stories -> a Briefing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from .decode import one_line
from .limits import MAX_TITLE_CHARS
from .types import Article, Briefing, Facts, Failure, SourceLink, Story, Summary


def clip_title(title: str, limit: int = MAX_TITLE_CHARS) -> str:
    """A headline as one printable line, cut at a word boundary to at most ``limit`` characters."""
    title = one_line(title)
    if len(title) <= limit:
        return title
    cut = title.rfind(" ", 0, limit - 1)
    return title[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:-") + "…"


def source_link(article: Article) -> SourceLink:
    """How a briefing names and links the article's source."""
    name = article.source_name or article.site
    if not name:
        name = Path(article.location).name if article.location != "<stdin>" else "stdin"
    return SourceLink(name=name, url=article.url, title=clip_title(article.title))


def story_from_article(article: Article, summary: Summary, facts: Facts) -> Story:
    """A one-article story: headline, date, summary sentences, facts and its source."""
    return Story(
        headline=clip_title(article.title),
        summary=summary.texts,
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
