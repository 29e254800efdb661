"""The state file: one SQLite file per digest config, owned by one module.

``State`` (``store.py``) is the only code that reads or writes it: the digest's
record of what was seen and briefed, the HTTP cache, the mail ledger and the
scheduler's completed days. ``schema.py`` holds the schema version and the
migrations that bring an older file up to date (and says how to add one).
"""

from __future__ import annotations

from .schema import MIGRATIONS, VERSION
from .store import (
    BUSY_TIMEOUT_SECONDS,
    CACHE_KEEP_DAYS,
    BriefedArticle,
    SeenRow,
    SourceRun,
    State,
    connect,
)

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "CACHE_KEEP_DAYS",
    "MIGRATIONS",
    "VERSION",
    "BriefedArticle",
    "SeenRow",
    "SourceRun",
    "State",
    "connect",
]
