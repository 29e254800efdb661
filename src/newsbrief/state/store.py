"""``State``: the one owner of the SQLite state file; no other module writes SQL.

What it holds, per job:

- the digest: every article seen per day and its fate (``seen``), the summary
  sentences each story was briefed with (``told``), one row per digest (``runs``)
  and the HTTP cache, all written by ``record_run`` in one
  transaction at the end of a run, after the outputs, so a crash mid-run leaves
  the file exactly as it was and a rerun of a day replaces that day's rows;
- each source's outcome per digest day (``source_runs``: ok, or its error), written
  by ``record_run`` too, read by ``source_history`` to report failing feeds;
- the watchlists' alerts (``alerts``: the articles of every story a watch mailed);
- the mail ledger (``sent``): one row per message the SMTP server accepted,
  written right after it did (``record_sent``), so a rerun does not mail again;
- the scheduler's record of completed days (``schedule_runs``).

One connection policy (``connect``): autocommit with explicit transactions, WAL
journal (readers such as ``--dry-run`` work beside a writer), and a busy timeout.
Opening a file migrates it to the current schema (``schema.migrate``); opening
without ``create`` never writes: a missing file reads as empty, an old one is
migrated in a copy in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from ..errors import ConfigError, StateError
from ..fetch import CacheEntry
from .schema import VERSION, NewerSchema, migrate, version_of

#: Cached HTTP bodies not used by any run for this many days are dropped.
CACHE_KEEP_DAYS = 30
#: How long a statement waits for another process's write lock before failing.
BUSY_TIMEOUT_SECONDS = 30.0


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
class SourceRun:
    """One source's outcome in the digest run of ``day``: ok, or failed with ``error``."""

    day: str
    source: str
    ok: bool
    error: str | None = None


@dataclass(frozen=True)
class BriefedArticle:
    """Where and when an article was first briefed."""

    story_key: str
    day: str


def connect(path: Path | None) -> sqlite3.Connection:
    """A connection with the state file's policy (``None``: an empty database in memory)."""
    conn = sqlite3.connect(
        str(path) if path is not None else ":memory:",
        isolation_level=None,
        timeout=BUSY_TIMEOUT_SECONDS,
    )
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    if path is not None:
        conn.execute("PRAGMA journal_mode = WAL")
    return conn


