"""``newsbrief eval --stories``: story summaries against editors' roundups, baselines beside."""

from __future__ import annotations

import json

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..evaluate_stories import (
    STORY_METHODS,
    evaluate_stories,
    format_story_table,
    load_clusters,
)
from ._common import err_console, errors_as_exit, fail, warn


def run_story_eval(
    path: str,
    methods: list[str] | None,
    *,
    sentences: int,
    words: int | None,
    limit: int | None,
    as_json: bool,
    quiet: bool,
    traceback: bool,
) -> None:
    """Score story-summary methods on a clusters JSONL file and print the table (or JSON)."""
    chosen = methods or list(STORY_METHODS)
    for name in chosen:
        if name not in STORY_METHODS:
            fail(f"unknown story method {name!r}; choose from: {', '.join(STORY_METHODS)}", 2)
    with errors_as_exit(traceback):
        items, skipped = load_clusters(path, limit=limit)
        progress = Progress(
            TextColumn("eval --stories"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err_console(),
            disable=quiet,
            transient=True,
        )
        with progress:
            task = progress.add_task("stories", total=len(items) * len(chosen))
            report = evaluate_stories(
                items,
                chosen,
                sentences=sentences,
                words=words,
                on_step=lambda: progress.advance(task),
            )
    for problem in skipped:
        warn(f"skipped {problem}")
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(format_story_table(report))
