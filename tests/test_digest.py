"""End to end: `newsbrief digest` against real loopback feeds, pages, SQLite state and PDFs."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from digest_fixtures.loopback import Listener, Site, build_site, closed_port, serve, stories
from newsbrief.cli import app
from newsbrief.state import State

runner = CliRunner()
DAY1, DAY2 = "2026-11-16", "2026-11-17"


@pytest.fixture(autouse=True)
def rule_based_ner(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule-based facts engine keeps these end-to-end runs fast (spaCy is tested elsewhere)."""
    monkeypatch.setenv("NEWSBRIEF_NER", "rules")


@pytest.fixture
def private() -> Iterator[Listener]:
    listener = Listener()
    yield listener
    listener.close()


@pytest.fixture
def site(private: Listener) -> Iterator[Site]:
    site = build_site(private.port)
    with serve(site):
        yield site


def write_config(
    tmp_path: Path,
    site: Site,
    *,
    max_stories: int = 10,
    formats: str = '["pdf", "md", "json", "html"]',
) -> Path:
    dead = closed_port()
    config = tmp_path / "digest.toml"
    config.write_text(
        textwrap.dedent(f"""\
        title = "Morning briefing"
        output_dir = "out"
        formats = {formats}
        state = "state/news.sqlite"
        max_stories = {max_stories}
        timezone = "UTC"
        fetch_deadline = 1.5
        teaser_words = 40

        [[sources]]
        name = "The Daily Ledger"
        feed = "{site.base}/ledger/feed.xml"
        [[sources]]
        name = "Harbour Times"
        feed = "{site.base}/harbour/feed.xml"
        [[sources]]
        name = "Metro Wire"
        feed = "{site.base}/metro/feed.xml"
        [[sources]]
        name = "Coastal Post"
        feed = "{site.base}/coastal/feed.xml"
        [[sources]]
        name = "Dead feed"
        feed = "http://127.0.0.1:{dead}/feed.xml"
        [[sources]]
        name = "Broken feed"
        feed = "{site.base}/broken/feed.xml"
        [[sources]]
        name = "Not a feed"
        feed = "{site.base}/page.html"
        [[sources]]
        name = "Slow feed"
        feed = "{site.base}/slow/feed.xml"
        [[sources]]
        name = "Sneaky feed"
        feed = "{site.base}/sneaky/feed.xml"
        """),
        encoding="utf-8",
    )
    return config


def run_cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def digest_json(tmp_path: Path, day: str) -> dict[str, object]:
    return json.loads((tmp_path / "out" / f"{day}-morning-briefing.json").read_text("utf-8"))


def story_map(data: dict[str, object]) -> dict[str, dict[str, object]]:
    return {s["headline"]: s for s in data["stories"]}  # type: ignore[index,union-attr]


def fixture_clusters() -> dict[str, str]:
    """Fixture id -> gold story."""
    return {str(s["id"]): str(s["cluster"]) for s in stories()}


def test_day1_merges_duplicates_reports_failures_and_fits_one_page(
    tmp_path: Path, site: Site, private: Listener
) -> None:
    config = write_config(tmp_path, site)
    code, out, err = run_cli("digest", "--config", str(config), "--date", DAY1)
    assert code == 0, err
    written = out.split()
    assert [Path(p).name for p in written] == [
        f"{DAY1}-morning-briefing.{ext}" for ext in ("pdf", "md", "json", "html")
    ]
    assert all(Path(p).is_file() for p in written)
    assert "4 sources ok" not in err and "5 sources ok, 4 failed" in err

    data = digest_json(tmp_path, DAY1)
    assert data["title"] == "Morning briefing" and data["date"] == DAY1
    # the bridge story: three outlets, three different headline boilerplates, one story
    bridge = [s for s in data["stories"] if "Saltmarsh Bridge" in s["headline"]]
    assert len(bridge) == 1
    names = sorted(src["name"] for src in bridge[0]["sources"])
    assert names == ["Harbour Times", "Metro Wire", "The Daily Ledger"]
    assert all(src["url"].startswith(site.base) for src in bridge[0]["sources"])
    assert not bridge[0]["headline"].startswith(("LIVE", "UPDATE"))
    assert "Daily Ledger" not in bridge[0]["headline"]
    assert 1 <= len(bridge[0]["summary"]) <= 3
    # every multi-outlet story is one gold cluster, and no gold cluster is split
    gold = fixture_clusters()
    for story in data["stories"]:
        clusters = {gold[Path(u).stem] for u in story["article_ids"] if Path(u).stem in gold}
        assert len(clusters) <= 1, story["headline"]
    # failures: dead, malformed, html page, slow; the private link is refused, never contacted
    failures = {f["source"]: f["error"] for f in data["failures"]}
    assert "refused" in failures["Dead feed"]
    assert "malformed" in failures["Broken feed"]
    assert "not a feed" in failures["Not a feed"]
    assert "within 1.5s" in failures["Slow feed"]
    assert any("non-public address" in e for s, e in failures.items() if s.startswith("Sneaky"))
    assert private.connections == 0
    # teasers were completed from their pages (Harbour Times and Metro Wire carry teasers)
    assert site.full["/harbour/fx-02.html"] == 1 and site.full["/metro/fx-03.html"] == 1
    assert site.hits["/ledger/fx-01.html"] == 0  # full-text feed: no page fetch
    # hostile titles are one clean line; the javascript: link was dropped
    sneaky = [x for x in data["left_out"] if x["source"] == "Sneaky feed"] + [
        src for s in data["stories"] for src in s["sources"] if src["name"] == "Sneaky feed"
    ]
    assert len(sneaky) == 2
    assert all("\n" not in x["title"] and "\x1b" not in x["title"] for x in sneaky)
    assert {x["url"] for x in sneaky} == {None, f"http://localhost:{private.port}/secret"}
    # cap: 10 stories; the rest left out with the reason
    assert len(data["stories"]) == 10
    assert any("max_stories" in x["reason"] for x in data["left_out"])
    # one-page PDF with no attachments
    pdf = PdfReader(tmp_path / "out" / f"{DAY1}-morning-briefing.pdf")
    assert len(pdf.pages) == 1
    assert not pdf.attachments
    assert "Morning briefing" in pdf.pages[0].extract_text()
    md = (tmp_path / "out" / f"{DAY1}-morning-briefing.md").read_text("utf-8")
    assert "reported by 3 outlets" in md


