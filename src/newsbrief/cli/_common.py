"""Shared CLI plumbing: the Typer app, stderr console, error-to-exit-code mapping."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn, TypeVar

import typer
from rich.console import Console

from ..decode import one_line
from ..errors import NewsbriefError

app = typer.Typer(
    name="newsbrief",
    help="Turn news articles into a one-page briefing (Markdown, HTML, JSON or PDF).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def safe_line(text: str) -> str:
    """One printable line: control characters, ANSI escapes and bidi controls removed."""
    return one_line(text)


def err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def warn(message: str) -> None:
    """Print one plain line on stderr."""
    sys.stderr.write(safe_line(message) + "\n")
    sys.stderr.flush()


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print ``Error: message`` on stderr and exit with ``code``."""
    warn(f"Error: {message}")
    raise typer.Exit(code)


T = TypeVar("T")


@contextmanager
def errors_as_exit(traceback: bool = False) -> Iterator[None]:
    """Turn library errors into one stderr line and exit code 1 (tracebacks only on request)."""
    try:
        yield
    except NewsbriefError as exc:
        if traceback:
            raise
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)


def guarded(fn: Callable[[], T], traceback: bool = False) -> T:
    with errors_as_exit(traceback):
        return fn()
    raise AssertionError("unreachable")  # pragma: no cover


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except (MemoryError, RecursionError) as exc:  # last line of defence on hostile input
        warn(f"Error: input too large or too complex ({type(exc).__name__})")
        sys.exit(EXIT_ERROR)
