"""Digest config: read and check the TOML file once into a frozen, typed ``DigestConfig``.

Every problem is a ``ConfigError`` naming the file and the key (one validator for
the whole file, ``configfile.Table``; the ``[email]`` table becomes ``EmailSettings``
here too). Relative paths (``output_dir``, ``state``, ``templates``, local ``feed`` /
``path`` sources, ``email.ca_file``) are resolved against the config file's folder,
so a run does not depend on the current directory. Keys this module does not know
are kept in ``extra`` (the CLI warns about them) so other commands can add their own
settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..configfile import Table, read_toml
from ..fetch import is_http_url
from ..limits import FETCH_DEADLINE_SECONDS
from ..mail.settings import EmailSettings, email_settings
from .rules import Rule, Watch, matchers, rules_from, watches_from
from .workers import MAX_WORKERS

FORMATS = ("pdf", "md", "html", "json", "epub")
SourceKind = Literal["feed", "path", "urls"]


@dataclass(frozen=True)
class SourceConfig:
    """One ``[[sources]]`` entry: a feed (URL or local file), a folder/file, or page URLs."""

    name: str
    kind: SourceKind
    feed: str | None = None
    path: Path | None = None
    urls: tuple[str, ...] = ()
    max_items: int = 50

    @property
    def feed_is_url(self) -> bool:
        return self.feed is not None and is_http_url(self.feed)


@dataclass(frozen=True)
class DigestConfig:
    """A checked digest config; paths are absolute.

    ``email`` is the checked ``[email]`` table (None without one); its ``to`` may be
    empty, which only ``digest --email`` and ``schedule`` refuse.
    """

    path: Path
    title: str
    output_dir: Path
    formats: tuple[str, ...]
    state: Path
    max_stories: int
    timezone: str
    sources: tuple[SourceConfig, ...]
    schedule: str | None = None
    email: EmailSettings | None = None
    allow_private_hosts: bool = False
    window_hours: float = 48.0
    summary_sentences: int = 3
    #: story summaries as whole sentences within this many words (instead of sentences)
    summary_words: int | None = None
    method: str = "news"
    page_size: str = "A4"
    templates: Path | None = None
    fetch_deadline: float = FETCH_DEADLINE_SECONDS
    fetch_timeout: float = 10.0
    concurrency: int = 8
    teaser_words: int = 80
    #: helper processes for cleaning and facts (None: one when Linux has a second CPU)
    workers: int | None = None
    #: ``[[rules]]``: block reports, or make their story lead (``rules.py``)
    rules: tuple[Rule, ...] = ()
    #: ``[[watch]]``: watchlists for ``digest --watch NAME`` (``rules.py``)
    watches: tuple[Watch, ...] = ()
    #: topic sections: False keeps one list (``sections.py``)
    sections: bool = True
    #: ``[[section]]``: configured sections (none: the feeds' own categories, if any)
    section_rules: tuple[Watch, ...] = ()
    #: a source failing this many runs in a row is listed as failing (``health.py``)
    failing_after: int = 3
    #: top-level keys this module does not know, as TOML gave them
    extra: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_config(path: str | Path) -> DigestConfig:
    """Read and check a digest config file."""
    file = Path(path).expanduser().resolve()
    data = read_toml(file)
    base = file.parent
    top = Table(file, data)
    title = " ".join(top.string("title", "Daily briefing").split())
    output_dir = _resolve(base, top.string("output_dir", "outputs"))
    formats = _formats(top)
    state = _resolve(base, top.string("state", "newsbrief.sqlite"))
    max_stories = top.integer("max_stories", 8, minimum=1)
    timezone = _timezone(top)
    schedule = top.text("schedule")
    email = top.table("email")
    templates = top.text("templates")
    page_size = top.string("page_size", "A4")
    if page_size.lower() not in ("a4", "letter"):
        raise top.error("page_size", "choose A4 or letter")
    sources = _sources(top, base)
    return DigestConfig(
        path=file,
        title=title,
        output_dir=output_dir,
        formats=formats,
        state=state,
        max_stories=max_stories,
        timezone=timezone,
        sources=sources,
        schedule=schedule.strip() if schedule else None,
        email=email_settings(email, base_dir=base) if email is not None else None,
        allow_private_hosts=top.flag("allow_private_hosts", False),
        window_hours=top.number("window_hours", 48.0, minimum=1),
        summary_sentences=top.integer("summary_sentences", 3, minimum=1),
        summary_words=top.optional_integer("summary_words", minimum=1),
        method=_method(top),
        page_size="A4" if page_size.lower() == "a4" else "letter",
        templates=_resolve(base, templates) if templates else None,
        fetch_deadline=top.number("fetch_deadline", FETCH_DEADLINE_SECONDS, minimum=0.1),
        fetch_timeout=top.number("fetch_timeout", 10.0, minimum=0.1),
        concurrency=top.integer("concurrency", 8, minimum=1),
        teaser_words=top.integer("teaser_words", 80, minimum=0),
        workers=top.optional_integer("workers", minimum=0, maximum=MAX_WORKERS),
        rules=rules_from(top, {s.name for s in sources}),
        watches=watches_from(top, {s.name for s in sources}),
        sections=top.flag("sections", True),
        section_rules=matchers(top, "section", {s.name for s in sources}, "the heading it shows"),
        failing_after=top.integer("failing_after", 3, minimum=1),
        extra=MappingProxyType({k: data[k] for k in top.unknown()}),
    )


def _resolve(base: Path, value: str) -> Path:
    return (base / Path(value).expanduser()).resolve()


def _formats(top: Table) -> tuple[str, ...]:
    formats = top.strings("formats", ["pdf", "md", "json"]) or []
    if not formats:
        raise top.error("formats", "name at least one format")
    out: list[str] = []
    for fmt in formats:
        if fmt.lower() not in FORMATS:
            raise top.error("formats", f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        if fmt.lower() not in out:
            out.append(fmt.lower())
    return tuple(out)


def _method(top: Table) -> str:
    from ..rank import METHODS

    name = top.string("method", "news")
    if name not in METHODS:
        raise top.error("method", f"unknown method {name!r}; choose from {', '.join(METHODS)}")
    return name


def _timezone(top: Table) -> str:
    name = top.string("timezone", "UTC")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise top.error("timezone", f"unknown time zone {name!r} (e.g. Europe/London)") from None
    return name


def _sources(top: Table, base: Path) -> tuple[SourceConfig, ...]:
    tables = top.tables("sources")
    if not tables:
        raise top.error("sources", "add at least one [[sources]] table")
    sources: list[SourceConfig] = []
    names: set[str] = set()
    for i, table in enumerate(tables):
        source = _source(table, base)
        if source.name in names:
            raise top.error(f"sources[{i}].name", f"duplicate source name {source.name!r}")
        names.add(source.name)
        sources.append(source)
    return tuple(sources)


def _source(table: Table, base: Path) -> SourceConfig:
    name = table.text("name")
    if name is None:
        raise table.error("name", "missing")
    name = " ".join(name.split())
    feed = table.text("feed")
    path = table.text("path")
    urls = table.strings("urls")
    max_items = table.integer("max_items", 50, minimum=1)
    table.reject_unknown("name, feed, path, urls, max_items")
    given = [k for k, v in (("feed", feed), ("path", path), ("urls", urls)) if v is not None]
    if len(given) != 1:
        raise table.error("feed", "give exactly one of feed, path or urls")
    if feed is not None:
        feed = feed.strip()
        if "://" in feed and not is_http_url(feed):
            raise table.error("feed", "only http(s) URLs or local file paths")
        local = None if is_http_url(feed) else str(_resolve(base, feed))
        return SourceConfig(name=name, kind="feed", feed=local or feed, max_items=max_items)
    if path is not None:
        return SourceConfig(name=name, kind="path", path=_resolve(base, path), max_items=max_items)
    assert urls is not None
    if not urls:
        raise table.error("urls", "list at least one URL")
    for url in urls:
        if not is_http_url(url):
            raise table.error("urls", f"not an http(s) URL: {url[:80]!r}")
    return SourceConfig(
        name=name, kind="urls", urls=tuple(u.strip() for u in urls), max_items=max_items
    )
