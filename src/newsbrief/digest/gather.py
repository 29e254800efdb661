"""Gathering: every source of a digest config fetched and read into articles.

``gather(config, cached, say, ready)`` fetches feeds and pages (bounded, SSRF-safe,
conditional requests from the cache), parses feeds, reads local files and folders,
and fetches the page behind each teaser item. It returns one ``Gathered`` value:
the articles in the sources' order, the sources that failed (as values, never the
end of the run) and the HTTP responses to cache. Nothing here cleans, ranks or
decides what is briefed; that is ``select``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urldefrag

from ..errors import FetchError, LoadError, NewsbriefError
from ..feeds import FeedEntry, parse_feed
from ..fetch import CacheEntry, Fetched, Fetcher, FetchPolicy, FetchRequest
from ..limits import MAX_INPUT_BYTES
from ..remote import body_text
from ..types import Failure, RawArticle
from .config import DigestConfig, SourceConfig

Progress = Callable[[str], None]
#: Cached responses for those of the given URLs that have one (``State.cached``).
CacheLookup = Callable[[Iterable[str]], dict[str, CacheEntry]]


@dataclass(frozen=True, eq=False)
class GatheredItem:
    """One article as gathered: where from, its raw form, and the feed's text as a fallback.

    Compared by identity: two sources may carry the same article (same ``key``), and
    each copy has its own fate.
    """

    source: str
    key: str
    title: str
    url: str | None
    published: str | None
    raw: RawArticle
    fallback: RawArticle | None = None
    #: the feed item's own categories (topic sections can use them)
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gathered:
    """Everything one run gathered: articles in the sources' order, failures, cache updates."""

    items: tuple[GatheredItem, ...]
    failures: tuple[Failure, ...]
    ok: frozenset[str]
    failed: frozenset[str]
    cache: tuple[CacheEntry, ...]
    downloads: int = 0
    cache_hits: int = 0


@dataclass
class _Collector:
    """What ``gather`` has so far (local to one call; the caller gets a ``Gathered``)."""

    ready: Callable[[GatheredItem], None]
    items: list[GatheredItem] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    ok: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    cache: dict[str, CacheEntry] = field(default_factory=dict)
    downloads: int = 0
    cache_hits: int = 0

    def add(self, item: GatheredItem) -> None:
        self.ready(item)
        self.items.append(item)

    def took(self, result: Fetched) -> None:
        self.cache[result.url] = result.as_cache()
        if result.downloaded:
            self.downloads += 1
        else:
            self.cache_hits += 1

    def fail(self, source: SourceConfig, error: str, stage: str) -> None:
        self.failed.add(source.name)
        self.failures.append(Failure(source=source.name, error=error, stage=stage))

    def result(self) -> Gathered:
        return Gathered(
            items=tuple(self.items),
            failures=tuple(self.failures),
            ok=frozenset(self.ok),
            failed=frozenset(self.failed),
            cache=tuple(self.cache.values()),
            downloads=self.downloads,
            cache_hits=self.cache_hits,
        )


def fetch_policy(config: DigestConfig) -> FetchPolicy:
    """The fetch bounds of ``config``."""
    return FetchPolicy(
        deadline=config.fetch_deadline,
        timeout=min(config.fetch_timeout, config.fetch_deadline),
        allow_private_hosts=config.allow_private_hosts,
        concurrency=config.concurrency,
    )


def article_key(source: str, url: str | None, guid: str | None, body: str) -> str:
    """The article's identity across runs: its URL, else the feed's guid, else a text hash."""
    if url:
        return urldefrag(url)[0]
    if guid:
        return f"{source}#{guid}"
    return f"{source}#" + hashlib.sha256(body.encode("utf-8", "replace")).hexdigest()[:16]


