"""Crash and rerun: `digest --email` killed (SIGKILL) at each point of a run, then run again.

Nothing is lost (every output complete, every recipient mailed, the state the same as a
run that never crashed) and nothing is corrupted (the state file passes SQLite's
integrity check). The one window where a crash can duplicate a mail — after the server
accepted a message, before the ledger recorded it — sends the same message again: same
Message-ID, which servers and mail clients drop.

A real SMTP server (aiosmtpd) on loopback; a real ``newsbrief digest`` process killed by
``digest_fixtures/kill.py`` (or by the server, for the points it sees first).
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader

from newsbrief.digest.config import load_config
from newsbrief.digest.run import run_digest
from newsbrief.state import State

KILL = Path(__file__).parent / "digest_fixtures" / "kill.py"
DAY = date(2026, 11, 16)
READERS = ("reader@example.org", "second@example.org")
ARTICLES = {
    "park.txt": "Council approves new riverside park\n\nThe city council approved a new "
    "riverside park on Monday after a long debate. The park will cover 40 acres along the "
    "river. Work starts in the spring and should take two years.\n",
    "storm.txt": "Storm closes coastal roads\n\nA storm closed three coastal roads on Monday. "
    "Crews cleared fallen trees overnight. The roads should reopen on Tuesday, officials said.\n",
    "rates.txt": "Central bank holds interest rates\n\nThe central bank held its main rate at "
    "3 percent on Monday. Its governor said inflation was slowing. Markets had expected the "
    "decision.\n",
}

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@dataclass
class Inbox:
    """What the server accepted, per recipient; and the process it may kill, and when."""

    messages: list[tuple[str, bytes]] = field(default_factory=list)
    victim: int | None = None
    kill: str | None = None  # "during-data" (before accepting) or "after-accept" (1 ms after)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def by_recipient(self) -> dict[str, list[str]]:
        """Recipient -> the Message-IDs of the copies it received."""
        out: dict[str, list[str]] = defaultdict(list)
        for rcpt, data in self.messages:
            out[rcpt].append(str(message_from_bytes(data, policy=policy.default)["Message-ID"]))
        return dict(out)


class Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        inbox = self.inbox
        with inbox.lock:
            kill, inbox.kill = inbox.kill, None  # the first message only
        if kill == "during-data" and inbox.victim:
            os.kill(inbox.victim, signal.SIGKILL)  # dies before hearing "250"
            return "451 4.3.0 try again later"
        for rcpt in envelope.rcpt_tos:
            inbox.messages.append((rcpt, bytes(envelope.content)))
        if kill == "after-accept" and inbox.victim:
            victim = inbox.victim
            threading.Timer(0.001, lambda: os.kill(victim, signal.SIGKILL)).start()
        return "250 2.0.0 accepted"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Inbox()
    controller = Controller(Handler(box), hostname="127.0.0.1", port=port)
    controller.start()
    box.port = port  # type: ignore[attr-defined]
    try:
        yield box
    finally:
        controller.stop()


def write_config(folder: Path, port: int) -> Path:
    articles = folder / "articles"
    articles.mkdir(parents=True)
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    config = folder / "digest.toml"
    config.write_text(
        'title = "Morning briefing"\ntimezone = "UTC"\nstate = "state.sqlite"\n'
        'output_dir = "out"\nformats = ["pdf", "md", "json"]\nworkers = 0\n'
        '[[sources]]\nname = "Desk"\npath = "articles"\n'
        f'[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nsecurity = "none"\n'
        'sender = "Newsbrief <briefing@example.org>"\n'
        f"to = {json.dumps(list(READERS))}\nretries = 0\ntimeout = 20\n",
        encoding="utf-8",
    )
    return config


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_SMTP")}
    env["NEWSBRIEF_NER"] = "rules"
    return env


def seen(state_path: Path) -> list[tuple[object, ...]]:
    """The day's state rows, without the folder-dependent parts (keys hash the path)."""
    with State(state_path) as state:
        rows = state.seen_on(DAY.isoformat())
    stories: list[str | None] = []  # a story by its order of appearance, not its hash
    for row in rows:
        if row.story_key not in stories:
            stories.append(row.story_key)
    return [
        (r.source, Path(r.article_key).name, r.status, stories.index(r.story_key), r.reason)
        for r in rows
    ]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[object, ...]]:
    """The state rows of a run that never crashed (no mail: rows do not depend on it)."""
    folder = tmp_path_factory.mktemp("reference")
    config = write_config(folder, 9)
    os.environ["NEWSBRIEF_NER"] = "rules"
    try:
        run_digest(load_config(config), date=DAY)
    finally:
        del os.environ["NEWSBRIEF_NER"]
    rows = seen(folder / "state.sqlite")
    assert len(rows) == 3 and all(r[2] == "briefed" for r in rows)
    return rows


