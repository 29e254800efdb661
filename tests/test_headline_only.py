"""Headline-only feed items count: they join stories by their headline, a story of headlines
only is a headline line with its links, and the digest JSON says which reports had text.

Real loopback feeds: items with a title and a link whose page is gone (404), is an app shell
with no article, or is missing; items whose description only repeats the title.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digest_fixtures.loopback import Reply, Site, serve, static
from newsbrief.cli import app
from newsbrief.digest.headlines import central_headline, headline_article
from newsbrief.types import SourceLink, Story

DAY = "2026-11-16"
PUB = "Mon, 16 Nov 2026 09:00:00 GMT"

BRIDGE = (
    "Harbour Bridge Reopens After Three Weeks of Repairs",
    "The harbour bridge reopened to traffic on Monday morning after three weeks of repairs to "
    "its steel deck, the city's road authority said. Engineers replaced forty steel plates "
    "and resurfaced both lanes, and the authority said the work came in under its budget of "
    "four million pounds. Ferry services that carried commuters across the harbour during the "
    "closure will stop at the end of the week, and bus routes return to their usual timetable "
    "from Tuesday. Local traders, who had complained of falling takings while the bridge was "
    "shut, welcomed the news and said customers were already coming back to the waterfront.",
)
STRIKE = [
    "Rail workers vote to accept pay offer, ending nine-month strike",
    "Rail workers accept pay offer, ending nine-month strike",
    "Nine-month rail strike ends as workers accept pay offer",
]
ZOO = "City zoo welcomes twin red panda cubs"

APP_SHELL = (
    b"<!doctype html><html><head><title>Rail strike</title></head><body>"
    b"<noscript>You need to enable JavaScript to run this app.</noscript>"
    b"<div id='root'></div></body></html>"
)


def item(title: str, link: str | None, text: str | None = None, guid: str = "") -> str:
    link_xml = f"<link>{html.escape(link)}</link>" if link else ""
    body = f"<description>{html.escape(text)}</description>" if text is not None else ""
    return (
        f"<item><title>{html.escape(title)}</title>{link_xml}"
        f"<guid isPermaLink='false'>{guid or title}</guid>"
        f"<pubDate>{PUB}</pubDate>{body}</item>"
    )


def rss(name: str, items: list[str]) -> bytes:
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{name}</title><link>http://example.org/</link><description>x</description>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    with serve(site):
        base = site.base
        feeds = {
            "one": rss(
                "Wire One",
                [
                    item(BRIDGE[0], f"{base}/one/bridge.html", BRIDGE[1]),  # full text
                    item(STRIKE[0], f"{base}/one/strike.html"),  # link to an app shell
                ],
            ),
            "two": rss(
                "Wire Two",
                [
                    item("Harbour bridge reopens after repairs", f"{base}/gone/bridge"),  # 404
                    item(STRIKE[1], f"{base}/gone/strike"),  # 404
                    item(ZOO, None, guid="zoo"),  # no link at all
                ],
            ),
            "three": rss("Wire Three", [item(STRIKE[2], f"{base}/gone/s3", STRIKE[2])]),
        }
        for slug, data in feeds.items():
            site.routes[f"/{slug}/feed.xml"] = static(data, "application/rss+xml")
        site.routes["/one/strike.html"] = static(APP_SHELL)
        site.routes["/gone/bridge"] = lambda _h: Reply(404, b"gone")
        yield site


def config(tmp_path: Path, site: Site, max_stories: int = 10) -> Path:
    path = tmp_path / "digest.toml"
    path.write_text(
        textwrap.dedent(f"""\
        title = "Morning briefing"
        output_dir = "out"
        formats = ["json", "md"]
        state = "state.sqlite"
        max_stories = {max_stories}
        timezone = "UTC"
        workers = 0
        [[sources]]
        name = "Wire One"
        feed = "{site.base}/one/feed.xml"
        [[sources]]
        name = "Wire Two"
        feed = "{site.base}/two/feed.xml"
        [[sources]]
        name = "Wire Three"
        feed = "{site.base}/three/feed.xml"
        """),
        encoding="utf-8",
    )
    return path


def run(path: Path) -> dict[str, object]:
    result = CliRunner().invoke(app, ["digest", "--config", str(path), "--date", DAY, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


pytestmark = pytest.mark.usefixtures("rule_based_ner")


def test_headline_only_items_join_stories_and_make_headline_lines(
    tmp_path: Path, site: Site
) -> None:
    data = run(config(tmp_path, site))
    stories = {s["headline"]: s for s in data["stories"]}  # type: ignore[union-attr]
    bridge = stories[BRIDGE[0]]
    assert bridge["summary"], "the report with text makes the summary"
    assert {(s["name"], s["has_text"]) for s in bridge["sources"]} == {
        ("Wire One", True),
        ("Wire Two", False),  # its headline joined the story
    }
    [strike] = [s for h, s in stories.items() if "strike" in h.lower()]
    assert strike["summary"] == [] and strike["facts"]["people"] == []
    assert {s["name"] for s in strike["sources"]} == {"Wire One", "Wire Two", "Wire Three"}
    assert not any(s["has_text"] for s in strike["sources"])
    assert stories[ZOO]["summary"] == [] and stories[ZOO]["sources"][0]["url"] is None
    assert len(stories) == 3
    # every item is in a story, none left out for having no text
    assert data["left_out"] == []


def test_headline_stories_over_the_cap_are_left_out_with_their_story(
    tmp_path: Path, site: Site
) -> None:
    data = run(config(tmp_path, site, max_stories=1))
    [kept] = data["stories"]  # type: ignore[misc]
    assert kept["headline"] in STRIKE  # three outlets: the widest coverage ranks first
    left: list[dict[str, str]] = data["left_out"]  # type: ignore[assignment]
    assert len(left) == 3 and all(x["reason"].startswith("over max_stories (1)") for x in left)
    bridge = {x["story"] for x in left if "bridge" in x["title"].lower()}
    assert len(bridge) == 1 and None not in bridge  # the text and headline reports: one story
    assert len({x["story"] for x in left}) == 2  # and the zoo's


def test_markdown_shows_headline_stories_with_their_links(tmp_path: Path, site: Site) -> None:
    run(config(tmp_path, site))
    text = (tmp_path / "out" / f"{DAY}-morning-briefing.md").read_text("utf-8")
    assert ZOO in text and "Wire Three" in text


def test_central_headline_and_story_model() -> None:
    reports = [
        headline_article(f"k{i}", title, f"Outlet {i}", f"http://x/{i}", None)
        for i, title in enumerate([*STRIKE, "Strike news: Opinion"])
    ]
    assert central_headline(reports).title in STRIKE
    story = Story(
        headline="h", summary=(), sources=(SourceLink("A", has_text=False),), article_ids=("k",)
    )
    assert story.headline_only
    assert not Story(headline="h", summary=(), sources=(SourceLink("A"),)).headline_only
