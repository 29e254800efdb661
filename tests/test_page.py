"""The one-page briefing as a reader gets it: every story on the page, most important first.

Counts are read back from the PDF (pypdf): a story is *on the page* when its headline is
there (a listed headline may be clipped at the end of its line, so its first words are
looked for), *told* when its best sentence is there too; the footer counts the rest.
Articles are taken without choosing: the first N of ``../shared/eval/news_dev.jsonl`` and
the last N in reverse order.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from newsbrief.cli import app
from newsbrief.pipeline import build_briefing
from newsbrief.render import render_pdf
from newsbrief.types import Briefing

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "eval" / "news_dev.jsonl"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return " ".join((reader.pages[0].extract_text() or "").split())


def flat(text: str) -> str:
    return " ".join(text.split())


def on_page(headline: str, text: str) -> bool:
    words = flat(headline).rstrip("…").split()
    return " ".join(words[:8]) in text


def counts(briefing: Briefing, data: bytes) -> tuple[int, int, int]:
    """(headlines on the page, stories told with a sentence, '+N more' in the footer)."""
    text = pdf_text(data)
    shown = [s for s in briefing.stories if on_page(s.headline, text)]
    told = [s for s in shown if s.summary and flat(s.summary[0]) in text]
    more = re.search(r"\+(\d+) more stor(?:y|ies) not on this page", text)
    return len(shown), len(told), int(more.group(1)) if more else 0


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Briefing]:
    if not NEWS.is_file():
        pytest.skip("../shared/eval/news_dev.jsonl is not present")
    rows = [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines()]
    folder = tmp_path_factory.mktemp("news")
    briefings = {}
    for name, chosen in {
        "first12": rows[:12],
        "last12": rows[::-1][:12],
        "first40": rows[:40],
        "last40": rows[::-1][:40],
    }.items():
        path = folder / f"{name}.jsonl"
        records = [{k: r[k] for k in ("id", "title", "text", "source") if r.get(k)} for r in chosen]
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        briefings[name] = build_briefing([str(path)])
    return briefings


@pytest.mark.parametrize("page", ["A4", "letter"])
@pytest.mark.parametrize("name", ["first12", "last12"])
def test_twelve_articles_all_on_the_page(news: dict[str, Briefing], name: str, page: str) -> None:
    briefing = news[name]
    assert len(briefing.stories) == 12
    shown, told, more = counts(briefing, render_pdf(briefing, page_size=page).data)
    assert shown == 12 and more == 0
    assert told >= 8


@pytest.mark.parametrize("page", ["A4", "letter"])
@pytest.mark.parametrize("name", ["first40", "last40"])
def test_forty_articles_thirty_on_the_page(news: dict[str, Briefing], name: str, page: str) -> None:
    briefing = news[name]
    assert len(briefing.stories) == 40
    shown, told, more = counts(briefing, render_pdf(briefing, page_size=page).data)
    assert shown >= 30 and told >= 8
    assert shown + more == 40  # the rest are counted in the footer


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
