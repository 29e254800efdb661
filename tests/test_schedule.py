"""The foreground scheduler: cron parsing, catch-up, no overlap, failures, clean stop on signals."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from newsbrief.errors import ConfigError, FetchError, LockedError
from newsbrief.schedule import (
    DigestScheduler,
    catch_up_day,
    cron_trigger,
    day_done,
    digest_job,
    first_run_on,
    record_day_done,
    run_schedule_from_config,
)

LONDON = ZoneInfo("Europe/London")
REPO = Path(__file__).resolve().parents[1]
EVERY_SECOND = CronTrigger(second="*", timezone=LONDON)


# --------------------------------------------------------------------------- cron


@pytest.mark.parametrize(
    ("dow", "weekdays"),
    [
        ("0", {"Sun"}),
        ("7", {"Sun"}),
        ("1-5", {"Mon", "Tue", "Wed", "Thu", "Fri"}),
        ("5-7", {"Fri", "Sat", "Sun"}),
        ("*/2", {"Sun", "Tue", "Thu", "Sat"}),
        ("mon-fri", {"Mon", "Tue", "Wed", "Thu", "Fri"}),
        ("sat,0", {"Sat", "Sun"}),
        ("*", {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}),
    ],
)
def test_cron_day_of_week_follows_standard_cron(dow: str, weekdays: set[str]) -> None:
    trigger = cron_trigger(f"30 6 * * {dow}", LONDON)
    start = datetime(2026, 11, 16, tzinfo=LONDON)  # a Monday
    fires = [first_run_on(trigger, (start + timedelta(days=i)).date(), LONDON) for i in range(7)]
    got = {f.strftime("%a") for f in fires if f is not None}
    assert got == weekdays
    assert all(f.strftime("%H:%M") == "06:30" for f in fires if f is not None)


@pytest.mark.parametrize(
    "expr", ["30 6 * *", "61 6 * * *", "30 6 * * 8", "30 6 * * 5-1", "30 6 * * funday", "x"]
)
def test_bad_cron_is_a_config_error(expr: str) -> None:
    with pytest.raises(ConfigError) as info:
        cron_trigger(expr, LONDON, source="digest.toml")
    assert str(info.value).startswith("digest.toml: schedule ")
    assert "\n" not in str(info.value)


def test_cron_runs_in_the_config_timezone_across_dst() -> None:
    trigger = cron_trigger("30 6 * * *", LONDON)
    summer = first_run_on(trigger, date(2026, 7, 1), LONDON)
    winter = first_run_on(trigger, date(2026, 12, 1), LONDON)
    assert summer is not None and winter is not None
    assert summer.utcoffset() == timedelta(hours=1) and winter.utcoffset() == timedelta(0)
    assert summer.hour == winter.hour == 6


# --------------------------------------------------------------------------- catch-up


def test_catch_up_only_when_todays_time_passed_and_not_done() -> None:
    trigger = cron_trigger("30 6 * * *", LONDON)
    not_done: Callable[[date], bool] = lambda _d: False  # noqa: E731
    at = lambda h, m: datetime(2026, 11, 16, h, m, tzinfo=LONDON)  # noqa: E731
    assert catch_up_day(trigger, at(7, 0), not_done) == date(2026, 11, 16)
    assert catch_up_day(trigger, at(6, 30), not_done) == date(2026, 11, 16)
    assert catch_up_day(trigger, at(6, 29), not_done) is None
    assert catch_up_day(trigger, at(23, 0), lambda d: d == date(2026, 11, 16)) is None
    weekends = cron_trigger("30 6 * * sat,sun", LONDON)
    assert catch_up_day(weekends, at(9, 0), not_done) is None  # Monday: nothing due today


def test_run_record_in_a_real_sqlite_file(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    assert not day_done(state, date(2026, 11, 16))
    assert not state.exists()  # checking never creates the file
    record_day_done(state, date(2026, 11, 16), "3 file(s) written")
    assert day_done(state, date(2026, 11, 16))
    assert not day_done(state, date(2026, 11, 17))


# --------------------------------------------------------------------------- scheduler


class LogLines(logging.Handler):
    """Collects the scheduler's log lines, with a way to wait for one."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.changed = threading.Condition()

    def emit(self, record: logging.LogRecord) -> None:
        with self.changed:
            self.lines.append(record.getMessage())
            self.changed.notify_all()

    def wait_for(self, predicate: Callable[[list[str]], bool], timeout: float = 8.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self.lines), timeout)

    def count(self, needle: str) -> int:
        return sum(needle in line for line in self.lines)


