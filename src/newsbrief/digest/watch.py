"""Watchlists: which stories an alert of ``digest --watch NAME`` holds, and its mail key.

A watch run gathers and merges like the digest, but keeps only the stories with a
report the watch matches (``rules.Watch``) that it has not alerted on before: a
story is known by its reports, so one that gained reports since its alert stays
quiet. It is independent of the daily digest (a story briefed this morning can
still alert) and records nothing of the digest's; the state keeps the articles of
each story alerted (``State.record_alert``) once the alert is mailed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date

from ..errors import ConfigError
from .config import DigestConfig
from .output import slug
from .rules import Watch
from .stories import StoryInput


def find_watch(config: DigestConfig, name: str) -> Watch:
    """The ``[[watch]]`` named ``name`` (case-insensitive); ``ConfigError`` listing the names."""
    for watch in config.watches:
        if watch.name.casefold() == " ".join(name.split()).casefold():
            return watch
    known = ", ".join(repr(w.name) for w in config.watches) or "none; add a [[watch]] table"
    raise ConfigError(str(config.path), f"no [[watch]] named {name!r} (watchlists: {known})")


def wanted(watch: Watch, alerted: Collection[str]) -> Callable[[StoryInput], bool]:
    """Whether a story belongs in the alert: a report matches, none was alerted before."""

    def accept(story: StoryInput) -> bool:
        if any(a.id in alerted for a in story.articles):
            return False
        return any(watch.matches(a) for a in story.articles)

    return accept


def alert_key(config: DigestConfig, day: date, watch: Watch, stories: Sequence[str]) -> str:
    """The mail ledger's key of one alert: the watch, the day and the stories it holds (so
    a rerun after a crash is the same mail, and a later alert the same day a new one)."""
    digest = hashlib.sha256("\n".join(sorted(stories)).encode()).hexdigest()[:12]
    return f"{slug(config.title)}:watch:{slug(watch.name)}:{day.isoformat()}:{digest}"


def alerted_articles(
    keys: Sequence[str], article_ids: Sequence[Sequence[str]]
) -> Mapping[str, Sequence[str]]:
    """Story key -> its article keys, for ``State.record_alert``."""
    return dict(zip(keys, article_ids, strict=True))
