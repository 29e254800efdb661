"""One digest run for one day: gather, merge, build stories, render, write, record, email.

Order matters for "nothing lost, nothing half-done": everything is fetched and
built in memory; then the outputs are written atomically; then the state for
the day is recorded in one SQLite transaction; then (``email=True``) the mail
goes out through ``newsbrief.mail`` with the state file as its ledger. A crash
before the state commit leaves the state as it was, and the rerun repeats the
day. The whole run holds the state file's lock.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urldefrag

from ..clean import clean
from ..compose import compose_briefing
from ..deliver import write_atomic
from ..errors import ConfigError, FetchError, LoadError, NewsbriefError
from ..facts import ner_engine_name
from ..limits import MAX_INPUT_BYTES
from ..render import render, render_pdf
from ..types import Article, Briefing, Failure, RawArticle, Story
from .config import DigestConfig, SourceConfig
from .feeds import FeedEntry, one_line, parse_feed
from .fetch import CacheEntry, Fetched, Fetcher, FetchPolicy, FetchRequest
from .lock import run_lock
from .merge import MergeItem, MergeParams, Words, cluster, is_opinion, merge_words
from .state import BriefedArticle, SeenRow, State
from .stories import (
    MAX_FACT_REPORTS,
    StoryInput,
    build_story,
    parse_time,
    scored,
    story_facts,
    story_score,
)
from .workers import Helpers, Job, auto_workers

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LeftOut:
    """An article seen in this run that is in no story of the digest, and why."""

    title: str
    source: str
    reason: str
    url: str | None = None


@dataclass(frozen=True)
class DigestResult:
    """What one run produced (``written`` is empty on a dry run; ``planned`` says where it goes)."""

    date: date
    digest_id: str
    briefing: Briefing
    written: tuple[Path, ...]
    failures: tuple[Failure, ...]
    sources_ok: int
    sources_failed: int
    pdf: bytes | None
    html: str | None
    json: str
    left_out: tuple[LeftOut, ...] = ()
    planned: tuple[Path, ...] = ()
    pdf_briefing: Briefing | None = None
    downloads: int = 0
    cache_hits: int = 0
    dry_run: bool = False
    emailed: tuple[str, ...] = ()
    timings: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


@dataclass
class _Seen:
    """One article as gathered: where from, its raw forms, and later its fate."""

    source: str
    key: str
    title: str
    url: str | None
    published: str | None
    raw: RawArticle
    fallback: RawArticle | None = None
    article: Article | None = None
    story_key: str | None = None
    reason: str | None = None
    job: Job[_Cleaned] | None = None
    words: Words | None = None


@dataclass(frozen=True)
class _Cleaned:
    """What cleaning one gathered article gave: the article and its merge words, or why not."""

    article: Article | None
    reason: str | None = None
    words: Words | None = None


@dataclass
class _Gathered:
    seen: list[_Seen] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    ok: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    cache: dict[str, CacheEntry] = field(default_factory=dict)
    downloads: int = 0
    cache_hits: int = 0
    #: called with each article as soon as it is gathered (starts its cleaning early)
    ready: Callable[[_Seen], None] = lambda _item: None

    def add(self, item: _Seen) -> None:
        self.ready(item)
        self.seen.append(item)

    def took(self, result: Fetched) -> None:
        self.cache[result.url] = result.as_cache()
        if result.downloaded:
            self.downloads += 1
        else:
            self.cache_hits += 1


def slug(text: str) -> str:
    """File-name-safe lower-case slug of a title ("Morning briefing" -> "morning-briefing")."""
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value[:60].rstrip("-") or "digest"


def digest_id(config: DigestConfig, day: date) -> str:
    """Stable id of the digest of ``config`` for ``day`` (the mail ledger's key)."""
    return f"{slug(config.title)}:{day.isoformat()}"


def output_paths(config: DigestConfig, day: date) -> dict[str, Path]:
    """Where each configured format of ``day``'s digest is written."""
    stem = f"{day.isoformat()}-{slug(config.title)}"
    return {fmt: config.output_dir / f"{stem}.{fmt}" for fmt in config.formats}


def today(config: DigestConfig) -> date:
    """Today in the config's time zone."""
    return datetime.now(config.tz).date()


def run_digest(
    config: DigestConfig,
    *,
    date: date | None = None,
    dry_run: bool = False,
    email: bool = False,
    progress: Progress | None = None,
) -> DigestResult:
    """Build (and unless ``dry_run`` write, record and optionally email) the digest of ``date``."""
    day = date or today(config)
    say = progress or (lambda _msg: None)
    mail_settings = _mail_settings(config) if email and not dry_run else None
    workers = auto_workers() if config.workers is None else config.workers
    with run_lock(config.state):
        clock = _Clock()
        with (
            Helpers(workers, _warm_cleaner) as helpers,
            State(config.state, create=not dry_run) as state,
        ):
            result = _run(config, state, helpers, day, dry_run, say, clock)
            if mail_settings is not None:
                result = _email(config, day, result, mail_settings, say)
    return result


def _run(
    config: DigestConfig,
    state: State,
    helpers: Helpers,
    day: date,
    dry_run: bool,
    say: Progress,
    clock: _Clock,
) -> DigestResult:
    """Gather, build, render, write, record; with helpers, CPU work overlaps the fetch."""
    early = _EarlyWork(helpers, config, day)
    gathered = _gather(config, state, say, early.ready if helpers.active else None)
    ner = early.ner_name()
    clock.mark("fetch")
    if not gathered.ok and gathered.failed:
        first = gathered.failures[0]
        raise FetchError(
            str(config.path),
            f"all {len(gathered.failed)} sources failed (first: {first.source}: {first.error})",
        )
    built = _build(config, state, day, gathered, helpers, ner, say)
    helpers.close()
    clock.mark("build")
    result, outputs = _render(config, day, built, gathered, dry_run, say)
    clock.mark("render")
    if not dry_run:
        result = replace(result, written=_write(outputs, say))
        state.record_run(
            day=day.isoformat(),
            digest_id=result.digest_id,
            rows=built.rows,
            cache=list(gathered.cache.values()),
            stories=len(result.briefing.stories),
            failures=len(result.failures),
        )
    return replace(result, timings=clock.timings(helpers.workers))


class _Clock:
    """Wall and CPU seconds of each phase of a run, for ``DigestResult.timings``.

    ``PHASE`` and ``PHASE_cpu`` (this process), ``total``, ``workers`` (helper
    processes used) and ``workers_cpu`` (their CPU seconds, counted once reaped).
    """

    def __init__(self) -> None:
        self.start = self.wall = time.perf_counter()
        self.cpu = time.process_time()
        self.children = _children_cpu()
        self.times: dict[str, float] = {}

    def mark(self, phase: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.times[phase] = wall - self.wall
        self.times[f"{phase}_cpu"] = cpu - self.cpu
        self.wall, self.cpu = wall, cpu

    def timings(self, workers: int) -> Mapping[str, float]:
        return MappingProxyType(
            {
                **self.times,
                "total": time.perf_counter() - self.start,
                "workers": float(workers),
                "workers_cpu": _children_cpu() - self.children,
            }
        )


def _children_cpu() -> float:
    """CPU seconds of this process's finished child processes (the helpers); 0 if unknown."""
    try:
        import resource
    except ImportError:  # not on Unix
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- gathering ---------------------------------------------------------------------------


def _policy(config: DigestConfig) -> FetchPolicy:
    return FetchPolicy(
        deadline=config.fetch_deadline,
        timeout=min(config.fetch_timeout, config.fetch_deadline),
        allow_private_hosts=config.allow_private_hosts,
        concurrency=config.concurrency,
    )


def _article_key(source: str, url: str | None, guid: str | None, body: str) -> str:
    if url:
        return urldefrag(url)[0]
    if guid:
        return f"{source}#{guid}"
    return f"{source}#" + hashlib.sha256(body.encode("utf-8", "replace")).hexdigest()[:16]


def _gather(
    config: DigestConfig,
    state: State,
    say: Progress,
    ready: Callable[[_Seen], None] | None = None,
) -> _Gathered:
    """Fetch and read every source; failures become values, never the end of the run.

    ``ready`` sees each article as soon as it is gathered (feed items with full text
    right after their feed, teaser items as their page arrives), in any order;
    ``seen`` keeps the sources' order.
    """
    out = _Gathered() if ready is None else _Gathered(ready=ready)
    fetcher = Fetcher(_policy(config))
    remote = [s for s in config.sources if s.feed_is_url or s.kind == "urls"]
    urls = [s.feed for s in remote if s.feed] + [u for s in remote for u in s.urls[: s.max_items]]
    cached = state.cached(u for u in urls if u)
    requests: list[tuple[SourceConfig, FetchRequest]] = []
    for source in remote:
        for url in [source.feed] if source.feed else list(source.urls[: source.max_items]):
            assert url is not None
            requests.append(
                (source, FetchRequest(url, trusted=True, origin=url, cached=cached.get(url)))
            )
    say(f"fetching {len(requests)} feeds and pages from {len(remote)} sources")
    results = fetcher.fetch_all([r for _, r in requests])
    feeds: list[tuple[SourceConfig, list[FeedEntry], str | None]] = []
    page_errors: dict[str, list[str]] = {}
    for (source, request), result in zip(requests, results, strict=True):
        if isinstance(result, FetchError):
            if source.kind == "feed":
                _fail(out, source, result.message, "fetch")
            else:
                page_errors.setdefault(source.name, []).append(str(result))
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
    _add_feed_items(out, fetcher, state, feeds, config.teaser_words, say)
    say(f"{len(out.ok)} sources ok, {len(out.failed)} failed")
    return out


def _fail(out: _Gathered, source: SourceConfig, error: str, stage: str) -> None:
    out.failed.add(source.name)
    out.failures.append(Failure(source=source.name, error=error, stage=stage))


def _entries(
    out: _Gathered, source: SourceConfig, body: bytes, base_url: str | None
) -> list[FeedEntry] | None:
    try:
        entries = parse_feed(body, location=source.feed or source.name, base_url=base_url)
    except NewsbriefError as exc:
        _fail(out, source, exc.message, "feed")
        return None
    out.ok.add(source.name)
    return entries[: source.max_items]


def _local_feed(out: _Gathered, source: SourceConfig) -> list[FeedEntry] | None:
    assert source.feed is not None
    try:
        with open(source.feed, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        _fail(out, source, f"cannot read {source.feed} ({exc.strerror or exc})", "load")
        return None
    if len(data) > MAX_INPUT_BYTES:
        _fail(out, source, f"{source.feed} is too large", "load")
        return None
    return _entries(out, source, data, None)


def _add_page(out: _Gathered, source: SourceConfig, result: Fetched) -> None:
    try:
        text = _decode(result)
    except LoadError as exc:
        out.failures.append(
            Failure(source=f"{source.name}: {result.url}", error=exc.message, stage="load")
        )
        return
    out.ok.add(source.name)
    key = _article_key(source.name, result.url, None, text)
    raw = RawArticle(
        location=result.url,
        body=text,
        body_type="html",
        url=result.final_url,
        source_name=source.name,
        id=key,
    )
    out.add(_Seen(source=source.name, key=key, title="", url=result.url, published=None, raw=raw))


def _decode(result: Fetched) -> str:
    from ..decode import decode_bytes

    declared = None
    for part in (result.content_type or "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            declared = value.strip().strip("\"'") or None
    return decode_bytes(result.body, result.url, declared=declared)


def _add_path(out: _Gathered, source: SourceConfig) -> None:
    from ..load import load_all

    assert source.path is not None
    count = 0
    for item in load_all([str(source.path)], max_articles=source.max_items):
        if isinstance(item, Failure):
            out.failures.append(replace(item, source=f"{source.name}: {item.source}"))
            continue
        count += 1
        key = _article_key(source.name, item.url, item.id or f"{item.location}#{count}", item.body)
        raw = replace(item, source_name=source.name, id=key)
        out.add(
            _Seen(
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
    out: _Gathered,
    fetcher: Fetcher,
    state: State,
    feeds: Sequence[tuple[SourceConfig, list[FeedEntry], str | None]],
    teaser_words: int,
    say: Progress,
) -> None:
    """Each feed entry becomes an article; a teaser's linked page is fetched for full text.

    An article goes to ``out.ready`` as soon as it is complete (a full-text item at
    once, a teaser when its page arrives); ``out.seen`` gets them in feed order.
    """
    items: list[tuple[SourceConfig, FeedEntry, str | None]] = [
        (source, entry, origin) for source, entries, origin in feeds for entry in entries
    ]
    teasers = [k for k, (_, e, _) in enumerate(items) if e.link and e.words < teaser_words]
    early: dict[int, tuple[Fetched | None, _Seen]] = {}
    for k in sorted(set(range(len(items))) - set(teasers)):
        early[k] = (None, _ready_item(out, *items[k][:2], None))
    links = [str(items[k][1].link) for k in teasers]
    cached = state.cached(links)
    requests = [
        FetchRequest(
            link, trusted=False, origin=items[k][2], cached=cached.get(link), revalidate=False
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
            out.seen.append(made[1])
        else:
            out.add(_feed_item(source, entry, page))


def _ready_item(
    out: _Gathered, source: SourceConfig, entry: FeedEntry, page: Fetched | None
) -> _Seen:
    """The article of a feed item, handed to ``out.ready`` now (not yet in ``out.seen``)."""
    item = _feed_item(source, entry, page)
    out.ready(item)
    return item


def _feed_item(source: SourceConfig, entry: FeedEntry, page: Fetched | None) -> _Seen:
    key = _article_key(source.name, entry.link, entry.guid, entry.title + entry.body)
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
            raw = replace(teaser, body=_decode(page), body_type="html")
            fallback = teaser
        except LoadError:
            raw = teaser
    return _Seen(
        source=source.name,
        key=key,
        title=entry.title,
        url=entry.link,
        published=entry.published,
        raw=raw,
        fallback=fallback,
    )


# --- building ----------------------------------------------------------------------------


@dataclass
class _Built:
    briefing: Briefing
    rows: list[SeenRow]
    left_out: list[LeftOut]


def _day_bounds(config: DigestConfig, day: date) -> tuple[datetime, datetime]:
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=config.tz)
    return end - timedelta(hours=config.window_hours), end


def _build(
    config: DigestConfig,
    state: State,
    day: date,
    gathered: _Gathered,
    helpers: Helpers,
    ner: Job[str],
    say: Progress,
) -> _Built:
    start, end = _day_bounds(config, day)
    usable = _screen(gathered.seen, start, end, config.window_hours, day)
    say(f"cleaning {len(usable)} articles")
    articles = _cleaned(usable, helpers)
    groups = cluster(
        [
            MergeItem(
                title=s.article.title,
                text=s.article.text,
                outlet=s.article.source_name,
                published=parse_time(s.article.published),
                words=s.words,
            )
            for s in usable
            if s.article is not None
        ],
        replace(MergeParams(), window_hours=config.window_hours),
    )
    by_id = {s.key: s for s in usable}
    prior = state.briefed_before(day.isoformat())
    inputs = _story_inputs(groups, articles, prior, by_id, end)
    inputs.sort(key=lambda item: (-item[1], item[0].articles[0].title, item[0].articles[0].id))
    say(f"summarising {min(len(inputs), config.max_stories)} of {len(inputs)} stories")
    stories = _stories(config, inputs, by_id, helpers)
    briefing = compose_briefing(
        config.title, stories, [], date=day.isoformat(), method=config.method, ner=ner.result()
    )
    briefing = replace(briefing, failures=tuple(gathered.failures))
    rows, left_out = _rows(day, gathered.seen), _left_out(gathered.seen)
    return _Built(briefing=briefing, rows=rows, left_out=left_out)


def _stories(
    config: DigestConfig,
    inputs: Sequence[tuple[StoryInput, float, str]],
    by_id: Mapping[str, _Seen],
    helpers: Helpers,
) -> list[Story]:
    """The top ``max_stories`` stories (key facts on the helpers while summaries run here)."""
    chosen = inputs[: config.max_stories]
    facts = [helpers.submit(story_facts, item.articles[:MAX_FACT_REPORTS]) for item, _, _ in chosen]
    stories: list[Story] = []
    for rank_no, (item, score, story_key) in enumerate(inputs, start=1):
        members = [by_id[a.id] for a in item.articles]
        if rank_no > config.max_stories:
            for seen in members:
                seen.reason = f"over max_stories ({config.max_stories}); story ranked {rank_no}"
            continue
        story = build_story(
            item,
            sentences=config.summary_sentences,
            method=config.method,
            facts=facts[rank_no - 1].result(),
        )
        stories.append(scored(story, score))
        for seen in members:
            seen.story_key = story_key
    return stories


def _screen(
    seen: Sequence[_Seen], start: datetime, end: datetime, hours: float, day: date
) -> list[_Seen]:
    """Drop repeats and articles outside the window; the rest go on to cleaning."""
    keys: dict[str, str] = {}
    usable: list[_Seen] = []
    for item in seen:
        if item.key in keys:
            item.reason = f"same article as from {keys[item.key]}"
            continue
        keys[item.key] = item.source
        when = parse_time(item.published)
        if when is not None and when < start:
            item.reason = f"older than the {hours:g}h window"
            continue
        if when is not None and when >= end:
            item.reason = f"published after {day.isoformat()}"
            continue
        usable.append(item)
    return usable


def _warm_cleaner() -> None:
    """A helper's start-up: the cleaner's libraries imported, its tables loaded."""
    clean(RawArticle(location="warm-up", body="<p>Warming up the cleaner.</p>", body_type="html"))


class _EarlyWork:
    """What the helpers start while pages download.

    Each gathered article in the time window is cleaned at once. The first article
    first starts loading the NER model (the job's value is the engine's name): by then
    the feeds are parsed, so the model's imports no longer compete with this process's
    own imports and feed parsing (measured: 0.5-1 s less fetch time than loading it at
    the very start). The cleaning queued behind it catches up while pages download.
    """

    def __init__(self, helpers: Helpers, config: DigestConfig, day: date) -> None:
        self.helpers = helpers
        self.start, self.end = _day_bounds(config, day)
        self.ner: Job[str] | None = None

    def ready(self, item: _Seen) -> None:
        if self.ner is None:
            self.ner = self.helpers.submit(ner_engine_name)
        when = parse_time(item.published)
        if when is None or self.start <= when < self.end:
            item.job = _clean_job(self.helpers, item)

    def ner_name(self) -> Job[str]:
        """The NER engine's name (loading it on a helper if no article started that)."""
        if self.ner is None:
            self.ner = self.helpers.submit(ner_engine_name)
        return self.ner


def _clean_job(helpers: Helpers, item: _Seen) -> Job[_Cleaned]:
    """Cleaning of one gathered article, on a helper when there is one."""
    return helpers.submit(
        clean_gathered, item.raw, item.fallback, item.key, item.source, item.url, item.title
    )


def _cleaned(usable: Sequence[_Seen], helpers: Helpers) -> list[Article]:
    """Every usable article cleaned (started early when helpers run), in order.

    Each item gets its article, its headline and, if nothing could be cleaned, the reason.
    """
    jobs = [item.job or _clean_job(helpers, item) for item in usable]
    articles: list[Article] = []
    for item, job in zip(usable, jobs, strict=True):
        done = job.result()
        item.job = None
        if done.article is None:
            item.reason = done.reason
            continue
        item.article, item.reason, item.title = done.article, None, done.article.title
        item.words = done.words
        articles.append(done.article)
    return articles


def clean_gathered(
    raw: RawArticle,
    fallback: RawArticle | None,
    key: str,
    source: str,
    url: str | None,
    title: str,
) -> _Cleaned:
    """A gathered article cleaned (full page first, feed text if the page holds none).

    Runs on a helper process or here, and returns the reason instead of raising. A
    page whose feed item gave its title, date and link is not searched for page
    metadata (author and site are all it could add, and no digest output uses them).
    The words the merger compares are computed here too, off the main process.
    """
    reason = None
    for body in (raw, fallback):
        if body is None:
            continue
        try:
            article = clean(body, page_metadata=not (body.title and body.published and body.url))
        except NewsbriefError as exc:
            reason = f"could not be cleaned: {exc.message}"
            continue
        except (RecursionError, MemoryError) as exc:
            reason = f"could not be cleaned: input too complex ({type(exc).__name__})"
            continue
        article = replace(article, id=key, source_name=source, url=article.url or url)
        if title and article.title != title:
            article = replace(article, title=title)
        return _Cleaned(article, words=merge_words(article.title, article.text, source))
    return _Cleaned(None, reason)


def _story_inputs(
    groups: Sequence[Sequence[int]],
    articles: Sequence[Article],
    prior: Mapping[str, BriefedArticle],
    by_id: Mapping[str, _Seen],
    end: datetime,
) -> list[tuple[StoryInput, float, str]]:
    """Stories to consider today: new ones, and earlier ones that gained new reports.

    Recency is measured from the end of the digest's day, so a rerun scores alike.
    """
    out: list[tuple[StoryInput, float, str]] = []
    for group in groups:
        members = [articles[i] for i in group]
        earlier = sorted(
            {(prior[a.id].day, prior[a.id].story_key) for a in members if a.id in prior}
        )
        new = [a for a in members if a.id not in prior]
        if earlier and not new:
            for a in members:
                by_id[a.id].reason = f"already briefed on {earlier[0][0]}"
                by_id[a.id].story_key = earlier[0][1]
            continue
        ordered = sorted(
            members,
            key=lambda a: (
                a.id in prior,
                is_opinion(a.title),
                -len(a.text),
                a.source_name or "",
                a.id,
            ),
        )
        story_key = earlier[0][1] if earlier else _story_key(members)
        score = story_score(ordered, end)
        item = StoryInput(
            articles=tuple(ordered), is_update=bool(earlier), new_ids=frozenset(a.id for a in new)
        )
        out.append((item, score, story_key))
    return out


def _story_key(members: Sequence[Article]) -> str:
    first = min(a.id for a in members)
    return hashlib.sha256(first.encode("utf-8")).hexdigest()[:16]


def _rows(day: date, seen: Sequence[_Seen]) -> list[SeenRow]:
    rows: dict[tuple[str, str], SeenRow] = {}
    for item in seen:
        article = item.article
        briefed = item.reason is None and item.story_key is not None
        rows[(item.source, item.key)] = SeenRow(
            day=day.isoformat(),
            source=item.source,
            article_key=item.key,
            status="briefed" if briefed else "left_out",
            url=item.url,
            title=item.title or None,
            content_hash=_hash(article.text) if article else None,
            story_key=item.story_key,
            reason=None if briefed else (item.reason or "not used"),
        )
    return list(rows.values())


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:16]


def _left_out(seen: Sequence[_Seen]) -> list[LeftOut]:
    return [
        LeftOut(
            title=one_line(s.title or s.raw.location),
            source=s.source,
            reason=s.reason or "not used",
            url=s.url,
        )
        for s in seen
        if s.reason is not None or s.story_key is None
    ]


# --- rendering, writing, mailing -----------------------------------------------------------


def _render(
    config: DigestConfig,
    day: date,
    built: _Built,
    gathered: _Gathered,
    dry_run: bool,
    say: Progress,
) -> tuple[DigestResult, dict[Path, str | bytes]]:
    """Every output in memory (nothing written yet) and the result describing them."""
    briefing = built.briefing
    paths = output_paths(config, day)
    say(f"rendering {', '.join(config.formats)}")
    pdf_result = None
    if "pdf" in config.formats or config.email is not None:
        pdf_result = render_pdf(
            briefing, templates_dir=config.templates, page_size=config.page_size
        )
    html = str(render(briefing, "html", templates_dir=config.templates))
    data = digest_json(briefing, built.left_out)
    outputs: dict[Path, str | bytes] = {}
    for fmt, path in paths.items():
        if fmt == "pdf" and pdf_result is not None:
            outputs[path] = pdf_result.data
        elif fmt == "json":
            outputs[path] = data
        elif fmt == "html":
            outputs[path] = html
        else:
            outputs[path] = str(render(briefing, fmt, templates_dir=config.templates))
    result = DigestResult(
        date=day,
        digest_id=digest_id(config, day),
        briefing=briefing,
        written=(),
        failures=briefing.failures,
        sources_ok=len(gathered.ok),
        sources_failed=len(gathered.failed),
        pdf=pdf_result.data if pdf_result else None,
        html=html,
        json=data,
        left_out=tuple(built.left_out),
        planned=tuple(paths.values()),
        pdf_briefing=pdf_result.briefing if pdf_result else None,
        downloads=gathered.downloads,
        cache_hits=gathered.cache_hits,
        dry_run=dry_run,
    )
    return result, outputs


def digest_json(briefing: Briefing, left_out: Sequence[LeftOut]) -> str:
    """The digest as JSON: the briefing's own JSON shape plus ``left_out``."""
    data: dict[str, Any] = json.loads(str(render(briefing, "json")))
    data["left_out"] = [
        {"title": x.title, "source": x.source, "reason": x.reason, "url": x.url} for x in left_out
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _write(outputs: Mapping[Path, str | bytes], say: Progress) -> tuple[Path, ...]:
    """Write every output atomically (temp file + rename), in a stable order."""
    written = tuple(write_atomic(path, data) for path, data in outputs.items())
    say(f"wrote {len(written)} files")
    return written


def _mail_settings(config: DigestConfig) -> Any:
    if config.email is None:
        raise ConfigError(str(config.path), "--email needs an [email] table in the config")
    from ..mail import email_settings_from_config

    return email_settings_from_config(
        config.email, source=str(config.path), base_dir=config.path.parent
    )


def _email(
    config: DigestConfig, day: date, result: DigestResult, settings: Any, say: Progress
) -> DigestResult:
    from ..mail import deliver_briefing
    from ..render import render_text

    say("sending the digest by email")
    pdf_name = output_paths(replace(config, formats=("pdf",)), day)["pdf"].name
    sent = deliver_briefing(
        settings,
        subject=f"{config.title} — {day.isoformat()}",
        html=result.html or "",
        text=render_text(result.briefing, templates_dir=config.templates),
        pdf=result.pdf,
        pdf_name=pdf_name,
        ledger_path=config.state,
        key=result.digest_id,
        log=say,
    )
    return replace(result, emailed=tuple(sent))