@pytest.fixture
def log_lines() -> Iterator[LogLines]:
    handler = LogLines()
    logger = logging.getLogger("newsbrief.schedule")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def run_in_thread(scheduler: DigestScheduler) -> tuple[threading.Thread, list[int]]:
    codes: list[int] = []
    thread = threading.Thread(target=lambda: codes.append(scheduler.run(handle_signals=False)))
    thread.start()
    return thread, codes


def stop_and_join(scheduler: DigestScheduler, thread: threading.Thread) -> None:
    scheduler.stop("test")
    thread.join(10)
    assert not thread.is_alive()


def test_fast_schedule_runs_the_job_repeatedly_and_stops_cleanly(log_lines: LogLines) -> None:
    days: list[date] = []

    def job(day: date) -> str:
        days.append(day)
        return f"digest for {day}"

    scheduler = DigestScheduler(job, EVERY_SECOND, timezone=LONDON, catch_up=False)
    thread, codes = run_in_thread(scheduler)
    assert log_lines.wait_for(lambda lines: sum("done in" in x for x in lines) >= 2)
    stop_and_join(scheduler, thread)
    assert codes == [0]
    assert len(days) >= 2 and scheduler.runs == len(days)
    today = datetime.now(LONDON).date()
    assert set(days) <= {today, today + timedelta(days=1)}
    assert log_lines.lines[0].startswith("scheduled ")
    assert log_lines.lines[-1] == "stopped"
    assert log_lines.count("run ") >= 4  # a 'started' and a 'done' line per run


def test_catch_up_runs_once_at_start_with_an_injected_clock(log_lines: LogLines) -> None:
    today = datetime.now(LONDON).date()
    fake_now = datetime.combine(today, datetime.min.time(), tzinfo=LONDON) + timedelta(hours=7)
    successes: list[tuple[date, str]] = []
    days: list[date] = []
    scheduler = DigestScheduler(
        lambda day: days.append(day) or "ok",
        cron_trigger("30 6 * * *", LONDON),
        timezone=LONDON,
        clock=lambda: fake_now,
        on_success=lambda day, summary: successes.append((day, summary)),
    )
    thread, codes = run_in_thread(scheduler)
    assert log_lines.wait_for(lambda lines: any("done in" in x for x in lines))
    stop_and_join(scheduler, thread)
    assert codes == [0] and days == [today] and successes == [(today, "ok")]
    assert log_lines.count("today's 06:30 run was missed: running it now") == 1


def test_no_catch_up_when_today_is_done(log_lines: LogLines) -> None:
    today = datetime.now(LONDON).date()
    fake_now = datetime.combine(today, datetime.min.time(), tzinfo=LONDON) + timedelta(hours=7)
    scheduler = DigestScheduler(
        lambda day: "ran",
        cron_trigger("30 6 * * *", LONDON),
        timezone=LONDON,
        clock=lambda: fake_now,
        done=lambda day: day == today,
    )
    thread, codes = run_in_thread(scheduler)
    assert log_lines.wait_for(lambda lines: any(x.startswith("scheduled") for x in lines))
    stop_and_join(scheduler, thread)
    assert codes == [0] and scheduler.runs == 0
    assert log_lines.count("missed") == 0


