"""The one-off commands through the real CLI (Typer's CliRunner), end to end."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from newsbrief.cli import app

STORM = """Storm Ellen Floods Coastal Towns

Storm Ellen flooded three coastal towns on Tuesday, forcing 2,000 residents from their homes.

The harbour wall at Kessford gave way shortly after midnight, the county fire service said. \
Rescue crews used boats to reach families trapped on upper floors. \
No deaths were reported, but four people were treated in hospital for hypothermia.

The Met Office said rainfall of 120mm fell in twelve hours, the highest total since 1998. \
Engineers will inspect the wall on Thursday.
"""

BUDGET = """City Council Approves Record Budget

The city council approved a record budget of $4.2 billion on Monday after a nine-hour debate.

Mayor Ana Ruiz said the plan would hire 300 new teachers and repair 40 bridges. \
Opponents said property taxes would rise by 3 percent. \
The vote was 7 to 4.
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def articles(tmp_path: Path) -> tuple[Path, Path]:
    storm = tmp_path / "storm.txt"
    storm.write_text(STORM, encoding="utf-8")
    budget = tmp_path / "budget.md"
    budget.write_text(BUDGET, encoding="utf-8")
    return storm, budget


def test_brief_markdown_to_stdout(runner: CliRunner, articles: tuple[Path, Path]) -> None:
    storm, budget = articles
    result = runner.invoke(app, ["brief", str(storm), str(budget), "-f", "md", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "Storm Ellen Floods Coastal Towns" in result.stdout
    assert "City Council Approves Record Budget" in result.stdout
    assert "harbour wall at Kessford" in result.stdout or "2,000 residents" in result.stdout


def test_brief_json_has_one_story_per_article(
    runner: CliRunner, articles: tuple[Path, Path]
) -> None:
    result = runner.invoke(app, ["brief", *map(str, articles), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["headline"] for s in data["stories"]] == [
        "Storm Ellen Floods Coastal Towns",
        "City Council Approves Record Budget",
    ]
    for story in data["stories"]:
        assert 1 <= len(story["summary"]) <= 3
        assert story["sources"][0]["name"]
    assert data["failures"] == []


def test_brief_pdf_is_one_page(
    runner: CliRunner, articles: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out" / "briefing.pdf"
    result = runner.invoke(app, ["brief", *map(str, articles), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Storm Ellen" in text
    assert not list(out.parent.glob(".*.tmp")), "temporary file left behind"


def test_brief_several_formats_share_a_stem(
    runner: CliRunner, articles: tuple[Path, Path], tmp_path: Path
) -> None:
    stem = tmp_path / "daily"
    args = ["brief", *map(str, articles), "-f", "md", "-f", "html", "-f", "json", "-o", str(stem)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    for ext in ("md", "html", "json"):
        assert (tmp_path / f"daily.{ext}").stat().st_size > 0


def test_brief_reads_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["brief", "-", "-f", "md"], input=STORM)
    assert result.exit_code == 0, result.output
    assert "Storm Ellen" in result.stdout


def test_one_bad_input_is_reported_and_the_rest_is_briefed(
    runner: CliRunner, articles: tuple[Path, Path], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["brief", str(articles[0]), str(missing), "-f", "md"])
    assert result.exit_code == 0
    assert "Storm Ellen" in result.stdout
    assert "missing.txt" in result.stderr
    assert "1 ok, 1 failed" in result.stderr
    assert "Traceback" not in result.output


def test_strict_fails_when_any_input_fails(
    runner: CliRunner, articles: tuple[Path, Path], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["brief", str(articles[0]), str(missing), "--strict"])
    assert result.exit_code == 1


def test_no_readable_input_exits_1_with_one_line_per_problem(
    runner: CliRunner, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n\u200b\n", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = runner.invoke(app, ["brief", str(empty), str(binary), str(tmp_path / "nope.html")])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert any("empty.txt" in line for line in lines)
    assert any("photo.txt" in line for line in lines)
    assert any("nope.html" in line for line in lines)
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["--method", "no-such-ranker"],
        ["--sentences", "2", "--words", "40"],
        ["--sentences", "0"],
        ["-f", "docx"],
    ],
)
def test_usage_errors_exit_2(
    runner: CliRunner, articles: tuple[Path, Path], args: list[str]
) -> None:
    result = runner.invoke(app, ["brief", str(articles[0]), *args])
    assert result.exit_code == 2


def test_summarize_json_shape(runner: CliRunner, articles: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["summarize", str(articles[0]), "--json", "--sentences", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Storm Ellen Floods Coastal Towns"
    assert len(data["summary"]) == 2
    assert set(data["facts"]) >= {"people", "organizations", "places", "dates", "figures", "quotes"}
    body = STORM.replace("\\\n", "")
    for sentence in data["summary"]:
        assert sentence in " ".join(body.split())


def test_methods_lists_every_ranker(runner: CliRunner) -> None:
    result = runner.invoke(app, ["methods"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    expected = {"news", "lead", "lex-rank", "text-rank", "lsa", "luhn", "edmundson", "kl"}
    assert expected <= set(names)
    assert {"sum-basic", "reduction"} <= set(names)


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsbrief", "--help"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0
    assert "brief" in proc.stdout and "summarize" in proc.stdout


def test_seed_article_briefing(runner: CliRunner, seed_path: Path) -> None:
    result = runner.invoke(app, ["brief", str(seed_path), "-f", "md", "-o", "-"])
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert "Iraqi PM Kadhimi Says US Combat Troops No Longer Required to Fight Islamic State" in md
    assert "26 July 2021" in md or "2021-07-26" in md
    for junk in ("gtag", "SOURCE:", "KHALID MOHAMMED"):
        assert junk not in md
    seed_text = " ".join(seed_path.read_text(encoding="utf-8").split())
    summary_lines = [line[2:] for line in md.splitlines() if line.startswith("- ")]
    assert any(line.rstrip() in seed_text for line in summary_lines)


def test_seed_article_pdf_is_one_page(runner: CliRunner, seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.pdf"
    result = runner.invoke(app, ["brief", str(seed_path), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 1
    assert "Kadhimi" in reader.pages[0].extract_text()


# --- importance order, merging, and one input's unexpected error ------------------------------

STORM_WIRE = {
    "title": "Storm Ellen floods coastal towns, 2,000 residents forced from homes",
    "source": "Wire Service",
    "published": "2026-11-10T09:00:00+00:00",
    "text": "Storm Ellen flooded three coastal towns on Tuesday and forced 2,000 residents "
    "from their homes, officials said. The harbour wall at Kessford collapsed after midnight "
    "and rescue crews used boats to reach trapped families. Four people were treated in "
    "hospital for hypothermia, the county fire service said.",
}
STORM_LOCAL = {
    "title": "Storm Ellen: Kessford harbour wall collapses as floods hit coastal towns",
    "source": "Kessford Gazette",
    "published": "2026-11-10T11:30:00+00:00",
    "text": "The harbour wall at Kessford gave way shortly after midnight as Storm Ellen "
    "flooded three coastal towns, forcing 2,000 residents from their homes. Rescue crews "
    "in boats reached families trapped on upper floors. Engineers will inspect the wall on "
    "Thursday, the county council said.",
}
MUSEUM = {
    "title": "Museum reopens after roof repairs",
    "source": "Arts Weekly",
    "published": "2026-11-09T10:00:00+00:00",
    "text": "The city museum reopened on Monday after two years of roof repairs. "
    "Visitors queued from early morning to see the restored galleries. "
    "Admission stays free for children.",
}


def test_brief_merges_reports_of_one_event_and_puts_it_first(
    runner: CliRunner, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(json.dumps(r) for r in (MUSEUM, STORM_WIRE, STORM_LOCAL)), encoding="utf-8"
    )
    result = runner.invoke(app, ["brief", str(feed), "--json"])
    assert result.exit_code == 0, result.output
    stories = json.loads(result.stdout)["stories"]
    assert len(stories) == 2
    top, museum = stories
    assert [s["name"] for s in top["sources"]] == ["Wire Service", "Kessford Gazette"]
    assert museum["headline"] == MUSEUM["title"]
    assert top["score"] > museum["score"]
    md = runner.invoke(app, ["brief", str(feed), "-f", "md"]).stdout
    assert "reported by 2 outlets" in md
    assert md.index("Storm Ellen") < md.index("Museum reopens")

    kept = runner.invoke(app, ["brief", str(feed), "--json", "--keep-order"])
    stories = json.loads(kept.stdout)["stories"]
    assert [len(s["sources"]) for s in stories] == [1, 2]  # the museum came first in the file
    apart = runner.invoke(app, ["brief", str(feed), "--json", "--keep-order", "--no-merge"])
    headlines = [s["headline"] for s in json.loads(apart.stdout)["stories"]]
    assert headlines == [MUSEUM["title"], STORM_WIRE["title"], STORM_LOCAL["title"]]


def test_more_outlets_outrank_fewer_whatever_the_input_order(
    runner: CliRunner, tmp_path: Path
) -> None:
    for name, records in {
        "a.jsonl": (MUSEUM, STORM_WIRE, STORM_LOCAL),
        "b.jsonl": (STORM_LOCAL, MUSEUM, STORM_WIRE),
        "c.jsonl": (STORM_WIRE, STORM_LOCAL, MUSEUM),
    }.items():
        path = tmp_path / name
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        result = runner.invoke(app, ["brief", str(path), "--json"])
        stories = json.loads(result.stdout)["stories"]
        assert [len(s["sources"]) for s in stories] == [2, 1], name


MATHML_PAGE = "<body><math><p>" + "The council met in Leeds and approved a budget. " * 6 + "<p>"


def test_an_input_that_raises_unexpectedly_is_one_failure_line(
    runner: CliRunner, articles: tuple[Path, Path], tmp_path: Path
) -> None:
    """A real trigger: this page makes lxml/htmldate raise AssertionError inside trafilatura."""
    page = tmp_path / "math.html"
    page.write_text(MATHML_PAGE, encoding="utf-8")
    result = runner.invoke(app, ["brief", str(page), *map(str, articles), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert "Storm Ellen" in result.stdout and "City Council" in result.stdout
    assert f"{page}: unexpected error: AssertionError\n" in result.stderr
    assert "2 ok, 1 failed" in result.stderr
    assert "Traceback" not in result.stderr
    assert "unexpected error: AssertionError" in result.stdout  # "Could not be used" section

    traced = runner.invoke(app, ["brief", str(page), *map(str, articles), "--traceback"])
    assert traced.exit_code == 0, traced.output
    assert "Traceback (most recent call last)" in traced.stderr
    assert "AssertionError" in traced.stderr and "drop_tree" in traced.stderr
    assert "Storm Ellen" in traced.stdout

    strict = runner.invoke(app, ["brief", str(page), *map(str, articles), "--strict"])
    assert strict.exit_code == 1
