"""Batch mode: order with several workers, resume, per-line errors, stdin/stdout, exit codes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbrief.batch import (
    BatchInterrupted,
    BatchOptions,
    BatchStats,
    ordered_results,
    process_record,
    run_batch,
)
from newsbrief.batch.backends import Backend
from newsbrief.batch.lines import Chunk, done_ids, iter_chunks, iter_lines
from newsbrief.batch.record import process_chunk
from newsbrief.cli import app
from newsbrief.limits import MAX_INPUT_BYTES

runner = CliRunner()
NO_FACTS = BatchOptions(facts=False)

_PEOPLE = ["Maria Lopez", "John Carter", "Aisha Khan", "Peter Novak", "Li Wei", "Sara Berg"]
_PLACES = ["Leeds", "Lagos", "Lyon", "Denver", "Osaka", "Porto"]
_THINGS = ["budget", "bridge", "hospital", "rail line", "school plan", "water tax"]


def _sentence(rng: random.Random) -> str:
    who, where, what = rng.choice(_PEOPLE), rng.choice(_PLACES), rng.choice(_THINGS)
    n = rng.randint(2, 900)
    forms = [
        f"{who} said the {what} in {where} would cost {n} million dollars.",
        f"Officials in {where} approved the {what} on Monday after {n} residents objected.",
        f'"We will not give up on the {what}," {who} told reporters in {where}.',
        f"The council of {where} voted {n} times on the {what} last year.",
    ]
    return rng.choice(forms)


def make_article(i: int, rng: random.Random) -> dict[str, object]:
    """An article whose length varies a lot, so workers finish chunks out of order."""
    paragraphs = [
        " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
        for _ in range(rng.choice([1, 2, 3, 12, 30]))
    ]
    return {
        "id": str(i),
        "title": f"Story {i}: the {rng.choice(_THINGS)} in {rng.choice(_PLACES)}",
        "text": "\n\n".join(paragraphs),
        "url": f"https://example.org/{i}",
        "published": "2024-05-0" + str(1 + i % 9),
    }


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def articles() -> list[dict[str, object]]:
    rng = random.Random(7)
    return [make_article(i, rng) for i in range(200)]


@pytest.fixture(scope="module")
def serial_lines(
    articles: list[dict[str, object]], tmp_path_factory: pytest.TempPathFactory
) -> list[str]:
    """Reference output: the in-process run of the 200 articles (no facts: fast)."""
    tmp = tmp_path_factory.mktemp("serial")
    src = write_jsonl(tmp / "in.jsonl", articles)
    stats = run_batch(str(src), str(tmp / "out.jsonl"), NO_FACTS)
    assert (stats.ok, stats.errors) == (200, 0)
    return (tmp / "out.jsonl").read_text(encoding="utf-8").splitlines()


def _ids(lines: list[str]) -> list[str]:
    return [json.loads(line)["id"] for line in lines]


# --- the per-article function -------------------------------------------------------------


def test_process_record_summarises_verbatim_sentences(articles: list[dict[str, object]]) -> None:
    record = articles[3]
    result = process_record(record, BatchOptions(sentences=2), line=4)
    assert result["id"] == "3"
    assert result["title"] == record["title"]
    assert result["url"] == record["url"] and result["published"] == record["published"]
    assert 1 <= len(result["summary"]) <= 2
    text = " ".join(str(record["text"]).split())
    assert all(sentence in text for sentence in result["summary"])
    assert set(result["facts"]) >= {
        "people",
        "organizations",
        "places",
        "dates",
        "figures",
        "quotes",
    }


def test_process_record_errors_are_values_not_exceptions() -> None:
    options = BatchOptions(input_name="feed.jsonl")
    missing = process_record({"title": "No body"}, options, line=7)
    assert missing == {"id": "line:7", "line": 7, "error": "feed.jsonl:7: no 'text' field"}
    blank = process_record({"id": 12, "text": " \n\t "}, options, line=8)
    assert blank["id"] == "12" and "empty" in blank["error"]
    wrong_type = process_record({"text": ["a", "list"]}, options, line=9)
    assert "must be a string" in wrong_type["error"]
    assert process_record({"text": "Fine text here."}, BatchOptions(facts=False))["facts"] is None


def test_line_separators_inside_text_stay_inside_one_output_line() -> None:
    record = {"id": "sep", "text": "First part\u2028 still first. Second sentence\u2029 here."}
    [(ok, line)] = process_chunk([(1, json.dumps(record).encode())], BatchOptions())
    assert ok
    assert len(line.splitlines()) == 1
    assert json.loads(line)["id"] == "sep"


# --- streaming machinery ------------------------------------------------------------------


def test_over_long_line_is_skipped_without_losing_the_next(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"a": 1}\n' + b"x" * 10_000 + b"\n\n" + b'{"b": 2}\r\n' + b'{"c": 3}')
    with open(path, "rb") as stream:
        lines = list(iter_lines(stream, max_bytes=100))
    assert [(line.number, line.data) for line in lines] == [
        (1, b'{"a": 1}'),
        (2, None),
        (4, b'{"b": 2}'),
        (5, b'{"c": 3}'),
    ]
    assert lines[-1].end == path.stat().st_size


def test_chunks_keep_every_line_and_shrink_near_the_end(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(b'{"n": %d}\n' % (i % 7) for i in range(500)))
    with open(path, "rb") as stream:
        guided = list(
            iter_chunks(iter_lines(stream, 100), 32, total=path.stat().st_size, parallel=2)
        )
    with open(path, "rb") as stream:
        plain = list(iter_chunks(iter_lines(stream, 100), 32))
    for chunks in (guided, plain):
        numbers = [n for chunk in chunks for n, _ in chunk.items]
        assert numbers == list(range(1, 501))
        assert max(len(chunk.items) for chunk in chunks) == 32
    assert [len(c.items) for c in plain[:-1]] == [32] * 15
    sizes = [len(chunk.items) for chunk in guided]
    assert sizes[0] == 32 and sizes[-1] == 1
    assert sizes == sorted(sizes, reverse=True)  # never grows again once it shrinks
    assert guided[-1].end == path.stat().st_size


def test_ordered_results_reads_lazily_and_bounds_the_window() -> None:
    """An endless input: results come out in order while only a window's worth is pending."""
    pulled = 0
    pending = 0
    most_pending = 0
    lock = threading.Lock()

    def endless() -> Iterator[Chunk]:
        nonlocal pulled
        n = 0
        while True:
            n += 1
            pulled += 1
            yield Chunk([(n, json.dumps({"id": str(n), "text": "A short one."}).encode())], n)

    def work(items: list[tuple[int, bytes | None]]) -> list[tuple[bool, str]]:
        nonlocal pending
        # later chunks finish first half of the time: the order must still hold
        if items[0][0] % 2:
            threading.Event().wait(0.002)
        with lock:
            pending -= 1
        return process_chunk(items, BatchOptions(facts=False))

    with ThreadPoolExecutor(max_workers=3) as pool:

        def submit(items: list[tuple[int, bytes | None]]):  # type: ignore[no-untyped-def]
            nonlocal pending, most_pending
            with lock:
                pending += 1
                most_pending = max(most_pending, pending)
            return pool.submit(work, items)

        backend = Backend(submit=submit, window=5, name="threads")
        got = []
        for _chunk, results in ordered_results(endless(), backend):
            got.append(json.loads(results[0][1])["id"])
            if len(got) == 40:
                break
    assert got == [str(n) for n in range(1, 41)]
    assert pulled <= 40 + 5
    assert most_pending <= 5


