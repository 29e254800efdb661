"""Command-line interface: a thin Typer layer over the library.

The only place that knows about argv, exit codes (0 ok, 1 error, 2 usage),
stderr and progress bars. One module per group of commands registers itself
on ``app``.
"""

from __future__ import annotations

from ._common import app, main
from . import brief as _brief  # noqa: F401  (registers commands)
from . import evaluate as _evaluate  # noqa: F401
from . import digest as _digest  # noqa: F401
from . import batch as _batch  # noqa: F401
from . import deliver as _deliver  # noqa: F401

__all__ = ["app", "main"]
