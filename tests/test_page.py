"""The one-page briefing as a reader gets it: every story on the page, most important first,
the page filled, and every cut reported.

Everything is read back from the PDF (pypdf): a story is *on the page* when its headline is
there (a listed headline may be clipped at the end of its line, so its first words are
looked for), *told* when its best sentence is there too; the footer counts the rest.
Articles are taken without choosing: the first 12 and the last 40 (in reverse order) of
``../shared/eval/news_dev.jsonl``, and seeded random samples of 12 and 40.
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from newsbrief.cli import app
from newsbrief.pipeline import build_briefing
from newsbrief.render import PdfResult, fit, layout_pdf, reader_view, render_pdf
from newsbrief.render.text import clip, sanitize
from newsbrief.types import Briefing, Entity, Facts, Figure, SourceLink, Story

render = sys.modules["newsbrief.render"]  # the package (the name is also a function)
REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "eval" / "news_dev.jsonl"
SETS = ("first12", "sample12", "last40", "sample40")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return " ".join((reader.pages[0].extract_text() or "").split())


def flat(text: str) -> str:
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """No whitespace at all: a wrapped line reads back the same wherever it broke."""
    return "".join(text.split())


def on_page(headline: str, text: str) -> bool:
    words = flat(headline).rstrip("…").split()
    return " ".join(words[:8]) in text


@dataclass(frozen=True)
class ReadBack:
    """What the page shows of one story, read from the PDF text."""

    story: Story
    shown: bool
    sentences: int  # summary sentences found on the page (a prefix of the summary)


def read_back(briefing: Briefing, text: str) -> list[ReadBack]:
    flat_text, tight = flat(text), squeezed(text)
    found = []
    for story in briefing.stories:
        n = 0
        while n < len(story.summary) and squeezed(story.summary[n]) in tight:
            n += 1
        found.append(ReadBack(story, on_page(story.headline, flat_text), n))
    return found


def counts(briefing: Briefing, data: bytes) -> tuple[int, int, int]:
    """(headlines on the page, stories told with a sentence, '+N more' in the footer)."""
    text = pdf_text(data)
    stories = read_back(briefing, text)
    shown = [s for s in stories if s.shown]
    told = [s for s in shown if s.sentences]
    return len(shown), len(told), footer_more(text)


def footer_more(text: str) -> int:
    more = re.search(r"\+(\d+) more stor(?:y|ies) not on this page", text)
    return int(more.group(1)) if more else 0


def expected_notes(briefing: Briefing, text: str) -> tuple[list[str], int]:
    """The cut notes the page calls for, derived from the read-back alone, and the number of
    key-facts boxes it should show. ``briefing`` is the reader's view (box facts)."""
    notes: list[str] = []
    boxes = 0
    tight = squeezed(text)
    for found in read_back(briefing, text):
        story, total = found.story, len(found.story.summary)
        name = clip(story.headline, 80)
        facts = not story.facts.is_empty()
        parts = ", ".join(
            p
            for p in (
                f"{total} sentence{'s' if total != 1 else ''}" if total else "",
                "key facts" if facts else "",
            )
            if p
        )
        if not found.shown:
            notes.append(f"story '{name}'" + (f" ({parts})" if parts else ""))
        elif not found.sentences:
            if parts:
                notes.append(f"summary of '{name}' (headline listed; {parts})")
            if squeezed(story.headline) not in tight:  # listed, clipped with "…"
                notes.append(f"end of the headline '{name}'")
        else:
            if found.sentences < total:
                notes.append(f"{total - found.sentences} of {total} sentences of '{name}'")
            if facts:
                boxes += 1
    return notes, boxes