def test_locked_run_is_skipped_and_failures_do_not_stop_the_scheduler(
    log_lines: LogLines, tmp_path: Path
) -> None:
    from newsbrief.digest.lock import run_lock

    state = tmp_path / "state.sqlite"
    outcomes = iter(["fail"])  # then "ok"

    def job(day: date) -> str:
        with run_lock(state):
            if next(outcomes, "ok") == "fail":
                raise FetchError("https://example.org/feed", "connection refused")
            return "wrote 3 files"

    scheduler = DigestScheduler(job, EVERY_SECOND, timezone=LONDON, catch_up=False)
    held = threading.Event()
    release = threading.Event()

    def hold_lock() -> None:  # another "process" (a cron-started digest) holds the lock
        with run_lock(state):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert held.wait(5)
    thread, codes = run_in_thread(scheduler)
    try:
        assert log_lines.wait_for(lambda lines: any("skipped: another run" in x for x in lines))
    finally:
        release.set()
        holder.join(5)
    assert log_lines.wait_for(lambda lines: any("done in" in x for x in lines))
    stop_and_join(scheduler, thread)
    assert codes == [0]
    failed = [x for x in log_lines.lines if ": failed: " in x]
    assert failed and failed[0].endswith("failed: https://example.org/feed: connection refused")


def test_stop_waits_for_the_run_in_progress(log_lines: LogLines) -> None:
    started, finished = threading.Event(), threading.Event()

    def slow_job(day: date) -> str:
        started.set()
        time.sleep(0.5)
        finished.set()
        return "slow"

    scheduler = DigestScheduler(slow_job, EVERY_SECOND, timezone=LONDON, catch_up=False)
    thread, codes = run_in_thread(scheduler)
    assert started.wait(8)
    stop_and_join(scheduler, thread)
    assert finished.is_set() and codes == [0]
    assert log_lines.lines[-1] == "stopped"
    assert log_lines.count("waiting for the run in progress") == 1


def test_stop_before_start_still_returns(log_lines: LogLines) -> None:
    scheduler = DigestScheduler(lambda d: "x", EVERY_SECOND, timezone=LONDON, catch_up=False)
    scheduler.stop("early")
    thread, codes = run_in_thread(scheduler)
    thread.join(10)
    assert not thread.is_alive() and codes == [0] and scheduler.runs == 0


# --------------------------------------------------------------------------- CLI


def _digest_config(tmp_path: Path, schedule: str | None) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Council approves new riverside park\n\nThe city council on Monday approved plans for "
        "a new riverside park. The park will cover 12 hectares of former industrial land. "
        "Work is due to start in the spring.\n",
        encoding="utf-8",
    )
    lines = [
        'title = "Morning briefing"',
        'timezone = "Europe/London"',
        'state = "state.sqlite"',
        'output_dir = "out"',
    ]
    if schedule is not None:
        lines.append(f'schedule = "{schedule}"')
    lines += ["[[sources]]", 'name = "Desk"', 'path = "articles"']
    config = tmp_path / "digest.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def _not_today_cron() -> str:
    """A cron line that fires only tomorrow (so no catch-up run starts today)."""
    tomorrow = datetime.now(LONDON).date() + timedelta(days=1)
    return f"0 0 * * {tomorrow.isoweekday() % 7}"


def test_sigint_in_process_stops_the_scheduler(log_lines: LogLines) -> None:
    """Real signal delivery to this process while ``run()`` blocks the main thread."""
    scheduler = DigestScheduler(lambda d: "x", EVERY_SECOND, timezone=LONDON, catch_up=False)
    before = signal.getsignal(signal.SIGINT)

    def interrupt() -> None:
        if log_lines.wait_for(lambda lines: any("done in" in x for x in lines)):
            os.kill(os.getpid(), signal.SIGINT)

    sender = threading.Thread(target=interrupt)
    sender.start()
    assert scheduler.run() == 0  # returns instead of raising KeyboardInterrupt
    sender.join(10)
    assert signal.getsignal(signal.SIGINT) is before  # handlers restored
    assert log_lines.count("SIGINT: stopping") == 1 and log_lines.lines[-1] == "stopped"


