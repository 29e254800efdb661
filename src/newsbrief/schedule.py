"""Run the daily digest on a cron line in the foreground (APScheduler 3), one run at a time.

Policy: the cron expression is read in the config's timezone, with standard cron
day-of-week numbers (0 and 7 are Sunday). A run missed while the process was alive but
the machine slept is made up on waking if it is less than ``MISFIRE_GRACE_SECONDS`` late
(several missed runs coalesce into one). On start, if today's run time has already
passed and this scheduler has not completed today's run (as recorded in the state
file), it runs once at once. Runs never overlap: one worker thread, and the digest's
``run_lock`` keeps ``schedule`` and a cron-started ``digest`` apart (a locked run logs
"skipped: another run in progress"). SIGTERM/SIGINT stop the scheduler after the run in
progress finishes.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from datetime import time as dtime
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.events import (
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    EVENT_SCHEDULER_STARTED,
    JobEvent,
    SchedulerEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from .decode import one_line
from .errors import ConfigError, LockedError, NewsbriefError

#: A run this late (machine asleep, process stopped by a debugger...) still happens.
MISFIRE_GRACE_SECONDS = 12 * 3600
#: After a failed run, retry the same day's digest after these many seconds (then give up).
RETRY_DELAYS: tuple[float, ...] = (15 * 60, 30 * 60, 60 * 60, 120 * 60)
#: How often the scheduler re-reads the wall clock, so a suspend is noticed within this time.
HEARTBEAT_SECONDS = 60.0

log = logging.getLogger("newsbrief.schedule")

#: Runs the digest for a day; returns a one-line summary; raises NewsbriefError on failure.
Job = Callable[[date], str]
Clock = Callable[[], datetime]

_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


# --------------------------------------------------------------------------- cron


def cron_trigger(expr: str, timezone: tzinfo, *, source: str = "schedule") -> CronTrigger:
    """A trigger for a standard 5-field cron line; ``ConfigError`` when it is not one."""
    fields = expr.split()
    if len(fields) != 5:
        raise ConfigError(
            source, f"schedule {expr!r}: a cron line has 5 fields (e.g. '30 6 * * *')"
        )
    try:
        fields[4] = _cron_weekdays(fields[4])
        return CronTrigger.from_crontab(" ".join(fields), timezone=timezone)
    except ValueError as exc:
        raise ConfigError(source, f"schedule {expr!r}: {exc}") from None


def _cron_weekdays(field: str) -> str:
    """Cron's day-of-week (0/7 = Sunday, names too) as APScheduler day names.

    APScheduler 3's ``from_crontab`` counts 0 as Monday; naming the days avoids that trap.
    """
    if field == "*":
        return field
    days: set[int] = set()
    for item in field.lower().split(","):
        span, _, step_text = item.partition("/")
        step = int(step_text) if step_text.isdigit() and int(step_text) > 0 else None
        if step_text and step is None:
            raise ValueError(f"bad step in day of week {item!r}")
        if span == "*":
            lo, hi = 0, 6
        else:
            first, dash, last = span.partition("-")
            lo = _weekday(first)
            hi = _weekday(last) if dash else (6 if step else lo)
            if dash and hi == 0 and last.strip() == "7":
                hi = 7
            if hi < lo:
                raise ValueError(f"day-of-week range {span!r} runs backwards")
        days.update(d % 7 for d in range(lo, hi + 1, step or 1))
    return ",".join(_DAY_NAMES[d] for d in sorted(days))


def _weekday(token: str) -> int:
    token = token.strip()
    if token.isdigit() and int(token) <= 7:
        return int(token) % 7
    if token[:3] in _DAY_NAMES and len(token) == 3:
        return _DAY_NAMES.index(token)
    raise ValueError(f"bad day of week {token!r} (0-7 or sun..sat)")


def first_run_on(trigger: BaseTrigger, day: date, timezone: tzinfo) -> datetime | None:
    """When ``trigger`` first fires on ``day`` (in ``timezone``), or None if it does not."""
    start = datetime.combine(day, dtime(0), tzinfo=timezone)
    fire: datetime | None = trigger.get_next_fire_time(None, start)
    return fire if fire is not None and fire.astimezone(timezone).date() == day else None


def catch_up_day(trigger: BaseTrigger, now: datetime, done: Callable[[date], bool]) -> date | None:
    """Today, if its scheduled run time has passed and today's run is not done yet."""
    assert now.tzinfo is not None
    today = now.date()
    fire = first_run_on(trigger, today, now.tzinfo)
    if fire is None or fire > now or done(today):
        return None
    return today


# --------------------------------------------------------------------------- record


