"""`newsbrief eval` end to end on a tiny JSONL written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbrief.cli import app

SENTENCES = [
    "The harbour authority of Port Alden approved a plan on Monday to dredge the main channel.",
    "Large container ships have been unable to enter the port at low tide since last winter.",
    "The dredging will start in March and is expected to take eight months to complete.",
    "He said the cost would be shared between the port and the regional government.",
    "Fishermen warned that the work could disturb the oyster beds near the harbour mouth.",
    "Environmental groups asked for a study of the channel before any work begins.",
]


def _item(i: int, source: str) -> dict[str, object]:
    return {
        "id": f"t{i}",
        "source": source,
        "title": "Port Alden to dredge its main channel",
        "text": " ".join(SENTENCES[:3]) + "\n\n" + " ".join(SENTENCES[3:]),
        "reference": "\n".join(SENTENCES[:3]),
    }


@pytest.fixture()
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.jsonl"
    lines = [json.dumps(_item(i, "alpha" if i % 2 else "beta")) for i in range(4)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_eval_json(dataset: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(dataset), "-m", "lead", "-m", "news", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    cells = {(s["method"], s["source"]): s for s in data["scores"]}
    assert set(cells) == {(m, s) for m in ("lead", "news") for s in ("alpha", "beta", "overall")}
    lead = cells[("lead", "overall")]
    assert lead["items"] == 4
    assert lead["rouge1"] == pytest.approx(100.0)  # the reference is exactly Lead-3
    assert lead["dangling_rate"] == 0.0
    for cell in cells.values():
        for key in ("rouge1", "rouge2", "rougeL", "dangling_rate"):
            assert 0.0 <= cell[key] <= 100.0
        assert cell["seconds_per_article"] >= 0.0


def test_eval_table_and_limit(dataset: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", str(dataset), "-m", "lead", "--limit", "1", "-n", "1"]
    )
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| source | method")
    assert any("| beta | lead | 1 |" in row for row in rows)
    assert not any("alpha" in row for row in rows)


def test_eval_bad_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(_item(0, "a")) + "\n{not json\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(path), "-m", "lead"])
    assert result.exit_code == 1
    assert f"{path}:2" in result.stderr and "Traceback" not in result.output


def test_eval_missing_file_and_unknown_method(tmp_path: Path, dataset: Path) -> None:
    missing = CliRunner().invoke(app, ["eval", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 1 and "none.jsonl" in missing.stderr
    unknown = CliRunner().invoke(app, ["eval", str(dataset), "-m", "nope"])
    assert unknown.exit_code == 2


def _long_item(i: int) -> dict[str, object]:
    sentences = [
        "The harbour authority of Port Alden approved a plan on Monday to dredge its channel.",
        "Container ships have been unable to enter the port at low tide since the winter.",
        "Dredging starts in March.",
        "The council will pay a third of the cost, the rest coming from port fees and a grant.",
    ]
    return {
        "id": f"w{i}",
        "source": "gamma",
        "title": "Port Alden to dredge its main channel",
        "text": " ".join(sentences),
        "reference": "Port Alden will dredge its channel from March.",
    }


def test_eval_words_gives_every_method_the_same_budget(tmp_path: Path) -> None:
    path = tmp_path / "words.jsonl"
    path.write_text(json.dumps(_long_item(0)) + "\n", encoding="utf-8")
    by_sentences = CliRunner().invoke(app, ["eval", str(path), "-m", "lead", "--json"])
    by_words = CliRunner().invoke(
        app, ["eval", str(path), "-m", "lead", "-m", "text-rank", "--words", "20", "--json"]
    )
    assert by_sentences.exit_code == 0 and by_words.exit_code == 0, by_words.output
    three = json.loads(by_sentences.stdout)["scores"][0]["mean_words"]
    data = json.loads(by_words.stdout)
    assert data["words"] == 20 and data["sentences"] is None
    for cell in data["scores"]:
        assert 0 < cell["mean_words"] <= 20  # within the budget (first sentence alone is 15)
    assert three > 20


def test_eval_words_ref_uses_each_reference_length(tmp_path: Path) -> None:
    path = tmp_path / "ref.jsonl"
    path.write_text(json.dumps(_long_item(0)) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(path), "-m", "lead", "--words", "ref"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "| gamma | lead |" in line)
    # the reference has 8 words: the first sentence (15 words) is kept, 8 of them scored
    assert row.rstrip(" |").endswith("8.0")


@pytest.mark.parametrize("bad", ["0", "-3", "many", "2.5"])
def test_eval_words_rejects_nonsense(dataset: Path, bad: str) -> None:
    result = CliRunner().invoke(app, ["eval", str(dataset), "-m", "lead", "--words", bad])
    assert result.exit_code == 2
    assert "--words" in result.stderr and "Traceback" not in result.output


def test_clip_words_scores_at_most_the_budget() -> None:
    from newsbrief.evaluate import clip_words

    texts = ("One two three -- four.", "Five six seven.")
    assert clip_words(texts, 2) == ("One two",)
    assert clip_words(texts, 4) == ("One two three -- four.",)
    assert clip_words(texts, 5) == ("One two three -- four.", "Five")
    assert clip_words(texts, 50) == texts


def test_corpus_text_is_ptb_tokenised_without_breaks_or_title() -> None:
    from newsbrief.evaluate import EvalItem, as_corpus_text, corpus_text

    text = "He said: \"I can't go.\"\n\nJohn's car left."
    assert corpus_text(text) == "He said : `` I ca n't go . '' John 's car left ."
    item = as_corpus_text(EvalItem("a", "bbc", "Title", text, "ref"))
    assert item == EvalItem("a", "bbc", None, corpus_text(text), "ref")