# --- CLI: order, errors, resume, streams, exit codes ------------------------------------


def test_two_workers_keep_input_order(
    articles: list[dict[str, object]], serial_lines: list[str], tmp_path: Path
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", articles)
    out = tmp_path / "out.jsonl"
    args = ["batch", str(src), "-o", str(out), "--workers", "2", "--chunk-size", "3"]
    result = runner.invoke(app, [*args, "--no-facts"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert _ids(lines) == [str(i) for i in range(200)]
    assert lines == serial_lines
    assert "200 ok, 0 errors" in result.stderr
    assert not list(tmp_path.glob(".*.tmp"))  # the temp file was renamed into place


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_worker_start_methods_give_the_serial_output_with_facts(
    method: str, articles: list[dict[str, object]], tmp_path: Path
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", articles[:16])
    run_batch(str(src), str(tmp_path / "serial.jsonl"))
    stats = run_batch(
        str(src), str(tmp_path / "workers.jsonl"), workers=2, chunk_size=2, start_method=method
    )
    assert stats.backend == f"2 processes ({method})"
    serial = (tmp_path / "serial.jsonl").read_text(encoding="utf-8").splitlines()
    assert (tmp_path / "workers.jsonl").read_text(encoding="utf-8").splitlines() == serial
    assert any(json.loads(line)["facts"]["people"] for line in serial)  # facts really ran


def _bad_input(tmp_path: Path, articles: list[dict[str, object]]) -> tuple[Path, dict[int, str]]:
    """Good articles on odd lines, one kind of bad line on each even line."""
    huge = json.dumps({"id": "huge", "text": "word " * (MAX_INPUT_BYTES // 5 + 10)}).encode()
    bad: dict[int, tuple[bytes, str]] = {
        2: (b'{"id": "broken", "text": "unterminated', "invalid JSON"),
        4: (json.dumps({"id": "notext", "title": "Only a title"}).encode(), "no 'text' field"),
        6: (b"\x89PNG\r\x1a\x00\x00\x00\rIHDR\xff\xfe\x00\x01", "not valid UTF-8"),
        8: (json.dumps({"id": "blank", "text": "\u200b \n "}).encode(), ""),
        10: (huge, "longer than"),
        12: (b"[1, 2, 3]", "expected a JSON object"),
        14: (b"[" * 100_000, "nested too deeply"),
    }
    lines: list[bytes] = []
    for n in range(1, 16):
        lines.append(bad[n][0] if n in bad else json.dumps(articles[n]).encode())
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path, {n: why for n, (_, why) in bad.items()}


def test_bad_lines_are_recorded_with_line_numbers(
    articles: list[dict[str, object]], tmp_path: Path
) -> None:
    src, expected = _bad_input(tmp_path, articles)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), "-j", "2", "--chunk-size", "2"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 15
    for n, record in enumerate(records, start=1):
        if n in expected:
            assert record["line"] == n and "summary" not in record
            assert f"{src}:{n}:" in record["error"] and expected[n] in record["error"]
            assert "\n" not in record["error"]
        else:
            assert record["id"] == str(n) and record["summary"], record
    assert "8 ok, 7 errors" in result.stderr
    assert "Traceback" not in result.output
    strict = runner.invoke(app, ["batch", str(src), "-o", str(out), "--strict", "--no-facts"])
    assert strict.exit_code == 1


def test_resume_completes_a_partial_output(
    articles: list[dict[str, object]], serial_lines: list[str], tmp_path: Path
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", articles)
    out = tmp_path / "out.jsonl"
    torn = serial_lines[70][: len(serial_lines[70]) // 2]  # killed while writing line 71
    out.write_text("\n".join(serial_lines[:70]) + "\n" + torn, encoding="utf-8")
    args = ["batch", str(src), "-o", str(out), "--resume", "-j", "2", "--no-facts"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines() == serial_lines
    assert "130 ok, 0 errors, 70 already in the output" in result.stderr
    again = runner.invoke(app, ["batch", str(src), "-o", str(out), "--resume", "--no-facts"])
    assert again.exit_code == 0 and "0 ok, 0 errors, 200 already" in again.stderr
    assert out.read_text(encoding="utf-8").splitlines() == serial_lines


def test_interrupted_run_keeps_its_prefix_and_resume_finishes(
    articles: list[dict[str, object]], serial_lines: list[str], tmp_path: Path
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", articles)
    out = tmp_path / "out.jsonl"

    def stop_after_three_chunks(stats: BatchStats, consumed: int, total: int | None) -> None:
        assert total == src.stat().st_size and 0 < consumed <= total
        if stats.written >= 30:
            raise KeyboardInterrupt

    with pytest.raises(BatchInterrupted, match="--resume"):
        run_batch(str(src), str(out), NO_FACTS, chunk_size=10, progress=stop_after_three_chunks)
    assert out.read_text(encoding="utf-8").splitlines() == serial_lines[:30]
    stats = run_batch(str(src), str(out), NO_FACTS, resume=True, workers=2)
    assert (stats.ok, stats.skipped) == (170, 30)
    assert out.read_text(encoding="utf-8").splitlines() == serial_lines


def test_ctrl_c_on_a_real_run_with_workers_keeps_an_ordered_prefix(tmp_path: Path) -> None:
    """SIGINT to the whole process group, as a terminal sends it, during a 2-worker run.

    The input is far longer than the run lasts before the signal (200,000 records, about
    12 MB), so even a starved test process interrupts it mid-run (20,000 once finished first
    on a loaded machine)."""
    lines = (
        json.dumps({"id": str(i), "text": f"Plan {i} was approved. It costs {i} dollars."})
        for i in range(200_000)
    )
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["-m", "newsbrief", "batch", str(src), "-o", str(out), "-j", "2", "--no-facts"]
    child = subprocess.Popen(
        [sys.executable, *argv, "--chunk-size", "4"],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        while child.poll() is None and not any(
            tmp.stat().st_size for tmp in tmp_path.glob(".out.jsonl.*.tmp")
        ):
            threading.Event().wait(0.05)
        os.killpg(child.pid, signal.SIGINT)
        _, stderr = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130, stderr
    assert "--resume" in stderr and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(ids) < 200_000
    assert ids == [str(i) for i in range(len(ids))]
    assert not list(tmp_path.glob(".*.tmp"))


def test_resume_refuses_a_file_that_is_not_batch_output(
    articles: list[dict[str, object]], tmp_path: Path
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", articles[:3])
    out = tmp_path / "notes.jsonl"
    out.write_text("my precious notes\nmore notes\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(src), "-o", str(out), "--resume"])
    assert result.exit_code == 1
    assert "line 1 is not a batch output record" in result.stderr
    assert out.read_text(encoding="utf-8") == "my precious notes\nmore notes\n"


def test_stdin_to_stdout(articles: list[dict[str, object]], serial_lines: list[str]) -> None:
    data = "".join(json.dumps(r) + "\n" for r in articles[:20])
    result = runner.invoke(app, ["batch", "-", "--no-progress", "--no-facts"], input=data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == serial_lines[:20]
    assert "20 ok, 0 errors" in result.stderr


def test_words_limit_and_method_are_passed_to_every_worker(
    articles: list[dict[str, object]], tmp_path: Path
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", articles[:40])
    out = tmp_path / "out.jsonl"
    args = ["batch", str(src), "-o", str(out), "--method", "lead", "--sentences", "1"]
    result = runner.invoke(app, [*args, "-j", "2", "--no-facts"])
    assert result.exit_code == 0, result.output
    for line, article in zip(out.read_text().splitlines(), articles[:40], strict=True):
        record = json.loads(line)
        assert record["facts"] is None
        assert len(record["summary"]) == 1
        assert " ".join(str(article["text"]).split()).startswith(record["summary"][0])


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["batch", "{tmp}/nowhere.jsonl"], 1, "nowhere.jsonl: "),
        (["batch", "{tmp}"], 1, "is a directory"),
        (["batch", "{src}", "-o", "{src}"], 1, "is the input file too"),
        (["batch", "{src}", "--resume"], 2, "--resume needs an output file"),
        (["batch", "{src}", "--method", "nope"], 2, "unknown method"),
        (["batch", "{src}", "-n", "2", "-w", "30"], 2, "either --sentences or --words"),
        (["batch", "{src}", "-j", "2", "--dask", "tcp://127.0.0.1:1"], 2, "not both"),
    ],
)
def test_exit_codes_and_one_line_errors(
    args: list[str], code: int, message: str, tmp_path: Path
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "One line only."}])
    before = src.read_bytes()
    argv = [a.format(tmp=tmp_path, src=src) for a in args]
    result = runner.invoke(app, argv)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert src.read_bytes() == before


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "One line only."}])
    (tmp_path / "file").write_text("x")
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "file" / "out.jsonl")])
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.output


def test_progress_bar_goes_to_stderr_only(
    articles: list[dict[str, object]], tmp_path: Path
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", articles[:10])
    result = runner.invoke(app, ["batch", str(src), "--progress", "--no-facts"])
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [
        str(i) for i in range(10)
    ]


def test_resume_mends_a_last_line_that_lost_only_its_newline(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "summary": []}\n{"id": "b", "summary": []}', encoding="utf-8")
    assert done_ids(str(out)) == {"a", "b"}
    assert out.read_text(encoding="utf-8").endswith('"summary": []}\n')
    out.write_text('{"id": "a", "summary": []}\n{"id": "b", "summ', encoding="utf-8")
    assert done_ids(str(out)) == {"a"}
    assert out.read_text(encoding="utf-8") == '{"id": "a", "summary": []}\n'
