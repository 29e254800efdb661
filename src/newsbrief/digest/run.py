"""One digest run for one day: gather, select, output, record — this module only wires them.

Order matters for "nothing lost, nothing half-done": everything is fetched
(``gather``) and built (``select``, ``output.render_outputs``) in memory; then the
outputs are written atomically; then the state for the day is recorded in one
SQLite transaction; then (``email=True``) the mail goes out through
``newsbrief.mail`` with the state file as its ledger. A crash before the state
commit leaves the state as it was, and the rerun repeats the day. The whole run
holds the state file's lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType

from ..errors import FetchError
from ..state import State
from ..types import Briefing, Failure
from .config import DigestConfig
from .fates import LeftOut
from .gather import gather
from .health import failing, outcomes
from .lock import run_lock
from .output import (
    digest_id,
    digest_json,
    email_digest,
    mail_settings,
    output_paths,
    render_outputs,
    slug,
    write_outputs,
)
from .select import EarlyCleaning, clean_gathered, select, warm_cleaner
from .watch import alert_key, alerted_articles, find_watch, wanted
from .workers import Helpers, auto_workers

Progress = Callable[[str], None]

__all__ = [
    "DigestResult",
    "LeftOut",
    "clean_gathered",
    "digest_id",
    "digest_json",
    "output_paths",
    "run_digest",
    "slug",
    "today",
]


@dataclass(frozen=True)
class DigestResult:
    """What one run produced (``written`` is empty on a dry run; ``planned`` says where it goes)."""

    date: date
    digest_id: str
    briefing: Briefing
    written: tuple[Path, ...]
    failures: tuple[Failure, ...]
    sources_ok: int
    sources_failed: int
    pdf: bytes | None
    html: str | None
    json: str
    left_out: tuple[LeftOut, ...] = ()
    planned: tuple[Path, ...] = ()
    pdf_briefing: Briefing | None = None
    missing_glyphs: tuple[str, ...] = ()
    downloads: int = 0
    cache_hits: int = 0
    dry_run: bool = False
    emailed: tuple[str, ...] = ()
    #: the ``[[watch]]`` this run alerted for (None: the digest)
    watch: str | None = None
    timings: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


def today(config: DigestConfig) -> date:
    """Today in the config's time zone."""
    return datetime.now(config.tz).date()


