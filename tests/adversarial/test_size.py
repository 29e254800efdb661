"""Size and complexity: huge, long, unpunctuated, degenerate and deeply nested inputs.

Each case is a child process under a memory rlimit and a timeout: the
oversize and 82,000-sentence cases run the real ``python -m newsbrief``
(``procs.CHILD_MEMORY_BYTES``); the rest are forked from the warm test process
(``procs.ForkRunner``) to spare the interpreter start-up. It must finish, exit 0 with a
sane briefing or 1 with a clear line naming the input, and never show a
traceback (MemoryError, RecursionError). Over-size input is refused outright.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from newsbrief import limits
from newsbrief.load import load_all
from newsbrief.types import Failure, RawArticle

from .conftest import one_line_error
from .hostile import (
    a_dots,
    deep_html,
    many_sentences,
    single_line,
    tiny_articles,
    unpunctuated,
    write_huge,
    write_jsonl,
)
from .procs import ForkRunner, Run, run_cli_many

#: Name -> (file name, builder). Builders write the file and return it.
CASES = (
    "huge_file",
    "huge_stdin",
    "sentences_82k",
    "unpunctuated_200k",
    "a_dots_100k",
    "single_line_1m",
    "deep_html",
    "tiny_articles_jsonl",
)
#: Cases run as ``python -m newsbrief`` (the others are forked).
REAL_CASES = ("huge_file", "huge_stdin", "sentences_82k")
TINY_ARTICLES = 600


def _build(folder: Path) -> tuple[list[list[str]], dict[int, Path]]:
    huge = write_huge(folder / "huge.txt")
    text = {
        "sentences_82k.txt": many_sentences(82_000),
        "unpunctuated_200k.txt": "Run On\n\n" + unpunctuated(200_000),
        "a_dots_100k.txt": a_dots(100_000),
        "single_line_1m.txt": single_line(1_000_000),
        "deep_html.html": deep_html(10_000),
    }
    for name, body in text.items():
        (folder / name).write_text(body, encoding="utf-8")
    write_jsonl(folder / "tiny.jsonl", tiny_articles(TINY_ARTICLES))
    out = folder / "out"
    argvs = [
        ["brief", str(huge), "-f", "md", "-o", "-"],
        ["brief", "-", "-f", "md", "-o", "-"],
        ["brief", str(folder / "sentences_82k.txt"), "-f", "json", "-o", "-"],
        ["brief", str(folder / "unpunctuated_200k.txt"), "-f", "json", "-o", "-"],
        ["brief", str(folder / "a_dots_100k.txt"), "-f", "json", "-o", "-"],
        ["brief", str(folder / "single_line_1m.txt"), "-f", "json", "-o", "-"],
        ["brief", str(folder / "deep_html.html"), "-f", "pdf", "-o", str(out / "deep.pdf")],
        ["brief", str(folder / "tiny.jsonl"), "-f", "json", "-o", str(out / "tiny.json"), "-q"],
    ]
    return argvs, {CASES.index("huge_stdin"): huge}


@pytest.fixture(scope="module")
def runs(workdir: Path, forks: ForkRunner) -> dict[str, Run]:
    folder = workdir / "size"
    folder.mkdir()
    argvs, stdin = _build(folder)
    real = [CASES.index(c) for c in REAL_CASES]
    results = run_cli_many(
        [argvs[i] for i in real], cwd=folder, stdin={real.index(i): p for i, p in stdin.items()}
    )
    forked = [i for i in range(len(CASES)) if i not in real]
    results += forks.run_many([argvs[i] for i in forked], cwd=folder)
    return dict(zip([CASES[i] for i in real + forked], results, strict=True))


def _finished_cleanly(run: Run, name: str) -> None:
    assert not run.timed_out, f"hung or too slow: {run.describe()}"
    assert run.returncode in (0, 1), run.describe()
    assert "Traceback" not in run.err, run.describe()
    assert "MemoryError" not in run.err.replace("(MemoryError)", ""), run.describe()
    if run.returncode == 1:
        problems = one_line_error(run, name)
        assert not problems, f"{problems}\n{run.describe()}"


def _summary_sentences(run: Run) -> list[str]:
    data = json.loads(run.out)
    return [s for story in data["stories"] for s in story["summary"]]


@pytest.mark.parametrize("case", ["huge_file", "huge_stdin"])
def test_oversize_input_is_refused(case: str, runs: dict[str, Run]) -> None:
    run = runs[case]
    name = "huge.txt" if case == "huge_file" else "stdin"
    problems = one_line_error(run, name)
    assert not problems, f"{problems}\n{run.describe()}"
    assert "Council Opens" not in run.out, "a 50 MB input was briefed instead of refused"


@pytest.mark.parametrize(
    "case", ["sentences_82k", "unpunctuated_200k", "a_dots_100k", "single_line_1m"]
)
def test_long_text_is_bounded(case: str, runs: dict[str, Run]) -> None:
    run = runs[case]
    _finished_cleanly(run, f"{case}.txt")
    if run.returncode == 0:
        sentences = _summary_sentences(run)
        too_long = [len(s) for s in sentences if len(s) > limits.MAX_SENTENCE_CHARS]
        assert not too_long, f"summary sentences over MAX_SENTENCE_CHARS: {too_long}"
        assert sum(map(len, sentences)) <= 20 * limits.MAX_SENTENCE_CHARS


def test_long_text_still_summarised(runs: dict[str, Run]) -> None:
    """Ordinary (if huge) prose is capped, not refused: 82,000 sentences still make a summary."""
    run = runs["sentences_82k"]
    assert run.returncode == 0, run.describe()
    assert _summary_sentences(run), "no summary for 82,000 ordinary sentences"


def test_deep_html_is_bounded(runs: dict[str, Run], workdir: Path) -> None:
    run = runs["deep_html"]
    _finished_cleanly(run, "deep_html.html")
    if run.returncode == 0:
        pdf = (workdir / "size" / "out" / "deep.pdf").read_bytes()
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_many_tiny_articles(runs: dict[str, Run], workdir: Path) -> None:
    run = runs["tiny_articles_jsonl"]
    _finished_cleanly(run, "tiny.jsonl")
    assert run.returncode == 0, run.describe()
    data = json.loads((workdir / "size" / "out" / "tiny.json").read_text(encoding="utf-8"))
    # brief merges reports of one event, so count articles, not stories: none may be lost.
    ids = [ident for story in data["stories"] for ident in story["article_ids"]]
    assert len(ids) == len(set(ids)) == TINY_ARTICLES, (len(ids), len(set(ids)))


def test_article_count_is_capped(tmp_path: Path) -> None:
    """More than ``MAX_ARTICLES`` records: the rest are not read, and that is reported."""
    path = write_jsonl(tmp_path / "many.jsonl", tiny_articles(limits.MAX_ARTICLES + 300))
    items = list(load_all([str(path)]))
    raws = [i for i in items if isinstance(i, RawArticle)]
    notes = [i for i in items if isinstance(i, Failure)]
    assert len(raws) <= limits.MAX_ARTICLES
    assert notes and str(limits.MAX_ARTICLES) in notes[-1].error, notes
