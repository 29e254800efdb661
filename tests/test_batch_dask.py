"""Batch mode on a Dask cluster: a real LocalCluster on loopback, same output as one process."""

from __future__ import annotations

import json
import random
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsbrief.batch import BatchError, BatchOptions, run_batch
from newsbrief.cli import app

sys.path.insert(0, str(Path(__file__).parent))
from test_batch import make_article, write_jsonl

runner = CliRunner()
NO_FACTS = BatchOptions(facts=False)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """Address of a two-worker, one-thread-each Dask cluster on 127.0.0.1."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address=None,
        silence_logs=40,
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


@pytest.fixture()
def mixed_input(tmp_path: Path) -> Path:
    """Synthetic articles with a few bad lines between them."""
    rng = random.Random(11)
    records: list[Any] = [make_article(i, rng) for i in range(24)]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    lines = path.read_bytes().splitlines()
    lines.insert(5, b'{"id": "broken", "text": ')
    lines.insert(9, json.dumps({"id": "no-text"}).encode())
    lines.insert(17, b"\xff\xfe binary \x00\x01")
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_dask_output_equals_single_process_output(
    scheduler: str, mixed_input: Path, tmp_path: Path
) -> None:
    serial, dask = tmp_path / "serial.jsonl", tmp_path / "dask.jsonl"
    # facts off: the spaCy path across processes is covered in test_batch.py; this keeps it fast
    one = runner.invoke(app, ["batch", str(mixed_input), "-o", str(serial), "--no-facts"])
    assert one.exit_code == 0, one.output
    args = ["batch", str(mixed_input), "-o", str(dask), "--dask", scheduler, "--chunk-size", "4"]
    args.append("--no-facts")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    expected = serial.read_text(encoding="utf-8").splitlines()
    got = dask.read_text(encoding="utf-8").splitlines()
    assert len(got) == 27
    for n, (line, want) in enumerate(zip(got, expected, strict=True), start=1):
        assert line == want, f"line {n} differs"
    errors = [json.loads(line) for line in got if '"error"' in line]
    assert [e["line"] for e in errors] == [6, 10, 18]
    assert "24 ok, 3 errors" in result.stderr and "Dask cluster (2 threads)" in result.stderr


def test_dask_resume_appends_the_rest_in_order(
    scheduler: str, mixed_input: Path, tmp_path: Path
) -> None:
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    run_batch(str(mixed_input), str(full), NO_FACTS)
    expected = full.read_text(encoding="utf-8").splitlines()
    out.write_text("\n".join(expected[:11]) + "\n", encoding="utf-8")
    stats = run_batch(
        str(mixed_input), str(out), NO_FACTS, dask=scheduler, resume=True, chunk_size=3
    )
    assert (stats.skipped, stats.written) == (11, 16)
    assert out.read_text(encoding="utf-8").splitlines() == expected


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_scheduler_is_one_clear_error(mixed_input: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "out.jsonl"
    address = f"tcp://127.0.0.1:{_closed_port()}"
    with pytest.raises(BatchError, match="cannot reach the Dask scheduler"):
        run_batch(str(mixed_input), str(out), dask=address, dask_timeout=1.0)
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_missing_dask_names_the_extra(
    mixed_input: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import now raises ImportError
    args = ["batch", str(mixed_input), "-o", str(tmp_path / "o.jsonl"), "--dask", "tcp://x:8786"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "pip install 'newsbrief[dask]'" in result.stderr
    assert "Traceback" not in result.output
