"""Digest config: read and check the TOML file into a frozen ``DigestConfig``.

Every problem is a ``ConfigError`` naming the file and the key. Relative paths
(``output_dir``, ``state``, ``templates``, local ``feed`` / ``path`` sources) are
resolved against the config file's folder, so a run does not depend on the
current directory. Keys this module does not know are kept in ``extra`` (the
CLI warns about them) so other commands can add their own settings.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ConfigError, LoadError
from ..limits import FETCH_DEADLINE_SECONDS
from ..load import read_capped
from .workers import MAX_WORKERS

FORMATS = ("pdf", "md", "html", "json")
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
    """A checked digest config; paths are absolute."""

    path: Path
    title: str
    output_dir: Path
    formats: tuple[str, ...]
    state: Path
    max_stories: int
    timezone: str
    sources: tuple[SourceConfig, ...]
    schedule: str | None = None
    email: Mapping[str, Any] | None = None
    allow_private_hosts: bool = False
    window_hours: float = 48.0
    summary_sentences: int = 3
    method: str = "news"
    page_size: str = "A4"
    templates: Path | None = None
    fetch_deadline: float = FETCH_DEADLINE_SECONDS
    fetch_timeout: float = 10.0
    concurrency: int = 8
    teaser_words: int = 80
    #: helper processes for cleaning and facts (None: one when Linux has a second CPU)
    workers: int | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def is_http_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


class _Reader:
    """Typed access to one TOML table, with errors naming the file and key."""

    def __init__(self, file: Path, table: Mapping[str, Any], prefix: str = "") -> None:
        self.file = file
        self.table = table
        self.prefix = prefix
        self.used: set[str] = set()

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(str(self.file), f"{self.prefix}{key}: {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        self.used.add(key)
        if key not in self.table:
            return default
        value = self.table[key]
        # bool is an int in Python; never accept it where a number is meant
        if isinstance(value, bool) and bool not in _as_tuple(kind):
            raise self.error(key, f"expected {_kind_name(kind)}, got a boolean")
        if not isinstance(value, kind):
            raise self.error(key, f"expected {_kind_name(kind)}, got {type(value).__name__}")
        return value

    def text(self, key: str, default: str | None) -> str | None:
        value: str | None = self.get(key, str, default)
        if value is not None and not value.strip():
            raise self.error(key, "must not be empty")
        return value

    def number(self, key: str, default: float, *, minimum: float, integer: bool = False) -> Any:
        value = self.get(key, int if integer else (int, float), default)
        if value < minimum:
            raise self.error(key, f"must be at least {minimum:g}")
        return value

    def unknown(self) -> list[str]:
        return [k for k in self.table if k not in self.used]


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        "str": "a string",
        "int": "an integer",
        "float": "a number",
        "bool": "true/false",
        "list": "a list",
        "dict": "a table",
    }
    return " or ".join(names.get(k.__name__, k.__name__) for k in _as_tuple(kind))


def load_config(path: str | Path) -> DigestConfig:
    """Read and check a digest config file."""
    file = Path(path).expanduser().resolve()
    data = _read_toml(file)
    base = file.parent
    top = _Reader(file, data)
    title = " ".join((top.text("title", "Daily briefing") or "").split())
    output_dir = _resolve(base, top.text("output_dir", "outputs") or "outputs")
    formats = _formats(top)
    state = _resolve(base, top.text("state", "newsbrief.sqlite") or "newsbrief.sqlite")
    max_stories = top.number("max_stories", 8, minimum=1, integer=True)
    timezone = _timezone(top)
    schedule = top.text("schedule", None)
    email = top.get("email", dict, None)
    templates = top.text("templates", None)
    page_size = top.text("page_size", "A4") or "A4"
    if page_size.lower() not in ("a4", "letter"):
        raise top.error("page_size", "choose A4 or letter")
    sources = _sources(file, top, base)
    config = DigestConfig(
        path=file,
        title=title,
        output_dir=output_dir,
        formats=formats,
        state=state,
        max_stories=max_stories,
        timezone=timezone,
        sources=sources,
        schedule=schedule.strip() if schedule else None,
        email=MappingProxyType(dict(email)) if email is not None else None,
        allow_private_hosts=top.get("allow_private_hosts", bool, False),
        window_hours=float(top.number("window_hours", 48.0, minimum=1)),
        summary_sentences=top.number("summary_sentences", 3, minimum=1, integer=True),
        method=top.text("method", "news") or "news",
        page_size="A4" if page_size.lower() == "a4" else "letter",
        templates=_resolve(base, templates) if templates else None,
        fetch_deadline=float(top.number("fetch_deadline", FETCH_DEADLINE_SECONDS, minimum=0.1)),
        fetch_timeout=float(top.number("fetch_timeout", 10.0, minimum=0.1)),
        concurrency=top.number("concurrency", 8, minimum=1, integer=True),
        teaser_words=top.number("teaser_words", 80, minimum=0, integer=True),
        workers=_workers(top),
        extra=MappingProxyType({k: data[k] for k in top.unknown()}),
    )
    return config


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        with file.open("rb") as stream:
            raw = read_capped(stream, str(file))  # never more than MAX_INPUT_BYTES + 1 read
    except LoadError:
        raise ConfigError(str(file), "config file is too large") from None
    except FileNotFoundError:
        raise ConfigError(str(file), "config file not found") from None
    except IsADirectoryError:
        raise ConfigError(str(file), "is a folder, not a config file") from None
    except OSError as exc:
        raise ConfigError(str(file), exc.strerror or str(exc)) from None
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(str(file), "config file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(file), f"invalid TOML ({exc})") from None


def _resolve(base: Path, value: str) -> Path:
    return (base / Path(value).expanduser()).resolve()


def _formats(top: _Reader) -> tuple[str, ...]:
    formats = top.get("formats", list, ["pdf", "md", "json"])
    if not formats:
        raise top.error("formats", "name at least one format")
    out: list[str] = []
    for fmt in formats:
        if not isinstance(fmt, str) or fmt.lower() not in FORMATS:
            raise top.error("formats", f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        if fmt.lower() not in out:
            out.append(fmt.lower())
    return tuple(out)


def _workers(top: _Reader) -> int | None:
    value: int | None = top.get("workers", int, None)
    if value is not None and not 0 <= value <= MAX_WORKERS:
        raise top.error("workers", f"must be 0 (none) to {MAX_WORKERS}")
    return value


def _timezone(top: _Reader) -> str:
    name = top.text("timezone", "UTC") or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise top.error("timezone", f"unknown time zone {name!r} (e.g. Europe/London)") from None
    return name


def _sources(file: Path, top: _Reader, base: Path) -> tuple[SourceConfig, ...]:
    tables = top.get("sources", list, None)
    if not tables:
        raise top.error("sources", "add at least one [[sources]] table")
    sources: list[SourceConfig] = []
    names: set[str] = set()
    for i, table in enumerate(tables):
        if not isinstance(table, dict):
            raise top.error(f"sources[{i}]", "must be a table ([[sources]])")
        source = _source(_Reader(file, table, f"sources[{i}]."), base)
        if source.name in names:
            raise top.error(f"sources[{i}].name", f"duplicate source name {source.name!r}")
        names.add(source.name)
        sources.append(source)
    return tuple(sources)


def _source(reader: _Reader, base: Path) -> SourceConfig:
    name = reader.text("name", None)
    if name is None:
        raise reader.error("name", "missing")
    name = " ".join(name.split())
    feed = reader.text("feed", None)
    path = reader.text("path", None)
    urls = reader.get("urls", list, None)
    max_items = reader.number("max_items", 50, minimum=1, integer=True)
    unknown = reader.unknown()
    if unknown:
        raise reader.error(unknown[0], "unknown key (use name, feed, path, urls, max_items)")
    given = [k for k, v in (("feed", feed), ("path", path), ("urls", urls)) if v is not None]
    if len(given) != 1:
        raise reader.error("feed", "give exactly one of feed, path or urls")
    if feed is not None:
        feed = feed.strip()
        if "://" in feed and not is_http_url(feed):
            raise reader.error("feed", "only http(s) URLs or local file paths")
        local = None if is_http_url(feed) else str(_resolve(base, feed))
        return SourceConfig(name=name, kind="feed", feed=local or feed, max_items=max_items)
    if path is not None:
        return SourceConfig(name=name, kind="path", path=_resolve(base, path), max_items=max_items)
    assert urls is not None
    if not urls:
        raise reader.error("urls", "list at least one URL")
    for url in urls:
        if not isinstance(url, str) or not is_http_url(url):
            raise reader.error("urls", f"not an http(s) URL: {str(url)[:80]!r}")
    return SourceConfig(
        name=name, kind="urls", urls=tuple(u.strip() for u in urls), max_items=max_items
    )
