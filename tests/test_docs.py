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


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command: str, repo: Path) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert f"newsbrief {command}" in readme