def gather(
    config: DigestConfig,
    cached: CacheLookup,
    say: Progress,
    ready: Callable[[GatheredItem], None] | None = None,
) -> Gathered:
    """Fetch and read every source; failures become values, never the end of the run.

    ``ready`` sees each article as soon as it is gathered (feed items with full text
    right after their feed, teaser items as their page arrives), in any order;
    ``Gathered.items`` keeps the sources' order.
    """
    out = _Collector(ready=ready or (lambda _item: None))
    fetcher = Fetcher(fetch_policy(config))
    remote = [s for s in config.sources if s.feed_is_url or s.kind == "urls"]
    urls = [s.feed for s in remote if s.feed] + [u for s in remote for u in s.urls[: s.max_items]]
    known = cached(u for u in urls if u)
    requests: list[tuple[SourceConfig, FetchRequest]] = []
    for source in remote:
        for url in [source.feed] if source.feed else list(source.urls[: source.max_items]):
            assert url is not None
            requests.append(
                (source, FetchRequest(url, trusted=True, origin=url, cached=known.get(url)))
            )
    say(f"fetching {len(requests)} feeds and pages from {len(remote)} sources")
    results = fetcher.fetch_all([r for _, r in requests])
    feeds: list[tuple[SourceConfig, list[FeedEntry], str | None]] = []
    for (source, request), result in zip(requests, results, strict=True):
        if isinstance(result, FetchError):
            if source.kind == "feed":
                out.fail(source, result.message, "fetch")
            else:
                out.failures.append(
                    Failure(
                        source=f"{source.name}: {request.url}", error=result.message, stage="fetch"
                    )
                )
            continue
        out.took(result)
        if source.kind == "feed":
            entries = _entries(out, source, result.body, result.final_url)
            if entries is not None:
                feeds.append((source, entries, request.url))
        else:
            _add_page(out, source, result)
    for source in config.sources:
        if source.kind == "urls" and source.name not in out.ok:
            out.failed.add(source.name)
        elif source.kind == "feed" and not source.feed_is_url:
            entries = _local_feed(out, source)
            if entries is not None:
                feeds.append((source, entries, None))
        elif source.kind == "path":
            _add_path(out, source)
    _add_feed_items(out, fetcher, cached, feeds, config.teaser_words, say)
    say(f"{len(out.ok)} sources ok, {len(out.failed)} failed")
    return out.result()


def _entries(
    out: _Collector, source: SourceConfig, body: bytes, base_url: str | None
) -> list[FeedEntry] | None:
    try:
        entries = parse_feed(body, location=source.feed or source.name, base_url=base_url)
    except NewsbriefError as exc:
        out.fail(source, exc.message, "feed")
        return None
    out.ok.add(source.name)
    return entries[: source.max_items]


