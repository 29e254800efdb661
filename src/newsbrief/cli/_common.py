"""Shared CLI plumbing: the Typer app, the options every command declares the same way,
stderr output, and the one mapping from library errors to exit codes.

Options: each ``...Opt`` alias below is one option with one name and one meaning,
declared once for every command that takes it (as sqlite-utils' ``output_options``):
``--traceback``; ``-q/--quiet`` (nothing on stderr but errors: no progress bars, notes
or summary lines); ``--json`` (the result as JSON on stdout); ``--method``,
``--sentences``, ``--words`` (the summary); ``--config`` (a digest config file).

Exit codes: 0 success; 1 error (a ``NewsbriefError``: nothing produced, an output not
written or sent); 2 usage (Click's own, and a ``RankError``: unknown method or bad
length); 130 interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from ..decode import one_line
from ..errors import NewsbriefError, RankError

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
EXIT_INTERRUPTED = 130

TracebackOpt = Annotated[
    bool, typer.Option("--traceback", help="Show the full Python traceback on errors.")
]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="Nothing on stderr but errors: no progress, notes or summary lines."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]
MethodOpt = Annotated[
    str, typer.Option("--method", "-m", help="Ranker to use; see `newsbrief methods`.")
]
SentencesOpt = Annotated[
    int | None,
    typer.Option("--sentences", "-n", min=1, help="Summary length in sentences (default 3)."),
]
WordsOpt = Annotated[
    int | None,
    typer.Option("--words", "-w", min=1, help="Summary length in words (instead of sentences)."),
]
ConfigOpt = Annotated[
    Path,
    typer.Option(
        "--config",
        "-c",
        help="Digest config file (TOML): sources, outputs, state, [email], schedule; "
        "see examples/digest.toml.",
        show_default=False,
    ),
]


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


def check_method(method: str) -> None:
    """Exit 2 (usage) unless ``method`` names a ranker."""
    from ..rank import METHODS

    if method not in METHODS:
        fail(f"unknown method {method!r}; choose from: {', '.join(METHODS)}", EXIT_USAGE)


def summary_length(sentences: int | None, words: int | None) -> tuple[int | None, int | None]:
    """``--sentences`` / ``--words`` checked: not both; 3 sentences when neither is given."""
    if sentences is not None and words is not None:
        fail("use either --sentences or --words, not both", EXIT_USAGE)
    if sentences is None and words is None:
        sentences = 3
    return sentences, words


@contextmanager
def errors_as_exit(traceback: bool = False) -> Iterator[None]:
    """Turn library errors into one stderr line and their exit code (tracebacks on request).

    A ``RankError`` (unknown method, bad length) is a usage error: exit 2; any other
    ``NewsbriefError`` exits 1; Ctrl-C exits 130.
    """
    try:
        yield
    except NewsbriefError as exc:
        if traceback:
            raise
        fail(str(exc), EXIT_USAGE if isinstance(exc, RankError) else EXIT_ERROR)
    except KeyboardInterrupt:
        fail("interrupted", EXIT_INTERRUPTED)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except (MemoryError, RecursionError) as exc:  # last line of defence on hostile input
        warn(f"Error: input too large or too complex ({type(exc).__name__})")
        sys.exit(EXIT_ERROR)
