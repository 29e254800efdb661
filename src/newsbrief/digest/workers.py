"""Helper processes: a digest's CPU work runs on another core while pages download.

A *job* is a call of a module-level function (cleaning one article, the key facts of
one story). With helpers (``workers`` > 0) a job goes to a forked helper process
(``multiprocessing.Pool``, ``fork`` start method, Linux) the moment it is submitted,
so the digest cleans each article while other pages are still downloading instead of
after the fetch. With no helpers a job runs in-process when its result is asked for.

Results are the same either way: a helper runs the same function on the same
(pickled) inputs, and the caller collects results in its own order. Jobs return
values, never raise on bad input (if one does raise, it runs again here and raises
here). If a helper itself fails (it died, or the busy helpers answered nothing for
``stall`` seconds) the helpers are stopped and that job, and every later one, runs
in-process instead: nothing is lost, only the overlap. Helpers are forked, so they
start with everything the parent had imported, and they end with the pool.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.pool import AsyncResult, Pool
from types import TracebackType
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: Seconds without any result from any helper before the helpers are given up.
STALL_SECONDS = 60.0
#: Upper bound for the ``workers`` config key.
MAX_WORKERS = 16


def can_fork() -> bool:
    """True where helpers can run: Linux, with the ``fork`` start method."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def auto_workers() -> int:
    """Helpers to use by default: one when helpers can run and a second CPU is available."""
    return 1 if can_fork() and len(os.sched_getaffinity(0)) >= 2 else 0


def _start(warm: Callable[[], object] | None) -> None:
    """Helper start-up: its own signal handling, then ``warm()`` (imports, models).

    A helper inherits the parent's signal handlers (e.g. the scheduler's); it must
    end on ``terminate()`` (SIGTERM) and leave Ctrl-C (SIGINT) to the parent. Never
    raises: a failing initializer would make the pool respawn helpers forever, and
    whatever ``warm`` did not load loads on first use, as it would in-process.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm is not None:
        with contextlib.suppress(Exception):  # start-up is best effort, see the docstring
            warm()


class Job(Generic[T]):
    """One piece of work: on a helper when there is one, else computed here when asked."""

    def __init__(
        self,
        owner: Helpers,
        fn: Callable[..., T],
        args: tuple[Any, ...],
        pending: AsyncResult[T] | None,
    ) -> None:
        self._owner = owner
        self._fn = fn
        self._args = args
        self._pending = pending
        self._done = False
        self._value: T | None = None

    def result(self) -> T:
        """The job's value (waits for the helper; runs the job here if the helper failed)."""
        if not self._done:
            value: T
            if self._pending is not None and self._owner.wait(self._pending):
                value = self._pending.get()
            else:
                value = self._fn(*self._args)
            self._value, self._done = value, True
            self._pending = None
        return self._value  # type: ignore[return-value]


class Helpers:
    """A pool of ``workers`` forked helper processes (none: every job runs in-process)."""

    def __init__(
        self,
        workers: int,
        warm: Callable[[], object] | None = None,
        *,
        stall: float = STALL_SECONDS,
    ) -> None:
        """Start ``workers`` helpers (none when 0, where helpers cannot run, or if forking fails).

        Each helper calls ``warm()`` once at start; ``stall`` is the patience, in
        seconds, for a busy helper that answers nothing.
        """
        self.workers = max(0, min(workers, MAX_WORKERS)) if can_fork() else 0
        self.stall = stall
        self._pool: Pool | None = None
        self._lock = threading.Lock()
        self._busy = 0  # jobs sent to helpers and not yet answered
        self._last = time.monotonic()  # last answer, or when helpers last became busy
        if self.workers:
            # fork, not batch's fork-or-forkserver rule (batch/backends.start_method): the
            # digest creates its helpers first thing, before its fetch threads exist; under
            # `schedule` the job thread forks while the scheduler's threads sit idle in
            # waits. A helper that hangs anyway is given up after ``stall`` seconds and its
            # jobs run here, so the cost is bounded time, never a lost or stuck digest.
            context = multiprocessing.get_context("fork")
            try:
                self._pool = context.Pool(self.workers, initializer=_start, initargs=(warm,))
            except OSError:  # no process to spare (limits, memory): everything runs here
                self.workers = 0

    def __enter__(self) -> Helpers:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def active(self) -> bool:
        """True while jobs go to helper processes."""
        return self._pool is not None

    def submit(self, fn: Callable[..., T], *args: Any) -> Job[T]:
        """Start ``fn(*args)`` on a helper (or defer it to ``result()`` without helpers).

        ``fn`` must be a module-level function whose arguments and value pickle.
        """
        pending = None
        if self._pool is not None:
            with self._lock:
                if not self._busy:
                    self._last = time.monotonic()
                self._busy += 1
            pending = self._pool.apply_async(
                fn, args, callback=self._tick, error_callback=self._tick
            )
        return Job(self, fn, args, pending)

    def wait(self, pending: AsyncResult[Any]) -> bool:
        """Wait for a job: True when its value is there, False to run it here instead.

        False when the job failed on the helper, or when the helpers are stopped or
        have answered nothing for ``stall`` seconds while busy (then they are stopped).
        """
        while not pending.ready():
            if self._pool is None:
                return False
            with self._lock:
                stalled = self._busy > 0 and time.monotonic() - self._last > self.stall
            if stalled:
                self.close()
                return False
            pending.wait(1.0)
        return pending.successful()

    def close(self) -> None:
        """Stop the helpers now (jobs nobody asked for are dropped) and reap them."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()
            pool.join()

    def _tick(self, _value: object) -> None:
        with self._lock:
            self._busy -= 1
            self._last = time.monotonic()