def _local_feed(out: _Collector, source: SourceConfig) -> list[FeedEntry] | None:
    assert source.feed is not None
    try:
        with open(source.feed, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        out.fail(source, f"cannot read {source.feed} ({exc.strerror or exc})", "load")
        return None
    if len(data) > MAX_INPUT_BYTES:
        out.fail(source, f"{source.feed} is too large", "load")
        return None
    return _entries(out, source, data, None)


def _add_page(out: _Collector, source: SourceConfig, result: Fetched) -> None:
    try:
        text = body_text(result)
    except LoadError as exc:
        out.failures.append(
            Failure(source=f"{source.name}: {result.url}", error=exc.message, stage="load")
        )
        return
    out.ok.add(source.name)
    key = article_key(source.name, result.url, None, text)
    raw = RawArticle(
        location=result.url,
        body=text,
        body_type="html",
        url=result.final_url,
        source_name=source.name,
        id=key,
    )
    out.add(
        GatheredItem(source=source.name, key=key, title="", url=result.url, published=None, raw=raw)
    )


def _add_path(out: _Collector, source: SourceConfig) -> None:
    from ..load import load_all

    assert source.path is not None
    count = 0
    for item in load_all([str(source.path)], max_articles=source.max_items):
        if isinstance(item, Failure):
            out.failures.append(replace(item, source=f"{source.name}: {item.source}"))
            continue
        count += 1
        key = article_key(source.name, item.url, item.id or f"{item.location}#{count}", item.body)
        raw = replace(item, source_name=source.name, id=key)
        out.add(
            GatheredItem(
                source=source.name,
                key=key,
                title=item.title or "",
                url=item.url,
                published=item.published,
                raw=raw,
            )
        )
    if count:
        out.ok.add(source.name)
    else:
        out.failed.add(source.name)
        if not any(f.source.startswith(f"{source.name}:") for f in out.failures):
            out.failures.append(
                Failure(source=source.name, error="no articles found", stage="load")
            )


def _add_feed_items(
    out: _Collector,
    fetcher: Fetcher,
    cached: CacheLookup,
    feeds: Sequence[tuple[SourceConfig, list[FeedEntry], str | None]],
    teaser_words: int,
    say: Progress,
) -> None:
    """Each feed entry becomes an article; a teaser's linked page is fetched for full text.

    An article goes to ``out.ready`` as soon as it is complete (a full-text item at
    once, a teaser when its page arrives); ``out.items`` gets them in feed order.
    """
    items: list[tuple[SourceConfig, FeedEntry, str | None]] = [
        (source, entry, origin) for source, entries, origin in feeds for entry in entries
    ]
    teasers = [k for k, (_, e, _) in enumerate(items) if e.link and e.words < teaser_words]
    early: dict[int, tuple[Fetched | None, GatheredItem]] = {}
    for k in sorted(set(range(len(items))) - set(teasers)):
        early[k] = (None, _ready_item(out, *items[k][:2], None))
    links = [str(items[k][1].link) for k in teasers]
    known = cached(links)
    requests = [
        FetchRequest(
            link, trusted=False, origin=items[k][2], cached=known.get(link), revalidate=False
        )
        for k, link in zip(teasers, links, strict=True)
    ]
    slot = {id(request): k for request, k in zip(requests, teasers, strict=True)}

    def arrived(request: FetchRequest, result: Fetched | FetchError) -> None:
        if isinstance(result, Fetched):
            k = slot[id(request)]
            early[k] = (result, _ready_item(out, *items[k][:2], result))

    if requests:
        say(f"fetching {len(requests)} full articles for teaser items")
    pages: dict[tuple[str, str], Fetched] = {}
    for k, result in zip(teasers, fetcher.fetch_all(requests, arrived), strict=True):
        source, entry, _ = items[k]
        assert entry.link is not None
        if isinstance(result, FetchError):
            out.failures.append(
                Failure(
                    source=f"{source.name}: {entry.link}", error=result.message, stage="fetch page"
                )
            )
            continue
        out.took(result)
        pages[(source.name, entry.link)] = result
    for k, (source, entry, _) in enumerate(items):
        page = pages.get((source.name, entry.link or ""))
        made = early.get(k)
        if made is not None and made[0] is page:
            out.items.append(made[1])
        else:
            out.add(_feed_item(source, entry, page))


def _ready_item(
    out: _Collector, source: SourceConfig, entry: FeedEntry, page: Fetched | None
) -> GatheredItem:
    """The article of a feed item, handed to ``out.ready`` now (not yet in ``out.items``)."""
    item = _feed_item(source, entry, page)
    out.ready(item)
    return item


def _feed_item(source: SourceConfig, entry: FeedEntry, page: Fetched | None) -> GatheredItem:
    key = article_key(source.name, entry.link, entry.guid, entry.title + entry.body)
    teaser = RawArticle(
        location=entry.link or f"{source.name}: {entry.title or 'untitled item'}",
        body=entry.body,
        body_type="html" if entry.body_type == "html" else "text",
        title=entry.title or None,
        url=entry.link,
        published=entry.published,
        author=entry.author,
        source_name=source.name,
        id=key,
    )
    raw, fallback = teaser, None
    if page is not None:
        try:
            raw = replace(teaser, body=body_text(page), body_type="html")
            fallback = teaser
        except LoadError:
            raw = teaser
    return GatheredItem(
        source=source.name,
        key=key,
        title=entry.title,
        url=entry.link,
        published=entry.published,
        raw=raw,
        fallback=fallback,
        categories=entry.categories,
    )
