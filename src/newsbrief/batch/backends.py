"""Where chunks run: in this process, in worker processes, or on a Dask cluster.

Each backend is a context manager yielding a ``Backend``: ``submit(items)``
returns a future-like object with ``.result()`` and ``window`` bounds how many
chunks may be in flight. All of them run ``record.process_chunk``.

Every process that runs chunks uses **one numeric thread** (BLAS/OpenMP pools,
via threadpoolctl): NER's matrix products are small, and a multi-threaded BLAS
only spins a second core for them (a single batch process with key facts used
about twice the CPU time for the same wall time), so N workers on N cores
would oversubscribe. Limits are set in each worker's initializer, after its
libraries are loaded, which works for every start method (fork inherits the
parent's thread pools; environment variables would come too late there).
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from typing import Any, Protocol

from threadpoolctl import threadpool_info, threadpool_limits

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
    parallel: int = 1


def numeric_threads() -> int:
    """The most threads any loaded BLAS/OpenMP pool of this process may use (1 if none)."""
    return max((int(pool["num_threads"]) for pool in threadpool_info()), default=1)


def init_worker_process(options: BatchOptions) -> None:
    """Initializer of a worker process: one numeric thread, the usual warm-up, and one
    numeric thread again for any pool the warm-up loaded (threadpoolctl limits only the
    libraries already loaded)."""
    threadpool_limits(limits=1)
    init_worker(options)
    threadpool_limits(limits=1)


@contextmanager
def serial_backend(options: BatchOptions) -> Iterator[Backend]:
    """Run each chunk right here, as it is submitted (``--workers 1``), on one numeric thread."""

    def submit(items: list[Item]) -> ResultFuture:
        future: Future[list[Result]] = Future()
        future.set_result(process_chunk(items, options))
        return future

    with threadpool_limits(limits=1):  # restored when the batch ends (this is the caller's process)
        yield Backend(submit=submit, window=1, name="1 process")


def start_method(requested: str | None = None) -> str:
    """How worker processes start: ``requested`` if given, else the safest fast choice.

    ``fork`` on Linux when this process runs no other thread: workers start at
    once and share the parent's warmed-up models copy-on-write. Otherwise
    ``forkserver`` (forking a process that runs threads, such as a progress bar
    or a Dask client, can deadlock the child; a fork server is single-threaded
    and has imported newsbrief already), and ``spawn`` where neither exists.
    """
    available = multiprocessing.get_all_start_methods()
    if requested is not None:
        if requested not in available:
            raise BatchError("start method", f"{requested!r} is not available here")
        return requested
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in available else "spawn"


def _mp_context(method: str) -> BaseContext:
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["newsbrief.batch.record"])
    return context


@contextmanager
def process_backend(
    options: BatchOptions, workers: int, method: str | None = None
) -> Iterator[Backend]:
    """Run chunks on ``workers`` processes, each warmed up once by its initializer."""
    chosen = start_method(method)
    if chosen == "fork":
        warm_up(options)  # once here; the forked workers inherit the loaded models
        gc.freeze()  # workers' collectors leave inherited objects (and their pages) alone
    pool: ProcessPoolExecutor | None = None
    try:
        pool = executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_mp_context(chosen),
            initializer=init_worker_process,
            initargs=(options,),
        )
        yield Backend(
            submit=lambda items: executor.submit(process_chunk, items, options),
            window=workers * CHUNKS_PER_WORKER,
            name=f"{workers} processes ({chosen})",
            parallel=workers,
        )
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if chosen == "fork":
            gc.unfreeze()


def _dask_client(address: str, timeout: float) -> Any:
    try:
        from distributed import Client
    except ImportError as exc:
        raise BatchError(
            "--dask", "needs the optional Dask extra: pip install 'newsbrief[dask]'"
        ) from exc
    try:
        return Client(address, timeout=timeout, set_as_default=False)  # type: ignore[no-untyped-call]
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
        _warm_workers(client, options, address)
        yield Backend(
            submit=lambda items: client.submit(process_chunk, items, options, pure=False),
            window=threads * CHUNKS_PER_WORKER,
            name=f"Dask cluster ({threads} threads)",
            parallel=threads,
        )
    finally:
        client.close()


def _warm_workers(client: Any, options: BatchOptions, address: str) -> None:
    """Load the models on every worker now; a worker without newsbrief fails here, clearly."""
    try:
        client.run(warm_up, options)
    except Exception as exc:
        reason = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
        raise BatchError(
            address, f"workers could not run newsbrief ({reason}); is newsbrief installed there?"
        ) from exc
