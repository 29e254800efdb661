"""The state file's schema: one version number and the migrations that reach it.

A state file records its schema version in SQLite's ``user_version``. Opening a
file runs the missing steps ``MIGRATIONS[n]`` (schema ``n`` -> ``n + 1``) in order,
in one transaction, so a file is either fully migrated or left as it was; a file
newer than this code is refused. A new file is built the same way, from 0.

History:

0 -> 1  the digest's tables: ``seen`` (every article seen per day and its fate),
        ``http_cache`` (conditional requests) and ``runs`` (one row per digest).
1 -> 2  the mail ledger ``sent`` and the scheduler's ``schedule_runs`` join the
        schema (releases with schema 1 created them on first use, outside it, so
        they may already exist, with these very columns); ``meta`` holds the
        file's random ``instance`` id, which mail Message-IDs are derived from.
2 -> 3  ``told``: the summary sentences each story was briefed with, per day, so a
        later update of the story opens with what is new and does not repeat them.
3 -> 4  ``source_runs``: each source's outcome per digest day (ok, or the error), so
        the digest can report feeds failing for several runs in a row.
4 -> 5  ``alerts``: the articles of each story a watchlist (``digest --watch``) mailed,
        so a story never alerts twice.

To add a table or a column (say issue 18's per-source failure records), append a
step and nothing else::

    def _v2_to_v3(conn: sqlite3.Connection) -> None:
        _run(conn, \"\"\"
            CREATE TABLE source_health (
                source TEXT PRIMARY KEY, failing_since TEXT, last_error TEXT, failures INTEGER
            );
            ALTER TABLE runs ADD COLUMN sources_failing INTEGER NOT NULL DEFAULT 0;
        \"\"\")

    MIGRATIONS = {0: _create_v1, 1: _v1_to_v2, 2: _v2_to_v3}

``VERSION`` follows from ``MIGRATIONS``. Never edit a step that has shipped: files
out there already ran it. A new column needs a default (or NULL) so old rows stay
valid; then give ``state.store.State`` the methods that read and write it (no
other module writes SQL), and add a row of that version to the migration test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated statements inside the caller's transaction.

    (``executescript`` would commit first, which would break the all-or-nothing step.)
    """
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _create_v1(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
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
        )
        """,
    )


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE IF NOT EXISTS sent (
            key TEXT NOT NULL,
            recipient TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            message_id TEXT,
            PRIMARY KEY (key, recipient)
        );
        CREATE TABLE IF NOT EXISTS schedule_runs (
            day TEXT PRIMARY KEY,
            finished_at TEXT NOT NULL,
            summary TEXT NOT NULL
        );
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta (name, value) VALUES ('instance', lower(hex(randomblob(16))))
        """,
    )


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE told (
            day TEXT NOT NULL,
            story_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            sentence TEXT NOT NULL,
            PRIMARY KEY (day, story_key, position)
        )
        """,
    )


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE source_runs (
            day TEXT NOT NULL,
            source TEXT NOT NULL,
            ok INTEGER NOT NULL,
            error TEXT,
            PRIMARY KEY (source, day)
        )
        """,
    )


def _v4_to_v5(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE alerts (
            watch TEXT NOT NULL,
            article_key TEXT NOT NULL,
            story_key TEXT NOT NULL,
            day TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (watch, article_key)
        )
        """,
    )


#: Step ``n`` brings a file from schema ``n`` to ``n + 1``.
MIGRATIONS: dict[int, Migration] = {
    0: _create_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
}
#: The schema this code reads and writes.
VERSION = len(MIGRATIONS)


def version_of(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the open file."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection,
    migrations: dict[int, Migration] | None = None,
    version: int | None = None,
) -> int:
    """Bring the file to ``version`` (default ``VERSION``) in one transaction; returns the old one.

    The version is read again under the write lock, so two processes opening one old
    file migrate it once. Raises ``NewerSchema`` for a file newer than ``version``.
    """
    steps = MIGRATIONS if migrations is None else migrations
    target = len(steps) if version is None else version
    found = version_of(conn)
    if found > target:
        raise NewerSchema(found, target)
    if found == target:
        return found
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = version_of(conn)
        if found > target:
            raise NewerSchema(found, target)
        for step in range(found, target):
            steps[step](conn)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return found


class NewerSchema(Exception):
    """The file was written by a newer newsbrief (schema ``found`` > ``supported``)."""

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(f"state schema {found} is newer than this newsbrief ({supported})")
        self.found = found
        self.supported = supported
