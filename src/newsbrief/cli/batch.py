"""CLI commands for batch (registered on the shared app)."""

from __future__ import annotations

from ._common import app  # noqa: F401
