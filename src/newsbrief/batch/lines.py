"""Bounded-memory JSONL plumbing: lazy line reading, chunking, resume ids, safe output.

Lines are read as bytes with a length cap (an over-long line is skipped without
being held in memory), grouped into small chunks for the workers, and written
either to a temp file renamed at the end or appended to an existing output.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import IO, BinaryIO, TextIO

from ..errors import LoadError, NewsbriefError
from .record import Item, record_id

#: Bytes of one chunk of lines sent to a worker (a single longer line still goes alone).
CHUNK_BYTES = 1024 * 1024
_SKIP_BLOCK = 64 * 1024


class BatchError(NewsbriefError):
    """A batch run could not start or finish (bad output, unreachable cluster, dead worker)."""


@dataclass(frozen=True)
class Line:
    """One non-blank input line: number (1-based), bytes or ``None`` if too long, end offset."""

    number: int
    data: bytes | None
    end: int


@dataclass(frozen=True)
class Chunk:
    """Consecutive lines processed as one task; ``end`` is the input offset after them."""

    items: list[Item]
    end: int


def _skip_rest(stream: BinaryIO) -> int:
    skipped = 0
    while True:
        block = stream.readline(_SKIP_BLOCK)
        skipped += len(block)
        if not block or block.endswith(b"\n"):
            return skipped


def iter_lines(stream: BinaryIO, max_bytes: int) -> Iterator[Line]:
    """Yield the non-blank lines of ``stream`` lazily; never holds more than ``max_bytes``+1."""
    number = 0
    offset = 0
    while True:
        data = stream.readline(max_bytes + 1)
        if not data:
            return
        number += 1
        offset += len(data)
        if len(data) > max_bytes and not data.endswith(b"\n"):
            offset += _skip_rest(stream)
            yield Line(number, None, offset)
            continue
        if data.strip():
            yield Line(number, data.rstrip(b"\r\n"), offset)


def skip_done(lines: Iterable[Line], done: set[str], on_skip: Callable[[], None]) -> Iterator[Line]:
    """Drop lines whose id is already in ``done`` (resume); ``on_skip`` counts them."""
    for line in lines:
        if done and _line_id(line) in done:
            on_skip()
            continue
        yield line


def _line_id(line: Line) -> str:
    if line.data is None:
        return f"line:{line.number}"
    try:
        return record_id(json.loads(line.data.decode("utf-8-sig")), line.number)
    except (ValueError, RecursionError):
        return f"line:{line.number}"


def iter_chunks(
    lines: Iterable[Line],
    size: int,
    max_bytes: int = CHUNK_BYTES,
    *,
    total: int | None = None,
    parallel: int = 1,
) -> Iterator[Chunk]:
    """Group lines into chunks of at most ``size`` lines and about ``max_bytes`` bytes.

    When the input size is known, chunks shrink near the end ("guided"
    scheduling): no worker is left alone with a last big chunk while the
    others wait.
    """
    items: list[Item] = []
    weight = 0
    end = 0
    limit = size
    for seen, line in enumerate(lines, start=1):
        items.append((line.number, line.data))
        weight += len(line.data or b"")
        end = line.end
        if len(items) >= limit or weight >= max_bytes:
            yield Chunk(items, end)
            items, weight = [], 0
            limit = guided_size(size, total, end, seen, parallel)
    if items:
        yield Chunk(items, end)


def guided_size(size: int, total: int | None, consumed: int, seen: int, parallel: int) -> int:
    """Chunk size for the rest of the input: ``size``, or less once few lines remain."""
    if total is None or seen == 0 or consumed <= 0:
        return size
    remaining_lines = (total - consumed) * seen / consumed
    return max(1, min(size, int(remaining_lines / (2 * parallel))))


def open_input(path: str) -> BinaryIO:
    """The input as a binary stream (``-`` is stdin); a clear error if it cannot be read."""
    if path == "-":
        return sys.stdin.buffer
    if Path(path).is_dir():
        raise LoadError(path, "is a directory, not a JSONL file")
    try:
        return open(path, "rb")
    except OSError as exc:
        raise LoadError(path, exc.strerror or str(exc)) from exc


def input_size(stream: IO[bytes]) -> int | None:
    """Size of a regular input file in bytes (for the progress bar), else ``None``."""
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return info.st_size if S_ISREG(info.st_mode) and info.st_size > 0 else None


def done_ids(path: str) -> set[str]:
    """Ids already in an output file (for ``--resume``); mends a torn last line first.

    A last line without its newline (the run was killed while writing it) is
    cut off if it is incomplete, so that article is processed again. Any other
    line that is not a batch output record means the file is not ours: refuse
    rather than append to it.
    """
    target = Path(path)
    if not target.exists():
        return set()
    ids: set[str] = set()
    try:
        with open(target, "r+b") as handle:
            size = os.fstat(handle.fileno()).st_size
            good_end = 0
            for line in iter_lines(handle, 1 << 30):
                torn = line.end == size and not _ends_with_newline(handle, size)
                ident = _output_id(line, path, torn)
                if ident is None:
                    handle.truncate(good_end)
                    break
                ids.add(ident)
                good_end = line.end
                if torn:
                    handle.write(b"\n")
    except OSError as exc:
        raise BatchError(path, f"cannot read the output to resume: {exc.strerror or exc}") from exc
    return ids


def _ends_with_newline(handle: BinaryIO, size: int) -> bool:
    position = handle.tell()
    handle.seek(size - 1)
    last = handle.read(1)
    handle.seek(position)
    return last == b"\n"


def _output_id(line: Line, path: str, torn: bool) -> str | None:
    """The id of one output line; ``None`` for a torn last line; error for a foreign one."""
    try:
        value = json.loads(line.data or b"")
    except ValueError:
        value = None
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    if torn:
        return None
    raise BatchError(path, f"line {line.number} is not a batch output record; not resuming")


class Output:
    """Where result lines go: stdout, a temp file renamed at the end, or an appended file."""

    def __init__(self, path: str, *, append: bool) -> None:
        self.path = path
        self._tmp: Path | None = None
        self._handle: TextIO
        if path == "-":
            self._handle = sys.stdout
        elif append:
            self._handle = self._open(self._append)
        else:
            self._handle = self._open(self._temp)

    def _open(self, opener: Callable[[], TextIO]) -> TextIO:
        try:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            return opener()
        except OSError as exc:
            raise BatchError(self.path, f"cannot write: {exc.strerror or exc}") from exc

    def _append(self) -> TextIO:
        return open(self.path, "a", encoding="utf-8", newline="\n")

    def _temp(self) -> TextIO:
        target = Path(self.path)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        self._tmp = Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        return os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, lines: Iterable[str]) -> None:
        try:
            self._handle.write("".join(f"{line}\n" for line in lines))
            self._handle.flush()
        except OSError as exc:
            raise BatchError(self.path, f"cannot write: {exc.strerror or exc}") from exc

    def commit(self) -> None:
        """Make what was written the output file (rename the temp file into place)."""
        if self.path == "-":
            return
        try:
            os.fsync(self._handle.fileno())
            self._handle.close()
            if self._tmp is not None:
                os.replace(self._tmp, self.path)
                self._tmp = None
        except OSError as exc:
            raise BatchError(self.path, f"cannot write: {exc.strerror or exc}") from exc

    def discard(self) -> None:
        """Close without publishing: a temp file that got no line is removed."""
        if self.path == "-":
            return
        self._handle.close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None
