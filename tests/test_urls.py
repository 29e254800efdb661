"""URLs as inputs: `brief`, `summarize` and `extract` fetch http(s) URLs (and `brief --feed`
a feed's items) with the digest's policy, against a real HTTP server on loopback."""

from __future__ import annotations

import html
import json
import os
import pty
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digest_fixtures.loopback import (
    Listener,
    Reply,
    Site,
    closed_port,
    drip,
    gzip_bomb,
    redirect,
    serve,
    static,
)
from newsbrief.cli import app
from newsbrief.errors import FetchError
from newsbrief.fetch import FetchPolicy
from newsbrief.limits import FETCH_DEADLINE_SECONDS, MAX_DOWNLOAD_BYTES
from newsbrief.load import load, load_all
from newsbrief.pipeline import build_briefing
from newsbrief.types import Failure, RawArticle

REPO = Path(__file__).resolve().parents[1]

STORIES = {
    "budget": (
        "Council Passes Budget With Money for New Firefighters",
        [
            "The city council approved a budget of 1.8 billion dollars on Monday night after an "
            "eleven-hour session.",
            "The plan pays for 120 new firefighters and raises property taxes by 2.5 percent, "
            "the finance director said.",
            "Residents queued for hours to speak for and against the plan at the hearing.",
        ],
    ),
    "bridge": (
        "Harbour Bridge Reopens After Three Weeks of Repairs",
        [
            "The harbour bridge reopened to traffic on Tuesday morning after three weeks of "
            "repairs to its deck.",
            "Engineers replaced 40 steel plates and the road authority said the work came in "
            "under budget.",
            "Ferry services that ran during the closure will stop at the end of the week.",
        ],
    ),
    "vote": (
        "Rail Workers Vote to Accept New Pay Offer",
        [
            "Rail workers voted by a large margin on Wednesday to accept a pay offer that ends "
            "a dispute of nine months.",
            "The union said 78 percent of its members backed the deal in a turnout of 64 percent.",
            "Trains will run a full timetable from Monday, the operator said.",
        ],
    ),
}


def article_page(slug: str, extra: str = "") -> bytes:
    title, paragraphs = STORIES[slug]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>{body}</article>{extra}</body></html>"
    ).encode()