def record_day_done(state: Path, day: date, summary: str) -> None:
    """Note in the state file that the scheduled run for ``day`` completed (one transaction)."""
    from .state import State

    try:
        with State(state) as store:
            store.record_scheduled_run(day.isoformat(), summary)
    except NewsbriefError as exc:
        log.warning("could not record the run in %s: %s", state, exc.message)


def day_done(state: Path, day: date) -> bool:
    """Whether ``record_day_done`` noted ``day`` (False when there is no state yet).

    Only reads: a missing file is not created, an old one not migrated.
    """
    from .state import State

    try:
        with State(state, create=False) as store:
            return store.scheduled_run_done(day.isoformat())
    except NewsbriefError:
        return False


# --------------------------------------------------------------------------- scheduler


class DigestScheduler:
    """A foreground scheduler calling ``job(day)`` on ``trigger``; stop with ``stop()`` or a signal.

    ``clock`` (aware datetimes) only decides the catch-up at start and the day a run is
    for; APScheduler keeps its own wall clock for firing.
    """

    def __init__(
        self,
        job: Job,
        trigger: BaseTrigger,
        *,
        timezone: tzinfo,
        done: Callable[[date], bool] = lambda _day: False,
        on_success: Callable[[date, str], None] = lambda _day, _summary: None,
        clock: Clock | None = None,
        catch_up: bool = True,
        misfire_grace: int = MISFIRE_GRACE_SECONDS,
        heartbeat: float = HEARTBEAT_SECONDS,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
        description: str = "",
    ) -> None:
        self._job = job
        self._trigger = trigger
        self._tz = timezone
        self._done = done
        self._on_success = on_success
        self._clock: Clock = clock or (lambda: datetime.now(timezone))
        self._catch_up = catch_up
        self._heartbeat = heartbeat
        self._retry_delays = retry_delays
        self._description = description or str(trigger)
        self._stop_requested = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self.runs = 0
        self._scheduler = BlockingScheduler(
            timezone=timezone,
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": misfire_grace,
            },
        )
        self._scheduler.add_listener(self._on_event, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
        self._scheduler.add_listener(self._on_started, EVENT_SCHEDULER_STARTED)

    # -- public ------------------------------------------------------------------

    def run(self, *, handle_signals: bool = True) -> int:
        """Block until stopped; returns the exit code (0 after a clean stop)."""
        previous = self._install_signals() if handle_signals else {}
        ticker = threading.Thread(target=self._tick, name="newsbrief-heartbeat", daemon=True)
        try:
            self._scheduler.add_job(self._run, self._trigger, id="digest", name="digest")
            now = self._clock()
            log.info("scheduled %s (%s); next run %s", self._description, self._tz, self._next())
            if self._catch_up:
                day = catch_up_day(self._trigger, now.astimezone(self._tz), self._done)
                if day is not None:
                    log.info(
                        "today's %s run was missed: running it now",
                        _hhmm(self._trigger, day, self._tz),
                    )
                    self._scheduler.add_job(self._run, id="catch-up", name="catch-up")
            ticker.start()
            try:
                self._scheduler.start()
            except JobLookupError:
                # APScheduler 3 races when shut down from another thread (our stop()) while its
                # loop retires a finished one-off job (the catch-up): the job is already gone.
                if not self._stop_requested.is_set():
                    raise
            if not self._idle.is_set():
                log.info("stopping: waiting for the run in progress to finish")
            self._idle.wait()
        finally:
            self._stop_requested.set()
            if ticker.is_alive():
                ticker.join()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        log.info("stopped")
        return 0

    def stop(self, reason: str = "stop requested") -> None:
        """Ask the scheduler to stop (thread- and signal-safe); a running digest finishes first."""
        if not self._stop_requested.is_set():
            log.info("%s: stopping", reason)
        self._stop_requested.set()
        self._shutdown()

    # -- internals ---------------------------------------------------------------

    def _run(self, day: date | None = None, attempt: int = 0) -> None:
        """One run for ``day`` (default: today by ``clock``); ``attempt`` counts retries."""
        self._idle.clear()
        try:
            if self._stop_requested.is_set():  # queued before a stop: do not start it
                return
            started = time.monotonic()
            day = day or self._clock().astimezone(self._tz).date()
            self.runs += 1
            log.info("run %s: started", day)
            try:
                summary = self._job(day)
            except LockedError:
                log.info("run %s: skipped: another run in progress", day)
            except NewsbriefError as exc:
                log.error("run %s: failed: %s", day, one_line(str(exc)))
                self._retry(day, attempt)
            except Exception as exc:  # a bug in one run must not end the scheduler
                log.error("run %s: failed: unexpected %s: %s", day, type(exc).__name__, exc)
                self._retry(day, attempt)
            else:
                self._on_success(day, summary)
                took = time.monotonic() - started
                log.info("run %s: done in %.1f s: %s", day, took, one_line(summary))
            if not self._stop_requested.is_set():
                log.info("next run %s", self._next())
        finally:
            self._idle.set()

    def _retry(self, day: date, attempt: int) -> None:
        """Schedule the same day's run again after the next delay of ``retry_delays``."""
        if attempt >= len(self._retry_delays) or self._stop_requested.is_set():
            if self._retry_delays:
                log.error("run %s: giving up; the next start of schedule catches it up", day)
            return
        when = datetime.now(self._tz) + timedelta(seconds=self._retry_delays[attempt])
        self._scheduler.add_job(
            self._run, "date", run_date=when, args=[day, attempt + 1],
            id=f"retry-{day}", name=f"retry {day}", replace_existing=True,
        )  # fmt: skip
        log.info("run %s: retry %d at %s", day, attempt + 1, when.strftime("%H:%M:%S"))

    def _next(self) -> str:
        job = self._scheduler.get_job("digest")
        when = getattr(job, "next_run_time", None) if job is not None else None
        if when is None:
            when = self._trigger.get_next_fire_time(None, self._clock().astimezone(self._tz))
        return when.strftime("%Y-%m-%d %H:%M %Z") if when is not None else "never"

    def _on_event(self, event: SchedulerEvent) -> None:
        if not isinstance(event, JobEvent):
            return
        if event.code == EVENT_JOB_MAX_INSTANCES:
            log.info("run skipped: the previous run is still in progress")
        elif event.code == EVENT_JOB_MISSED:
            log.warning("missed the run due at %s (too late to make up)", event.scheduled_run_time)

    def _on_started(self, _event: SchedulerEvent) -> None:
        if self._stop_requested.is_set():  # stop() came before the scheduler was running
            self._shutdown()

    def _shutdown(self) -> None:
        with contextlib.suppress(SchedulerNotRunningError):
            self._scheduler.shutdown(wait=False)

    def _tick(self) -> None:
        """Wake the scheduler now and then so it sees the wall clock jump after a suspend."""
        while not self._stop_requested.wait(self._heartbeat):
            self._scheduler.wakeup()

    def _install_signals(self) -> dict[int, Any]:
        if threading.current_thread() is not threading.main_thread():
            return {}
        previous: dict[int, Any] = {}
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, self._on_signal)
        return previous

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.stop(signal.Signals(signum).name)


