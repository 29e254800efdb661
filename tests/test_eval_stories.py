"""`newsbrief eval --stories` end to end on tiny cluster files written here, and the split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbrief.cli import app
from newsbrief.evaluate_stories import HALVES, STORY_METHODS, load_clusters, split_half

REPORTS = [
    (
        "Council approves tram line",
        "Harbor Times",
        "The Rell city council approved a new tram line on Monday by 31 votes to 9. "
        "The line will link the station with the university and open in 2028. "
        "Shop owners on Canal Street fear two years of roadworks.",
    ),
    (
        "Rell votes yes to tram",
        "Valley Post",
        "Rell councillors voted 31 to 9 on Monday for a tram line to the university. "
        "The project will cost 240 million euros, most of it from the national government. "
        "Opposition leader Mara Quist called the vote a mistake.",
    ),
    (
        "Tram for Rell",
        "Daily Ledger",
        "A tram line between Rell station and the university won council approval on Monday. "
        "Construction starts next spring and the line is due to open in 2028.",
    ),
]
ROUNDUP = (
    "Rell's city council voted 31 to 9 on Monday to build a tram line from the station to "
    "the university, due to open in 2028 at a cost of 240 million euros."
)


def _cluster(ident: str, *, reference: bool = True) -> dict[str, object]:
    cluster: dict[str, object] = {
        "id": ident,
        "source": "tiny",
        "articles": [
            {"id": f"{ident}-{i}", "title": t, "outlet": o, "text": x}
            for i, (t, o, x) in enumerate(REPORTS)
        ],
        "reference": None,
    }
    if reference:
        cluster["reference"] = ROUNDUP + "\n\nCoverage was wide."
        cluster["reference_paragraphs"] = [ROUNDUP, "Coverage was wide."]
    return cluster


def _ids_in_both_halves() -> list[str]:
    ids = [f"story-{i}" for i in range(40)]
    tune = [i for i in ids if split_half(i) == "tune"][:2]
    test = [i for i in ids if split_half(i) == "test"][:2]
    return tune + test


@pytest.fixture()
def clusters(tmp_path: Path) -> Path:
    path = tmp_path / "clusters.jsonl"
    lines = [json.dumps(_cluster(i)) for i in _ids_in_both_halves()]
    lines.append(json.dumps(_cluster("no-roundup", reference=False)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_split_is_fixed_and_roughly_even() -> None:
    ids = [f"allsides-{n}" for n in range(1000)]
    halves = [split_half(i) for i in ids]
    assert set(halves) == set(HALVES)
    assert 400 < halves.count("tune") < 600
    assert halves == [split_half(i) for i in ids]  # no randomness


def test_loader_uses_the_first_roundup_paragraph_and_skips_clusters_without_one(
    clusters: Path,
) -> None:
    items, skipped = load_clusters(clusters)
    assert len(items) == 4 and not skipped
    assert all(item.reference == ROUNDUP for item in items)
    assert all(len(item.articles) == 3 for item in items)


def test_eval_stories_json_has_every_method_per_half(clusters: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--stories", str(clusters), "--json", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    cells = {(s["method"], s["half"]): s for s in data["scores"]}
    assert set(cells) == {(m, h) for m in STORY_METHODS for h in (*HALVES, "overall")}
    assert cells[("digest", "overall")]["items"] == 4
    assert cells[("digest", "tune")]["items"] == 2
    for cell in cells.values():
        for key in ("rouge1", "rouge2", "rougeL"):
            assert 0.0 < cell[key] <= 100.0
        assert cell["words"] > 0
    # all four clusters are the same story: each half scores alike
    for method in STORY_METHODS:
        assert cells[(method, "tune")]["rouge1"] == pytest.approx(cells[(method, "test")]["rouge1"])
    # first sentences of three reports are three sentences; the digest is 3 by default
    assert cells[("lead3-best", "overall")]["words"] < cells[("digest", "overall")]["words"] * 2


def test_eval_stories_word_budget_caps_every_method(clusters: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "--stories", str(clusters), "--json", "-q", "--words", "20"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["words"] == 20
    for cell in data["scores"]:
        assert 0 < cell["words"] <= 20


def test_eval_stories_table_and_method_choice(clusters: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "--stories", str(clusters), "-m", "digest", "-m", "lead3-best", "-q"]
    )
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| half | method")
    assert any(row.startswith("| overall | digest | 4 |") for row in rows)
    assert not any("textrank-all" in row for row in rows)


def test_eval_stories_errors(tmp_path: Path, clusters: Path) -> None:
    unknown = CliRunner().invoke(app, ["eval", "--stories", str(clusters), "-m", "news"])
    assert unknown.exit_code == 2 and "unknown story method" in unknown.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(_cluster("x")) + "\n[1, 2]\n", encoding="utf-8")
    broken = CliRunner().invoke(app, ["eval", "--stories", str(bad)])
    assert broken.exit_code == 1 and f"{bad}:2" in broken.stderr
    assert "Traceback" not in broken.output
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps(_cluster("y", reference=False)) + "\n", encoding="utf-8")
    none = CliRunner().invoke(app, ["eval", "--stories", str(empty)])
    assert none.exit_code == 1 and "no cluster with a reference" in none.stderr
