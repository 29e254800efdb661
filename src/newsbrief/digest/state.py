"""Digest state in one SQLite file: what was seen and briefed per day, and the HTTP cache.

Reads happen at the start of a run; every write of a run happens in one
transaction at its end (``record_run``), after the outputs were written, so a
crash mid-run leaves the file exactly as it was. A rerun of a day replaces that
day's rows, which makes a run for a given date idempotent. WAL journal mode
lets readers (``--dry-run``, the mail ledger) work beside a writer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from ..errors import ConfigError
from .fetch import CacheEntry

SCHEMA_VERSION = 1
#: Cached HTTP bodies not used by any run for this many days are dropped.
CACHE_KEEP_DAYS = 30

_SCHEMA = """
CREATE TABLE IF NOT EXISTS http_cache (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    content_type TEXT,
    final_url TEXT,
    body BLOB NOT NULL,
    used_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seen (
    day TEXT NOT NULL,
    source TEXT NOT NULL,
    article_key TEXT NOT NULL,
    url TEXT,
    title TEXT,
    content_hash TEXT,
    story_key TEXT,
    status TEXT NOT NULL CHECK (status IN ('briefed', 'left_out')),
    reason TEXT,
    PRIMARY KEY (day, source, article_key)
);
CREATE INDEX IF NOT EXISTS seen_by_key ON seen (article_key, status, day);
CREATE TABLE IF NOT EXISTS runs (
    digest_id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    stories INTEGER NOT NULL,
    left_out INTEGER NOT NULL,
    failures INTEGER NOT NULL
);
"""


@dataclass(frozen=True)
class SeenRow:
    """One article seen on ``day``: in story ``story_key`` (briefed) or left out with a reason."""

    day: str
    source: str
    article_key: str
    status: str
    url: str | None = None
    title: str | None = None
    content_hash: str | None = None
    story_key: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class BriefedArticle:
    """Where and when an article was first briefed."""

    story_key: str
    day: str


class State:
    """An open state file (or an empty in-memory one for dry runs without a file)."""

    def __init__(self, path: Path | None, *, create: bool = True) -> None:
        self._subject = str(path) if path else "<state>"
        if path is not None and not create and not path.exists():
            path = None  # a dry run never creates the file: start from an empty state
        self.path = path
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(
                str(path) if path is not None else ":memory:", isolation_level=None, timeout=10
            )
            self._init_schema()
        except sqlite3.DatabaseError as exc:
            raise ConfigError(self._subject, f"not a usable newsbrief state file ({exc})") from None
        except OSError as exc:
            raise ConfigError(self._subject, f"cannot open state file ({exc.strerror})") from None

    def _init_schema(self) -> None:
        self.conn.execute("PRAGMA busy_timeout = 10000")
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ConfigError(self._subject, f"state schema {version} is newer than this newsbrief")
        if self.path is not None:
            self.conn.execute("PRAGMA journal_mode = WAL")
        if version < SCHEMA_VERSION:
            try:
                self.conn.executescript(
                    f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;"
                )
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> State:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- reads -----------------------------------------------------------------

    def cached(self, urls: Iterable[str]) -> dict[str, CacheEntry]:
        """Cached bodies for those of ``urls`` that have one."""
        out: dict[str, CacheEntry] = {}
        for url in set(urls):
            row = self.conn.execute(
                "SELECT etag, last_modified, content_type, final_url, body FROM http_cache"
                " WHERE url = ?",
                (url,),
            ).fetchone()
            if row is not None:
                out[url] = CacheEntry(
                    url=url,
                    etag=row[0],
                    last_modified=row[1],
                    content_type=row[2],
                    final_url=row[3],
                    body=bytes(row[4]),
                )
        return out

    def briefed_before(self, day: str) -> dict[str, BriefedArticle]:
        """Every article key briefed on a day before ``day``, with its first story and day."""
        rows = self.conn.execute(
            "SELECT article_key, story_key, day FROM seen"
            " WHERE status = 'briefed' AND day < ? ORDER BY day, story_key",
            (day,),
        ).fetchall()
        out: dict[str, BriefedArticle] = {}
        for key, story_key, seen_day in rows:
            out.setdefault(key, BriefedArticle(story_key=story_key, day=seen_day))
        return out

    def seen_on(self, day: str) -> list[SeenRow]:
        """All rows recorded for ``day`` (sorted), e.g. to inspect or test a run."""
        rows = self.conn.execute(
            "SELECT day, source, article_key, status, url, title, content_hash, story_key, reason"
            " FROM seen WHERE day = ? ORDER BY source, article_key",
            (day,),
        ).fetchall()
        return [SeenRow(*row) for row in rows]

    def runs(self) -> list[tuple[str, str, int]]:
        """(digest_id, day, stories) of every recorded run."""
        return [
            (r[0], r[1], r[2])
            for r in self.conn.execute("SELECT digest_id, day, stories FROM runs ORDER BY day")
        ]

    # --- the one write -----------------------------------------------------------

    def record_run(
        self,
        *,
        day: str,
        digest_id: str,
        rows: Sequence[SeenRow],
        cache: Sequence[CacheEntry],
        stories: int,
        failures: int,
        now: datetime | None = None,
    ) -> None:
        """Replace ``day``'s rows and update the cache, all in one transaction."""
        stamp = (now or datetime.now(UTC)).replace(microsecond=0)
        cutoff = (stamp - timedelta(days=CACHE_KEEP_DAYS)).isoformat()
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("DELETE FROM seen WHERE day = ?", (day,))
            conn.executemany(
                "INSERT OR REPLACE INTO seen (day, source, article_key, url, title, content_hash,"
                " story_key, status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.day,
                        r.source,
                        r.article_key,
                        r.url,
                        r.title,
                        r.content_hash,
                        r.story_key,
                        r.status,
                        r.reason,
                    )
                    for r in rows
                ],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO http_cache (url, etag, last_modified, content_type,"
                " final_url, body, used_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        c.url,
                        c.etag,
                        c.last_modified,
                        c.content_type,
                        c.final_url,
                        c.body,
                        stamp.isoformat(),
                    )
                    for c in cache
                ],
            )
            conn.execute("DELETE FROM http_cache WHERE used_at < ?", (cutoff,))
            conn.execute(
                "INSERT OR REPLACE INTO runs (digest_id, day, generated_at, stories, left_out,"
                " failures) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    digest_id,
                    day,
                    stamp.isoformat(),
                    stories,
                    sum(1 for r in rows if r.status == "left_out"),
                    failures,
                ),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
