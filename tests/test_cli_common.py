"""cli/_common.py: options declared once with one meaning, and one error-to-exit-code mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from newsbrief.cli import app
from newsbrief.cli._common import errors_as_exit
from newsbrief.errors import ConfigError, RankError
from newsbrief.rank import METHODS

runner = CliRunner()


def options() -> dict[str, dict[str, Any]]:
    """Command name -> option name -> the (Typer-made Click) option, for every command."""
    group: Any = get_command(app)
    return {
        name: {p.name or "": p for p in command.params if p.param_type_name == "option"}
        for name, command in group.commands.items()
    }


@pytest.mark.parametrize(
    "name", ["traceback", "quiet", "method", "sentences", "words", "config", "as_json"]
)
def test_a_shared_option_is_the_same_everywhere(name: str) -> None:
    """Same flags, same help, wherever a command takes it (eval's repeatable -m aside)."""
    found = {
        command: (tuple(opt.opts), opt.help)
        for command, opts in options().items()
        if (opt := opts.get(name)) is not None
        and not (command == "eval" and name in ("method", "sentences", "words"))
        and not (command == "brief" and name == "as_json")  # brief: same as --format json
    }
    assert len(found) >= 2, found
    assert len(set(found.values())) == 1, found


def test_every_command_offers_traceback() -> None:
    for command, opts in options().items():
        if command != "methods":
            assert "traceback" in opts, command


def test_rank_error_is_a_usage_error_and_others_exit_1() -> None:
    def exit_code(error: Exception) -> int:
        with pytest.raises(typer.Exit) as info, errors_as_exit():
            raise error
        return info.value.exit_code

    assert exit_code(RankError("nope", "unknown method")) == 2
    assert exit_code(ConfigError("digest.toml", "bad")) == 1


def test_digest_config_with_an_unknown_method_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Harbour reopens\n\nThe harbour reopened on Monday after repairs. Ships returned.\n",
        encoding="utf-8",
    )
    config = tmp_path / "digest.toml"
    config.write_text(
        'method = "nope"\nworkers = 0\ntimezone = "UTC"\nformats = ["md"]\n'
        '[[sources]]\nname = "Desk"\npath = "in"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["digest", "--config", str(config), "--date", "2026-11-16"])
    assert result.exit_code == 1, result.output
    choices = ", ".join(METHODS)
    assert (
        result.stderr == f"Error: {config}: method: unknown method 'nope'; choose from {choices}\n"
    )


def test_quiet_brief_prints_nothing_but_errors(tmp_path: Path) -> None:
    long = "Officials said more. " * 60
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(
            f"Story {name} headline\n\nThe {name} story began on Monday. {long}\n", "utf-8"
        )
    (tmp_path / "bad.txt").write_bytes(b"")
    args = ["brief", str(tmp_path), "-f", "pdf", "-o", str(tmp_path / "b.pdf")]
    loud = runner.invoke(app, args)
    quiet = runner.invoke(app, [*args, "-q"])
    assert loud.exit_code == quiet.exit_code == 0, loud.output
    assert "wrote" in loud.stderr and "ok," in loud.stderr
    assert [line.split(":")[0] for line in quiet.stderr.splitlines()] == [str(tmp_path / "bad.txt")]