class State:
    """An open state file (or an empty in-memory one for dry runs without a file).

    ``create=False`` (dry runs, read-only checks) never writes the file: a missing
    file reads as empty, and a file of an older schema is read through a migrated
    copy in memory.
    """

    def __init__(self, path: Path | None, *, create: bool = True) -> None:
        self._subject = str(path) if path else "<state>"
        if path is not None and not create and not path.exists():
            path = None  # a dry run never creates the file: start from an empty state
        self.path = path
        try:
            if path is not None and create:
                path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = self._open(path, create)
        except NewerSchema as exc:
            raise ConfigError(self._subject, str(exc)) from None
        except sqlite3.DatabaseError as exc:
            raise ConfigError(self._subject, f"not a usable newsbrief state file ({exc})") from None
        except OSError as exc:
            raise ConfigError(self._subject, f"cannot open state file ({exc.strerror})") from None

    @staticmethod
    def _open(path: Path | None, create: bool) -> sqlite3.Connection:
        conn = connect(path)
        try:
            if path is not None and not create and version_of(conn) < VERSION:
                memory = connect(None)
                conn.backup(memory)
                conn.close()
                conn = memory
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> State:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _write(self, sql: str, params: Sequence[object], what: str) -> None:
        """One statement in its own transaction; a failure is a ``StateError``."""
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise StateError(self._subject, f"cannot record {what} ({exc})") from None

    def _read(self, sql: str, params: Sequence[object], what: str) -> list[tuple[object, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StateError(self._subject, f"cannot read {what} ({exc})") from None

    # --- the digest: reads ---------------------------------------------------------

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

    def told_before(self, day: str) -> dict[str, tuple[str, ...]]:
        """Per story key, every summary sentence it was briefed with on a day before ``day``."""
        rows = self._read(
            "SELECT story_key, sentence FROM told WHERE day < ? ORDER BY day, story_key, position",
            (day,),
            "the briefed summaries",
        )
        out: dict[str, dict[str, None]] = {}
        for story_key, sentence in rows:
            out.setdefault(str(story_key), {})[str(sentence)] = None
        return {key: tuple(sentences) for key, sentences in out.items()}

    def source_history(
        self, before: str | None = None, limit: int = 400
    ) -> dict[str, list[SourceRun]]:
        """Per source, its outcomes on days before ``before`` (all days if None), newest first,
        at most ``limit`` each."""
        rows = self._read(
            "SELECT day, source, ok, error FROM source_runs WHERE ? IS NULL OR day < ?"
            " ORDER BY source, day DESC",
            (before, before),
            "the sources' history",
        )
        out: dict[str, list[SourceRun]] = {}
        for day, source, ok, error in rows:
            runs = out.setdefault(str(source), [])
            if len(runs) < limit:
                runs.append(SourceRun(str(day), str(source), bool(ok), _text(error)))
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

    # --- the digest: the one write of a run ------------------------------------------

    def record_run(
        self,
        *,
        day: str,
        digest_id: str,
        rows: Sequence[SeenRow],
        cache: Sequence[CacheEntry],
        stories: int,
        failures: int,
        told: Mapping[str, Sequence[str]] | None = None,
        sources: Sequence[SourceRun] = (),
        now: datetime | None = None,
    ) -> None:
        """Replace ``day``'s rows (articles seen, ``told``: story key -> its summary sentences,
        ``sources``: each source's outcome) and update the cache, all in one transaction."""
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
            conn.execute("DELETE FROM told WHERE day = ?", (day,))
            conn.executemany(
                "INSERT INTO told (day, story_key, position, sentence) VALUES (?, ?, ?, ?)",
                [
                    (day, key, position, sentence)
                    for key, sentences in (told or {}).items()
                    for position, sentence in enumerate(sentences)
                ],
            )
            _write_sources(conn, day, sources)
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

    def record_sources(self, day: str, sources: Sequence[SourceRun]) -> None:
        """Replace ``day``'s source outcomes alone (a run that could use no source at all)."""
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                _write_sources(self.conn, day, sources)
        except sqlite3.Error as exc:
            raise StateError(
                self._subject, f"cannot record the sources' outcomes ({exc})"
            ) from None

    # --- watchlists -------------------------------------------------------------------

    def alerted(self, watch: str) -> set[str]:
        """Article keys of the stories watchlist ``watch`` has already alerted on."""
        rows = self._read(
            "SELECT article_key FROM alerts WHERE watch = ?", (watch,), "the watch alerts"
        )
        return {str(r[0]) for r in rows}

    def record_alert(self, watch: str, day: str, stories: Mapping[str, Sequence[str]]) -> None:
        """Note that ``watch`` alerted on ``stories`` (story key -> its article keys)."""
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                self.conn.executemany(
                    "INSERT OR IGNORE INTO alerts (watch, article_key, story_key, day, sent_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [
                        (watch, article, story, day, _now())
                        for story, articles in stories.items()
                        for article in articles
                    ],
                )
        except sqlite3.Error as exc:
            raise StateError(self._subject, f"cannot record the alert ({exc})") from None

    # --- the mail ledger -------------------------------------------------------------

    @property
    def instance(self) -> str:
        """This file's random id (made with the file; mail Message-IDs are derived from it)."""
        rows = self._read("SELECT value FROM meta WHERE name = 'instance'", (), "the file's id")
        return str(rows[0][0])

    def sent_to(self, key: str) -> set[str]:
        """Recipients (bare, case-folded addresses) recorded as sent for mail ``key``."""
        rows = self._read("SELECT recipient FROM sent WHERE key = ?", (key,), "the mail ledger")
        return {str(r[0]) for r in rows}

    def record_sent(self, key: str, recipient: str, message_id: str) -> None:
        """Note that the server accepted message ``message_id`` of ``key`` for ``recipient``."""
        self._write(
            "INSERT OR REPLACE INTO sent (key, recipient, sent_at, message_id) VALUES (?, ?, ?, ?)",
            (key, recipient, _now(), message_id),
            "the sent mail",
        )

    # --- the scheduler ---------------------------------------------------------------

    def scheduled_run_done(self, day: str) -> bool:
        """Whether the scheduler completed its run for ``day``."""
        rows = self._read(
            "SELECT 1 FROM schedule_runs WHERE day = ?", (day,), "the scheduler's runs"
        )
        return bool(rows)

    def record_scheduled_run(self, day: str, summary: str) -> None:
        """Note that the scheduler's run for ``day`` completed, with its one-line summary."""
        self._write(
            "INSERT OR REPLACE INTO schedule_runs (day, finished_at, summary) VALUES (?, ?, ?)",
            (day, _now(), summary),
            "the scheduled run",
        )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _write_sources(conn: sqlite3.Connection, day: str, sources: Sequence[SourceRun]) -> None:
    """Replace ``day``'s rows of source outcomes (inside the caller's transaction)."""
    conn.execute("DELETE FROM source_runs WHERE day = ?", (day,))
    conn.executemany(
        "INSERT INTO source_runs (day, source, ok, error) VALUES (?, ?, ?, ?)",
        [(day, r.source, int(r.ok), r.error) for r in sources],
    )
