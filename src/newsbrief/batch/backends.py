"""Where chunks run: in this process, in worker processes, or on a Dask cluster.

Each backend is a context manager yielding a ``Backend``: ``submit(items)``
returns a future-like object with ``.result()`` and ``window`` bounds how many
chunks may be in flight. All of them run ``record.process_chunk``.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from typing import Any, Protocol

from .lines import BatchError
from .record import BatchOptions, Item, Result, init_worker, process_chunk, warm_up

#: Chunks in flight per worker: enough to keep every worker busy, few enough to bound memory.
CHUNKS_PER_WORKER = 4


class ResultFuture(Protocol):
    def result(self) -> list[Result]: ...


@dataclass(frozen=True)
class Backend:
    """A way to run chunks: ``submit`` starts one, ``window`` caps how many are pending."""

    submit: Callable[[list[Item]], ResultFuture]
    window: int
    name: str


@contextmanager
def serial_backend(options: BatchOptions) -> Iterator[Backend]:
    """Run each chunk right here, as it is submitted (``--workers 1``)."""

    def submit(items: list[Item]) -> ResultFuture:
        future: Future[list[Result]] = Future()
        future.set_result(process_chunk(items, options))
        return future

    yield Backend(submit=submit, window=1, name="1 process")


def _mp_context() -> BaseContext:
    """``forkserver`` where it exists (POSIX), else ``spawn``.

    Plain ``fork`` copies a parent that may be running threads (the progress
    bar, a Dask client), which can deadlock a child; forkserver forks from a
    clean single-threaded server that has already imported newsbrief.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["newsbrief.batch.record"])
        return context
    return multiprocessing.get_context("spawn")


@contextmanager
def process_backend(options: BatchOptions, workers: int) -> Iterator[Backend]:
    """Run chunks on ``workers`` processes, each warmed up once by its initializer."""
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_mp_context(), initializer=init_worker, initargs=(options,)
    )
    try:
        yield Backend(
            submit=lambda items: pool.submit(process_chunk, items, options),
            window=workers * CHUNKS_PER_WORKER,
            name=f"{workers} processes",
        )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask_client(address: str, timeout: float) -> Any:
    try:
        from distributed import Client
    except ImportError as exc:
        raise BatchError(
            "--dask", "needs the optional Dask extra: pip install 'newsbrief[dask]'"
        ) from exc
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise BatchError(address, f"cannot reach the Dask scheduler ({reason[:200]})") from exc


@contextmanager
def dask_backend(options: BatchOptions, address: str, timeout: float = 10.0) -> Iterator[Backend]:
    """Run chunks as tasks on an existing Dask cluster (newsbrief installed on its workers)."""
    client = _dask_client(address, timeout)
    try:
        threads = sum(client.nthreads().values())
        if threads == 0:
            raise BatchError(address, "the Dask cluster has no workers")
        client.run(warm_up, options)
        yield Backend(
            submit=lambda items: client.submit(process_chunk, items, options, pure=False),
            window=threads * CHUNKS_PER_WORKER,
            name=f"Dask cluster ({threads} threads)",
        )
    finally:
        client.close()
