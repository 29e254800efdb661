"""A real HTTP server on 127.0.0.1 serving the digest test feeds and pages, counting requests.

Outlets (from stories.jsonl): The Daily Ledger (RSS, full text, ETag), Harbour Times (Atom,
teasers -> article pages), Metro Wire (RSS, teasers -> pages, Last-Modified), Coastal Post
(RSS, full text). Broken sources: a malformed feed, an HTML page given as a feed, a feed that
drips bytes forever, and a feed whose items link to a *different* loopback port (which must
never be contacted). ``server.day`` picks which items are live (day 2 adds new reports).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent
OUTLETS = {
    "ledger": ("The Daily Ledger", "rss-full"),
    "harbour": ("Harbour Times", "atom-teaser"),
    "metro": ("Metro Wire", "rss-teaser"),
    "coastal": ("Coastal Post", "rss-full"),
}


def stories() -> list[dict[str, object]]:
    lines = (FIXTURES / "stories.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


Route = Callable[["Handler"], Reply | None]


@dataclass
class Site:
    """Routes, request counts and the live day; shared by the handler threads."""

    day: int = 1
    hits: Counter[str] = field(default_factory=Counter)
    full: Counter[str] = field(default_factory=Counter)  # 200 responses per path
    routes: dict[str, Route] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""
    #: gold cluster -> the feed category its items carry (none by default)
    categories: dict[str, str] = field(default_factory=dict)


class Handler(BaseHTTPRequestHandler):
    server: LoopbackServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?", 1)[0]
        with site.lock:
            site.hits[path] += 1
        route = site.routes.get(path)
        reply = route(self) if route else Reply(404, b"not found")
        if reply is None:  # the route wrote the response itself
            return
        if reply.status == 200:
            with site.lock:
                site.full[path] += 1
        self.send_response(reply.status)
        headers = dict(reply.headers)
        headers.setdefault("Content-Length", str(len(reply.body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if reply.body:
            self.wfile.write(reply.body)


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.site = site


@contextmanager
def serve(site: Site) -> Iterator[LoopbackServer]:
    server = LoopbackServer(site)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class Listener:
    """A bare TCP listener on another loopback port that records every connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


# --- documents -----------------------------------------------------------------------


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    return text[: end + 1] if end > 0 else text


def page_html(item: dict[str, object], outlet: str) -> bytes:
    text = str(item["text"])
    sentences = text.split(". ")
    half = max(1, len(sentences) // 2)
    paras = [". ".join(sentences[:half]) + ".", ". ".join(sentences[half:])]
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paras)
    doc = f"""<!doctype html><html><head><meta charset="utf-8">
<title>{html.escape(str(item["title"]))}</title>
<meta property="og:site_name" content="{html.escape(outlet)}"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<header><h1>{html.escape(str(item["title"]))}</h1></header>
<article>{body}</article>
<footer>Copyright {html.escape(outlet)}. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""
    return doc.encode("utf-8")


def _rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))


def rss(site: Site, slug: str, teaser: bool) -> bytes:
    outlet = OUTLETS[slug][0]
    items = []
    for item in stories():
        if item["outlet"] != outlet or int(item["day"]) > site.day:  # type: ignore[call-overload]
            continue
        link = f"{site.base}/{slug}/{item['id']}.html"
        text = _first_sentence(str(item["text"])) if teaser else str(item["text"])
        items.append(
            f"<item><title>{html.escape(str(item['title']))}</title><link>{link}</link>"
            f"<guid isPermaLink='false'>{item['id']}</guid>"
            f"<pubDate>{_rfc822(str(item['published']))}</pubDate>"
            + _category(site, item, "<category>{}</category>")
            + f"<description>{html.escape('<p>' + html.escape(text) + '</p>')}</description></item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{html.escape(outlet)}</title><link>{site.base}/{slug}/</link>"
        f"<description>news</description>{''.join(items)}</channel></rss>"
    ).encode()


def atom(site: Site, slug: str) -> bytes:
    outlet = OUTLETS[slug][0]
    entries = []
    for item in stories():
        if item["outlet"] != outlet or int(item["day"]) > site.day:  # type: ignore[call-overload]
            continue
        link = f"{site.base}/{slug}/{item['id']}.html"
        entries.append(
            f"<entry><title>{html.escape(str(item['title']))}</title>"
            f"<link rel='alternate' href='{link}'/><id>urn:fx:{item['id']}</id>"
            f"<updated>{item['published']}</updated>"
            + _category(site, item, "<category term='{}'/>")
            + f"<summary type='text'>{html.escape(_first_sentence(str(item['text'])))}</summary>"
            "</entry>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>{html.escape(outlet)}</title><id>urn:fx:{slug}</id>"
        f"<updated>2026-11-17T12:00:00Z</updated>{''.join(entries)}</feed>"
    ).encode()


def _category(site: Site, item: dict[str, object], form: str) -> str:
    name = site.categories.get(str(item["cluster"]))
    return form.format(html.escape(name)) if name else ""


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:16] + '"'


def conditional(make: Callable[[], bytes], content_type: str, *, use_etag: bool) -> Route:
    """A route answering 304 when the client's validator still matches."""

    def route(handler: Handler) -> Reply:
        data = make()
        tag = _etag(data)
        stamp = f"Mon, 16 Nov 2026 0{handler.server.site.day}:00:00 GMT"
        if use_etag and handler.headers.get("If-None-Match") == tag:
            return Reply(304, headers=(("ETag", tag),))
        if not use_etag and handler.headers.get("If-Modified-Since") == stamp:
            return Reply(304, headers=(("Last-Modified", stamp),))
        validator = ("ETag", tag) if use_etag else ("Last-Modified", stamp)
        return Reply(200, data, (("Content-Type", content_type), validator))

    return route


