"""Batch workers use one numeric (BLAS/OpenMP) thread each, so N workers fit N cores."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from newsbrief.batch.backends import (
    _mp_context,
    init_worker_process,
    numeric_threads,
    serial_backend,
)
from newsbrief.batch.record import BatchOptions

OPTIONS = BatchOptions(facts=False)


def _pools_loaded() -> bool:
    np.dot(np.ones((4, 4)), np.ones((4, 4)))  # make sure numpy's BLAS is loaded
    return bool(threadpool_info())


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_every_worker_runs_one_numeric_thread(method: str) -> None:
    if not _pools_loaded():
        pytest.skip("no BLAS/OpenMP thread pool to limit in this environment")
    context = _mp_context(method)
    # spawn inherits nothing: its workers import and load spaCy themselves, after the
    # first limit (the initializer limits again once the models are loaded)
    options = BatchOptions(facts=method == "spawn")
    with ProcessPoolExecutor(
        max_workers=2, mp_context=context, initializer=init_worker_process, initargs=(options,)
    ) as pool:
        seen = [pool.submit(numeric_threads).result() for _ in range(4)]
    assert seen == [1, 1, 1, 1]


def test_serial_batch_limits_threads_and_restores_them() -> None:
    if not _pools_loaded():
        pytest.skip("no BLAS/OpenMP thread pool to limit in this environment")
    before = numeric_threads()
    with serial_backend(OPTIONS):
        assert numeric_threads() == 1
    assert numeric_threads() == before
