"""deliver.write_atomic: whole files or nothing, and special files written into, not replaced."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from newsbrief.deliver import write_atomic
from newsbrief.errors import DeliveryError


def test_writes_whole_file_and_replaces_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "briefing.md"
    write_atomic(target, "old")
    write_atomic(target, "new ✓")
    assert target.read_text("utf-8") == "new ✓"
    assert [p.name for p in target.parent.iterdir()] == ["briefing.md"]  # no temp file left


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    """`-o /dev/null` or a FIFO: renaming over it would swap the device for a regular file."""
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"%PDF-1.7 data")
    reader.join(10)
    assert received == [b"%PDF-1.7 data"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_dev_null_stays_a_device() -> None:
    null = Path(os.devnull)
    write_atomic(null, "discarded")
    assert stat.S_ISCHR(null.stat().st_mode)


def test_unwritable_folder_is_a_delivery_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DeliveryError, match="file"):
        write_atomic(blocker / "briefing.md", "text")
