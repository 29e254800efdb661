"""Stories: a cluster of articles -> one ``Story`` (multi-article summary, merged facts, sources).

The summary takes each article's best sentences (the ``news`` ranker's scores)
in turns, best report first, and drops a sentence whose content words mostly
repeat an already chosen one, so the same fact is not told twice. Stories are
ordered by coverage (distinct outlets), recency and salience.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from ..compose import clip_title
from ..errors import NewsbriefError
from ..facts import extract_facts_many, merge_facts
from ..rank import rank
from ..types import Article, Facts, SourceLink, Story
from .merge import clean_headline, content_words

#: A sentence sharing this share of its content words with a chosen one is dropped.
REDUNDANT_OVERLAP = 0.6
#: A sentence whose content words are less than this share new (against all chosen) is dropped.
MIN_NOVELTY = 0.6
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
#: Hours over which recency halves a story's recency score.
RECENCY_HALF_LIFE_HOURS = 12.0

_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


@dataclass(frozen=True)
class StoryInput:
    """The articles of one story, best report first, and whether it updates an earlier story."""

    articles: tuple[Article, ...]
    is_update: bool = False
    new_ids: frozenset[str] = frozenset()


def ranked_sentences(article: Article, method: str) -> list[tuple[int, str]]:
    """(index, text) of the article's sentences, best first by the ranker's score."""
    try:
        summary = rank(article, method, sentences=min(len(article.sentences), 8), explain=True)
    except NewsbriefError:
        return [(s.index, s.text) for s in article.sentences[:8]]
    if summary.explanation:
        scored = sorted(summary.explanation, key=lambda e: (not e.selected, -e.score, e.index))
        return [(e.index, e.text) for e in scored if e.selected or e.score > 0][:8]
    return [(s.index, s.text) for s in summary.sentences]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _redundant(
    words: set[str], numbers: set[str], chosen: Sequence[set[str]], told_numbers: set[str]
) -> bool:
    """True when a sentence repeats a chosen one, adds too few new words, or re-tells its figures.

    Two reports of one fact share their figures ("3,000 residents", "2,400 hectares")
    even when worded apart, so a sentence whose figures are mostly told is dropped.
    """
    if any(_overlap(words, w) >= REDUNDANT_OVERLAP for w in chosen):
        return True
    if not chosen:
        return False
    shared = numbers & told_numbers
    if len(shared) >= 2 and len(shared) * 3 >= len(numbers) * 2:
        return True
    told = set().union(*chosen)
    return len(words - told) / len(words) < MIN_NOVELTY


def multi_summary(
    articles: Sequence[Article], sentences: int, method: str = "news"
) -> tuple[str, ...]:
    """Up to ``sentences`` sentences from the articles, no fact twice, in reading order."""
    queues = [ranked_sentences(a, method) for a in articles]
    chosen: list[tuple[int, int, str]] = []  # (article position, sentence index, text)
    chosen_words: list[set[str]] = []
    told_numbers: set[str] = set()
    depth = 0
    while len(chosen) < sentences and any(depth < len(q) for q in queues):
        for pos, queue in enumerate(queues):
            if len(chosen) >= sentences or depth >= len(queue):
                continue
            index, text = queue[depth]
            words = set(content_words(text))
            numbers = set(_NUMBER.findall(text))
            if not words or _redundant(words, numbers, chosen_words, told_numbers):
                continue
            chosen.append((pos, index, text))
            chosen_words.append(words)
            told_numbers |= numbers
        depth += 1
    return tuple(text for _, _, text in sorted(chosen))


def source_links(articles: Sequence[Article]) -> tuple[SourceLink, ...]:
    """One link per outlet, in article order."""
    links: list[SourceLink] = []
    seen: set[str] = set()
    for article in articles:
        name = article.source_name or article.site or "unknown"
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        links.append(SourceLink(name=name, url=article.url, title=clip_title(article.title)))
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
    item: StoryInput, *, sentences: int, method: str = "news", facts: Facts | None = None
) -> Story:
    """The story of one cluster; headline from its best report, boilerplate removed.

    ``facts`` are the story's key facts when already extracted (``story_facts``
    of the same articles, e.g. on a helper process); else they are extracted here.
    """
    articles = item.articles
    lead = articles[0]
    return Story(
        headline=clip_title(clean_headline(lead.title, lead.source_name)),
        summary=multi_summary(articles, sentences, method),
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
