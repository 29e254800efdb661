"""Run ``newsbrief ARGS...`` and SIGKILL this very process at one named point (crash tests).

    python tests/digest_fixtures/kill.py POINT digest --config F --email ...

The points, in the order a ``digest --email`` run reaches them:

- ``gathered``   every source fetched and read, nothing built yet
- ``selected``   stories built, nothing rendered
- ``rendered``   every output in memory, nothing written
- ``writing``    the first output renamed into place, the second written to its
                 temporary file but not renamed
- ``committing`` the state transaction of the run written but not committed
- ``mailing``    outputs and state done, no SMTP connection yet
- ``accepted``   the SMTP server accepted the first message, the ledger not yet written
- ``recorded``   the first recipient recorded in the ledger, the second not yet sent
- ``none``       no kill (the server side may kill the process instead)

Each patch wraps the real function and kills the process with SIGKILL (no cleanup,
no ``finally``, as a power cut or the OOM killer would), so what the test sees
afterwards is what a real crash at that point leaves behind.
"""

from __future__ import annotations

import functools
import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from typing import Any


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def after(owner: Any, name: str, *, call: int = 1) -> None:
    """Kill right after the ``call``-th return of ``owner.name``."""
    real = getattr(owner, name)
    calls = 0

    @functools.wraps(real)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        value = real(*args, **kwargs)
        calls += 1
        if calls == call:
            die()
        return value

    setattr(owner, name, wrapper)


def before(owner: Any, name: str) -> None:
    real: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(real)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        die()
        return real(*args, **kwargs)

    setattr(owner, name, wrapper)


class _CommitKiller:
    """A state connection that dies instead of committing the run's transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._last = ""

    def execute(self, sql: str, *args: Any) -> Any:
        if sql == "COMMIT" and self._last.startswith("INSERT OR REPLACE INTO runs"):
            die()
        self._last = sql
        return self._conn.execute(sql, *args)

    def __enter__(self) -> Any:
        return self._conn.__enter__()

    def __exit__(self, *exc: Any) -> Any:
        return self._conn.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def arm(point: str) -> None:
    import smtplib

    import newsbrief.digest.run as run
    import newsbrief.state.store as store

    if point == "gathered":
        after(run, "gather")
    elif point == "selected":
        after(run, "select")
    elif point == "rendered":
        after(run, "render_outputs")
    elif point == "writing":
        real_replace = os.replace
        renamed = 0

        def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            nonlocal renamed
            if str(src).endswith(".tmp"):
                renamed += 1
                if renamed == 2:
                    die()
            real_replace(src, dst, *args, **kwargs)

        os.replace = replace
    elif point == "committing":
        real_connect = store.connect
        store.connect = lambda path: _CommitKiller(real_connect(path))  # type: ignore[assignment,return-value]
    elif point == "mailing":
        before(run, "email_digest")
    elif point == "accepted":
        after(smtplib.SMTP, "send_message")
    elif point == "recorded":
        after(store.State, "record_sent")
    elif point != "none":
        raise SystemExit(f"unknown kill point {point!r}")


def main() -> None:
    point, *args = sys.argv[1:]
    arm(point)
    sys.argv = ["newsbrief", *args]
    from newsbrief.cli import main as newsbrief_main

    newsbrief_main()


if __name__ == "__main__":
    main()