# (kill point, who kills, extra copies the crash may cause)
POINTS = [
    ("gathered", "process", 0),
    ("selected", "process", 0),
    ("rendered", "process", 0),
    ("writing", "process", 0),
    ("committing", "process", 0),
    ("mailing", "process", 0),
    ("during-data", "server", 0),
    ("accepted", "process", 1),
    ("recorded", "process", 0),
]


@pytest.mark.parametrize(("point", "killer", "duplicates"), POINTS, ids=[p[0] for p in POINTS])
def test_killed_then_rerun_loses_nothing(
    point: str,
    killer: str,
    duplicates: int,
    inbox: Inbox,
    tmp_path: Path,
    reference: list[tuple[object, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = write_config(tmp_path, inbox.port)  # type: ignore[attr-defined]
    args = ["digest", "--config", str(config), "--date", DAY.isoformat(), "--email", "-q"]
    child = subprocess.Popen(
        [sys.executable, str(KILL), "none" if killer == "server" else point, *args],
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if killer == "server":
        inbox.victim, inbox.kill = child.pid, point
    _out, err = child.communicate(timeout=240)
    assert child.returncode == -signal.SIGKILL, err.decode(errors="replace")
    with State(tmp_path / "state.sqlite", create=False) as state:
        recorded = state.sent_to("morning-briefing:2026-11-16")

    monkeypatch.setenv("NEWSBRIEF_NER", "rules")
    for key in ("NEWSBRIEF_SMTP_USER", "NEWSBRIEF_SMTP_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    result = run_digest(load_config(config), date=DAY, email=True)
    assert sorted(result.emailed) == sorted(set(READERS) - recorded)
    assert_nothing_lost(tmp_path, inbox, reference, duplicates)


def test_killed_1ms_after_the_server_accepted(
    inbox: Inbox, tmp_path: Path, reference: list[tuple[object, ...]]
) -> None:
    """The issue's scenario with the real command, killed by the server's clock."""
    config = write_config(tmp_path, inbox.port)  # type: ignore[attr-defined]
    args = ["digest", "--config", str(config), "--date", DAY.isoformat(), "--email", "-q"]
    child = subprocess.Popen(
        [sys.executable, "-m", "newsbrief", *args], env=child_env(), stderr=subprocess.PIPE
    )
    inbox.victim, inbox.kill = child.pid, "after-accept"
    _out, err = child.communicate(timeout=240)
    assert child.returncode in (-signal.SIGKILL, 0), err.decode(errors="replace")
    rerun = subprocess.run(
        [sys.executable, "-m", "newsbrief", *args], env=child_env(), capture_output=True
    )
    assert rerun.returncode == 0, rerun.stderr.decode(errors="replace")
    # the kill may land before or after the ledger write: at most one extra copy either way
    copies = sum(len(ids) for ids in inbox.by_recipient().values())
    assert_nothing_lost(tmp_path, inbox, reference, copies - len(READERS))
    assert copies - len(READERS) in (0, 1)


def assert_nothing_lost(
    folder: Path, inbox: Inbox, reference: list[tuple[object, ...]], duplicates: int
) -> None:
    state_path = folder / "state.sqlite"
    conn = sqlite3.connect(state_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert seen(state_path) == reference
    received = inbox.by_recipient()
    assert sorted(received) == sorted(READERS)  # every reader got the digest
    for ids in received.values():
        assert len(set(ids)) == 1  # a resent copy is the same message
    assert sum(len(ids) for ids in received.values()) == len(READERS) + duplicates
    with State(state_path) as state:
        digest = "morning-briefing:2026-11-16"
        assert state.sent_to(digest) == set(READERS)  # so a third run mails nobody
        recorded = dict(
            state.conn.execute("SELECT recipient, message_id FROM sent WHERE key = ?", (digest,))
        )
    assert recorded == {r: ids[0] for r, ids in received.items()}
    out = folder / "out"
    pdf = (out / "2026-11-16-morning-briefing.pdf").read_bytes()
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    data = json.loads((out / "2026-11-16-morning-briefing.json").read_text("utf-8"))
    assert len(data["stories"]) == 3
    assert "riverside park" in (out / "2026-11-16-morning-briefing.md").read_text("utf-8")
