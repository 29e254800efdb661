"""A one-line fetch progress display on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from ..remote import FetchProgress
from ._common import safe_line


@contextmanager
def fetch_progress(
    enabled: bool = True, stream: TextIO | None = None
) -> Iterator[FetchProgress | None]:
    """A hook redrawing ``fetched 3/8 https://…`` in place; None unless ``stream`` is a tty.

    The line is erased when the block ends, so only the briefing's own messages remain.
    """
    out = stream or sys.stderr
    if not enabled or not out.isatty():
        yield None
        return
    shown = False

    def show(done: int, total: int, url: str) -> None:
        nonlocal shown
        out.write(f"\r\x1b[Kfetched {done}/{total} {safe_line(url)[:70]}")
        out.flush()
        shown = True

    try:
        yield show
    finally:
        if shown:
            out.write("\r\x1b[K")
            out.flush()
