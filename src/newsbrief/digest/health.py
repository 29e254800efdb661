"""Failing feeds: each source's outcome in a run, and the sources failing run after run.

``outcomes`` says, for every configured source, whether this run could use it (and
the first error when not); the state keeps one outcome per source per digest day
(``State.record_run``), so a rerun of a day replaces that day's outcome instead of
counting twice. ``failing`` finds the sources whose latest ``failing_after`` runs
all failed (the briefing's footer and the JSON's ``sources_failing``); ``statuses``
is the table ``newsbrief sources`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..state import SourceRun
from ..types import SourceFailing
from .config import DigestConfig
from .gather import Gathered


@dataclass(frozen=True)
class SourceStatus:
    """One row of ``newsbrief sources``: a configured source and how its runs went."""

    name: str
    #: "ok", "failing" (``failing_after`` runs or more in a row), "failed" (fewer), "new"
    status: str
    runs_failing: int = 0
    since: str | None = None
    last_ok: str | None = None
    last_error: str | None = None
    last_run: str | None = None


def outcomes(config: DigestConfig, gathered: Gathered, day: date) -> tuple[SourceRun, ...]:
    """Every configured source's outcome in this run (failed: none of it could be used)."""
    out: list[SourceRun] = []
    for source in config.sources:
        if source.name in gathered.ok and source.name not in gathered.failed:
            out.append(SourceRun(day.isoformat(), source.name, True))
            continue
        errors = [
            f.error
            for f in gathered.failures
            if f.source == source.name or f.source.startswith(f"{source.name}: ")
        ]
        error = errors[0] if errors else "nothing could be read"
        out.append(SourceRun(day.isoformat(), source.name, False, error))
    return tuple(out)


def failing(
    history: Mapping[str, Sequence[SourceRun]],
    current: Sequence[SourceRun],
    threshold: int,
) -> tuple[SourceFailing, ...]:
    """Sources of ``current`` whose latest ``threshold`` runs (this one included) all failed.

    ``history``: each source's earlier outcomes, newest first (``State.source_history``).
    """
    out: list[SourceFailing] = []
    for run in current:
        status = _status(run.source, [run, *history.get(run.source, ())], threshold)
        if status.status == "failing":
            out.append(
                SourceFailing(
                    name=status.name,
                    since=status.since or run.day,
                    last_error=status.last_error or "",
                    runs=status.runs_failing,
                    last_ok=status.last_ok,
                )
            )
    return tuple(out)


def statuses(
    config: DigestConfig, history: Mapping[str, Sequence[SourceRun]]
) -> tuple[SourceStatus, ...]:
    """Every configured source's status from the recorded runs (``newsbrief sources``)."""
    return tuple(
        _status(s.name, history.get(s.name, ()), config.failing_after) for s in config.sources
    )


def _status(name: str, runs: Sequence[SourceRun], threshold: int) -> SourceStatus:
    """The status of a source from its outcomes, newest first."""
    if not runs:
        return SourceStatus(name, "new")
    streak = 0
    while streak < len(runs) and not runs[streak].ok:
        streak += 1
    last_ok = next((r.day for r in runs if r.ok), None)
    last_error = next((r.error for r in runs if not r.ok), None)
    if streak == 0:
        return SourceStatus(
            name, "ok", last_ok=last_ok, last_error=last_error, last_run=runs[0].day
        )
    return SourceStatus(
        name,
        "failing" if streak >= threshold else "failed",
        runs_failing=streak,
        since=runs[streak - 1].day,
        last_ok=last_ok,
        last_error=last_error,
        last_run=runs[0].day,
    )