def run_digest(
    config: DigestConfig,
    *,
    date: date | None = None,
    dry_run: bool = False,
    email: bool = False,
    progress: Progress | None = None,
    watch: str | None = None,
) -> DigestResult:
    """Build (and unless ``dry_run`` write, record and optionally email) the digest of ``date``.

    With helper processes, cleaning overlaps the fetch: ``gather`` hands each article
    to ``EarlyCleaning`` as soon as it arrives. ``watch``: the alert of that ``[[watch]]``
    instead (``watch.py``): only its new matching stories, written and mailed only when
    there is one, the stories recorded as alerted once mailed.
    """
    day = date or today(config)
    alert = find_watch(config, watch) if watch is not None else None
    say = progress or (lambda _msg: None)
    settings = mail_settings(config) if email and not dry_run else None
    workers = auto_workers() if config.workers is None else config.workers
    with run_lock(config.state):
        clock = _Clock()
        with (
            Helpers(workers, warm_cleaner) as helpers,
            State(config.state, create=not dry_run) as state,
        ):
            early = EarlyCleaning(helpers, config, day)
            gathered = gather(config, state.cached, say, early.ready if helpers.active else None)
            ner = early.ner_name()
            clock.mark("fetch")
            sources = outcomes(config, gathered, day)
            history = state.source_history(before=day.isoformat())
            sources_failing = failing(history, sources, config.failing_after)
            if not gathered.ok and gathered.failed:
                if not dry_run and alert is None:  # no digest, but the failures count
                    state.record_sources(day.isoformat(), sources)
                first = gathered.failures[0]
                raise FetchError(
                    str(config.path),
                    f"all {len(gathered.failed)} sources failed"
                    f" (first: {first.source}: {first.error})",
                )
            if alert is None:
                prior = state.briefed_before(day.isoformat())
                told = state.told_before(day.isoformat())
                only = None
            else:  # an alert stands apart from the digest: only what it alerted on counts
                prior, told, only = {}, {}, wanted(alert, state.alerted(alert.name))
            chosen = select(config, day, gathered, prior, helpers, early.jobs, ner, say, told, only)
            briefing = replace(chosen.briefing, sources_failing=sources_failing)
            if alert is not None:
                briefing = replace(briefing, title=f"{config.title}: {alert.name}")
            chosen = replace(chosen, briefing=briefing, left_out=() if alert else chosen.left_out)
            helpers.close()
            clock.mark("build")
            name = alert.name if alert else None
            rendered = render_outputs(config, day, chosen.briefing, chosen.left_out, say, name)
            clock.mark("render")
            written: tuple[Path, ...] = ()
            silent = alert is not None and not chosen.briefing.stories  # nothing to alert on
            if not dry_run and not silent:
                written = write_outputs(rendered.files, say)
            if not dry_run and alert is None:
                state.record_run(
                    day=day.isoformat(),
                    digest_id=digest_id(config, day),
                    rows=chosen.rows,
                    cache=gathered.cache,
                    stories=len(chosen.briefing.stories),
                    failures=len(chosen.briefing.failures),
                    told=chosen.told,
                    sources=sources,
                )
            result = DigestResult(
                date=day,
                digest_id=digest_id(config, day),
                briefing=chosen.briefing,
                written=written,
                failures=chosen.briefing.failures,
                sources_ok=len(gathered.ok),
                sources_failed=len(gathered.failed),
                pdf=rendered.pdf.data if rendered.pdf else None,
                html=rendered.html,
                json=rendered.json,
                left_out=chosen.left_out,
                planned=() if silent else tuple(output_paths(config, day, name).values()),
                pdf_briefing=rendered.pdf.briefing if rendered.pdf else None,
                missing_glyphs=rendered.pdf.missing_glyphs if rendered.pdf else (),
                downloads=gathered.downloads,
                cache_hits=gathered.cache_hits,
                dry_run=dry_run,
                watch=name,
                timings=clock.timings(helpers.workers),
            )
            if settings is not None and not silent:
                key = alert_key(config, day, alert, chosen.keys) if alert else None
                sent = email_digest(
                    config, day, chosen.briefing, rendered, settings, state, say, name, key
                )
                result = replace(result, emailed=sent)
                if alert is not None:
                    ids = [s.article_ids for s in chosen.briefing.stories]
                    state.record_alert(
                        alert.name, day.isoformat(), alerted_articles(chosen.keys, ids)
                    )
    return result


class _Clock:
    """Wall and CPU seconds of each phase of a run, for ``DigestResult.timings``.

    ``PHASE`` and ``PHASE_cpu`` (this process), ``total``, ``workers`` (helper
    processes used) and ``workers_cpu`` (their CPU seconds, counted once reaped).
    """

    def __init__(self) -> None:
        self.start = self.wall = time.perf_counter()
        self.cpu = time.process_time()
        self.children = _children_cpu()
        self.times: dict[str, float] = {}

    def mark(self, phase: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.times[phase] = wall - self.wall
        self.times[f"{phase}_cpu"] = cpu - self.cpu
        self.wall, self.cpu = wall, cpu

    def timings(self, workers: int) -> Mapping[str, float]:
        return MappingProxyType(
            {
                **self.times,
                "total": time.perf_counter() - self.start,
                "workers": float(workers),
                "workers_cpu": _children_cpu() - self.children,
            }
        )


def _children_cpu() -> float:
    """CPU seconds of this process's finished child processes (the helpers); 0 if unknown."""
    try:
        import resource
    except ImportError:  # not on Unix
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
