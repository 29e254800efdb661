"""One run at a time per state file: a non-blocking file lock beside it (``STATE.lock``).

``run_lock`` is re-entrant within one thread of one process (so ``schedule`` can
hold it around ``run_digest``, which takes it too); any other process or thread
that asks while it is held gets a ``LockedError`` at once instead of waiting.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import LockedError

_LOCKS: dict[str, FileLock] = {}
_GUARD = threading.Lock()


def lock_path(state_path: str | Path) -> Path:
    """Where the lock for ``state_path`` lives."""
    state = Path(state_path).resolve()
    return state.with_name(state.name + ".lock")


def _lock_for(path: Path) -> FileLock:
    with _GUARD:
        lock = _LOCKS.get(str(path))
        if lock is None:
            # thread_local: each thread has its own lock count, so another thread is refused
            lock = FileLock(str(path), timeout=0, thread_local=True)
            _LOCKS[str(path)] = lock
        return lock


@contextmanager
def run_lock(state_path: str | Path) -> Iterator[Path]:
    """Hold the run lock of ``state_path`` for the ``with`` block; yields the lock file path."""
    path = lock_path(state_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LockedError(str(path), f"cannot create the lock folder ({exc.strerror})") from None
    lock = _lock_for(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise LockedError("digest", f"another newsbrief run holds {path}") from None
    except OSError as exc:
        raise LockedError(str(path), f"cannot take the lock ({exc.strerror or exc})") from None
    try:
        yield path
    finally:
        lock.release()