def test_nothing_seen_is_lost(tmp_path: Path, site: Site) -> None:
    config = write_config(tmp_path, site, max_stories=4, formats='["json"]')
    code, _, err = run_cli("digest", "--config", str(config), "--date", DAY1)
    assert code == 0, err
    data = digest_json(tmp_path, DAY1)
    in_stories = [a for s in data["stories"] for a in s["article_ids"]]
    left_out = data["left_out"]
    day1_items = [s for s in stories() if s["day"] == 1]
    sneaky_items = 2
    assert len(in_stories) + len(left_out) == len(day1_items) + sneaky_items
    assert len(set(in_stories)) == len(in_stories)
    assert all(x["reason"] and x["source"] for x in left_out)
    with State(tmp_path / "state" / "news.sqlite") as state:
        rows = state.seen_on(DAY1)
    assert len(rows) == len(day1_items) + sneaky_items
    assert sum(r.status == "briefed" for r in rows) == len(in_stories)


def test_rerun_is_identical_and_downloads_nothing_new_then_day2_has_only_new(
    tmp_path: Path, site: Site
) -> None:
    config = write_config(tmp_path, site, max_stories=20, formats='["json"]')
    assert run_cli("digest", "--config", str(config), "--date", DAY1)[0] == 0
    first = digest_json(tmp_path, DAY1)
    feeds_200 = {p: n for p, n in site.full.items() if p.endswith("feed.xml")}
    pages_before = sum(n for p, n in site.hits.items() if p.endswith(".html") and "/fx-" in p)

    code, _, err = run_cli("digest", "--config", str(config), "--date", DAY1)
    assert code == 0, err
    again = digest_json(tmp_path, DAY1)
    strip = lambda d: [(s["headline"], s["summary"], s["sources"]) for s in d["stories"]]  # noqa: E731
    assert strip(again) == strip(first)
    # feeds were asked again, but answered 304 (ETag or Last-Modified); pages came from the cache
    for path in ("/ledger/feed.xml", "/harbour/feed.xml", "/metro/feed.xml", "/coastal/feed.xml"):
        assert site.hits[path] == 2 and site.full[path] == feeds_200[path] == 1
    pages_after = sum(n for p, n in site.hits.items() if p.endswith(".html") and "/fx-" in p)
    assert pages_after == pages_before

    site.day = 2
    code, _, err = run_cli("digest", "--config", str(config), "--date", DAY2)
    assert code == 0, err
    day2 = digest_json(tmp_path, DAY2)
    day1_headlines = {s["headline"] for s in first["stories"]}
    for story in day2["stories"]:
        if story["headline"] in day1_headlines:
            assert story["is_update"], story["headline"]
    bridge = [s for s in day2["stories"] if "Saltmarsh" in s["headline"]]
    assert len(bridge) == 1 and bridge[0]["is_update"]
    assert "Coastal Post" in {x["name"] for x in bridge[0]["sources"]}
    headlines = " ".join(s["headline"] for s in day2["stories"])
    assert "lighthouse" in headlines.lower() and "red pandas" in headlines
    assert "Norland" not in headlines and "Quillon" not in headlines
    reasons = [x["reason"] for x in day2["left_out"]]
    assert any(r.startswith(f"already briefed on {DAY1}") for r in reasons)


