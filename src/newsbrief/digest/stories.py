"""Stories: a cluster of articles -> one ``Story`` (multi-article summary, merged facts, sources).

The summary covers what several outlets agree on, never a fact twice, and for a
story briefed before opens with what is new (``digest.summary``). Reports are
ordered best first (``order_reports``); stories by coverage (distinct
outlets), recency and salience.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Container, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from ..decode import clip_title
from ..facts import extract_facts_many, merge_facts
from ..types import Article, Facts, SourceLink, Story
from .merge import clean_headline, is_opinion
from .summary import summarise_story

#: Hours over which recency halves a story's recency score.
RECENCY_HALF_LIFE_HOURS = 12.0

_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


@dataclass(frozen=True)
class StoryInput:
    """The articles of one story, best report first, and whether it updates an earlier story.

    For an update, ``new_ids`` are the reports new since it was briefed and ``told``
    the summary sentences briefed then (the update summary does not repeat them).
    """

    articles: tuple[Article, ...]
    is_update: bool = False
    new_ids: frozenset[str] = frozenset()
    told: tuple[str, ...] = ()


def order_reports(
    articles: Sequence[Article], briefed: Container[str] = frozenset()
) -> tuple[Article, ...]:
    """The digest's order of a story's reports, best first.

    Reports not briefed before come first, news before opinion, then the longer
    text; outlet and id break ties so the order never depends on input order.
    """
    return tuple(
        sorted(
            articles,
            key=lambda a: (
                a.id in briefed,
                is_opinion(a.title),
                -len(a.text),
                a.source_name or "",
                a.id,
            ),
        )
    )


def multi_summary(
    articles: Sequence[Article],
    sentences: int,
    method: str = "news",
    *,
    words: int | None = None,
    new_ids: Collection[str] = frozenset(),
    told: Sequence[str] = (),
) -> tuple[str, ...]:
    """Up to ``sentences`` sentences (or ``words`` words) on what the reports agree on.

    ``articles`` come best report first (``order_reports``); see ``digest.summary``.
    With ``new_ids`` (reports new since the story was briefed) and ``told`` (the
    sentences briefed then), the summary opens with what is new.
    """
    return summarise_story(articles, sentences, method, words=words, new_ids=new_ids, told=told)


def source_links(
    articles: Sequence[Article], no_text: Collection[str] = ()
) -> tuple[SourceLink, ...]:
    """One link per outlet, in article order but reports with text first (``no_text``: ids of
    reports that brought only a headline), each saying whether that report had text."""
    ordered = sorted(articles, key=lambda a: a.id in no_text)  # stable
    links: list[SourceLink] = []
    seen: set[str] = set()
    for article in ordered:
        name = article.source_name or article.site or "unknown"
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        links.append(
            SourceLink(
                name=name,
                url=article.url,
                title=clip_title(article.title),
                has_text=article.id not in no_text,
            )
        )
    return tuple(links)


#: Key facts come from the best few reports of a story: later outlets mostly repeat them,
#: and entity recognition is the costliest step of a digest.
MAX_FACT_REPORTS = 4


def story_facts(articles: Sequence[Article]) -> Facts:
    """Key facts merged over the story's best reports (NER batched over them)."""
    return merge_facts(list(extract_facts_many(articles[:MAX_FACT_REPORTS])))


def latest(articles: Sequence[Article]) -> str | None:
    """The most recent publication time among the articles (ISO), if any."""
    stamps = [(parse_time(a.published), a.published) for a in articles if a.published]
    dated = [(t, s) for t, s in stamps if t is not None]
    return max(dated)[1] if dated else None


def parse_time(value: str | None) -> datetime | None:
    """An ISO timestamp as an aware datetime (naive ones taken as UTC); None if unreadable."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        from datetime import UTC

        stamp = stamp.replace(tzinfo=UTC)
    return stamp


def build_story(
    item: StoryInput,
    *,
    sentences: int,
    words: int | None = None,
    method: str = "news",
    facts: Facts | None = None,
) -> Story:
    """The story of one cluster; headline from its best report, boilerplate removed.

    The summary is ``sentences`` sentences, or whole sentences within ``words``
    words; an update's summary opens with what is new and repeats nothing of
    ``item.told`` (when that was not recorded, of the summary the earlier reports
    alone give). ``facts`` are the story's
    key facts when already extracted (``story_facts`` of the same articles, e.g.
    on a helper process); else they are extracted here.
    """
    articles = item.articles
    lead = articles[0]
    new_ids = item.new_ids if item.is_update else frozenset()
    told = item.told
    if item.is_update and not told:  # not recorded (an older state file): rebuild it
        earlier = [a for a in articles if a.id not in new_ids]
        told = multi_summary(order_reports(earlier), sentences, method, words=words)
    summary = multi_summary(articles, sentences, method, words=words, new_ids=new_ids, told=told)
    return Story(
        headline=clip_title(clean_headline(lead.title, lead.source_name)),
        summary=summary,
        sources=source_links(articles),
        facts=story_facts(articles) if facts is None else facts,
        published=latest(articles),
        article_ids=tuple(a.id for a in articles),
        is_update=item.is_update,
        language=lead.language,
    )


def salience(articles: Sequence[Article]) -> float:
    """0..1: how many distinct names the reports' leads carry (a cheap proxy for newsworthiness)."""
    names: set[str] = set()
    for article in articles:
        lead = " ".join(article.text.split()[:120])
        names.update(m.group(0).lower() for m in _NAME.finditer(lead))
    return min(1.0, len(names) / 15)


def story_score(articles: Sequence[Article], now: datetime) -> float:
    """Coverage (distinct outlets) first, then recency (0..1) and salience (0..1)."""
    outlets = {(a.source_name or a.site or a.id).casefold() for a in articles}
    when = parse_time(latest(articles))
    recency = 0.5
    if when is not None:
        age_hours = max(0.0, (now - when).total_seconds() / 3600)
        recency = math.pow(0.5, age_hours / RECENCY_HALF_LIFE_HOURS)
    return len(outlets) + 0.6 * recency + 0.4 * salience(articles)


def scored(story: Story, score: float) -> Story:
    return replace(story, score=round(score, 4))
