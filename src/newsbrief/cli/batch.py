"""``newsbrief batch``: summarise a JSONL stream of articles, in order, on processes or Dask."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ..batch import BatchInterrupted, BatchOptions, BatchStats, run_batch
from ..batch.run import DEFAULT_CHUNK_SIZE, ProgressHook
from ._common import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    MethodOpt,
    QuietOpt,
    SentencesOpt,
    TracebackOpt,
    WordsOpt,
    app,
    check_method,
    err_console,
    errors_as_exit,
    fail,
    summary_length,
    warn,
)


def _check(
    method: str,
    sentences: int | None,
    words: int | None,
    workers: int,
    dask: str | None,
    resume: bool,
    output: str,
) -> tuple[int | None, int | None]:
    check_method(method)
    length = summary_length(sentences, words)
    if resume and output == "-":
        fail("--resume needs an output file (-o FILE), not stdout", EXIT_USAGE)
    if dask and workers > 1:
        fail("use either --workers (this machine) or --dask (a cluster), not both", EXIT_USAGE)
    return length


class _LazyProgress:
    """A rich progress bar on stderr, started at the first update.

    Starting it late means its refresh thread does not exist yet when worker
    processes are forked at the first chunk.
    """

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, stats: BatchStats, consumed: int, total: int | None) -> None:
        if self._bar is None:
            self._bar = Progress(*_COLUMNS, console=err_console(), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("batch", total=total, done=0)
        assert self._task is not None
        self._bar.update(self._task, completed=consumed, done=stats.written)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()


_COLUMNS = (
    TextColumn("{task.fields[done]} articles"),
    BarColumn(),
    TaskProgressColumn(),
    TimeElapsedColumn(),
    TimeRemainingColumn(),
)


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[ProgressHook | None]:
    """A progress hook drawing on stderr (input bytes read; articles written), or none."""
    if not enabled:
        yield None
        return
    bar = _LazyProgress()
    try:
        yield bar
    finally:
        bar.stop()


@app.command()
def batch(
    input_path: Annotated[
        str,
        typer.Argument(
            metavar="IN.jsonl",
            help="JSON Lines of articles ({title, text, id?, url?, published?, source?}), "
            "or - for stdin.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="Output JSONL file, or - for stdout.")
    ] = "-",
    workers: Annotated[
        int, typer.Option("--workers", "-j", min=1, help="Worker processes on this machine.")
    ] = 1,
    method: MethodOpt = "news",
    sentences: SentencesOpt = None,
    words: WordsOpt = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Skip ids already in the output file and append the rest."),
    ] = False,
    no_facts: Annotated[
        bool, typer.Option("--no-facts", help="Skip key-fact extraction (faster).")
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Run on an existing Dask cluster, e.g. tcp://scheduler:8786 "
            "(needs the optional dask extra here, and newsbrief on the workers).",
        ),
    ] = None,
    chunk_size: Annotated[
        int, typer.Option("--chunk-size", min=1, help="Articles sent to a worker at a time.")
    ] = DEFAULT_CHUNK_SIZE,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar on stderr (default: if a terminal and not --quiet).",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 if any line failed (default: exit 0).")
    ] = False,
    quiet: QuietOpt = False,
    traceback: TracebackOpt = False,
) -> None:
    """Summarise every article of a JSONL file: one JSON line out per line in, in input order.

    Each output line is {"id", "title", "published", "url", "source", "summary", "facts"},
    or {"id", "line", "error"} for a line that could not be used (bad JSON, no text,
    binary, too large); such lines do not stop the run. Ids are the input `id` or
    `line:N`. Exit 0 when the run completes (1 with --strict if any line failed),
    1 when the input cannot be read or the run cannot finish, 130 on Ctrl-C (the
    lines written so far are kept; rerun with --resume).
    """
    n_sentences, n_words = _check(method, sentences, words, workers, dask, resume, output)
    options = BatchOptions(method=method, sentences=n_sentences, words=n_words, facts=not no_facts)
    show = (sys.stderr.isatty() and not quiet) if progress is None else progress
    with errors_as_exit(traceback), _progress_bar(show) as hook:
        try:
            stats = run_batch(
                input_path,
                output,
                options,
                workers=workers,
                dask=dask,
                resume=resume,
                chunk_size=chunk_size,
                progress=hook,
            )
        except BatchInterrupted as exc:
            fail(f"interrupted: {exc}", EXIT_INTERRUPTED)
    if not quiet:
        warn(stats.summary_line())
    if strict and stats.errors:
        raise typer.Exit(EXIT_ERROR)
