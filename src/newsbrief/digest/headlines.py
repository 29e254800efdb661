"""Headline-only reports: feed items that bring a headline but no article text.

Many aggregator feeds carry only a title and a link, and the linked page may be
unreachable or hold no article (a menu, an app shell). Such an item is still a report
of its event: it takes part in merging by its headline (``merge.merge_words`` with no
lead, so the merger's lower bar for short texts applies), adds its outlet and link to
the story it joins, and a story made only of headlines is briefed as a headline line
with its links (``Story.headline_only``: no summary, no key facts). Nothing here reads
text that is not there; a headline is never summarised as if it were an article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from ..decode import clip_title
from ..types import Article, Sentence, Story
from .merge import clean_headline, content_words
from .stories import latest, source_links


def headline_article(
    key: str, headline: str, source: str, url: str | None, published: str | None
) -> Article:
    """A headline-only report as an Article whose text is its headline (never summarised)."""
    text = " ".join(headline.split())
    return Article(
        id=key,
        location=url or f"{source}: {text}",
        title=text,
        text=text,
        sentences=(Sentence(index=0, paragraph=0, text=text),),
        url=url,
        published=published,
        source_name=source,
    )


def central_headline(articles: Sequence[Article]) -> Article:
    """The report whose headline shares most words with the others' (ties: most common
    headline, then the shorter one): the story's most representative headline."""
    words = [frozenset(content_words(clean_headline(a.title, a.source_name))) for a in articles]
    counts = Counter(" ".join(sorted(w)) for w in words)

    def support(i: int) -> tuple[float, int, int, str]:
        shared = sum(len(words[i] & other) / (len(words[i] | other) or 1) for other in words)
        return (
            -shared,
            -counts[" ".join(sorted(words[i]))],
            len(articles[i].title),
            articles[i].id,
        )

    return articles[min(range(len(articles)), key=support)]


def headline_story(articles: Sequence[Article], no_text: Collection[str], is_update: bool) -> Story:
    """The story of a group made only of headline-only reports."""
    lead = central_headline(articles)
    return Story(
        headline=clip_title(clean_headline(lead.title, lead.source_name)),
        summary=(),
        sources=source_links(articles, no_text),
        published=latest(articles),
        article_ids=tuple(a.id for a in articles),
        is_update=is_update,
    )
