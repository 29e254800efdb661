"""Load stage: files, directories, JSON/JSONL, stdin, http(s) URLs and feeds -> RawArticle.

Reads at most ``limits.MAX_INPUT_BYTES`` (+1, to notice a bigger file) of any source,
decodes the bytes with :mod:`newsbrief.decode`, and decides the kind of body by suffix
(or by sniffing, for an unknown suffix given explicitly). URLs and feeds are fetched
by :mod:`newsbrief.remote` with the digest's fetch policy, all of one call concurrently.
Metadata in the text itself (headline, dateline, byline) and HTML main-text extraction
are the clean stage's job.
Every problem is a one-line ``LoadError`` naming the source.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .decode import decode_bytes, normalize_text
from .errors import FetchError, LoadError
from .limits import MAX_ARTICLES, MAX_INPUT_BYTES
from .types import BodyType, Failure, RawArticle

if TYPE_CHECKING:  # httpx and feedparser load only when a URL is given
    from .fetch import FetchPolicy
    from .remote import FetchProgress

SUFFIXES = {".txt", ".md", ".html", ".htm", ".json", ".jsonl"}

_HTML_SUFFIXES = {".html", ".htm"}
_TEXT_FIELDS = ("text", "body", "content", "articleBody")
_STRING_FIELDS = {
    "title": "title",
    "url": "url",
    "published": "published",
    "author": "author",
    "site": "site",
    "source": "source_name",
    "id": "id",
}
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html|head|body|meta|article)\b", re.IGNORECASE)
_HTML_TAG = re.compile(r"</(?:p|div|span|a|li|h[1-6]|article|section|body|html)>|<br\s*/?>", re.I)
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,15}://")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def looks_like_html(text: str) -> bool:
    """True for a document that starts like HTML or holds several closing block tags."""
    if _HTML_START.match(text):
        return True
    return text.lstrip()[:1] == "<" and len(_HTML_TAG.findall(text[:20_000])) >= 2


def load_text(text: str, *, title: str | None = None, location: str = "<text>") -> RawArticle:
    """Wrap a string as a RawArticle (HTML if it looks like markup), normalising the text."""
    body = normalize_text(text)
    body_type: BodyType = "html" if looks_like_html(body) else "text"
    return RawArticle(location=location, body=body, body_type=body_type, title=_clean_str(title))


def load(location: str, *, policy: FetchPolicy | None = None) -> list[RawArticle]:
    """Read one file, URL (or ``-`` for stdin) into one or more RawArticles; raise ``LoadError``.

    A JSONL file with a bad line raises for that line (``FILE:LINE``); :func:`load_all`
    instead reports it and keeps the good lines. A URL that cannot be fetched raises
    ``FetchError``.
    """
    articles: list[RawArticle] = []
    for item in _iter_location(location, policy):
        if isinstance(item, Failure):
            if item.stage == "fetch":
                raise FetchError(item.source, item.error)
            raise LoadError(item.source, item.error)
        articles.append(item)
    return articles


def expand_inputs(locations: Sequence[str]) -> list[str]:
    """Expand directories (recursively, hidden entries skipped) into their article files.

    Files are listed in sorted order and each only once. A directory holding no article
    file stays in the list as itself, so that loading it reports the problem. URLs stay
    as they are.
    """
    out: list[str] = []
    seen: set[str] = set()
    for loc in locations:
        url = _is_url(loc)
        found = _directory_files(loc) if not url and loc != "-" and os.path.isdir(loc) else [loc]
        for item in found or [loc]:
            key = item if item == "-" or url else os.path.realpath(item)
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def load_all(
    locations: Sequence[str],
    *,
    max_articles: int | None = MAX_ARTICLES,
    feeds: Sequence[str] = (),
    policy: FetchPolicy | None = None,
    on_fetch: FetchProgress | None = None,
) -> Iterator[RawArticle | Failure]:
    """Every article of every input (files, folders, URLs, then the items of ``feeds``),
    or a Failure per unusable file, URL, feed or bad JSONL line.

    All URLs and feeds are fetched first, concurrently (``on_fetch`` hears of each one
    done). Stops after ``max_articles`` articles with one Failure saying the rest was not
    read.
    """
    inputs = expand_inputs(locations)
    fetched: dict[str, list[RawArticle | Failure]] = {}
    from_feeds: list[RawArticle | Failure] = []
    urls = [loc for loc in inputs if _is_url(loc) and loc.lower().startswith(("http:", "https:"))]
    if urls or feeds:
        from .remote import fetch_inputs

        fetched, from_feeds = fetch_inputs(urls, feeds, policy=policy, on_fetch=on_fetch)
    sources: list[tuple[str, Iterable[RawArticle | Failure] | None]] = [
        (loc, fetched.get(loc)) for loc in inputs
    ]
    if feeds:
        sources.append((feeds[0], from_feeds))
    count = 0
    for loc, ready in sources:
        try:
            for item in _iter_location(loc) if ready is None else ready:
                if isinstance(item, RawArticle):
                    if max_articles is not None and count >= max_articles:
                        yield Failure(loc, f"more than {max_articles} articles; rest not read")
                        return
                    count += 1
                yield item
        except LoadError as exc:
            yield Failure(source=exc.subject or loc, error=exc.message, stage="load")


def _is_url(location: str) -> bool:
    """An http(s) URL (or another scheme's, refused when loaded), rather than a file name."""
    return _URL_SCHEME.match(location) is not None


# --- reading ---------------------------------------------------------------------------------


def _directory_files(directory: str) -> list[str]:
    files: list[str] = []
    for root, dirs, names in os.walk(directory, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                files.append(os.path.join(root, name))
    return files


def read_capped(stream: IO[bytes], location: str, cap: int = MAX_INPUT_BYTES) -> bytes:
    """Read at most ``cap`` bytes; one byte more means the source is too large."""
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise LoadError(location, f"too large (more than {cap // (1024 * 1024)} MiB)")
    return data


def _read_file(location: str) -> bytes:
    """The bytes of a regular file, or a one-line LoadError saying why not."""
    try:
        mode = os.stat(location).st_mode
    except FileNotFoundError:
        raise LoadError(location, "no such file or directory") from None
    except PermissionError:
        raise LoadError(location, "permission denied") from None
    except OSError as exc:
        raise LoadError(location, f"cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise LoadError(location, f"folder holds no article files ({', '.join(sorted(SUFFIXES))})")
    if not stat.S_ISREG(mode):
        raise LoadError(location, "not a regular file")
    try:
        with open(location, "rb") as stream:
            return read_capped(stream, location)
    except PermissionError:
        raise LoadError(location, "permission denied") from None
    except IsADirectoryError:
        raise LoadError(location, "is a folder") from None
    except OSError as exc:
        raise LoadError(location, f"cannot read ({exc.strerror or exc})") from None


def _read_stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text-only stdin (some embedders): encode what it gives
        text = sys.stdin.read(MAX_INPUT_BYTES + 1)
        stream = io.BytesIO(text.encode("utf-8", errors="replace"))
    return read_capped(stream, "<stdin>")


def _iter_location(
    location: str, policy: FetchPolicy | None = None
) -> Iterator[RawArticle | Failure]:
    if _is_url(location):
        if not location.lower().startswith(("http://", "https://")):
            raise LoadError(location, "only http and https URLs are fetched")
        from .remote import fetch_inputs

        fetched, _ = fetch_inputs([location], policy=policy)
        yield from fetched[location]
        return
    if location == "-":
        name = "<stdin>"
        data = _read_stdin()
        suffix = ""
    else:
        name = location
        data = _read_file(location)
        suffix = Path(location).suffix.lower()
    yield from parse_text(decode_bytes(data, name), suffix, name)


def parse_text(text: str, kind: str, location: str) -> Iterator[RawArticle | Failure]:
    """The articles of a decoded document; ``kind`` is its suffix (``.json``...) or ``""``
    to judge by the content (a JSON document is parsed once: the judging parse is kept)."""
    if kind in SUFFIXES:
        yield from _parse(text, kind, location)
        return
    document = _json_document(text, location)
    if document is not _NOT_JSON:
        yield from _json_articles(document, location)
    else:
        yield from _parse(text, _sniff_kind(text, location), location)


_NOT_JSON = object()


def _decode_json(text: str, location: str) -> object:
    """``json.loads``; JSON nested too deeply or holding a number too long is a ``LoadError``
    (a ``JSONDecodeError``, text that is not JSON, is the caller's to judge)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # e.g. an integer longer than Python's 4,300-digit limit
        raise LoadError(location, "invalid JSON (number too long)") from None
    except RecursionError:
        raise LoadError(location, "invalid JSON (nested too deeply)") from None


def _json_document(text: str, location: str) -> object:
    """``text`` parsed, when it is one JSON document opening with ``{`` or ``[``; else
    ``_NOT_JSON``."""
    if text.lstrip()[:1] not in "{[":
        return _NOT_JSON
    try:
        return _decode_json(text, location)
    except json.JSONDecodeError:
        return _NOT_JSON


def _sniff_kind(text: str, location: str) -> str:
    """The suffix a file of unknown type that is not one JSON document would have."""
    head = text.lstrip()
    if head[:1] == "{" and _is_json(head.split("\n", 1)[0], location):
        return ".jsonl"
    return ".html" if looks_like_html(text) else ".txt"


def _is_json(line: str, location: str) -> bool:
    try:
        _decode_json(line, location)
    except json.JSONDecodeError:
        return False
    return True


def _parse(text: str, kind: str, location: str) -> Iterator[RawArticle | Failure]:
    if kind == ".json":
        yield from _parse_json(text, location)
    elif kind == ".jsonl":
        yield from _parse_jsonl(text, location)
    elif kind in _HTML_SUFFIXES or looks_like_html(text):
        yield RawArticle(location=location, body=text, body_type="html")
    else:
        yield RawArticle(location=location, body=text, body_type="text")


# --- JSON ------------------------------------------------------------------------------------


def _parse_json(text: str, location: str) -> Iterator[RawArticle]:
    try:
        data = _decode_json(text, location)
    except json.JSONDecodeError as exc:
        raise LoadError(location, f"invalid JSON (line {exc.lineno}, column {exc.colno})") from None
    yield from _json_articles(data, location)


def _json_articles(data: object, location: str) -> Iterator[RawArticle]:
    """The articles of a parsed JSON document: one object, or a list of them."""
    items = data if isinstance(data, list) else [data]
    if not items:
        raise LoadError(location, "JSON list is empty")
    for i, obj in enumerate(items, 1):
        yield from_object(obj, location if len(items) == 1 else f"{location}#{i}")


def _parse_jsonl(text: str, location: str) -> Iterator[RawArticle | Failure]:
    any_line = False
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        any_line = True
        where = f"{location}:{lineno}"
        try:
            yield from_object(_decode_json(line, where), where)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"invalid JSON (column {exc.colno})", stage="load")
        except LoadError as exc:
            yield Failure(where, exc.message, stage="load")
    if not any_line:
        raise LoadError(location, "empty file")


def from_object(obj: Any, location: str) -> RawArticle:
    """A RawArticle from one JSON object (``title``, ``text``, optional ``url``, ``published``,
    ``source``, ``id``, ``author``, ``site``); ``body``/``content``/``articleBody`` also name
    the text. Raises ``LoadError`` when it is not an object or has no text."""
    if not isinstance(obj, dict):
        raise LoadError(location, f"expected a JSON object, got {type(obj).__name__}")
    key = next((k for k in _TEXT_FIELDS if obj.get(k) not in (None, "")), None)
    if key is None:
        raise LoadError(location, "no 'text' field")
    if not isinstance(obj[key], str):
        raise LoadError(location, f"field {key!r} must be a string")
    body = normalize_text(obj[key])
    if not body.strip():
        raise LoadError(location, f"{key!r} is empty")
    fields = {attr: _clean_str(obj.get(key)) for key, attr in _STRING_FIELDS.items()}
    fields["published"] = iso_datetime(fields["published"])
    body_type: BodyType = "html" if looks_like_html(body) else "text"
    return RawArticle(location=location, body=body, body_type=body_type, **fields)


def _clean_str(value: object) -> str | None:
    """A one-line, normalised string from a JSON scalar; None for empty or non-scalars."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = " ".join(normalize_text(str(value)).split())
    return text or None


def iso_datetime(value: str | None) -> str | None:
    """An ISO 8601 date (``YYYY-MM-DD``) or timestamp with offset, from common date strings.

    Timestamps without a time zone keep only their date. Unparseable values give None.
    """
    if not value:
        return None
    from dateutil import parser

    try:
        parsed = parser.parse(value[:80])
    except (ValueError, OverflowError, parser.ParserError):
        return None
    date_only = _ISO_DATE.match(value) is not None and len(value) == 10
    if date_only or parsed.tzinfo is None or parsed.utcoffset() is None:
        return str(parsed.date().isoformat())
    return str(parsed.isoformat())
