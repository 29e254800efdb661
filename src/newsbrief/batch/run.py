"""Drive a batch run: read lazily, keep a bounded window in flight, write in input order.

The reorder buffer is the window itself: chunks are submitted in input order
and their results are taken from the head of the queue, so at most
``backend.window`` chunks (and their results) are held at any time.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import BinaryIO

from .backends import Backend, ResultFuture, dask_backend, process_backend, serial_backend
from .lines import (
    BatchError,
    Chunk,
    Output,
    done_ids,
    input_size,
    iter_chunks,
    iter_lines,
    open_input,
    skip_done,
)
from .record import BatchOptions, Result

#: Lines per chunk sent to a worker: amortises inter-process traffic.
DEFAULT_CHUNK_SIZE = 32


@dataclass
class BatchStats:
    """Counts of a run: articles summarised, error lines, lines skipped by ``--resume``."""

    ok: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0
    backend: str = ""

    @property
    def written(self) -> int:
        return self.ok + self.errors

    def summary_line(self) -> str:
        line = f"{self.ok} ok, {self.errors} errors"
        if self.skipped:
            line += f", {self.skipped} already in the output"
        rate = self.written / self.seconds if self.seconds > 0 else 0.0
        return f"{line} ({self.seconds:.1f} s, {rate:.1f} articles/s, {self.backend})"


class BatchInterrupted(BatchError):
    """The run was stopped (Ctrl-C); what was written so far is kept, in order."""


#: Called after each chunk is written: (stats so far, input bytes consumed, input size or None).
ProgressHook = Callable[[BatchStats, int, int | None], None]


def ordered_results(
    chunks: Iterator[Chunk], backend: Backend
) -> Iterator[tuple[Chunk, list[Result]]]:
    """Submit chunks lazily, at most ``backend.window`` pending; yield results in input order."""
    pending: deque[tuple[Chunk, ResultFuture]] = deque()
    for chunk in chunks:
        pending.append((chunk, backend.submit(chunk.items)))
        if len(pending) >= backend.window:
            head, future = pending.popleft()
            yield head, future.result()
    while pending:
        head, future = pending.popleft()
        yield head, future.result()


def _backend(
    options: BatchOptions,
    workers: int,
    dask: str | None,
    dask_timeout: float,
    start_method: str | None,
) -> AbstractContextManager[Backend]:
    if dask:
        return dask_backend(options, dask, dask_timeout)
    if workers > 1:
        return process_backend(options, workers, start_method)
    return serial_backend(options)


def _check_paths(input_path: str, output_path: str, resume: bool) -> None:
    if resume and output_path == "-":
        raise BatchError("--resume", "needs an output file (-o FILE), not stdout")
    if "-" in (input_path, output_path) or not Path(output_path).exists():
        return
    if Path(input_path).exists() and os.path.samefile(input_path, output_path):
        raise BatchError(output_path, "is the input file too; choose another output")


def run_batch(
    input_path: str,
    output_path: str,
    options: BatchOptions | None = None,
    *,
    workers: int = 1,
    dask: str | None = None,
    resume: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: ProgressHook | None = None,
    dask_timeout: float = 10.0,
    start_method: str | None = None,
) -> BatchStats:
    """Summarise every article of a JSONL file (``-``: stdin) into a JSONL output (``-``: stdout).

    One output line per input line, in input order; bad lines become error
    records. With ``resume`` the ids already in the output are skipped and new
    lines are appended; otherwise the output is replaced atomically at the end.
    ``start_method`` forces how worker processes start (``fork``, ``forkserver``,
    ``spawn``); by default ``backends.start_method`` picks. Raises ``LoadError``
    if the input cannot be opened, ``BatchError`` if the run cannot start or
    finish, ``BatchInterrupted`` on Ctrl-C.
    """
    if workers < 1 or chunk_size < 1:
        raise BatchError("batch", "workers and chunk size must be at least 1")
    _check_paths(input_path, output_path, resume)
    base = options or BatchOptions()
    name = "<stdin>" if input_path == "-" else input_path
    opts = replace(base, input_name=name)
    done = done_ids(output_path) if resume else set()
    stats = BatchStats()
    stream = open_input(input_path)
    try:
        with (
            _ctrl_c_between_chunks() as interrupted,
            _backend(opts, workers, dask, dask_timeout, start_method) as backend,
        ):
            stats.backend = backend.name
            run = _Run(output_path, opts, backend, done, resume, chunk_size, stats, progress)
            _drive(stream, run, interrupted)
    finally:
        if input_path != "-":
            stream.close()
    return stats


@contextmanager
def _ctrl_c_between_chunks() -> Iterator[threading.Event]:
    """Ctrl-C noted, and acted on by ``_drive`` between chunks, rather than raised wherever it
    lands: a KeyboardInterrupt inside the process pool's own locking can leave its shutdown
    waiting forever. A second Ctrl-C raises at once. Outside the main thread (where signal
    handlers cannot be set) Ctrl-C keeps Python's default."""
    requested = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield requested
        return

    def note(signum: int, frame: FrameType | None) -> None:
        if requested.is_set():
            raise KeyboardInterrupt
        requested.set()

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield requested
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class _Run:
    """What one run writes to and with: the output, the options, the backend and the counts."""

    output_path: str
    options: BatchOptions
    backend: Backend
    done: set[str]
    resume: bool
    chunk_size: int
    stats: BatchStats
    progress: ProgressHook | None


def _drive(stream: BinaryIO, run: _Run, interrupted: threading.Event) -> None:
    start = time.perf_counter()
    stats, output_path = run.stats, run.output_path
    total = input_size(stream)
    lines = skip_done(
        iter_lines(stream, run.options.max_line_bytes), run.done, lambda: _skip(stats)
    )
    output = Output(output_path, append=run.resume)
    try:
        chunks = iter_chunks(lines, run.chunk_size, total=total, parallel=run.backend.parallel)
        for chunk, results in ordered_results(chunks, run.backend):
            output.write(text for _, text in results)
            good = sum(ok for ok, _ in results)
            stats.ok += good
            stats.errors += len(results) - good
            stats.seconds = time.perf_counter() - start
            if run.progress is not None:
                run.progress(stats, chunk.end, total)
            if interrupted.is_set():
                raise KeyboardInterrupt
    except KeyboardInterrupt as exc:
        _keep_partial(output, stats)
        raise BatchInterrupted(output_path, _resume_hint(stats, output_path)) from exc
    except BatchError:
        _keep_partial(output, stats)
        raise
    except Exception as exc:  # a dead worker process, a lost Dask worker...
        _keep_partial(output, stats)
        reason = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
        hint = _resume_hint(stats, output_path)
        raise BatchError(output_path, f"run failed ({reason}); {hint}") from exc
    stats.seconds = time.perf_counter() - start
    output.commit()


def _skip(stats: BatchStats) -> None:
    stats.skipped += 1


def _keep_partial(output: Output, stats: BatchStats) -> None:
    """Keep the lines written so far (a prefix of the full result) so ``--resume`` can finish."""
    if stats.written:
        output.commit()
    else:
        output.discard()


def _resume_hint(stats: BatchStats, output_path: str) -> str:
    if output_path == "-":
        return f"stopped after {stats.written} articles"
    return f"stopped after {stats.written} articles; run again with --resume to finish"
