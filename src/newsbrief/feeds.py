"""Feeds: RSS/Atom bytes -> clean ``FeedEntry`` values (feedparser, never given a URL or path).

feedparser is handed only bytes we fetched or read, so it never opens a file or
the network itself. Its output is distrusted: an HTML page it "parses" with no
entries is refused as "not a feed"; entry links other than http(s) are dropped;
titles become one printable line; text bodies stay text (never treated as markup).
"""

from __future__ import annotations

import calendar
import html
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

from .decode import clip_title
from .errors import FetchError
from .fetch import is_http_url
from .limits import MAX_TITLE_CHARS

_TAG = re.compile(r"<[^<>]{0,2000}>")
_BLOCK_END = re.compile(
    r"<\s*(?:/\s*(?:p|div|li|h[1-6]|blockquote|section|article|tr|pre)|br\s*/?)\s*>",
    re.IGNORECASE,
)
_DROP = re.compile(
    r"<(script|style|noscript|template)\b[^>]{0,2000}>.{0,200000}?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: a single-line title, an http(s) link or None, and its body."""

    title: str
    link: str | None
    guid: str | None
    published: str | None
    body: str  # plain text (HTML fragments already turned into paragraphs)
    body_type: str  # always "text" for now
    author: str | None = None
    #: the item's own categories (RSS ``<category>``, Atom ``<category term>``), one line each
    categories: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        """Words of visible text in the body (markup removed)."""
        return len(visible_text(self.body, self.body_type).split())


def visible_text(body: str, body_type: str) -> str:
    """Body without markup, entities decoded (for word counts only)."""
    if body_type == "html":
        body = html.unescape(_TAG.sub(" ", body))
    return body


def fragment_text(fragment: str) -> str:
    """Text of a feed item's HTML fragment: one paragraph per block, markup and scripts gone.

    Feed bodies are fragments, not pages, so main-content extraction does not apply;
    the result is plain text and never reaches a renderer as markup.
    """
    text = _DROP.sub(" ", fragment)
    text = _BLOCK_END.sub("\n\n", text)
    text = html.unescape(_TAG.sub(" ", text))
    paragraphs = (" ".join(p.split()) for p in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def one_line(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """A title as one printable line: control, zero-width and bidi characters removed, clipped."""
    return clip_title(text, limit)


def safe_link(link: object, base: str | None = None) -> str | None:
    """An absolute http(s) link, or None (javascript:, data:, file: and the rest are dropped)."""
    if not isinstance(link, str) or not link.strip():
        return None
    link = "".join(ch for ch in link.strip() if ch.isprintable() and not ch.isspace())
    if base and "://" not in link and not link.lower().startswith(("javascript:", "data:")):
        link = urljoin(base, link)
    return link if is_http_url(link) else None


def parse_feed(data: bytes, *, location: str, base_url: str | None = None) -> list[FeedEntry]:
    """Entries of an RSS/Atom document; ``FetchError`` when the bytes are not a usable feed."""
    import feedparser

    headers = {"content-location": base_url} if base_url else {}
    parsed = feedparser.parse(data, response_headers=headers)
    entries = list(parsed.get("entries") or [])
    if not entries:
        if not parsed.get("version"):
            raise FetchError(location, "not a feed (no RSS or Atom document found)")
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            raise FetchError(location, f"malformed feed ({_problem(problem)})")
        return []
    return [e for e in (_entry(raw, base_url) for raw in entries) if e is not None]


def _problem(exc: object) -> str:
    text = one_line(str(exc) or type(exc).__name__, 120)
    return text or "unreadable"


def _entry(raw: dict[str, object], base_url: str | None) -> FeedEntry | None:
    body, body_type = _body(raw)
    title = one_line(html.unescape(_TAG.sub(" ", str(raw.get("title") or ""))))
    link = safe_link(raw.get("link"), base_url)
    if not title and not body.strip():
        return None
    guid = raw.get("id")
    author = raw.get("author")
    return FeedEntry(
        title=title,
        link=link,
        guid=one_line(str(guid), 500) if guid else None,
        published=_published(raw),
        body=body,
        body_type=body_type,
        author=one_line(str(author), 100) if author else None,
        categories=_categories(raw),
    )


def _categories(raw: dict[str, object]) -> tuple[str, ...]:
    """The entry's categories (feedparser's ``tags``: label, else term), at most 10."""
    tags = raw.get("tags")
    out: list[str] = []
    for tag in tags if isinstance(tags, list) else []:
        if not isinstance(tag, dict):
            continue
        value = str(tag.get("label") or tag.get("term") or "")
        name = one_line(html.unescape(_TAG.sub(" ", value)), 60)  # as titles are read
        if name and name.casefold() not in (c.casefold() for c in out):
            out.append(name)
    return tuple(out[:10])


def _body(raw: dict[str, object]) -> tuple[str, str]:
    """The longest of the entry's content parts and summary, with its type."""
    candidates: list[tuple[str, str]] = []
    content = raw.get("content")
    if isinstance(content, list):
        for part in content:
            if isinstance(part, dict) and part.get("value"):
                candidates.append((str(part["value"]), str(part.get("type") or "text/html")))
    detail = raw.get("summary_detail")
    if raw.get("summary"):
        kind = detail.get("type") if isinstance(detail, dict) else "text/html"
        candidates.append((str(raw["summary"]), str(kind or "text/html")))
    if not candidates:
        return "", "text"
    value, kind = max(candidates, key=lambda c: len(c[0]))
    if "html" in kind.lower():
        return fragment_text(value), "text"
    return value, "text"


def _published(raw: dict[str, object]) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = raw.get(key)
        if isinstance(value, time.struct_time):
            try:
                stamp = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, OSError, ValueError):
                continue
            return stamp.isoformat()
    return None