@pytest.mark.parametrize("signum", [signal.SIGTERM])
def test_schedule_command_stops_cleanly_on_a_signal(tmp_path: Path, signum: int) -> None:
    config = _digest_config(tmp_path, _not_today_cron())
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsbrief", "schedule", "--config", str(config)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()  # blocks until the scheduler is up
        assert " scheduled '0 0 * * " in first, first
        proc.send_signal(signum)
        out, rest = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, rest
    lines = [line for line in (first + rest).splitlines() if line]
    assert lines[-1].endswith(" stopped")
    assert any(f"{signal.Signals(signum).name}: stopping" in line for line in lines)
    assert "Traceback" not in rest and out == ""
    assert not (tmp_path / "out").exists()  # nothing ran


@pytest.mark.parametrize(
    ("schedule", "needle"),
    [(None, "schedule: missing"), ("61 6 * * *", "schedule '61 6 * * *'")],
)
def test_schedule_rejects_bad_config_before_starting(
    tmp_path: Path, schedule: str | None, needle: str
) -> None:
    config = _digest_config(tmp_path, schedule)
    with pytest.raises(ConfigError) as info:
        run_schedule_from_config(config)
    assert str(info.value).startswith(str(config.resolve())) and needle in str(info.value)


def test_schedule_command_reports_config_errors_in_one_line(tmp_path: Path) -> None:
    config = _digest_config(tmp_path, "30 6 * * *")
    with config.open("a", encoding="utf-8") as handle:
        handle.write(
            '[email]\nsmtp_host = "relay"\nsender = "a@example.org"\nto = ["b@example.org"]\n'
        )
        handle.write('password = "hunter2-in-file"\n')
    from typer.testing import CliRunner

    from newsbrief.cli import app

    result = CliRunner().invoke(app, ["schedule", "--config", str(config)])
    assert result.exit_code == 1
    assert "secrets are never read" in result.stderr and result.stderr.count("\n") == 1
    assert "hunter2" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_digest_job_runs_the_real_digest_under_the_shared_lock(tmp_path: Path) -> None:
    from newsbrief.digest.lock import run_lock

    config = _digest_config(tmp_path, "30 6 * * *")
    job = digest_job(config, email=False)
    held, release = threading.Event(), threading.Event()

    def hold_lock() -> None:  # e.g. `newsbrief digest` started by cron at the same minute
        with run_lock(tmp_path / "state.sqlite"):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert held.wait(5)
        with pytest.raises(LockedError):
            job(date(2026, 11, 16))
    finally:
        release.set()
        holder.join(5)
    assert not (tmp_path / "out").exists()
    assert job(date(2026, 11, 16)) == "3 file(s) written"
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [f"2026-11-16-morning-briefing.{ext}" for ext in ("json", "md", "pdf")]


def test_failed_run_is_retried_for_the_same_day_then_given_up(log_lines: LogLines) -> None:
    fake_now = datetime(2026, 11, 16, 7, 0, tzinfo=LONDON)  # the 06:30 run was missed
    days: list[date] = []
    results = iter([FetchError("smtp", "down"), FetchError("smtp", "down"), "ok"])

    def job(day: date) -> str:
        days.append(day)
        outcome = next(results)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    scheduler = DigestScheduler(
        job, cron_trigger("30 6 * * *", LONDON), timezone=LONDON, clock=lambda: fake_now,
        retry_delays=(0.1, 0.1),
    )  # fmt: skip
    thread, codes = run_in_thread(scheduler)
    assert log_lines.wait_for(lambda lines: any("done in" in x for x in lines))
    stop_and_join(scheduler, thread)
    assert codes == [0] and days == [date(2026, 11, 16)] * 3
    assert log_lines.count("run 2026-11-16: failed: smtp: down") == 2
    assert log_lines.count("run 2026-11-16: retry ") == 2

    log_lines.lines.clear()
    always = DigestScheduler(
        lambda day: (_ for _ in ()).throw(FetchError("smtp", "down")),
        cron_trigger("30 6 * * *", LONDON), timezone=LONDON, clock=lambda: fake_now,
        retry_delays=(0.1,),
    )  # fmt: skip
    thread, codes = run_in_thread(always)
    assert log_lines.wait_for(lambda lines: any("giving up" in x for x in lines))
    stop_and_join(always, thread)
    assert always.runs == 2 and codes == [0]
