"""Terminal and text hygiene: escapes, controls and bidi overrides never come out raw.

Titles, text, sources and file names carry ANSI colour codes, OSC title-setting
sequences, BEL, backspaces, form feeds and U+202E; none may reach stdout, stderr
or any rendered output. Very long titles are cut to ``limits.MAX_TITLE_CHARS``
(plus an ellipsis).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsbrief import limits

from .checks import pdf_text, terminal_problems
from .hostile import GOOD_MARK, GOOD_SENTENCE, binary_lookalike
from .procs import ForkRunner, Run

ESCAPES = "\x1b[31m\x1b]0;owned\x07\x08\x0c\x1b[2J\u202e\x9b1m"
TITLE = f"Harbour {ESCAPES}Report{ESCAPES} Today"
LONG_TITLE = "Harbour " + "very " * 2000 + "long title"
TEXT = (
    f"{GOOD_SENTENCE}\n\nThe sign {ESCAPES}read{ESCAPES} closed, officials said on Monday.\n\n"
    "The mayor said the count would be repeated next week, and fishermen welcomed the news.\n"
)
FORMATS = ("md", "html", "json", "pdf")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture(scope="module")
def setup(workdir: Path, forks: ForkRunner) -> tuple[dict[str, Run], Path]:
    folder = workdir / "hygiene"
    folder.mkdir()
    article = folder / "escapes.json"
    article.write_text(
        json.dumps({"title": TITLE, "text": TEXT, "source": f"Evil{ESCAPES}Times",
                    "url": "https://news.example.org/a"}),
        encoding="utf-8",
    )  # fmt: skip
    text_file = folder / "escapes.txt"
    text_file.write_text(f"{TITLE}\n\n{TEXT}", encoding="utf-8")
    long_json = folder / "long.json"
    long_json.write_text(json.dumps({"title": LONG_TITLE, "text": TEXT}), encoding="utf-8")
    long_txt = folder / "long.txt"
    long_txt.write_text(f"{LONG_TITLE}\n\n{TEXT}", encoding="utf-8")
    evil_name = folder / "bad\x1b]0;owned\x07\x1b[31m\u202etxt.txt"
    evil_name.write_bytes(binary_lookalike("png"))
    stem = folder / "out" / "briefing"
    argvs = {
        "brief_files": ["brief", str(article), str(text_file), "-o", str(stem), "-n", "10"]
        + [a for f in FORMATS for a in ("-f", f)],
        "brief_stdout": ["brief", str(article), str(text_file), "-f", "md", "-o", "-"],
        "brief_html_stdout": ["brief", str(article), "-f", "html", "-o", "-"],
        "summarize": ["summarize", str(text_file), "--explain"],
        "summarize_json": ["summarize", str(article), "--json"],
        "extract": ["extract", str(text_file)],
        "extract_json": ["extract", str(article), "--json"],
        "evil_name": ["brief", str(evil_name), str(article), "-f", "md", "-o", "-"],
        "long_json": ["brief", str(long_json), "-f", "json", "-o", "-"],
        "long_txt": ["brief", str(long_txt), "-f", "json", "-o", "-"],
        "long_md": ["brief", str(long_json), "-f", "md", "-o", "-"],
        "long_summarize": ["summarize", str(long_json), "--json"],
    }
    runs = forks.run_many(list(argvs.values()))
    return dict(zip(argvs, runs, strict=True)), stem


@pytest.mark.parametrize(
    "name",
    ["brief_files", "brief_stdout", "brief_html_stdout", "summarize", "summarize_json",
     "extract", "extract_json", "evil_name"],
)  # fmt: skip
def test_no_raw_escapes_on_the_terminal(name: str, setup: tuple[dict[str, Run], Path]) -> None:
    run = setup[0][name]
    assert not run.timed_out and run.returncode == 0, run.describe()
    problems = terminal_problems(run.out, "stdout") + terminal_problems(run.err, "stderr")
    if name.endswith("json"):
        for value in _strings(json.loads(run.out)):
            problems += terminal_problems(value, "a JSON string value")
    assert not problems, f"{sorted(set(problems))}\nstdout: {run.out[:800]!r}\nstderr: {run.err!r}"
    if name in ("brief_stdout", "brief_html_stdout", "evil_name"):
        assert GOOD_MARK in run.out, run.out[:500]


def test_evil_file_name_is_named_safely(setup: tuple[dict[str, Run], Path]) -> None:
    run = setup[0]["evil_name"]
    lines = [line for line in run.err.splitlines() if "bad" in line]
    assert len(lines) == 1, run.describe()
    assert not terminal_problems(lines[0], "stderr")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_raw_escapes_in_rendered_files(fmt: str, setup: tuple[dict[str, Run], Path]) -> None:
    runs, stem = setup
    assert runs["brief_files"].returncode == 0, runs["brief_files"].describe()
    path = stem.with_suffix(f".{fmt}")
    if fmt == "pdf":
        text = pdf_text(path.read_bytes())
        values = [text]
    else:
        text = path.read_text(encoding="utf-8")
        values = [text] + (_strings(json.loads(text)) if fmt == "json" else [])
    assert GOOD_MARK in text
    problems = [p for value in values for p in terminal_problems(value, fmt)]
    assert not problems, sorted(set(problems))


@pytest.mark.parametrize("name", ["long_json", "long_txt"])
def test_long_titles_are_cut(name: str, setup: tuple[dict[str, Run], Path]) -> None:
    run = setup[0][name]
    assert run.returncode == 0, run.describe()
    data = json.loads(run.out)
    for story in data["stories"]:
        assert len(story["headline"]) <= limits.MAX_TITLE_CHARS + 1, len(story["headline"])
    assert len(data["title"]) <= limits.MAX_TITLE_CHARS + 1


def test_long_title_cut_everywhere(setup: tuple[dict[str, Run], Path]) -> None:
    md = setup[0]["long_md"]
    assert md.returncode == 0, md.describe()
    longest = max(len(line) for line in md.out.splitlines())
    # a headline line may carry its Markdown prefix and escapes, never the whole 10,000 chars
    assert longest <= 2 * limits.MAX_TITLE_CHARS, longest
    summary = setup[0]["long_summarize"]
    assert summary.returncode == 0, summary.describe()
    assert len(json.loads(summary.out)["title"]) <= limits.MAX_TITLE_CHARS + 1
