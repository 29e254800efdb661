"""Load stage: files, directories, JSON/JSONL and stdin -> RawArticle.

STUB (to be replaced by the ingest work): reads .txt/.md/.html/.json/.jsonl.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import LoadError
from .types import Failure, RawArticle

SUFFIXES = {".txt", ".md", ".html", ".htm", ".json", ".jsonl"}


def load_text(text: str, *, title: str | None = None, location: str = "<text>") -> RawArticle:
    """Wrap a string as a RawArticle (HTML if it looks like markup)."""
    body_type = "html" if text.lstrip()[:1] == "<" else "text"
    return RawArticle(location=location, body=text, body_type=body_type, title=title)


def load(location: str) -> list[RawArticle]:
    """Read one file (or ``-`` for stdin) into one or more RawArticles."""
    if location == "-":
        return [load_text(sys.stdin.read(), location="<stdin>")]
    path = Path(location)
    if not path.is_file():
        raise LoadError(location, "no such file")
    data = path.read_text(encoding="utf-8", errors="replace")
    if not data.strip():
        raise LoadError(location, "file is empty")
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        return [RawArticle(location=location, body=data, body_type="html")]
    if suffix == ".json":
        obj = json.loads(data)
        objs = obj if isinstance(obj, list) else [obj]
        return [_from_object(o, location) for o in objs]
    if suffix == ".jsonl":
        return [_from_object(json.loads(line), location) for line in data.splitlines() if line]
    return [RawArticle(location=location, body=data)]


def _from_object(obj: dict[str, object], location: str) -> RawArticle:
    return RawArticle(
        location=location,
        body=str(obj.get("text") or ""),
        title=str(obj["title"]) if obj.get("title") else None,
        url=str(obj["url"]) if obj.get("url") else None,
        published=str(obj["published"]) if obj.get("published") else None,
        source_name=str(obj["source"]) if obj.get("source") else None,
        id=str(obj["id"]) if obj.get("id") else None,
    )


def expand_inputs(locations: Sequence[str]) -> list[str]:
    """Expand directories (recursively) into the article files they hold."""
    out: list[str] = []
    for loc in locations:
        p = Path(loc)
        if loc != "-" and p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.suffix.lower() in SUFFIXES)
        else:
            out.append(loc)
    return out


def load_all(locations: Sequence[str]) -> Iterator[RawArticle | Failure]:
    """Every article of every input, or a Failure for an input that could not be read."""
    for loc in expand_inputs(locations):
        try:
            yield from load(loc)
        except LoadError as exc:
            yield Failure(source=loc, error=exc.message, stage="load")
