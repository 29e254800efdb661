"""Command-line interface: a thin Typer layer over the library.

The only place that knows about argv, exit codes (0 ok, 1 error, 2 usage),
stderr and progress bars. One module per group of commands registers itself
on ``app``.
"""

# ruff: noqa: I001
from __future__ import annotations

# Import order is the order of `newsbrief --help`: one-off commands first.
from ._common import app, main
from . import brief as _brief  # noqa: F401  (each module registers its commands on app)
from . import evaluate as _evaluate  # noqa: F401
from . import digest as _digest  # noqa: F401
from . import deliver as _deliver  # noqa: F401
from . import batch as _batch  # noqa: F401

__all__ = ["app", "main"]
