"""Hostile article markup through ``newsbrief brief FILE -f pdf -f html -f md -f json``.

Each payload class (attachments, base+relative links, local images/SVG/CSS,
/dev/zero, loopback URLs, deep nesting, scripts, ``javascript:`` links,
template syntax, Markdown structure) is wrapped in a real article and given as
.html (payload as live markup and entity-escaped); all classes together also go
in as text in .txt, .md, .json (every field hostile) and .jsonl (one per line).
Every run is a forked child under a memory rlimit and a timeout. Outputs must
hold the article's real content and nothing else: a one-page PDF without
attachments or secrets, HTML and Markdown without live article markup,
template syntax unevaluated, and no connection to the loopback listener.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from .checks import html_problems, leaks, markdown_problems, pdf_problems, pdf_text
from .checks import template_problems as template_evaluated
from .hostile import (
    GOOD_MARK,
    Secrets,
    hostile_object,
    html_article,
    markdown_article,
    payloads,
    text_article,
    write_jsonl,
    xxe_html,
)
from .procs import ForkRunner, Listener, Run

_DUMMY = Secrets("T", Path("/x/a"), Path("/x/b"), Path("/x/c"))
CLASSES = tuple(payloads(_DUMMY, "http://h"))
FORMATS = ("pdf", "html", "md", "json")
# One .html case per class (markup that a parser could make live), then every class at once
# as plain text in each of the other input types (text that a template could make live).
CASES = (
    *[f"{name}-html" for name in CLASSES],
    "all-txt", "all-md", "all-json", "all-jsonl", "xxe-html",
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    run: Run
    outputs: dict[str, Path]
    tag: str


def _write_input(folder: Path, case: str, sec: Secrets, base: str) -> Path:
    name, kind = case.rsplit("-", 1)
    title = f"Harbour Report {name}"
    if name == "xxe":
        path = folder / "xxe.html"
        path.write_text(xxe_html(sec), encoding="utf-8")
        return path
    if name == "all":
        every = payloads(sec, base)
        if kind in ("txt", "md"):
            path = folder / f"all.{kind}"
            build = markdown_article if kind == "md" else text_article
            path.write_text(build(title, " ".join(every.values())), encoding="utf-8")
        elif kind == "json":
            path = folder / "all.json"
            path.write_text(json.dumps(hostile_object(sec, base, " ".join(every.values()))))
        else:
            path = write_jsonl(
                folder / "all.jsonl", [hostile_object(sec, base, p) for p in every.values()]
            )
        return path
    payload = payloads(sec, base)[name]
    path = folder / f"{name}.{kind}"
    body = html_article(title, payload) if kind == "html" else text_article(title, payload)
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cases(
    workdir: Path, canaries: Secrets, listener: Listener, forks: ForkRunner
) -> dict[str, Case]:
    """Run every case once (two children at a time) and keep what each wrote."""
    argvs, prepared = [], {}
    for case in CASES:
        folder = workdir / "render" / case
        folder.mkdir(parents=True)
        tag = f"/{case}/"
        source = _write_input(folder, case, canaries, f"{listener.base}/{case}")
        stem = folder / "out" / "briefing"
        argvs.append(["brief", str(source), "-n", "50", "-o", str(stem)]
                     + [arg for fmt in FORMATS for arg in ("-f", fmt)])  # fmt: skip
        prepared[case] = ({fmt: stem.with_suffix(f".{fmt}") for fmt in FORMATS}, tag, folder)
    runs = forks.run_many(argvs)
    return {
        case: Case(run=run, outputs=prepared[case][0], tag=prepared[case][1])
        for case, run in zip(CASES, runs, strict=True)
    }


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("case", CASES)
def test_hostile_markup_stays_text(
    case: str, cases: dict[str, Case], canaries: Secrets, listener: Listener
) -> None:
    got = cases[case]
    run = got.run
    assert not run.timed_out, run.describe()
    assert run.returncode == 0, run.describe()
    assert "Traceback" not in run.err, run.describe()
    missing = [fmt for fmt, path in got.outputs.items() if not path.is_file()]
    assert not missing, f"outputs not written: {missing}\n{run.describe()}"
    hint = f"{listener.port}{got.tag}"
    problems: list[str] = []
    pdf = got.outputs["pdf"].read_bytes()
    problems += [f"pdf: {p}" for p in pdf_problems(pdf, canaries.marks, hint)]
    problems += [
        f"html: {p}" for p in html_problems(_read(got.outputs["html"]), canaries.marks, hint)
    ]
    problems += [f"md: {p}" for p in markdown_problems(_read(got.outputs["md"]), canaries.marks)]
    raw_json = _read(got.outputs["json"])
    json.loads(raw_json)
    problems += [
        f"json: {p}" for p in leaks(raw_json, canaries.marks) + template_evaluated(raw_json)
    ]
    problems += [f"stdout/stderr: {p}" for p in leaks(run.out + run.err, canaries.marks)]
    hits = listener.hits(got.tag)
    if hits:
        problems.append(f"loopback listener was contacted: {hits[:3]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", CASES)
def test_real_content_survives(case: str, cases: dict[str, Case]) -> None:
    """The hostile bits are neutralised without losing the article (no vacuous pass)."""
    got = cases[case]
    if got.run.returncode != 0 or not got.outputs["pdf"].is_file():
        pytest.fail(f"run failed: {got.run.describe()}")
    for fmt in ("md", "html", "json"):
        assert GOOD_MARK in _read(got.outputs[fmt]), f"{fmt} lost the article text"
    assert GOOD_MARK in pdf_text(got.outputs["pdf"].read_bytes()), "PDF lost the article text"
