"""Docs stay in sync with the code: every command is documented and CI runs the README's tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from newsbrief.cli import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_ci_runs_the_readme_commands(repo: Path) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    ci = (repo / ".ci" / "run").read_text(encoding="utf-8")
    for command in ("./setup.sh", ".venv/bin/python -m pytest -q"):
        assert command in readme
        assert command in ci


def test_ci_runs_the_linters_the_project_keeps_clean(repo: Path) -> None:
    ci = (repo / ".ci" / "run").read_text(encoding="utf-8")
    for command in (
        ".venv/bin/ruff check src",
        ".venv/bin/ruff format --check src",
        ".venv/bin/mypy --strict src",
    ):
        assert command in ci


def test_developers_guide_names_only_files_that_exist(repo: Path) -> None:
    """Every module or folder DEVELOPERS.md names (``x.py``, ``x/``) is in the tree."""
    import re

    text = (repo / "DEVELOPERS.md").read_text(encoding="utf-8")
    package = repo / "src" / "newsbrief"
    names = set(re.findall(r"(?<![\w./-])([a-z_]+(?:/[a-z_0-9]+)*(?:\.py|/))(?![\w/])", text))
    assert len(names) > 40
    bases = (package, repo, repo / "tests")
    tops = ("src", "tests", "templates", "benchmarks", "docs", "examples", "inputs")
    everything = {*tops, *(f.name for top in tops for f in (repo / top).rglob("*"))}

    def exists(name: str) -> bool:
        if "/" in name.rstrip("/"):  # a path: from the package, the repository or tests/
            return any((base / name).exists() for base in bases)
        return name.rstrip("/") in everything  # a bare name, inside a folder named beside it

    missing = sorted(n for n in names if not exists(n))
    assert missing == []


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command: str, repo: Path) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert f"newsbrief {command}" in readme