def _hhmm(trigger: BaseTrigger, day: date, timezone: tzinfo) -> str:
    fire = first_run_on(trigger, day, timezone)
    return fire.strftime("%H:%M") if fire is not None else "scheduled"


# --------------------------------------------------------------------------- the digest job


def digest_job(config_path: Path, *, email: bool) -> Job:
    """The real job: reload the config, take the run lock, run (and mail) the digest, then
    each ``[[watch]]`` alert (mailed only when something new matched)."""
    from .digest.config import load_config
    from .digest.lock import run_lock

    def job(day: date) -> str:
        from .digest.run import run_digest

        config = load_config(config_path)
        with run_lock(config.state):
            result = run_digest(config, date=day, email=email)
            alerts = [
                run_digest(config, date=day, email=email, watch=w.name) for w in config.watches
            ]
        written = list(getattr(result, "written", ()) or ())
        summary = f"{len(written)} file(s) written"
        if email:
            emailed = tuple(getattr(result, "emailed", ()) or ())
            summary += f", mailed to {len(emailed)}" if emailed else ", already mailed"
        for alert in alerts:  # each [[watch]] after the digest
            summary += f", watch {alert.watch!r}: {len(alert.briefing.stories)} new"
        return summary

    return job


def run_schedule_from_config(config_path: str | Path, *, clock: Clock | None = None) -> int:
    """``newsbrief schedule --config F``: check the config, then run until a signal."""
    from .digest.config import load_config
    from .mail.settings import require_recipients

    config = load_config(config_path)
    source = str(config.path)
    if not config.schedule:
        raise ConfigError(source, 'schedule: missing; add e.g. schedule = "30 6 * * *"')
    trigger = cron_trigger(config.schedule, config.tz, source=source)
    email = config.email is not None
    if config.email is not None:  # an [email] table without recipients fails now, not at 6:30
        require_recipients(config.email, source)
    state = config.state
    scheduler = DigestScheduler(
        digest_job(config.path, email=email),
        trigger,
        timezone=config.tz,
        done=lambda day: day_done(state, day),
        on_success=lambda day, summary: record_day_done(state, day, summary),
        clock=clock,
        description=f"'{config.schedule}'" + (" with email" if email else ""),
    )
    return scheduler.run()
