"""Fixtures of the adversarial suite: canary secrets, loopback listeners, child-process runners."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .hostile import Secrets, make_secrets
from .procs import ForkRunner, Listener, Run

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("adversarial")


@pytest.fixture(scope="module")
def canaries(workdir: Path) -> Secrets:
    """Local "secret" files (passwd-like text, SVG, CSS) that no output may ever show."""
    return make_secrets(workdir / "private")


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    """A loopback server that must receive no connection from article content."""
    server = Listener("127.0.0.1")
    yield server
    server.close()


@pytest.fixture(scope="module")
def forks(workdir: Path) -> ForkRunner:
    return ForkRunner(workdir)


def one_line_error(run: Run, name: str, max_lines: int = 3) -> list[str]:
    """Problems with a refusal: must exit 1, name ``name`` on one line, and show no traceback."""
    problems = []
    if run.timed_out:
        return ["timed out"]
    if run.returncode != 1:
        problems.append(f"exit code {run.returncode}, expected 1")
    err = run.err
    if "Traceback" in err or "MemoryError" in err.replace("(MemoryError)", ""):
        problems.append("traceback on stderr")
    lines = [line for line in err.splitlines() if line.strip()]
    if not any(name in line for line in lines):
        problems.append(f"no stderr line names {name!r}")
    if len(lines) > max_lines:
        problems.append(f"{len(lines)} stderr lines, expected a short message")
    return problems
