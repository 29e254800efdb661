"""load.py through the API and through the CLI (`newsbrief extract`): every input type and
every class of bad input (one line naming the file, exit 1, no traceback)."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbrief.cli import app
from newsbrief.errors import LoadError
from newsbrief.limits import MAX_INPUT_BYTES
from newsbrief.load import expand_inputs, iso_datetime, load, load_all, load_text, read_capped
from newsbrief.types import Failure, RawArticle

REPO = Path(__file__).resolve().parents[1]
INPUTS = REPO / "inputs"

ARTICLE = (
    "Harbour Bridge Reopens After Repairs\n\n"
    "The Harbour Bridge reopened to traffic on Monday after eight months of repairs. "
    "The work cost 12 million euros, the city said.\n"
)
PAGE = (
    "<!DOCTYPE html><html><head><title>Bridge reopens</title>"
    '<meta property="og:site_name" content="Harbour Times"></head><body>'
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Bridge reopens</h1>"
    "<p>The Harbour Bridge reopened to traffic on Monday after eight months of repairs.</p>"
    "<p>The work cost 12 million euros, the city said in a statement on Monday evening.</p>"
    "</article><footer>© 2026 Harbour Times. All rights reserved.</footer></body></html>"
)


def _obj(n: int) -> dict[str, str]:
    return {"id": f"a{n}", "title": f"Story {n}", "text": f"Story number {n} happened today."}


# --- each input type -------------------------------------------------------------------------


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [raw] = load(str(path))
    assert raw.body_type == "text" and raw.location == str(path)
    assert "eight months of repairs" in raw.body


def test_markdown_and_html_files(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Title\n\nBody text here.", encoding="utf-8")
    (tmp_path / "b.htm").write_text(PAGE, encoding="utf-8")
    assert load(str(tmp_path / "a.md"))[0].body_type == "text"
    assert load(str(tmp_path / "b.htm"))[0].body_type == "html"


def test_json_object_and_list(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(
        json.dumps(
            {
                **_obj(1),
                "url": "https://x.example/1",
                "source": "Wire",
                "author": "Ann Lee",
                "published": "Mon, 26 Jul 2021 10:00:00 GMT",
            }
        ),
        encoding="utf-8",
    )
    [raw] = load(str(one))
    assert (raw.id, raw.title, raw.url, raw.source_name, raw.author) == (
        "a1",
        "Story 1",
        "https://x.example/1",
        "Wire",
        "Ann Lee",
    )
    assert raw.published == "2021-07-26T10:00:00+00:00"
    many = tmp_path / "many.json"
    many.write_text(json.dumps([_obj(1), _obj(2)]), encoding="utf-8")
    raws = load(str(many))
    assert [r.title for r in raws] == ["Story 1", "Story 2"]
    assert raws[1].location == f"{many}#2"


def test_jsonl_bad_line_is_one_failure_and_good_lines_still_load(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(_obj(1)),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps(_obj(4)),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(load_all([str(path)]))
    assert [i.title for i in items if isinstance(i, RawArticle)] == ["Story 1", "Story 4"]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [f.source for f in failures] == [f"{path}:2", f"{path}:3"]
    assert "invalid JSON" in failures[0].error and "text" in failures[1].error
    with pytest.raises(LoadError, match=":2: invalid JSON"):
        load(str(path))


def test_stdin_bytes_are_decoded_like_files(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "Café owners – and naïve tourists – left the square on Friday.".encode("cp1252")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [raw] = load("-")
    assert raw.location == "<stdin>"
    assert raw.body == "Café owners – and naïve tourists – left the square on Friday."


def test_load_text_sniffs_html_and_normalises() -> None:
    assert load_text(PAGE).body_type == "html"
    raw = load_text("Plain\u200b text\u00a0here.", title=" A  title\n")
    assert raw.body_type == "text" and raw.body == "Plain text here." and raw.title == "A title"


def test_unknown_suffix_given_explicitly_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "a.dat").write_text(json.dumps(_obj(1)), encoding="utf-8")
    (tmp_path / "b.page").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.log").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "d.feed").write_text(json.dumps(_obj(1)) + "\n" + json.dumps(_obj(2)), "utf-8")
    assert load(str(tmp_path / "a.dat"))[0].title == "Story 1"
    assert load(str(tmp_path / "b.page"))[0].body_type == "html"
    assert load(str(tmp_path / "c.log"))[0].body_type == "text"
    assert len(load(str(tmp_path / "d.feed"))) == 2


@pytest.mark.parametrize(
    ("body", "why"),
    [("[" * 100_000, "nested too deeply"), ('{"text": ' + "[" * 100_000, "nested too deeply")],
)
def test_json_too_deep_in_a_file_of_unknown_type_is_a_load_error(
    tmp_path: Path, body: str, why: str
) -> None:
    """The content sniffing parses JSON too: a hostile document is that input's error, never
    an exception out of the loader (RecursionError escaped the sniffing before)."""
    path = tmp_path / "deep.dat"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(LoadError, match=why):
        load(str(path))


def test_directories_are_expanded_recursively_skipping_unknown_and_hidden(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in [
        "b.txt",
        "a.md",
        "sub/c.html",
        "sub/deeper/d.jsonl",
        "notes.csv",
        ".hidden.txt",
        ".git/e.txt",
    ]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_inputs([str(tmp_path)])]
    assert found == ["a.md", "b.txt", "sub/c.html", "sub/deeper/d.jsonl"]
    # the same file twice (directly and through its folder) is read once
    assert len(expand_inputs([str(tmp_path / "a.md"), str(tmp_path)])) == 4


def test_max_articles_stops_with_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps(_obj(i)) for i in range(5)), encoding="utf-8")
    items = list(load_all([str(path)], max_articles=3))
    assert sum(isinstance(i, RawArticle) for i in items) == 3
    assert isinstance(items[-1], Failure) and "more than 3 articles" in items[-1].error


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2021-07-26", "2021-07-26"),
        ("July 26, 2021", "2021-07-26"),
        ("2021-07-26T10:00:00+02:00", "2021-07-26T10:00:00+02:00"),
        ("2021-07-26T10:00:00", "2021-07-26"),
        ("not a date", None),
        ("", None),
    ],
)
def test_iso_datetime(value: str, iso: str | None) -> None:
    assert iso_datetime(value) == iso


def test_sample_inputs_all_load() -> None:
    items = list(load_all([str(INPUTS)]))
    assert not [i for i in items if isinstance(i, Failure)]
    kinds = {Path(i.location.split(":")[0].split("#")[0]).suffix for i in items}
    assert {".html", ".txt", ".md", ".jsonl"} <= kinds
    assert len(items) >= 5


# --- bad input, through the API ----------------------------------------------------------------


def test_missing_file_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        load(str(tmp_path / "absent.txt"))
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "data.csv").write_text("a,b", encoding="utf-8")
    [failure] = list(load_all([str(tmp_path / "empty")]))
    assert isinstance(failure, Failure) and "no article files" in failure.error


def test_oversize_file_is_refused_before_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_INPUT_BYTES + 1))
    with pytest.raises(LoadError, match="too large"):
        load(str(path))


def test_read_capped_reads_at_most_cap_plus_one_bytes() -> None:
    stream = io.BytesIO(b"x" * 1000)
    with pytest.raises(LoadError):
        read_capped(stream, "s", cap=10)
    assert stream.tell() == 11


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_special_files_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="not a regular file"):
        load(str(fifo))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(LoadError, match="permission denied"):
        load(str(path))


# --- through the CLI ---------------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


HOSTILE: dict[str, bytes] = {
    "photo.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "nul.txt": b"The storm\x00\x00\x00hit\x00" * 100,
    "invisible.txt": "\u200b\u200b\ufeff\n\u2060 \u200e".encode(),
    "empty.md": b"",
    "report.docx.html": b"PK\x03\x04\x14\x00\x06\x00word/document.xml" + bytes(64),
    "broken.json": b'{"title": "x", "text": ',
    "notext.json": b'{"title": "only a title"}',
    "junk.txt": b"Advertisement\nShare this article\n<!-- gtag -->\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_extract_refuses_bad_input_with_one_line(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0]
    assert "Traceback" not in result.output and result.stdout == ""


def test_extract_refuses_oversize_missing_and_empty_folder(
    runner: CliRunner, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (MAX_INPUT_BYTES // 5 + 1))
    (tmp_path / "nothing").mkdir()
    for target, reason in [
        (big, "too large"),
        (tmp_path / "gone.txt", "no such file"),
        (tmp_path / "nothing", "no article files"),
    ]:
        result = runner.invoke(app, ["extract", str(target)])
        assert result.exit_code == 1
        assert str(target) in result.stderr and reason in result.stderr
        assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            "Mayor Ruiz said the bridge will reopen on Monday.".encode("utf-16-le"),
            "bridge will reopen",
        ),
        (
            "Café owners – and naïve tourists – left on Friday.".encode("cp1252"),
            "Café owners – and naïve",
        ),
        (
            "It’s open — yes, the council said.\n\n".encode()
            + "Café – naïve visitors came back.".encode("cp1252"),
            "Café – naïve visitors",
        ),
    ],
)
def test_extract_decodes_awkward_encodings(
    runner: CliRunner, tmp_path: Path, data: bytes, expected: str
) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(data)
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    text = json.loads(result.stdout)["text"]
    assert expected in text and "â€" not in text and "\x00" not in text


def test_extract_html_with_unknown_declared_charset(runner: CliRunner, tmp_path: Path) -> None:
    page = PAGE.replace("<head>", '<head><meta charset="utf-9">').replace(
        "Monday evening", "lundi soir, café"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1252"))
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "lundi soir, café" in data["text"]
    assert data["site"] == "Harbour Times"
    assert "All rights reserved" not in data["text"] and "Home" not in data["text"]


def test_extract_reads_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--json"], input=ARTICLE.encode("utf-16"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Harbour Bridge Reopens After Repairs"
    assert data["text"].startswith("The Harbour Bridge reopened")


def test_extract_each_sample_input_type(runner: CliRunner) -> None:
    for path in sorted(INPUTS.iterdir()):
        result = runner.invoke(app, ["extract", str(path), "--json"])
        assert result.exit_code == 0, (path, result.output)
        data = json.loads(result.stdout)
        for item in data if isinstance(data, list) else [data]:
            keys = {"title", "published", "author", "site", "url", "text", "language"}
            assert set(item) == keys
            assert item["language"] == "en"
            assert item["title"] and item["published"] and len(item["text"].split()) >= 250


def test_oversize_stdin_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-"], input=b"word " * (MAX_INPUT_BYTES // 5 + 1))
    assert result.exit_code == 1
    assert "<stdin>: too large" in result.stderr and "Traceback" not in result.output