def feed(site: Site, listener_port: int) -> bytes:
    """Full-text item, teaser items (own host: fetched), a teaser whose link is elsewhere."""
    full_title, full_text = STORIES["vote"]
    items = [
        (full_title, f"{site.base}/vote-item.html", " ".join(full_text) + " " + "More. " * 80),
        (STORIES["budget"][0], f"{site.base}/budget.html", "The council met on Monday."),
        (
            "Internal page",
            f"http://localhost:{listener_port}/secret",
            "A short teaser about an internal page.",
        ),
    ]
    xml = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<guid>{i}</guid><pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate>"
        f"<description>{html.escape(text)}</description></item>"
        for i, (t, link, text) in enumerate(items)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Town News"
        f"</title><link>{site.base}/</link><description>news</description>{xml}</channel></rss>"
    ).encode()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    """Another loopback port: nothing the user did not name may ever connect to it."""
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def site(listener: Listener) -> Iterator[Site]:
    site = Site()
    sneaky = (
        f"<a href='http://127.0.0.1:{listener.port}/x'>More news</a>"
        f"<img src='http://127.0.0.1:{listener.port}/pixel.gif'>"
        f"<link rel='stylesheet' href='http://127.0.0.1:{listener.port}/s.css'>"
    )
    site.routes.update(
        {
            "/budget.html": static(article_page("budget", sneaky)),
            "/bridge.html": static(article_page("bridge")),
            "/old-bridge": redirect("/bridge.html", 301),
            "/to-private": redirect(f"http://127.0.0.1:{listener.port}/admin"),
            "/slow.html": drip,
            "/huge.html": lambda _h: Reply(
                200, b"<p>" + b"a" * MAX_DOWNLOAD_BYTES + b"</p>", (("Content-Type", "text/html"),)
            ),
            "/bomb.html": gzip_bomb(MAX_DOWNLOAD_BYTES * 4),
            "/menu.html": static(
                b"<!doctype html><html><head><title>A</title></head><body><nav><ul>"
                b"<li><a href='/a'>A</a></li><li><a href='/b'>B</a></li></ul></nav></body></html>"
            ),
        }
    )
    site.routes["/feed.xml"] = lambda _h: Reply(
        200, feed(site, listener.port), (("Content-Type", "application/rss+xml"),)
    )
    with serve(site):
        yield site


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_brief_a_page_url(site: Site) -> None:
    code, out, err = run("brief", f"{site.base}/budget.html", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    [story] = data["stories"]
    assert story["headline"] == STORIES["budget"][0]
    assert any("120 new firefighters" in s for s in story["summary"])
    assert story["sources"][0]["url"] == f"{site.base}/budget.html"


def test_json_served_as_json_is_read_by_its_content(site: Site) -> None:
    """An article object, a list of them, and JSON Lines, all as application/json (the
    loader tells them apart by the one parse that also reads them)."""
    title, text = STORIES["bridge"]
    obj = {"title": title, "text": " ".join(text)}
    bodies = {
        "/one.json": json.dumps(obj),
        "/list.json": json.dumps([obj, {**obj, "title": "Second"}]),
        "/lines.json": json.dumps(obj) + "\n" + json.dumps({**obj, "title": "Second"}) + "\n",
    }
    for path, body in bodies.items():
        site.routes[path] = lambda _h, b=body: Reply(
            200, b.encode(), (("Content-Type", "application/json"),)
        )
    assert [r.title for r in load(f"{site.base}/one.json")] == [title]
    assert [r.title for r in load(f"{site.base}/list.json")] == [title, "Second"]
    assert [r.title for r in load(f"{site.base}/lines.json")] == [title, "Second"]


def test_redirect_is_followed_to_the_final_url(site: Site) -> None:
    [raw] = load(f"{site.base}/old-bridge")
    assert raw.url == f"{site.base}/bridge.html" and raw.location == f"{site.base}/old-bridge"
    code, out, _ = run("extract", f"{site.base}/old-bridge", "--json")
    assert code == 0 and "reopened to traffic" in json.loads(out)["text"]


def test_a_failed_url_is_one_line_and_the_others_still_brief(site: Site) -> None:
    missing = f"{site.base}/missing.html"
    code, out, err = run("brief", missing, f"{site.base}/bridge.html", str(REPO / "inputs"))
    assert code == 0
    assert f"{missing}: HTTP 404" in err.splitlines()
    assert "Harbour Bridge Reopens" in out and "Storm Ingrid" in out
    code, _, err = run("brief", missing)
    assert code == 1 and f"{missing}: HTTP 404" in err


def test_unreachable_and_non_http_urls(site: Site) -> None:
    dead = f"http://127.0.0.1:{closed_port()}/a.html"
    code, _, err = run("brief", dead, f"{site.base}/bridge.html")
    assert code == 0 and f"{dead}: connection refused" in err
    code, _, err = run("summarize", "file:///etc/passwd")
    assert code == 1 and "only http and https URLs are fetched" in err
    with pytest.raises(FetchError, match="HTTP 404"):
        load(f"{site.base}/missing.html")


def test_slow_server_is_cut_off_at_the_deadline(site: Site) -> None:
    start = time.monotonic()
    items = list(
        load_all(
            [f"{site.base}/slow.html", f"{site.base}/bridge.html"],
            policy=FetchPolicy(deadline=1.0),
        )
    )
    took = time.monotonic() - start
    [failure] = [i for i in items if isinstance(i, Failure)]
    assert failure.source.endswith("/slow.html")
    assert failure.error == "no complete response within 1s"
    assert [i.url for i in items if isinstance(i, RawArticle)] == [f"{site.base}/bridge.html"]
    assert took < 10  # cut off, not waited on forever (the drip never ends)


def test_oversize_bodies_are_refused_with_the_digests_cap(site: Site) -> None:
    assert FetchPolicy().max_bytes == MAX_DOWNLOAD_BYTES
    assert FetchPolicy().deadline == FETCH_DEADLINE_SECONDS
    huge, bomb = f"{site.base}/huge.html", f"{site.base}/bomb.html"
    code, out, err = run("brief", huge, bomb, f"{site.base}/bridge.html")
    assert code == 0 and "Harbour Bridge" in out
    assert f"{huge}: response larger than {MAX_DOWNLOAD_BYTES} bytes" in err
    assert f"{bomb}: response larger than {MAX_DOWNLOAD_BYTES} bytes" in err


def test_private_address_named_by_the_user_is_fetched_but_nothing_else(
    site: Site, listener: Listener
) -> None:
    # the loopback server is a private address: the user named it, so it is trusted
    code, out, err = run("brief", f"{site.base}/budget.html", f"{site.base}/to-private")
    assert code == 0 and "Council Passes Budget" in out
    assert "refusing to fetch a non-public address (127.0.0.1)" in err  # the redirect hop
    assert listener.connections == 0  # nor the page's links, images or stylesheets


def test_menu_page_by_url_is_no_article(site: Site) -> None:
    code, _, err = run("brief", f"{site.base}/menu.html")
    assert code == 1 and "menu.html: no article text found" in err


def test_a_feed_given_as_a_page_says_use_feed(site: Site) -> None:
    code, _, err = run("extract", f"{site.base}/feed.xml")
    assert code == 1 and "is a feed, not a page; use --feed URL" in err


def test_brief_feed(site: Site, listener: Listener) -> None:
    before = site.hits["/budget.html"]
    code, out, err = run("brief", "--feed", f"{site.base}/feed.xml", "-f", "json")
    assert code == 0, err
    headlines = {s["headline"] for s in json.loads(out)["stories"]}
    assert STORIES["vote"][0] in headlines  # full text in the feed: no page fetched
    assert STORIES["budget"][0] in headlines  # a teaser: its page on the feed's host fetched
    assert site.hits["/budget.html"] == before + 1
    assert site.hits["/vote-item.html"] == 0
    assert listener.connections == 0  # an item's link elsewhere is not trusted
    code, out, _ = run("brief", f"{site.base}/bridge.html", "--feed", f"{site.base}/feed.xml")
    assert code == 0 and "Harbour Bridge" in out and "Rail Workers" in out


def test_feed_failures(site: Site) -> None:
    code, _, err = run("brief", "--feed", f"{site.base}/bridge.html")
    assert code == 1 and "not a feed" in err
    code, _, err = run("brief")
    assert code == 2 and "give article files, URLs or --feed URL" in err


def test_python_api_takes_urls(site: Site) -> None:
    briefing = build_briefing([f"{site.base}/bridge.html"], feeds=[f"{site.base}/feed.xml"])
    assert {s.headline for s in briefing.stories} >= {STORIES["bridge"][0], STORIES["vote"][0]}


def test_fetches_run_concurrently_with_progress_on_a_terminal(site: Site, tmp_path: Path) -> None:
    """Five slow pages: fetched together, and a progress line drawn on a real pty."""
    late = _Late(article_page("bridge"))
    for i in range(5):
        site.routes[f"/late{i}.html"] = late
    urls = [f"{site.base}/late{i}.html" for i in range(5)]
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsbrief", "brief", *urls, "-o", str(tmp_path / "b.md")],
        stdout=subprocess.DEVNULL,
        stderr=slave,
        cwd=REPO,
    )
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(60) == 0
    os.close(master)
    text = seen.decode("utf-8", "replace")
    assert "fetched 5/5" in text and "fetched 1/5" in text
    assert late.most == 5  # all five in flight at once, not one after the other
    # not a terminal: no progress line
    code, _, err = run("brief", *urls[:2], "-o", str(tmp_path / "c.md"))
    assert code == 0 and "fetched" not in err


class _Late:
    """A route that answers after 0.5 s and records how many requests were in flight."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.now = self.most = 0
        self.lock = threading.Lock()

    def __call__(self, _handler: object) -> Reply:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(0.5)
        with self.lock:
            self.now -= 1
        return Reply(200, self.body, (("Content-Type", "text/html"),))