def static(data: bytes, content_type: str = "text/html; charset=utf-8") -> Route:
    return lambda _h: Reply(200, data, (("Content-Type", content_type),))


def drip(handler: Handler) -> None:
    """Headers, then one byte every 0.2 s, forever (until the client gives up)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.end_headers()
    try:
        handler.wfile.write(b"<?xml version='1.0'?><rss version='2.0'><channel>")
        while True:
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.2)
    except OSError:
        return


def gzip_bomb(size: int) -> Route:
    blob = gzip.compress(b"\0" * size, compresslevel=9)
    return lambda _h: Reply(
        200, blob, (("Content-Type", "text/html"), ("Content-Encoding", "gzip"))
    )


def redirect(to: str, status: int = 302) -> Route:
    return lambda _h: Reply(status, b"", (("Location", to),))


def build_site(private_port: int) -> Site:
    """The scenario: four outlets, three broken sources, one feed with a private link."""
    site = Site()
    for slug, (outlet, kind) in OUTLETS.items():
        if kind == "atom-teaser":
            site.routes[f"/{slug}/feed.xml"] = conditional(
                lambda s=slug: atom(site, s), "application/atom+xml", use_etag=True
            )
        else:
            site.routes[f"/{slug}/feed.xml"] = conditional(
                lambda s=slug, t=kind == "rss-teaser": rss(site, s, t),
                "application/rss+xml",
                use_etag=slug != "metro",
            )
        for item in stories():
            if item["outlet"] == outlet:
                site.routes[f"/{slug}/{item['id']}.html"] = static(page_html(item, outlet))
    site.routes["/broken/feed.xml"] = static(
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Broken</ti", "application/xml"
    )
    site.routes["/page.html"] = static(
        b"<!doctype html><html><head><title>Just a page</title></head><body><p>Hello, this "
        b"is a web page and not a feed.</p></body></html>"
    )
    site.routes["/slow/feed.xml"] = drip
    sneaky = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Sneaky</title>"
        "<item><title>Internal\r\nadmin\x1b[31m page</title>"
        f"<link>http://localhost:{private_port}/secret</link><guid>s1</guid>"
        "<pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate>"
        "<description>Short teaser about an internal page.</description></item>"
        "<item><title>Script link</title><link>javascript:alert(1)</link><guid>s2</guid>"
        "<pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate>"
        "<description>Another teaser whose link is a script.</description></item>"
        "</channel></rss>"
    ).encode()
    site.routes["/sneaky/feed.xml"] = static(sneaky, "application/rss+xml")
    return site
