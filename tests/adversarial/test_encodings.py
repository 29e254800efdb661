"""Broken and tricky encodings through the CLI: decoded right, or refused in one line.

Usable bytes (UTF-16/32 without BOM, short cp1252, mixed UTF-8 + cp1252 lines,
an unknown declared charset, truncated or overlong sequences) must give a sane
briefing with the right characters and no mojibake. Unusable bytes (binary
formats by magic number, NUL-heavy data, invisible-only text, broken JSON)
must give exit 1 and one stderr line naming the file, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .checks import terminal_problems
from .conftest import one_line_error
from .hostile import MOJIBAKE, PLAIN_ARTICLE, PLAIN_MARK, unusable_inputs, usable_encodings
from .procs import ForkRunner, Run

USABLE = usable_encodings()
UNUSABLE = unusable_inputs()
#: Extra strings that must NOT appear for a case (decoded overlong "/" is a classic bypass).
FORBIDDEN = {"overlong_utf8": ("library /", "library À", "à€¯")}


@pytest.fixture(scope="module")
def runs(workdir: Path, forks: ForkRunner) -> dict[str, Run]:
    folder = workdir / "encodings"
    folder.mkdir()
    good = folder / "good.txt"
    good.write_text(PLAIN_ARTICLE, encoding="utf-8")
    argvs: dict[str, list[str]] = {}
    for name, (suffix, data, _) in USABLE.items():
        path = folder / f"{name}{suffix}"
        path.write_bytes(data)
        argvs[f"usable:{name}"] = ["brief", str(path), "-f", "md", "-o", "-", "-n", "50"]
    for name, (suffix, data) in UNUSABLE.items():
        path = folder / f"{name}{suffix}"
        path.write_bytes(data)
        argvs[f"brief:{name}"] = ["brief", str(path), "-f", "md", "-o", "-"]
        argvs[f"extract:{name}"] = ["extract", str(path)]
    png = folder / "png_as_txt.txt"
    argvs["mixed_run"] = ["brief", str(good), str(png), "-f", "md", "-o", "-"]
    argvs["mixed_run_strict"] = ["brief", str(good), str(png), "-f", "md", "-o", "-", "--strict"]
    results = forks.run_many(list(argvs.values()))
    return dict(zip(argvs, results, strict=True))


@pytest.mark.parametrize("name", sorted(USABLE))
def test_usable_encoding_gives_sane_briefing(name: str, runs: dict[str, Run]) -> None:
    run = runs[f"usable:{name}"]
    assert not run.timed_out and run.returncode == 0, run.describe()
    assert "Traceback" not in run.err
    out = run.out
    for expected in USABLE[name][2]:
        assert expected in out, f"{expected!r} missing from the briefing:\n{out[:1500]}"
    for bad in MOJIBAKE + FORBIDDEN.get(name, ()):
        assert bad not in out, f"mojibake / bad decoding {bad!r} in:\n{out[:1500]}"
    assert "\x00" not in out, "NUL characters in the briefing"
    assert not terminal_problems(out, "stdout"), terminal_problems(out, "stdout")


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_unusable_input_is_refused_in_one_line(name: str, runs: dict[str, Run]) -> None:
    suffix = UNUSABLE[name][0]
    filename = f"{name}{suffix}"
    brief = runs[f"brief:{name}"]
    # JSONL may report each broken record on its own line (plus the summary and the error)
    records = UNUSABLE[name][1].count(b"\n") if suffix == ".jsonl" else 0
    problems = one_line_error(brief, filename, max_lines=3 + records)
    assert not problems, f"{problems}\n{brief.describe()}"
    assert "#" not in brief.out, f"a briefing was printed for unusable input:\n{brief.out[:500]}"
    extract = runs[f"extract:{name}"]
    problems = one_line_error(extract, filename)
    lines = [line for line in extract.err.splitlines() if line.strip()]
    if len(lines) != 1:
        problems.append(f"extract printed {len(lines)} stderr lines, expected exactly one")
    assert not problems, f"{problems}\n{extract.describe()}"


def test_one_bad_file_does_not_stop_the_others(runs: dict[str, Run]) -> None:
    run = runs["mixed_run"]
    assert run.returncode == 0, run.describe()
    assert PLAIN_MARK in run.out or "Council Opens New Library" in run.out, run.out[:1000]
    assert any("png_as_txt.txt" in line for line in run.err.splitlines()), run.describe()
    assert "Traceback" not in run.err
    strict = runs["mixed_run_strict"]
    assert strict.returncode == 1, strict.describe()
    assert "Traceback" not in strict.err
