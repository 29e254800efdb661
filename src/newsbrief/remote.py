"""Load from the network: http(s) URLs and feeds named by the user -> RawArticle.

A URL the user names is trusted as a digest's configured source is (it may be on a
private or loopback host: the user chose it); it is fetched with the digest's policy
(:mod:`newsbrief.fetch`: total deadline, decompressed-size cap, every redirect hop
checked, http/https only). Links *inside* a page are never followed. A feed's items
come from the feed itself; an item too short to be an article (a teaser) gets its own
link fetched as a feed item's link is in the digest: untrusted, so it may reach a
private address only on the feed's own host and port.

All URLs of one call are fetched concurrently; ``on_fetch`` hears of each one done.
Every problem is a ``Failure`` naming the URL, in input order; nothing raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from .decode import decode_bytes
from .errors import FetchError, LoadError
from .feeds import FeedEntry, parse_feed
from .fetch import Fetched, Fetcher, FetchPolicy, FetchRequest
from .types import Failure, RawArticle

#: A feed item with fewer words than this is a teaser: its linked page is fetched
#: (the digest's ``teaser_words`` default).
TEASER_WORDS = 80

#: Told of each finished fetch: (done so far, total, URL).
FetchProgress = Callable[[int, int, str], None]

Loaded = RawArticle | Failure


@dataclass
class _Counter:
    total: int
    on_fetch: FetchProgress | None
    done: int = 0

    def __call__(self, request: FetchRequest, _result: object) -> None:
        self.done += 1
        if self.on_fetch is not None:
            self.on_fetch(self.done, self.total, request.url)


def fetch_inputs(
    pages: Sequence[str],
    feeds: Sequence[str] = (),
    *,
    policy: FetchPolicy | None = None,
    on_fetch: FetchProgress | None = None,
    teaser_words: int = TEASER_WORDS,
) -> tuple[dict[str, list[Loaded]], list[Loaded]]:
    """Fetch page URLs and feeds concurrently: (articles per page URL, articles of the feeds).

    Feed items whose body is a teaser get their linked page in a second round.
    """
    fetcher = Fetcher(policy or FetchPolicy())
    requests = [FetchRequest(u, trusted=True, origin=u) for u in [*pages, *feeds]]
    counter = _Counter(len(requests), on_fetch)
    results = fetcher.fetch_all(requests, counter) if requests else []
    by_page = {
        url: list(page_articles(url, result))
        for url, result in zip(pages, results[: len(pages)], strict=True)
    }
    items: list[tuple[str, FeedEntry]] = []
    out: list[Loaded] = []
    for url, result in zip(feeds, results[len(pages) :], strict=True):
        if isinstance(result, FetchError):
            out.append(Failure(url, result.message, stage="fetch"))
            continue
        try:
            entries = parse_feed(result.body, location=url, base_url=result.final_url)
        except FetchError as exc:
            out.append(Failure(url, exc.message, stage="feed"))
            continue
        if not entries:
            out.append(Failure(url, "feed has no items", stage="feed"))
        items.extend((url, entry) for entry in entries)
    out.extend(_feed_articles(fetcher, items, counter, teaser_words))
    return by_page, out


def _feed_articles(
    fetcher: Fetcher,
    items: Sequence[tuple[str, FeedEntry]],
    counter: _Counter,
    teaser_words: int,
) -> Iterator[Loaded]:
    teasers = [k for k, (_, e) in enumerate(items) if e.link and e.words < teaser_words]
    requests = [
        FetchRequest(str(items[k][1].link), trusted=False, origin=items[k][0]) for k in teasers
    ]
    counter.total += len(requests)
    pages = dict(zip(teasers, fetcher.fetch_all(requests, counter), strict=True))
    for k, (feed, entry) in enumerate(items):
        item = feed_item(feed, entry)
        page = pages.get(k)
        if isinstance(page, Fetched):
            try:
                yield replace(item, body=body_text(page), body_type="html")
                continue
            except LoadError:  # an undecodable page: the feed's own text is what there is
                pass
        yield item


def feed_item(feed: str, entry: FeedEntry) -> RawArticle:
    """A feed entry as a RawArticle (title, link, date and author from the feed)."""
    return RawArticle(
        location=entry.link or f"{feed}: {entry.title or 'untitled item'}",
        body=entry.body,
        body_type="text",
        title=entry.title or None,
        url=entry.link,
        published=entry.published,
        author=entry.author,
    )


def page_articles(url: str, result: Fetched | FetchError) -> Iterator[Loaded]:
    """The article(s) of one fetched page URL, or a Failure naming the URL."""
    if isinstance(result, FetchError):
        yield Failure(url, result.message, stage="fetch")
        return
    try:
        text = body_text(result)
    except LoadError as exc:
        yield Failure(url, exc.message, stage="load")
        return
    kind = _kind(result.content_type, text)
    if kind == "feed":
        yield Failure(url, "is a feed, not a page; use --feed URL", stage="load")
        return
    from .load import parse_text

    try:
        for item in parse_text(text, kind, url):
            if isinstance(item, RawArticle):
                item = replace(item, url=item.url or result.final_url)
            yield item
    except LoadError as exc:
        yield Failure(url, exc.message, stage="load")


def body_text(result: Fetched) -> str:
    """A fetched body decoded (the charset of its Content-Type header first)."""
    declared = None
    for part in (result.content_type or "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            declared = value.strip().strip("\"'") or None
    return decode_bytes(result.body, result.url, declared=declared)


_FEED_TYPES = ("rss", "atom", "rdf")


def _kind(content_type: str | None, text: str) -> str:
    """The suffix a file with this body would have (or ``feed``), by header, then content."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    head = text.lstrip()[:500].lower()
    if any(t in media for t in _FEED_TYPES) or (
        head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<rdf" in head)
    ):
        return "feed"
    if media in ("text/html", "application/xhtml+xml"):
        return ".html"
    if media in ("text/plain", "text/markdown"):
        return ".txt"
    return ""  # unknown, or JSON (one parse tells and reads it): judged by the loader