def assert_cuts_reported(briefing: Briefing, data: bytes, notes: list[str]) -> None:
    """Every cut the PDF shows (stories, sentences, key-facts boxes, relative to the full
    briefing) is in ``notes``, and nothing else is; the footer counts the stories left out."""
    view = sanitize(reader_view(briefing))
    text = pdf_text(data)
    expected, told_with_facts = expected_notes(view, text)
    facts_cut = [n for n in notes if n.startswith("key facts of '")]
    assert [n for n in notes if n not in facts_cut] == expected
    assert text.count("KEY FACTS") == told_with_facts - len(facts_cut)
    left_out = [n for n in expected if n.startswith("story '")]
    assert footer_more(text) == len(left_out)


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Briefing]]:
    if not NEWS.is_file():
        pytest.skip("../shared/eval/news_dev.jsonl is not present")
    rows = [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines()]
    folder = tmp_path_factory.mktemp("news")
    chosen_sets = {
        "first12": rows[:12],
        "sample12": random.Random(12).sample(rows, 12),
        "last40": rows[::-1][:40],
        "sample40": random.Random(40).sample(rows, 40),
    }
    briefings = {}
    for name, chosen in chosen_sets.items():
        path = folder / f"{name}.jsonl"
        records = [{k: r[k] for k in ("id", "title", "text", "source") if r.get(k)} for r in chosen]
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        briefings[name] = (path, build_briefing([str(path)]))
    return briefings


@pytest.fixture(scope="module")
def pdfs(news: dict[str, tuple[Path, Briefing]]) -> dict[tuple[str, str], PdfResult]:
    return {
        (name, page): render_pdf(news[name][1], page_size=page)
        for name in SETS
        for page in ("A4", "letter")
    }


@pytest.mark.parametrize("page", ["A4", "letter"])
@pytest.mark.parametrize("name", ["first12", "sample12"])
def test_twelve_articles_all_on_the_page(
    news: dict[str, tuple[Path, Briefing]],
    pdfs: dict[tuple[str, str], PdfResult],
    name: str,
    page: str,
) -> None:
    briefing = news[name][1]
    assert len(briefing.stories) == 12
    shown, told, more = counts(briefing, pdfs[name, page].data)
    assert shown == 12 and more == 0
    assert told >= 10  # target: at least 8


@pytest.mark.parametrize("page", ["A4", "letter"])
@pytest.mark.parametrize("name", ["last40", "sample40"])
def test_forty_articles_thirty_on_the_page(
    news: dict[str, tuple[Path, Briefing]],
    pdfs: dict[tuple[str, str], PdfResult],
    name: str,
    page: str,
) -> None:
    briefing = news[name][1]
    assert len(briefing.stories) == 40
    shown, told, more = counts(briefing, pdfs[name, page].data)
    assert shown >= 34 and told >= 8  # targets: 30 and 8
    assert shown + more == 40  # the rest are counted in the footer


@pytest.mark.parametrize("page", ["A4", "letter"])
@pytest.mark.parametrize("name", SETS)
def test_every_cut_is_reported(
    news: dict[str, tuple[Path, Briefing]],
    pdfs: dict[tuple[str, str], PdfResult],
    name: str,
    page: str,
) -> None:
    result = pdfs[name, page]
    assert_cuts_reported(news[name][1], result.data, list(result.omitted))


@pytest.mark.parametrize("page", ["A4", "letter"])
@pytest.mark.parametrize("name", SETS)
def test_the_page_is_filled(news: dict[str, tuple[Path, Briefing]], name: str, page: str) -> None:
    """What the page leaves out would not fit in the room left at its bottom: the next
    unit (a list line, a story's best sentence, or depth) is taller than the gap."""
    outcome = layout_pdf(news[name][1], page_size=page)
    page_box = outcome.document.pages[0]._page_box
    boxes = fit.fragment_heights([page_box], outcome.briefing.stories)
    top, flow = boxes[fit.FLOW_ID]
    gap = page_box.content_box_y() + page_box.height - (top + flow)
    lines = [h for ident, (_, h) in boxes.items() if ident.startswith("also-")]
    if len(outcome.briefing.stories) < len(news[name][1].stories):
        assert gap < max(lines) + render.FIT_SLACK_PX  # stories left out: no line of room
    else:  # the page is full with what it tells: little of it left blank
        assert gap < 0.08 * page_box.height


