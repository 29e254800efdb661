"""What became of each article a digest run saw: in a story, or left out and why.

``Fate`` is select's decision for one article; ``seen_rows`` turns the fates into
the state's rows and ``left_out`` into the digest's list of what was left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..feeds import one_line
from ..state import SeenRow
from ..types import Article
from .gather import GatheredItem

if TYPE_CHECKING:
    from .select import Cleaned


@dataclass(frozen=True)
class LeftOut:
    """An article seen in this run that is in no story of the digest, and why.

    ``story``: the key of the story it belongs to, when it has one (a story over
    ``max_stories``, or one briefed on an earlier day).
    """

    title: str
    source: str
    reason: str
    url: str | None = None
    story: str | None = None
    #: the ``[[rules]]`` entry that blocked it, if one did
    rule: str | None = None


@dataclass(frozen=True)
class Fate:
    """What became of one article: in story ``story_key`` today, or left out for ``reason``.

    An article already briefed on an earlier day keeps that story's key and a reason.
    """

    reason: str | None = None
    story_key: str | None = None
    #: the ``[[rules]]`` entry that blocked it
    rule: str | None = None

    @property
    def briefed(self) -> bool:
        return self.reason is None and self.story_key is not None


def fate_of(
    item: GatheredItem,
    screened: Mapping[GatheredItem, str],
    cleaned: Mapping[str, Cleaned],
    placed: Mapping[str, Fate],
) -> Fate:
    if item in screened:
        return Fate(screened[item])
    done = cleaned[item.key]
    if done.article is None:
        return Fate(done.reason)
    return placed.get(item.key, Fate())


def seen_rows(
    day: date,
    items: Sequence[GatheredItem],
    fates: Sequence[Fate],
    articles: Sequence[Article | None],
) -> tuple[SeenRow, ...]:
    """One state row per (source, article): briefed in a story, or left out with a reason.

    ``articles`` holds each item's cleaned article (None if screened out or not cleanable).
    """
    rows: dict[tuple[str, str], SeenRow] = {}
    for item, fate, article in zip(items, fates, articles, strict=True):
        rows[(item.source, item.key)] = SeenRow(
            day=day.isoformat(),
            source=item.source,
            article_key=item.key,
            status="briefed" if fate.briefed else "left_out",
            url=item.url,
            title=(article.title if article else item.title) or None,
            content_hash=_hash(article.text) if article else None,
            story_key=fate.story_key,
            reason=None if fate.briefed else (fate.reason or "not used"),
        )
    return tuple(rows.values())


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:16]


def left_out(
    items: Sequence[GatheredItem], fates: Sequence[Fate], articles: Sequence[Article | None]
) -> tuple[LeftOut, ...]:
    """Every article in no story of today's digest, with the reason."""
    out: list[LeftOut] = []
    for item, fate, article in zip(items, fates, articles, strict=True):
        if fate.briefed:
            continue
        title = (article.title if article else item.title) or item.raw.location
        out.append(
            LeftOut(
                title=one_line(title),
                source=item.source,
                reason=fate.reason or "not used",
                url=item.url,
                story=fate.story_key,
                rule=fate.rule,
            )
        )
    return tuple(out)
