"""Topic sections on loopback feeds: configured [[section]] keyword sets or the feeds' own
categories, most-covered story first in each, in MD/HTML/PDF/JSON/EPUB; ``sections = false``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from digest_fixtures.configs import outlet_config
from digest_fixtures.loopback import Site
from newsbrief.cli import app
from newsbrief.digest.config import load_config
from newsbrief.digest.sections import OTHER, arrange
from newsbrief.types import SourceLink, Story

DAY1 = "2026-11-16"
SECTIONS = """\
[[section]]
name = "Economy"
terms = ["interest rate", "interest rates", "central bank"]
[[section]]
name = "Fires"
terms = ["wildfire", "brush fire"]
"""


pytestmark = pytest.mark.usefixtures("rule_based_ner")


def run(config: Path) -> dict[str, object]:
    result = CliRunner().invoke(app, ["digest", "--config", str(config), "--date", DAY1, "-q"])
    assert result.exit_code == 0, result.stderr
    out = config.parent / "out" / f"{DAY1}-morning-briefing.json"
    return json.loads(out.read_text("utf-8"))  # type: ignore[no-any-return]


def runs_of(sections: list[str | None]) -> list[str | None]:
    """The sections in the order they appear, each once per contiguous run."""
    return [s for k, s in enumerate(sections) if k == 0 or sections[k - 1] != s]


def test_configured_sections_in_every_format(tmp_path: Path, site: Site) -> None:
    config = outlet_config(
        tmp_path, site, SECTIONS, formats='["md", "json", "html", "pdf", "epub"]'
    )
    data = run(config)
    stories: list[dict[str, object]] = data["stories"]  # type: ignore[assignment]
    sections = [s["section"] for s in stories]
    assert runs_of(sections) == ["Economy", "Fires", OTHER]  # grouped, config order, other last
    by_section: dict[object, list[dict[str, object]]] = {}
    for story in stories:
        by_section.setdefault(story["section"], []).append(story)
    assert len(by_section["Economy"]) == 2 and len(by_section["Fires"]) >= 1
    for group in by_section.values():  # most covered first in each section
        counts = [len(s["sources"]) for s in group]  # type: ignore[arg-type]
        assert counts == sorted(counts, reverse=True)
    assert "Mirabel" in str(by_section["Fires"][0]["headline"])  # 3 outlets before 1

    out = tmp_path / "out" / f"{DAY1}-morning-briefing"
    md = out.with_suffix(".md").read_text("utf-8")
    assert md.index("## Economy") < md.index("## Fires") < md.index(f"## {OTHER}")
    assert f"### {by_section['Economy'][0]['headline']}" in md
    html = out.with_suffix(".html").read_text("utf-8")
    labels = html.count('class="section-label"')
    assert labels == 3 and html.index(">Economy</p>") < html.index(">Fires</p>")
    pdf = PdfReader(out.with_suffix(".pdf"))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    for name in ("ECONOMY", "FIRES", OTHER.upper()):  # each section has a story told on the page
        assert name in text
    from test_epub import Book

    book = Book(out.with_suffix(".epub").read_bytes())
    nav = book.nav()
    assert [title for _, title in nav][:1] == ["Economy"]
    assert "Fires" in [title for _, title in nav]


def test_feed_categories_make_the_sections_and_sections_false_one_list(
    tmp_path: Path, site: Site
) -> None:
    site.categories = {
        "norland-rates": "Business",
        "kestria-rates": "business",
        "quillon-recall": "Business",
        "mirabel-fire": "Disasters",
        "darrow-fire": "Disasters",
        "bridge": "Local",
    }
    data = run(outlet_config(tmp_path, site))
    sections = [s["section"] for s in data["stories"]]  # type: ignore[union-attr]
    assert set(sections) == {"Business", "Disasters", "Local", OTHER}
    assert runs_of(sections)[-1] == OTHER and len(runs_of(sections)) == 4
    business = [s for s in data["stories"] if s["section"] == "Business"]  # type: ignore[union-attr]
    assert len(business) == 3

    flat = run(outlet_config(tmp_path, site, "sections = false\n" + SECTIONS))
    assert {s["section"] for s in flat["stories"]} == {None}  # type: ignore[union-attr]
    md = (tmp_path / "out" / f"{DAY1}-morning-briefing.md").read_text("utf-8")
    assert "## Business" not in md and "\n### " not in md


def story(headline: str, outlets: int) -> Story:
    return Story(headline, ("s",), tuple(SourceLink(f"o{k}") for k in range(outlets)))


def test_arrange_orders_sections_and_coverage(tmp_path: Path) -> None:
    config = tmp_path / "d.toml"
    config.write_text('[[sources]]\nname = "A"\npath = "."\n' + SECTIONS, "utf-8")
    cfg = load_config(config)
    stories = [story("a", 1), story("b", 3), story("c", 2), story("d", 1), story("e", 1)]
    sections: list[str | None] = ["Fires", OTHER, "Fires", "Economy", "Fires"]
    kept = [False, False, False, False, True]
    assert arrange(cfg, stories, sections, kept) == [4, 2, 0, 3, 1]  # kept: Fires leads
    assert arrange(cfg, stories, sections, [False] * 5) == [3, 2, 0, 4, 1]
    assert arrange(cfg, stories, [None] * 5, kept) == [0, 1, 2, 3, 4]


def test_the_page_tells_one_story_of_every_section_before_a_second_of_any() -> None:
    from dataclasses import replace

    from newsbrief.render import fit

    plain = [story(f"s{k}", 1) for k in range(6)]
    grouped = [replace(s, section=name) for s, name in zip(plain, "AAAABB", strict=True)]

    def height(unit: fit.Unit) -> float:
        return {"base": 100.0, "line": 10.0, "also": 10.0}.get(unit.kind, 30.0)

    told = [u.story for u in fit.choose(grouped, height, 320) if u.kind == "base"]
    assert 0 in told and 4 in told  # B's top story is told, though four A stories rank above
    assert fit.tell_order(grouped) == [0, 4, 1, 2, 3, 5]
    assert fit.tell_order(plain) == [0, 1, 2, 3, 4, 5]  # no sections: rank order
    told_plain = [u.story for u in fit.choose(plain, height, 320) if u.kind == "base"]
    assert 4 not in told_plain


def test_hostile_feed_categories_stay_text() -> None:
    from newsbrief.feeds import parse_feed
    from newsbrief.render import render
    from newsbrief.types import Briefing

    feed = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><item>"
        b"<title>Storm</title><link>https://example.org/a</link>"
        b"<category>&lt;script&gt;alert(1)&lt;/script&gt;\x1b[31m</category>"
        b"<category>[link](javascript:x)\r\nBcc: y</category>"
        b"<category>&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;</category>"
        b"<description>Text.</description></item></channel></rss>"
    )
    (entry,) = parse_feed(feed, location="feed")
    assert entry.categories == ("<script>alert(1)</script>", "[link](javascript:x) Bcc: y")
    stories = tuple(
        Story(f"h{k}", ("s.",), (SourceLink("o"),), section=name)
        for k, name in enumerate(entry.categories)
    )
    briefing = Briefing("T", "2026-11-16", "", stories)
    html = str(render(briefing, "html"))
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = str(render(briefing, "md"))
    assert "## \\[link\\](javascript:x) Bcc: y" in md  # brackets escaped: no link
