"""Batch mode: summarise a JSONL stream of articles into a JSONL stream of results.

Streams in bounded memory, keeps input order, records bad lines as error
records, resumes, and runs the same pure per-article function
(``process_record``) in this process, in worker processes or on a Dask cluster.

    from newsbrief.batch import BatchOptions, run_batch
    stats = run_batch("in.jsonl", "out.jsonl", BatchOptions(facts=False), workers=2)
"""

from __future__ import annotations

from .lines import BatchError
from .record import BatchOptions, process_line, process_record
from .run import BatchInterrupted, BatchStats, ordered_results, run_batch

__all__ = [
    "BatchError",
    "BatchInterrupted",
    "BatchOptions",
    "BatchStats",
    "ordered_results",
    "process_line",
    "process_record",
    "run_batch",
]
