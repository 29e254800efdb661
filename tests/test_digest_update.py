"""Update summaries and word budgets in the digest, end to end on real loopback feeds.

Day 1 briefs the Saltmarsh Bridge closure from three outlets; on day 2 the Coastal Post
adds a report with new facts (one lane reopens on Friday, steel plates, buses return).
The day-2 story must say "update", open with what the new report adds, and repeat
nothing the day-1 summary told, whether the state recorded that summary or not.
"""

from __future__ import annotations

import json
import re
import sqlite3
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digest_fixtures.loopback import Listener, Site, build_site, serve, stories
from newsbrief.cli import app
from newsbrief.digest.config import load_config
from newsbrief.errors import ConfigError
from newsbrief.state import State

DAY1, DAY2 = "2026-11-16", "2026-11-17"
NEW_REPORT = next(str(s["text"]) for s in stories() if s["id"] == "fx-27")


pytestmark = pytest.mark.usefixtures("rule_based_ner")


@pytest.fixture
def site() -> Iterator[Site]:
    private = Listener()
    site = build_site(private.port)
    with serve(site):
        yield site
    private.close()


def write_config(tmp_path: Path, site: Site, extra: str = "") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "digest.toml"
    sources = "".join(
        f'[[sources]]\nname = "{name}"\nfeed = "{site.base}/{slug}/feed.xml"\n'
        for name, slug in (
            ("The Daily Ledger", "ledger"),
            ("Harbour Times", "harbour"),
            ("Metro Wire", "metro"),
            ("Coastal Post", "coastal"),
        )
    )
    head = textwrap.dedent(f"""\
        title = "Morning briefing"
        output_dir = "out"
        formats = ["json", "md", "html"]
        state = "state/news.sqlite"
        max_stories = 20
        timezone = "UTC"
        teaser_words = 40
        {extra}
        """)
    config.write_text(head + sources, encoding="utf-8")
    return config


def run_day(config: Path, day: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["digest", "--config", str(config), "--date", day])
    assert result.exit_code == 0, result.output
    path = config.parent / "out" / f"{day}-morning-briefing.json"
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def bridge(data: dict[str, object]) -> dict[str, object]:
    found = [s for s in data["stories"] if "Saltmarsh" in s["headline"]]  # type: ignore[union-attr,index]
    assert len(found) == 1, [s["headline"] for s in data["stories"]]  # type: ignore[union-attr,index]
    story: dict[str, object] = found[0]
    return story


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def check_update(day1: dict[str, object], day2: dict[str, object]) -> list[str]:
    """The day-2 bridge story is an update that opens with new facts and repeats nothing."""
    told = list(bridge(day1)["summary"])  # type: ignore[call-overload]
    story = bridge(day2)
    summary = list(story["summary"])  # type: ignore[call-overload]
    assert story["is_update"] is True
    assert not bridge(day1)["is_update"]
    assert summary and summary[0] in NEW_REPORT, summary
    assert words(summary[0]) & {"friday", "plates", "reopen", "undamaged"}, summary[0]
    assert not set(summary) & set(told), (summary, told)
    return summary


def test_day2_update_leads_with_the_new_report_and_repeats_nothing(
    tmp_path: Path, site: Site
) -> None:
    config = write_config(tmp_path, site)
    day1 = run_day(config, DAY1)
    with State(tmp_path / "state" / "news.sqlite") as state:
        recorded = state.told_before(DAY2)
    bridge_key = next(
        r.story_key
        for r in State(tmp_path / "state" / "news.sqlite", create=False).seen_on(DAY1)
        if r.title and "Saltmarsh" in r.title
    )
    assert recorded[str(bridge_key)] == tuple(bridge(day1)["summary"])  # type: ignore[call-overload]

    site.day = 2
    day2 = run_day(config, DAY2)
    summary = check_update(day1, day2)
    # every sentence the new report alone brings comes before the rest of the story
    new_first = [s in NEW_REPORT for s in summary]
    assert new_first == sorted(new_first, reverse=True)
    # the outputs say "update"
    md = (tmp_path / "out" / f"{DAY2}-morning-briefing.md").read_text(encoding="utf-8")
    assert re.search(r"^## \*\*Update:\*\* .*Saltmarsh", md, re.MULTILINE), md[:600]
    page = (tmp_path / "out" / f"{DAY2}-morning-briefing.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="update">Update</span>[^<]*Saltmarsh', page)
    # stories that did not change are not briefed again and not marked as updates
    day1_heads = {s["headline"] for s in day1["stories"]}  # type: ignore[union-attr]
    for story in day2["stories"]:  # type: ignore[union-attr]
        assert story["is_update"] == (
            story["headline"] in day1_heads or "Saltmarsh" in story["headline"]
        )
    # day 2's summary is recorded too, for a day-3 update
    with State(tmp_path / "state" / "news.sqlite") as state:
        assert set(summary) <= set(state.told_before("2026-11-18")[str(bridge_key)])


def test_update_without_a_recorded_summary_rebuilds_what_was_told(
    tmp_path: Path, site: Site
) -> None:
    """A state file from before summaries were recorded: day 1's summary is rebuilt."""
    config = write_config(tmp_path, site)
    day1 = run_day(config, DAY1)
    conn = sqlite3.connect(tmp_path / "state" / "news.sqlite")
    with conn:
        conn.execute("DELETE FROM told")
    conn.close()
    site.day = 2
    check_update(day1, run_day(config, DAY2))


def test_summary_words_caps_every_story(tmp_path: Path, site: Site) -> None:
    config = write_config(tmp_path, site, "summary_words = 30")
    data = run_day(config, DAY1)
    assert load_config(config).summary_words == 30
    multi = 0
    for story in data["stories"]:  # type: ignore[union-attr]
        summary = story["summary"]
        total = sum(len(s.split()) for s in summary)
        assert summary and (total <= 30 or len(summary) == 1), (story["headline"], total)
        multi += len(summary) > 1
    assert multi  # the budget is filled with more than one sentence where they fit
    longer = run_day(write_config(tmp_path / "more", site, "summary_words = 90"), DAY1)
    assert sum(len(" ".join(s["summary"]).split()) for s in longer["stories"]) > sum(  # type: ignore[union-attr]
        len(" ".join(s["summary"]).split())
        for s in data["stories"]  # type: ignore[union-attr]
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [("0", "at least 1"), ('"many"', "expected a whole number"), ("2.5", "expected a whole")],
)
def test_summary_words_must_be_a_positive_whole_number(
    tmp_path: Path, site: Site, value: str, problem: str
) -> None:
    config = write_config(tmp_path, site, f"summary_words = {value}")
    with pytest.raises(ConfigError, match=f"summary_words: .*{problem}"):
        load_config(config)
    result = CliRunner().invoke(app, ["digest", "--config", str(config), "--date", DAY1])
    assert result.exit_code != 0 and "summary_words" in result.stderr