WORDS = (
    *("council", "minister", "harbour", "tunnel", "budget", "storm", "election", "museum"),
    *("court", "river", "market", "planning", "workers", "talks", "energy", "hospital"),
    *("station", "airport", "ministry", "inquiry", "league", "village", "bridge", "festival"),
)


def long_briefing(stories: int, seed: int) -> Briefing:
    """Stories with long headlines (80-200 characters) and long sentences (150-900), some
    with key facts, none taken from real articles: the fit must hold for any lengths."""
    rng = random.Random(seed)

    def text(low: int, high: int) -> str:
        limit, words = rng.randint(low, high), [f"S{rng.randint(100, 999)}"]
        while len(" ".join(words)) < limit:
            words.append(rng.choice(WORDS))
        return " ".join(words)

    def facts(i: int) -> Facts:
        if i % 3 == 2:
            return Facts()
        return Facts(
            people=(Entity(f"Ana Keller {i}", "person", 0, role="mayor"),),
            places=(Entity("Northport", "place", 1),),
            figures=(Figure(f"{rng.randint(2, 900)} million euros", 1),),
        )

    items = tuple(
        Story(
            headline=text(80, 200),
            summary=tuple(text(150, 900) + "." for _ in range(rng.randint(1, 4))),
            sources=(SourceLink(f"Outlet {i}", f"https://news.example.org/{i}"),),
            facts=facts(i),
            published="2026-11-16",
        )
        for i in range(stories)
    )
    return Briefing("Long briefing", "2026-11-16", "2026-11-16T06:00:00+00:00", items)


@pytest.mark.parametrize("page", ["A4", "letter"])
@pytest.mark.parametrize(("stories", "seed"), [(12, 1), (40, 2)])
def test_long_headlines_and_sentences(stories: int, seed: int, page: str) -> None:
    """One page, every cut reported, and no list line of room left while stories are out."""
    briefing = long_briefing(stories, seed)
    result = render_pdf(briefing, page_size=page)
    assert_cuts_reported(briefing, result.data, list(result.omitted))
    shown, told, more = counts(briefing, result.data)
    assert told >= 1 and shown + more == stories
    if more:
        outcome = layout_pdf(briefing, page_size=page)
        page_box = outcome.document.pages[0]._page_box
        boxes = fit.fragment_heights([page_box], outcome.briefing.stories)
        top, flow = boxes[fit.FLOW_ID]
        line = max(h for ident, (_, h) in boxes.items() if ident.startswith("also-"))
        assert page_box.content_box_y() + page_box.height - (top + flow) < line + 2


def test_forty_articles_cli_reports_every_cut(
    news: dict[str, tuple[Path, Briefing]], tmp_path: Path
) -> None:
    """``newsbrief brief FILE -f pdf``: stderr names exactly what the PDF leaves out."""
    path, briefing = news["sample40"]
    out = tmp_path / "b.pdf"
    result = CliRunner().invoke(app, ["brief", str(path), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    prefix = "left out of the PDF: "
    notes = [line[len(prefix) :] for line in result.stderr.splitlines() if line.startswith(prefix)]
    assert notes
    assert_cuts_reported(briefing, out.read_bytes(), notes)


def test_every_sample_story_is_on_the_page(tmp_path: Path) -> None:
    """No shared data needed: ``brief inputs/ -f pdf`` shows every sample story."""
    out = tmp_path / "b.pdf"
    result = CliRunner().invoke(app, ["brief", str(REPO / "inputs"), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    briefing = build_briefing([str(REPO / "inputs")])
    assert len(briefing.stories) == len(
        json.loads(CliRunner().invoke(app, ["brief", str(REPO / "inputs"), "--json"]).stdout)[
            "stories"
        ]
    )
    shown, told, more = counts(briefing, out.read_bytes())
    assert shown == len(briefing.stories) == told and more == 0
    assert "left out of the PDF: story" not in result.stderr
    notes = [
        line.split("left out of the PDF: ", 1)[1]
        for line in result.stderr.splitlines()
        if "left out of the PDF: " in line
    ]
    assert_cuts_reported(briefing, out.read_bytes(), notes)
