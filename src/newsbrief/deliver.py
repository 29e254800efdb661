"""Deliver stage: write outputs atomically (temp file in the same folder, then rename)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import DeliveryError


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` so readers see the old file or the whole new one, never half.

    A path that is not a regular file (``/dev/null``, a named pipe) is written into,
    not replaced: renaming over it would swap the device for a file.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if _is_special(target):
        try:
            with target.open("wb") as handle:
                handle.write(payload)
        except OSError as exc:
            raise DeliveryError(str(target), exc.strerror or str(exc)) from exc
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise DeliveryError(str(target), exc.strerror or str(exc)) from exc
    return target


def _is_special(path: Path) -> bool:
    """True for an existing path that is neither a regular file nor a folder."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))
