"""The ``digest`` command: one briefing of the day's stories from the sources in a TOML config.

stdout carries only the product (the paths written, one per line, or the JSON
with ``--json``); progress, failures and "N sources ok, M failed" go to stderr.
Exit 0 when a digest was produced (even with failed sources), 1 when the config
is bad or every source failed, 2 on usage errors.

``sources``: the table of each source's recent runs (failing feeds), from the
state file alone.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date as Date
from typing import Annotated

import typer

from ..errors import NewsbriefError
from ._common import (
    ConfigOpt,
    JsonOpt,
    QuietOpt,
    TracebackOpt,
    app,
    errors_as_exit,
    fail,
    safe_line,
    warn,
)


def _parse_date(value: str | None) -> Date | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        fail(f"--date {value!r}: expected YYYY-MM-DD", 2)


@app.command()
def digest(
    config: ConfigOpt,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Run as on this day, YYYY-MM-DD (default: today in the config's timezone).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Fetch and build, but write no file, state or email."),
    ] = False,
    email: Annotated[
        bool, typer.Option("--email", help="Also email the digest ([email] table in the config).")
    ] = False,
    watch: Annotated[
        str | None,
        typer.Option(
            "--watch",
            help="Build the alert of this [[watch]] instead: only its new matching stories,"
            " written (and with --email mailed) only when something matched.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
    traceback: TracebackOpt = False,
) -> None:
    """Build the daily digest: fetch feeds, pages and folders, merge the same story told by
    several outlets, leave out what an earlier digest covered, write one file per format.

    Files are named by date, e.g. outputs/2026-11-16-morning-briefing.pdf; the state file
    remembers what was seen and briefed, so a rerun of the same day gives the same digest.
    With --json: the digest's stories, failures, left_out and the files written.

    --watch NAME: the alert of one [[watch]] of the config (its terms or pattern), e.g.
    outputs/2026-11-16-morning-briefing-watch-my-town.md; a story alerts once (recorded when
    mailed with --email), and a run with nothing new writes and mails nothing.
    """
    day = _parse_date(date)
    from ..digest.config import load_config
    from ..digest.run import run_digest

    progress = None if quiet else _progress()
    with errors_as_exit(traceback):
        cfg = load_config(config)
        if not quiet:
            for key in cfg.extra:
                warn(f"{cfg.path}: unknown key {key!r} ignored")
        if watch is not None:
            from ..digest.watch import find_watch

            try:
                find_watch(cfg, watch)
            except NewsbriefError as exc:
                fail(f"--watch: {exc.message}", 2)
        result = run_digest(
            cfg, date=day, dry_run=dry_run, email=email, progress=progress, watch=watch
        )
    for failure in result.failures:
        warn(f"failed: {failure.source}: {failure.error}")
    for line in result.missing_glyphs:
        warn(f"no installed font has {line}: printed as empty boxes (docs/render.md)")
    if not quiet:
        warn(f"{result.sources_ok} sources ok, {result.sources_failed} failed")
        warn(
            f"{len(result.briefing.stories)} stories, {len(result.left_out)} articles left out"
            + (f", emailed to {len(result.emailed)}" if result.emailed else "")
        )
        if result.watch is not None and not result.briefing.stories:
            warn(f"watch {result.watch!r}: no new story matched; nothing written or mailed")
        if result.dry_run:
            for path in result.planned:
                warn(f"dry run: would write {path}")
    if as_json:
        data = json.loads(result.json)
        data["written"] = [str(p) for p in result.written]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for path in result.written:
            sys.stdout.write(safe_line(str(path)) + "\n")
    sys.stdout.flush()


def _progress() -> Callable[[str], None] | None:
    """A progress hook printing to stderr only when it is a terminal."""
    if not sys.stderr.isatty():
        return None

    def say(message: str) -> None:
        warn(message)

    return say


@app.command()
def sources(config: ConfigOpt, as_json: JsonOpt = False, traceback: TracebackOpt = False) -> None:
    """Show how each source of a digest config has been doing: ok, failed, or failing
    (failing_after runs in a row, 3 by default), since when, when it last worked and the last
    error, from the config's state file (read only; nothing is fetched).

    With --json: a list of {name, status, runs_failing, since, last_ok, last_error, last_run}.
    """
    from dataclasses import asdict

    from ..digest.config import load_config
    from ..digest.health import statuses
    from ..state import State

    with errors_as_exit(traceback):
        cfg = load_config(config)
        with State(cfg.state, create=False) as state:
            rows = statuses(cfg, state.source_history())
    if as_json:
        sys.stdout.write(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n")
        return
    table = [("SOURCE", "STATUS", "SINCE", "LAST OK", "LAST ERROR")]
    for r in rows:
        status = f"{r.status} ({r.runs_failing} runs)" if r.runs_failing else r.status
        table.append((r.name, status, r.since or "-", r.last_ok or "-", r.last_error or "-"))
    widths = [max(len(safe_line(row[i])) for row in table) for i in range(4)]
    for row in table:
        cells = [safe_line(c).ljust(w) for c, w in zip(row[:4], widths, strict=True)]
        sys.stdout.write("  ".join([*cells, safe_line(row[4])]).rstrip() + "\n")
