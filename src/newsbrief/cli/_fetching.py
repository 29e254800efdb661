"""The fetch progress bar on stderr (rich), shown only when stderr is a terminal."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, Progress, TaskID, TextColumn

from ..remote import FetchProgress
from ._common import err_console, safe_line

_COLUMNS = (
    TextColumn("fetched {task.completed}/{task.total}"),
    BarColumn(bar_width=20),
    TextColumn("{task.fields[url]}"),
)


@contextmanager
def fetch_progress(enabled: bool = True) -> Iterator[FetchProgress | None]:
    """A hook showing ``fetched 3/8 ━━━━ https://…`` as URLs arrive; None when not
    ``enabled`` or stderr is no terminal (quiet by default, like the other progress bars).

    The bar starts at the first fetch (a briefing of local files never draws one), is
    redrawn on every fetch (a handful of URLs can all finish within one refresh tick) and
    is erased when the block ends, so only the briefing's own messages remain.
    """
    console = err_console()
    if not enabled or not console.is_terminal:
        yield None
        return
    bar = Progress(*_COLUMNS, console=console, transient=True, auto_refresh=False)
    task: list[TaskID] = []
    lock = threading.Lock()  # fetches finish on the fetcher's threads

    def show(done: int, total: int, url: str) -> None:
        with lock:
            if not task:
                bar.start()
                task.append(bar.add_task("fetch", total=total, url=""))
            bar.update(task[0], completed=done, total=total, url=safe_line(url)[:70])
            bar.refresh()

    try:
        yield show
    finally:
        bar.stop()
