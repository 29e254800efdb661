"""Hostile feeds and servers through ``newsbrief digest --config F --date D``.

A loopback HTTP server plays every kind of bad source at once: entries with
``<img src="file:…">``, attachment and ``javascript:`` links, CR/LF in titles,
``text/plain`` content full of markup, an XXE doctype, an HTML page given as a
feed, a gzip bomb, a server that drips one byte a second, a dead port, a
redirect to another private address, ``file://`` entry links and a local
"feed" that is really a secret file. A second listener on 127.0.0.2 stands for
a private host that content must never reach. The digest must still come out
of the good sources, list the failures, hold no local file content, make no
private connection, and finish in bounded time (child process, memory rlimit,
timeout). A second run on a locked state file exits with a clear message.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

from .checks import html_problems, leaks, markdown_problems, pdf_problems
from .conftest import one_line_error
from .hostile import CLOSING, GOOD_MARK, GOOD_SENTENCE, Secrets, gzip_bomb
from .procs import ForkRunner, Listener, Run, free_port, run_cli

DAY = "2026-11-16"
PUBLISHED = format_datetime(datetime(2026, 11, 16, 8, 0, tzinfo=UTC))
FILLER = (
    "Local crews worked through the night to clear the quay, and the harbour master said "
    "the inspection found no lasting damage to the wall or the moorings along the front. "
)
#: The text/plain entry's own body (a story of its own, so its text is summarised and rendered).
PLAIN_FILLER = (
    "Stall holders reported brisk trade, and the council promised new awnings for the square "
    "before the winter season begins. "
)
#: Long enough (well over the teaser threshold) that the digest does not fetch the link.
FULL_TEXT = f"{GOOD_SENTENCE} {FILLER * 4}{CLOSING}"
BOMB_MARK = "BOMBSTORYMARK"
DRIP_SECONDS = 200
FEED_DEADLINE = 3


def _rss(items: list[str], doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{doctype}<rss version="2.0"><channel>'
        "<title>Outlet</title><link>http://example.org/</link><description>d</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def _item(title: str, description: str, link: str, guid: str) -> str:
    return (
        f"<item><title>{html.escape(title)}</title><link>{html.escape(link)}</link>"
        f"<guid>{guid}</guid><pubDate>{PUBLISHED}</pubDate>"
        f"<description>{html.escape(description)}</description></item>"
    )


def _feeds(sec: Secrets, origin: str, private: str) -> dict[str, tuple[str, bytes]]:
    """path -> (content type, body) for the good-but-hostile feeds."""
    hostile_markup = (
        f'<img src="file:///etc/passwd"><img src="{sec.svg.as_uri()}">'
        f'<a rel="attachment" href="{sec.text.as_uri()}">notes</a>'
        f'<a href="javascript:alert(1)">click</a><script>alert(1)</script>'
        f'<img src="{private}/img-in-content.png">'
    )
    good = _rss(
        [
            _item(
                "Storm hits\r\nBcc: victim@example.org\r\nSubject: injected harbour",
                f"<p>{hostile_markup}{FULL_TEXT}</p>",
                "javascript:alert(document.cookie)",
                "g1",
            ),
            _item("Private teaser", "Short teaser.", f"{private}/teaser", "g2"),
            _item("Redirect teaser", "Short teaser two.", f"{origin}/redirect", "g3"),
            _item("File teaser", "Short teaser three.", "file:///etc/passwd", "g4"),
            _item("Canary teaser", "Short teaser four.", sec.text.as_uri(), "g5"),
        ]
    )
    plain = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Plain</title><id>urn:plain</id><updated>2026-11-16T08:00:00Z</updated>"
        '<entry><title type="text">Market &lt;b&gt;reopens&lt;/b&gt;</title><id>urn:p1</id>'
        '<updated>2026-11-16T08:00:00Z</updated><link href="https://news.example.org/p1"/>'
        '<content type="text">'
        + html.escape(
            "<script>alert('plain')</script><img src=\"file:///etc/passwd\"> "
            f"[link](javascript:alert(1)) The fish market reopened on Monday. {PLAIN_FILLER * 4}"
        )
        + "</content></entry></feed>"
    ).encode()
    xxe = _rss(
        [_item("Entity news", f"The flyer read &xxe; and &canary; today. {FILLER * 4}",
               "https://news.example.org/x1", "x1")],
        doctype=(
            '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
            f'<!ENTITY canary SYSTEM "{sec.text.as_uri()}">]>'
        ),
    ).replace(b"&amp;xxe;", b"&xxe;").replace(b"&amp;canary;", b"&canary;")  # fmt: skip
    page = (
        "<!doctype html><html><head><title>Not a feed</title></head><body>"
        f"<p>{GOOD_SENTENCE}</p></body></html>"
    ).encode()
    return {
        "/good.xml": ("application/rss+xml", good),
        "/plain.atom": ("application/atom+xml", plain),
        "/xxe.xml": ("application/rss+xml", xxe),
        "/page.html": ("text/html", page),
    }


class _FeedServer:
    """The hostile origin: static feeds, a redirect to a private host, a bomb and a drip."""

    def __init__(self, routes: dict[str, tuple[str, bytes]], private: str, bomb: bytes) -> None:
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                outer.requests.append(self.path)
                if self.path in routes:
                    kind, body = routes[self.path]
                    self._send(200, body, {"Content-Type": kind})
                elif self.path == "/redirect":
                    self._send(302, b"", {"Location": f"{private}/redirected"})
                elif self.path == "/bomb.xml":
                    self._send(200, bomb, {"Content-Type": "application/rss+xml",
                                           "Content-Encoding": "gzip"})  # fmt: skip
                elif self.path == "/drip.xml":
                    self._drip()
                else:
                    self._send(404, b"not found", {"Content-Type": "text/plain"})

            def _send(self, code: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(code)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(body)

            def _drip(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                body = _rss([_item("Drip", FULL_TEXT, "https://news.example.org/d", "d1")])
                for byte in body[:DRIP_SECONDS]:
                    try:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    except OSError:
                        return
                    time.sleep(1)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def private() -> Iterator[Listener]:
    """A listener on another loopback address: a private host that content must never reach."""
    server = Listener("127.0.0.2")
    yield server
    server.close()


@pytest.fixture(scope="module")
def origin(canaries: Secrets, private: Listener) -> Iterator[_FeedServer]:
    routes: dict[str, tuple[str, bytes]] = {}
    server = _FeedServer(routes, private.base, gzip_bomb_with_story())
    routes.update(_feeds(canaries, server.base, private.base))
    yield server
    server.close()


def gzip_bomb_with_story() -> bytes:
    """The bomb: 200 MiB of padding, then an item that only an uncapped reader would see."""
    tail = _item(f"{BOMB_MARK} story", FULL_TEXT, "https://news.example.org/b", "b1").encode()
    return gzip_bomb(tail=tail + b"</channel></rss>")


SOURCES = {
    "Good Outlet": "/good.xml",
    "Plain Atom": "/plain.atom",
    "XXE Feed": "/xxe.xml",
    "HTML Page": "/page.html",
    "Bomb Feed": "/bomb.xml",
    "Drip Feed": "/drip.xml",
}
FAILING = ("HTML Page", "Bomb Feed", "Drip Feed", "Dead Feed", "Secret File")


def _config(folder: Path, origin: str, sec: Secrets) -> Path:
    lines = [
        'title = "Hostile digest"',
        'output_dir = "out"',
        'formats = ["pdf", "md", "json", "html"]',
        'state = "state/newsbrief.sqlite"',
        "max_stories = 8",
        'timezone = "UTC"',
        f"fetch_deadline = {FEED_DEADLINE}",
        "fetch_timeout = 2",
    ]
    for name, path in SOURCES.items():
        lines += ["[[sources]]", f'name = "{name}"', f'feed = "{origin}{path}"']
    lines += ["[[sources]]", 'name = "Dead Feed"', f'feed = "http://127.0.0.1:{free_port()}/rss"']
    lines += ["[[sources]]", 'name = "Secret File"', f'feed = "{sec.text}"']
    config = folder / "digest.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def digest_run(workdir: Path, origin: _FeedServer, canaries: Secrets) -> tuple[Run, Path]:
    folder = workdir / "digest"
    folder.mkdir()
    config = _config(folder, origin.base, canaries)
    run = run_cli(["digest", "--config", str(config), "--date", DAY], cwd=folder, timeout=120)
    return run, folder


def _outputs(folder: Path) -> dict[str, Path]:
    return {p.suffix.lstrip("."): p for p in (folder / "out").glob(f"{DAY}-*")}


def test_digest_survives_hostile_sources(digest_run: tuple[Run, Path]) -> None:
    run, folder = digest_run
    assert not run.timed_out, f"digest did not finish (drip/bomb not bounded): {run.describe()}"
    assert run.returncode == 0, run.describe()
    assert "Traceback" not in run.err, run.describe()
    assert sorted(_outputs(folder)) == ["html", "json", "md", "pdf"], run.describe()


def test_good_sources_make_the_digest(digest_run: tuple[Run, Path]) -> None:
    _run, folder = digest_run
    data = json.loads(_outputs(folder)["json"].read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    assert GOOD_MARK in text, "the good feed's story is missing"
    assert "fish market" in text.lower(), "the text/plain Atom entry is missing"


def test_failures_are_listed(digest_run: tuple[Run, Path]) -> None:
    run, folder = digest_run
    data = json.loads(_outputs(folder)["json"].read_text(encoding="utf-8"))
    failures = data.get("failures", [])
    listed = " ".join(f"{f.get('source')} {f.get('error')}" for f in failures)
    missing = [name for name in FAILING if name not in listed]
    assert not missing, f"failures not listed: {missing}\nfailures: {failures}"
    page = [f for f in failures if "HTML Page" in str(f.get("source"))]
    assert page and "feed" in str(page[0].get("error")).lower(), page
    assert BOMB_MARK not in json.dumps(data), "the gzip bomb was read past the size cap"
    for line in run.err.splitlines():
        assert len(line) < 600, f"an over-long stderr line: {line[:200]}..."


def test_no_local_file_content_anywhere(digest_run: tuple[Run, Path], canaries: Secrets) -> None:
    run, folder = digest_run
    problems = leaks(run.out + run.err, canaries.marks)
    for path in (folder / "out").iterdir():
        problems += [f"{path.name}: {p}" for p in leaks(path.read_bytes().decode("latin-1"),
                                                         canaries.marks)]  # fmt: skip
    for path in (folder / "state").iterdir():
        problems += [f"state {path.name}: {p}" for p in leaks(
            path.read_bytes().decode("latin-1"), canaries.marks)]  # fmt: skip
    pdf = _outputs(folder)["pdf"].read_bytes()
    problems += [f"pdf: {p}" for p in pdf_problems(pdf, canaries.marks, "127.0.0.2")]
    assert not problems, "\n".join(problems)


def test_no_connection_to_private_hosts(
    digest_run: tuple[Run, Path], private: Listener, origin: _FeedServer
) -> None:
    assert digest_run[0].returncode == 0, digest_run[0].describe()
    assert not private.requests, f"private host contacted: {private.requests}"
    assert "/page.html" in origin.requests  # the run really went through the origin


def test_rendered_digest_is_inert(digest_run: tuple[Run, Path], canaries: Secrets) -> None:
    _run, folder = digest_run
    outputs = _outputs(folder)
    problems = html_problems(outputs["html"].read_text(encoding="utf-8"), canaries.marks,
                             "127.0.0.2")  # fmt: skip
    problems += markdown_problems(outputs["md"].read_text(encoding="utf-8"), canaries.marks)
    assert not problems, "\n".join(problems)
    assert len(PdfReader(io.BytesIO(outputs["pdf"].read_bytes())).pages) == 1


def test_titles_are_single_line(digest_run: tuple[Run, Path]) -> None:
    _run, folder = digest_run
    outputs = _outputs(folder)
    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    for story in data["stories"]:
        assert "\r" not in story["headline"] and "\n" not in story["headline"], story["headline"]
        for source in story.get("sources", []):
            title = source.get("title") or ""
            assert "\r" not in title and "\n" not in title, title
            url = source.get("url") or ""
            assert not url or url.startswith(("http://", "https://")), url
    for line in outputs["md"].read_text(encoding="utf-8").splitlines():
        assert not line.lstrip("#> -*").startswith(("Bcc:", "Subject: injected")), line


def test_second_run_on_locked_state_is_refused(digest_run: tuple[Run, Path], workdir: Path) -> None:
    from newsbrief.digest.lock import run_lock

    _run, folder = digest_run
    config = folder / "digest-local.toml"
    (folder / "notes").mkdir(exist_ok=True)
    (folder / "notes" / "a.txt").write_text(f"Harbour Report\n\n{FULL_TEXT}\n", encoding="utf-8")
    config.write_text(
        'title = "Locked"\noutput_dir = "out2"\nformats = ["md"]\n'
        'state = "state/newsbrief.sqlite"\ntimezone = "UTC"\n'
        '[[sources]]\nname = "Notes"\npath = "notes"\n',
        encoding="utf-8",
    )
    with run_lock(folder / "state" / "newsbrief.sqlite"):
        run = run_cli(["digest", "--config", str(config), "--date", DAY], cwd=folder, timeout=90)
    assert run.returncode == 1, run.describe()
    assert "Traceback" not in run.err
    lines = [line for line in run.err.splitlines() if line.strip()]
    assert len(lines) == 1 and "lock" in lines[0].lower(), run.describe()
    assert not (folder / "out2").exists() or not any((folder / "out2").iterdir())


@pytest.mark.parametrize(
    "source",
    ['urls = ["file:///etc/passwd"]', 'feed = "file:///etc/passwd"',
     'urls = ["javascript:alert(1)"]'],
)  # fmt: skip
def test_config_with_non_http_urls_is_refused(
    source: str, workdir: Path, forks: ForkRunner, canaries: Secrets
) -> None:
    folder = workdir / f"badconfig-{abs(hash(source))}"
    folder.mkdir()
    config = folder / "bad.toml"
    config.write_text(
        f'title = "Bad"\nstate = "s.sqlite"\n[[sources]]\nname = "X"\n{source}\n', encoding="utf-8"
    )
    run = forks.run(["digest", "--config", str(config), "--date", DAY], cwd=folder)
    problems = one_line_error(run, "bad.toml")
    assert not problems, f"{problems}\n{run.describe()}"
    assert not leaks(run.out + run.err, canaries.marks)
