"""The ``eval`` command: ROUGE, speed and dangling references of rankers on a JSONL dataset."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..evaluate import REFERENCE_LENGTH, evaluate, format_table, load_dataset
from ..rank import METHODS
from ._common import JsonOpt, QuietOpt, TracebackOpt, app, err_console, errors_as_exit, fail, warn
from .story_eval import run_story_eval


@app.command("eval")
def eval_command(
    dataset: Annotated[
        str,
        typer.Argument(
            help="JSONL file, one {id, source, title, text, reference} object per line"
            " (with --stories: one story cluster a line, see `eval --help`).",
            show_default=False,
        ),
    ],
    method: Annotated[
        list[str] | None,
        typer.Option(
            "--method", "-m", help="Ranker to score; repeat for several (default: all of them)."
        ),
    ] = None,
    sentences: Annotated[
        int, typer.Option("--sentences", "-n", min=1, help="Summary length in sentences.")
    ] = 3,
    words: Annotated[
        str | None,
        typer.Option(
            "--words",
            "-w",
            help=(
                "Compare at equal length, instead of --sentences: every summary within N words"
                " and scored on at most N words; 'ref' = each item's reference length"
                " (single articles only)."
            ),
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the first N items of the file.")
    ] = None,
    stories: Annotated[
        bool,
        typer.Option(
            "--stories",
            help="Score story summaries against the first paragraph of a roundup, with mean"
            " words, for the tune and test halves of a fixed split by cluster id and overall."
            " DATASET holds clusters ({id, articles: [{title, text, outlet}],"
            " reference_paragraphs or reference}); methods: digest, textrank-all,"
            " first-sentences, news-best, lead3-best.",
        ),
    ] = False,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
    traceback: TracebackOpt = False,
) -> None:
    """Score rankers against reference summaries: ROUGE-1/2/L F1 (x100), seconds per article
    and the dangling-reference rate (% of summaries with a "He"/"This"/"But" opener whose
    previous sentence was left out), per source and overall. A benchmark, not a test.

    With --stories: story summaries against editors' roundups, per half and overall.
    """
    budget = _parse_words(words)
    if stories:
        if budget == REFERENCE_LENGTH:
            fail(f"--words {REFERENCE_LENGTH} is for single articles; give a number of words", 2)
        run_story_eval(
            dataset,
            method,
            sentences=sentences,
            words=budget if isinstance(budget, int) else None,
            limit=limit,
            as_json=as_json,
            quiet=quiet,
            traceback=traceback,
        )
        return
    methods = method or list(METHODS)
    for name in methods:
        if name not in METHODS:
            fail(f"unknown method {name!r}; choose from: {', '.join(METHODS)}", 2)
    with errors_as_exit(traceback):
        items = load_dataset(dataset, limit=limit)
        progress = Progress(
            TextColumn("eval"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err_console(),
            disable=quiet,
            transient=True,
        )
        with progress:
            task = progress.add_task("eval", total=len(items) * len(methods))
            report = evaluate(
                items,
                methods,
                sentences=sentences,
                words=budget,
                on_step=lambda: progress.advance(task),
            )
    for problem in report.skipped:
        warn(f"skipped {problem}")
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(format_table(report))


def _parse_words(value: str | None) -> int | str | None:
    """``--words``: a positive whole number or ``ref``; anything else exits with code 2."""
    if value is None:
        return None
    text = value.strip().lower()
    if text == REFERENCE_LENGTH:
        return REFERENCE_LENGTH
    if text.isdigit() and int(text) >= 1:
        return int(text)
    fail(f"--words must be a positive whole number or '{REFERENCE_LENGTH}', got {value!r}", 2)
