"""Failing feeds: per-source outcomes in the state, sources_failing, `newsbrief sources`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from digest_fixtures.configs import outlet_config
from digest_fixtures.loopback import Handler, Reply, Site, build_site, closed_port, serve
from newsbrief.cli import app
from newsbrief.digest.health import failing
from newsbrief.state import SourceRun, State

runner = CliRunner()
DAYS = ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"]


pytestmark = pytest.mark.usefixtures("rule_based_ner")


@pytest.fixture
def site() -> Iterator[Site]:
    site = build_site(closed_port())
    down = True

    def flaky(handler: Handler) -> Reply | None:
        if down:
            return Reply(503, b"down for maintenance")
        ledger = site.routes["/ledger/feed.xml"]
        return ledger(handler)

    def set_down(value: bool) -> None:
        nonlocal down
        down = value

    site.routes["/flaky/feed.xml"] = flaky
    site.set_down = set_down  # type: ignore[attr-defined]
    with serve(site):
        yield site


def run(config: Path, day: str) -> dict[str, object]:
    result = runner.invoke(app, ["digest", "--config", str(config), "--date", day, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_feed_failing_three_runs_running_is_reported_with_its_first_failure_date(
    tmp_path: Path, site: Site
) -> None:
    config = outlet_config(
        tmp_path,
        site,
        outlets=("Harbour Times",),
        feeds={"Flaky feed": "/flaky/feed.xml"},
        formats='["md", "json", "html", "pdf"]',
    )
    assert run(config, DAYS[0])["sources_failing"] == []
    assert run(config, DAYS[1])["sources_failing"] == []
    assert run(config, DAYS[1])["sources_failing"] == []  # a rerun of a day counts once
    data = run(config, DAYS[2])
    assert data["sources_failing"] == [
        {
            "name": "Flaky feed",
            "since": DAYS[0],
            "last_error": data["sources_failing"][0]["last_error"],  # type: ignore[index]
            "runs": 3,
            "last_ok": None,
        }
    ]
    assert "503" in data["sources_failing"][0]["last_error"]  # type: ignore[index]
    out = tmp_path / "out" / f"{DAYS[2]}-morning-briefing"
    md = out.with_suffix(".md").read_text("utf-8")
    assert f"- Flaky feed: failing since {DAYS[0]}, 3 runs in a row" in md
    assert f"Flaky feed</span> since {DAYS[0]} (3 runs" in out.with_suffix(".html").read_text()
    pdf = PdfReader(out.with_suffix(".pdf"))
    assert len(pdf.pages) == 1
    assert f"Flaky feed since {DAYS[0]}" in " ".join(pdf.pages[0].extract_text().split())

    table = runner.invoke(app, ["sources", "--config", str(config)])
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["SOURCE", "STATUS", "SINCE", "LAST", "OK", "LAST", "ERROR"]
    flaky = next(line for line in lines if line.startswith("Flaky feed"))
    assert "failing (3 runs)" in flaky and DAYS[0] in flaky and "503" in flaky
    harbour = next(line for line in lines if line.startswith("Harbour Times"))
    assert harbour.split()[2] == "ok" and DAYS[2] in harbour

    site.set_down(False)  # type: ignore[attr-defined]
    assert run(config, DAYS[3])["sources_failing"] == []
    rows = runner.invoke(app, ["sources", "--config", str(config), "--json"])
    by_name = {r["name"]: r for r in json.loads(rows.stdout)}
    assert by_name["Flaky feed"]["status"] == "ok"
    assert by_name["Flaky feed"]["last_ok"] == DAYS[3]
    assert "503" in by_name["Flaky feed"]["last_error"]  # the last error is kept


def test_threshold_is_configurable_and_history_is_per_day() -> None:
    history = {"A": [SourceRun("2026-11-15", "A", False, "old"), SourceRun("d0", "A", True)]}
    now = [SourceRun("2026-11-16", "A", False, "new"), SourceRun("2026-11-16", "B", True)]
    assert failing(history, now, 3) == ()
    (only,) = failing(history, now, 2)
    assert (only.name, only.since, only.last_error, only.runs) == ("A", "2026-11-15", "new", 2)
    assert only.last_ok == "d0"


def test_sources_on_a_config_never_run_and_bad_threshold(tmp_path: Path) -> None:
    config = tmp_path / "d.toml"
    config.write_text('state = "s.sqlite"\n[[sources]]\nname = "A"\npath = "."\n', "utf-8")
    result = runner.invoke(app, ["sources", "--config", str(config), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["status"] == "new"
    assert not (tmp_path / "s.sqlite").exists()  # read only: nothing created
    config.write_text('failing_after = 0\n[[sources]]\nname = "A"\npath = "."\n', "utf-8")
    result = runner.invoke(app, ["sources", "--config", str(config)])
    assert result.exit_code == 1 and "failing_after" in result.stderr


def test_source_runs_are_replaced_per_day(tmp_path: Path) -> None:
    with State(tmp_path / "s.sqlite") as state:
        state.record_sources("2026-11-16", [SourceRun("2026-11-16", "A", False, "x")])
        state.record_sources("2026-11-16", [SourceRun("2026-11-16", "A", True)])
        assert state.source_history() == {"A": [SourceRun("2026-11-16", "A", True)]}
    conn = sqlite3.connect(tmp_path / "s.sqlite")
    assert conn.execute("SELECT count(*) FROM source_runs").fetchone() == (1,)
    conn.close()