def test_dry_run_writes_nothing(tmp_path: Path, site: Site) -> None:
    config = write_config(tmp_path, site, formats='["md"]')
    code, out, err = run_cli("digest", "--config", str(config), "--date", DAY1, "--dry-run")
    assert code == 0, err
    assert out == ""
    assert "would write" in err
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "state" / "news.sqlite").exists()


def test_json_flag_prints_digest(tmp_path: Path, site: Site) -> None:
    config = write_config(tmp_path, site, formats='["md", "json"]')
    code, out, err = run_cli("digest", "-c", str(config), "--date", DAY1, "--json", "-q")
    assert code == 0, err
    data = json.loads(out)
    assert {"title", "date", "stories", "failures", "left_out", "written"} <= set(data)
    story = data["stories"][0]
    assert {"headline", "summary", "sources", "facts", "is_update"} <= set(story)
    assert len(data["written"]) == 2


def test_second_concurrent_run_fails_cleanly(tmp_path: Path, site: Site) -> None:
    config = write_config(tmp_path, site, formats='["md"]')
    state = tmp_path / "state" / "news.sqlite"
    state.parent.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom filelock import FileLock\n"
            "with FileLock(sys.argv[1] + '.lock'):\n    print('held', flush=True)\n"
            "    time.sleep(30)\n",
            str(state),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        code, out, err = run_cli("digest", "--config", str(config), "--date", DAY1)
    finally:
        holder.kill()
        holder.wait()
    assert code == 1
    assert out == ""
    assert "another newsbrief run holds" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_all_sources_failing_exits_1(tmp_path: Path) -> None:
    config = tmp_path / "d.toml"
    config.write_text(
        f'[[sources]]\nname = "x"\nfeed = "http://127.0.0.1:{closed_port()}/f.xml"\n'
        '[[sources]]\nname = "y"\nfeed = "missing.xml"\n',
        encoding="utf-8",
    )
    code, out, err = run_cli("digest", "--config", str(config), "--date", DAY1)
    assert code == 1 and out == ""
    assert "all 2 sources failed" in err and len(err.strip().splitlines()) >= 1


def test_bad_config_and_bad_date(tmp_path: Path) -> None:
    config = tmp_path / "d.toml"
    config.write_text('title = "x"\nmax_stories = "many"\n', encoding="utf-8")
    code, _, err = run_cli("digest", "--config", str(config))
    assert code == 1
    assert str(config) in err and "max_stories" in err and "Traceback" not in err
    code, _, err = run_cli("digest", "--config", str(config), "--date", "16/11/2026")
    assert code == 2 and "YYYY-MM-DD" in err


def test_local_sources_folder_and_feed_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    items = [s for s in stories() if s["cluster"] == "painting"]
    for item in items:
        (notes / f"{item['id']}.txt").write_text(f"{item['title']}\n\n{item['text']}\n", "utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_bytes(
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Local</title><item>"
        b"<title>Hospital wing opens</title><guid>h1</guid>"
        b"<description>St Brigid's Hospital opened a new children's wing with 60 beds, two "
        b"theatres and a roof garden, paid for partly by a public appeal.</description>"
        b"</item></channel></rss>"
    )
    config = tmp_path / "d.toml"
    config.write_text(
        'output_dir = "o"\nformats = ["md", "json"]\nteaser_words = 0\n'
        '[[sources]]\nname = "Desk notes"\npath = "notes"\n'
        '[[sources]]\nname = "Local feed"\nfeed = "feed.xml"\n',
        encoding="utf-8",
    )
    code, out, err = run_cli("digest", "--config", str(config), "--date", DAY1)
    assert code == 0, err
    assert len(out.split()) == 2
    data = json.loads(Path(out.split()[1]).read_text("utf-8"))
    assert len(data["stories"]) == 2
    painting = [s for s in data["stories"] if "Desk notes" in {x["name"] for x in s["sources"]}]
    assert len(painting) == 1 and len(painting[0]["article_ids"]) == 2


def test_progress_hook_and_result(tmp_path: Path, site: Site) -> None:
    from datetime import date

    from newsbrief.digest.config import load_config
    from newsbrief.digest.run import run_digest

    config = load_config(write_config(tmp_path, site))
    messages: list[str] = []
    result = run_digest(config, date=date(2026, 11, 16), progress=messages.append)
    assert result.digest_id == "morning-briefing:2026-11-16"
    assert result.sources_ok == 5 and result.sources_failed == 4
    assert result.pdf is not None and result.pdf.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(result.pdf)).pages) == 1
    assert result.html and "<html" in result.html.lower()
    assert any("sources ok" in m for m in messages)
    assert result.timings["fetch"] > 0 and result.timings["total"] >= result.timings["fetch"]
