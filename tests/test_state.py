"""The state file: one schema with a version, migrations from a file today's release wrote.

``state_fixtures/state-v1.sqlite`` was written by release 707e6f9 (schema 1, with the mail
ledger and the scheduler's table created outside the schema); see make_state_v1.py there.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from newsbrief.errors import ConfigError
from newsbrief.mail import EmailSettings, deliver_briefing
from newsbrief.state import MIGRATIONS, VERSION, State
from newsbrief.state.schema import migrate, version_of

FIXTURE = Path(__file__).parent / "state_fixtures" / "state-v1.sqlite"
DIGEST_DAY1 = "morning-briefing:2026-11-16"


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "state.sqlite"
    shutil.copyfile(FIXTURE, path)
    return path


def columns(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str, int, int]]]:
    """Every table's columns (name, type, not null, primary key), to compare schemas."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        t: [(c[1], c[2], c[3], c[5]) for c in conn.execute(f"PRAGMA table_info({t})")]
        for t in sorted(tables)
    }


def test_the_fixture_is_what_release_1_wrote(old_file: Path) -> None:
    conn = sqlite3.connect(old_file)  # a copy: opening a WAL file writes beside it
    assert version_of(conn) == 1
    assert set(columns(conn)) == {"seen", "runs", "http_cache", "sent", "schedule_runs"}
    conn.close()


def test_an_old_file_opens_migrated_with_everything_kept(old_file: Path, tmp_path: Path) -> None:
    with State(old_file) as state:
        assert version_of(state.conn) == VERSION == 5
        assert state.told_before("2026-11-18") == {}  # 2 -> 3: no summaries recorded yet
        assert state.source_history() == {}  # 3 -> 4: no source outcomes yet
        assert state.alerted("any") == set()  # 4 -> 5: no alerts yet
        briefed = state.briefed_before("2026-11-18")
        assert len(briefed) == 3 and {b.day for b in briefed.values()} == {"2026-11-16"}
        assert [r.status for r in state.seen_on("2026-11-17")] == ["left_out"] * 3
        assert [r[:2] for r in state.runs()] == [
            (DIGEST_DAY1, "2026-11-16"),
            ("morning-briefing:2026-11-17", "2026-11-17"),
        ]
        assert len(state.cached(r.url or "" for r in state.seen_on("2026-11-16"))) == 1
        assert state.sent_to(DIGEST_DAY1) == {"reader@example.org", "second@example.org"}
        assert state.scheduled_run_done("2026-11-16")
        assert not state.scheduled_run_done("2026-11-17")
        assert len(state.instance) == 32
        instance = state.instance
        assert state.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the migrated file has the very tables and columns of a new one
    with State(tmp_path / "new.sqlite") as new, State(old_file) as old:
        assert columns(old.conn) == columns(new.conn)
        assert old.instance == instance  # made once, kept
        assert new.instance != instance


def test_the_ledger_of_a_migrated_file_still_stops_a_second_mail(old_file: Path) -> None:
    settings = EmailSettings(
        smtp_host="127.0.0.1",
        smtp_port=9,  # nothing listens: a connection attempt would fail the test
        security="none",
        sender="briefing@example.org",
        to=("reader@example.org", "Second <SECOND@example.org>"),
        retries=0,
    )
    with State(old_file) as state:
        sent = deliver_briefing(
            settings, subject="s", html="", text="", pdf=None, pdf_name="d.pdf",
            ledger=state, key=DIGEST_DAY1, environ={},
        )  # fmt: skip
    assert sent == []


def test_told_sentences_per_story_across_days(tmp_path: Path) -> None:
    """Schema 3: the summary sentences each story was briefed with, replaced on a rerun."""
    with State(tmp_path / "s.sqlite") as state:

        def run(day: str, told: dict[str, list[str]]) -> None:
            state.record_run(
                day=day, digest_id=f"d:{day}", rows=[], cache=[], stories=1, failures=0, told=told
            )

        run("2026-11-16", {"bridge": ["A closed.", "B inspects."], "zoo": ["Pandas born."]})
        run("2026-11-16", {"bridge": ["A closed.", "C diverts."]})  # a rerun replaces the day
        run("2026-11-17", {"bridge": ["D reopens.", "A closed."]})
        assert state.told_before("2026-11-16") == {}
        assert state.told_before("2026-11-17") == {"bridge": ("A closed.", "C diverts.")}
        assert state.told_before("2026-11-18") == {
            "bridge": ("A closed.", "C diverts.", "D reopens.")  # in order, each once
        }


def test_a_read_only_open_never_writes_an_old_file(old_file: Path) -> None:
    before = old_file.read_bytes()
    with State(old_file, create=False) as state:
        assert state.sent_to(DIGEST_DAY1) == {"reader@example.org", "second@example.org"}
        assert version_of(state.conn) == VERSION  # migrated, in memory
    assert old_file.read_bytes() == before
    assert not Path(f"{old_file}-wal").exists() or Path(f"{old_file}-wal").stat().st_size == 0


def test_a_newer_file_is_refused_and_left_alone(old_file: Path) -> None:
    conn = sqlite3.connect(old_file)
    conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    conn.close()
    before = old_file.read_bytes()
    with pytest.raises(ConfigError, match=f"state schema {VERSION + 1} is newer"):
        State(old_file)
    assert old_file.read_bytes() == before


def test_a_failing_step_leaves_the_file_as_it_was(old_file: Path) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x INTEGER)")
        raise sqlite3.OperationalError("disk on fire")

    conn = sqlite3.connect(old_file, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="disk on fire"):
        migrate(conn, {**MIGRATIONS, VERSION: broken})
    assert version_of(conn) == 1  # not even the good step 1 -> 2 was kept
    assert "half_done" not in columns(conn) and "meta" not in columns(conn)
    conn.close()


def test_a_later_migration_is_one_more_step(old_file: Path) -> None:
    """What issue 18's failure records will do: add a table and a column, old rows kept."""

    def add_source_health(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE source_health (source TEXT PRIMARY KEY, since TEXT)")
        conn.execute("ALTER TABLE runs ADD COLUMN sources_failing INTEGER NOT NULL DEFAULT 0")

    conn = sqlite3.connect(old_file, isolation_level=None)
    assert migrate(conn, {**MIGRATIONS, VERSION: add_source_health}) == 1
    assert version_of(conn) == VERSION + 1
    assert conn.execute("SELECT count(*), sum(sources_failing) FROM runs").fetchone() == (2, 0)
    assert migrate(conn, {**MIGRATIONS, VERSION: add_source_health}) == VERSION + 1  # no-op
    conn.close()


def test_connection_policy(tmp_path: Path) -> None:
    with State(tmp_path / "s.sqlite") as state:
        assert state.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert state.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
        state.record_sent("k", "a@example.org", "<id@example.org>")
        state.record_scheduled_run("2026-11-16", "done")
    with State(tmp_path / "s.sqlite", create=False) as state:
        assert state.sent_to("k") == {"a@example.org"}
        assert state.scheduled_run_done("2026-11-16")
