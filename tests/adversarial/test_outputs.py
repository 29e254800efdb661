"""Outputs are written atomically: a failed run leaves the old file untouched and no temp files.

Failures at each stage (no readable input, a broken template, an output path
that is a folder or cannot be created) must exit 1 with one line, keep any
existing output byte for byte, and leave nothing half-written beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import one_line_error
from .hostile import PLAIN_ARTICLE, binary_lookalike
from .procs import ForkRunner, Run

ORIGINAL = b"ORIGINAL OUTPUT - must survive a failed run\n"


def _leftovers(folder: Path, expected: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in expected)


@pytest.fixture(scope="module")
def runs(workdir: Path, forks: ForkRunner) -> tuple[Path, dict[str, Run]]:
    folder = workdir / "outputs"
    (folder / "in").mkdir(parents=True)
    good = folder / "in" / "good.txt"
    good.write_text(PLAIN_ARTICLE, encoding="utf-8")
    png = folder / "in" / "image.txt"
    png.write_bytes(binary_lookalike("png"))
    broken = folder / "broken-templates"
    broken.mkdir()
    for name in ("briefing.html.j2", "briefing.md.j2"):
        (broken / name).write_text("{% if %}{{ unclosed", encoding="utf-8")
    for sub in ("fail_input", "fail_template_pdf", "fail_template_md", "ok"):
        (folder / sub).mkdir()
    (folder / "fail_input" / "briefing.md").write_bytes(ORIGINAL)
    (folder / "fail_template_pdf" / "briefing.pdf").write_bytes(ORIGINAL)
    (folder / "fail_template_md" / "briefing.md").write_bytes(ORIGINAL)
    (folder / "is_a_dir" / "briefing.md").mkdir(parents=True)
    argvs = {
        "fail_input": ["brief", str(png), "-f", "md", "-o", str(folder / "fail_input/briefing.md")],
        "fail_template_pdf": ["brief", str(good), "-f", "pdf", "--templates", str(broken),
                              "-o", str(folder / "fail_template_pdf/briefing.pdf")],
        "fail_template_md": ["brief", str(good), "-f", "md", "--templates", str(broken),
                             "-o", str(folder / "fail_template_md/briefing.md")],
        "ok": ["brief", str(good), "-o", str(folder / "ok/briefing"),
               "-f", "pdf", "-f", "md", "-f", "html", "-f", "json"],
        "is_a_dir": ["brief", str(good), "-f", "md", "-o", str(folder / "is_a_dir/briefing.md")],
        "unwritable": ["brief", str(good), "-f", "md", "-o", "/proc/newsbrief-test/briefing.md"],
    }  # fmt: skip
    results = forks.run_many(list(argvs.values()))
    return folder, dict(zip(argvs, results, strict=True))


@pytest.mark.parametrize(
    ("case", "name", "names"),
    [
        ("fail_input", "briefing.md", "image.txt"),
        ("fail_template_pdf", "briefing.pdf", "briefing.html.j2"),
        ("fail_template_md", "briefing.md", "briefing.md.j2"),
    ],
)
def test_failed_run_keeps_the_old_output(
    case: str, name: str, names: str, runs: tuple[Path, dict[str, Run]]
) -> None:
    folder, results = runs
    run = results[case]
    problems = one_line_error(run, names)
    assert not problems, f"{problems}\n{run.describe()}"
    assert (folder / case / name).read_bytes() == ORIGINAL, "the old output was overwritten"
    assert not _leftovers(folder / case, {name}), _leftovers(folder / case, {name})


def test_successful_run_leaves_no_temp_files(runs: tuple[Path, dict[str, Run]]) -> None:
    folder, results = runs
    assert results["ok"].returncode == 0, results["ok"].describe()
    expected = {f"briefing.{ext}" for ext in ("pdf", "md", "html", "json")}
    assert {p.name for p in (folder / "ok").iterdir()} == expected


@pytest.mark.parametrize("case", ["is_a_dir", "unwritable"])
def test_bad_output_path_is_one_line(case: str, runs: tuple[Path, dict[str, Run]]) -> None:
    folder, results = runs
    run = results[case]
    problems = one_line_error(run, "briefing.md")
    assert not problems, f"{problems}\n{run.describe()}"
    if case == "is_a_dir":
        assert (folder / "is_a_dir" / "briefing.md").is_dir()
        assert not _leftovers(folder / "is_a_dir", {"briefing.md"})
