"""The Python API works on its own, without the CLI."""

from __future__ import annotations

import newsbrief
from newsbrief.types import Briefing

TEXT = (
    "Rail Strike Halts Trains Across the North\n\n"
    "Train drivers walked out on Friday in a dispute over pay, halting services across the north. "
    "The union said 4,000 members took part. "
    "Operators ran no trains on six lines.\n\n"
    "Talks between the union and the operators broke down on Wednesday. "
    "A spokesman for the transport ministry said the government would not intervene. "
    "Further strikes are planned for next month."
)


def test_summarize_returns_verbatim_sentences_in_document_order() -> None:
    summary = newsbrief.summarize(TEXT, sentences=2)
    assert len(summary) == 2
    flat = " ".join(TEXT.split())
    positions = [flat.index(s) for s in summary]
    assert positions == sorted(positions)


def test_summarize_with_fewer_sentences_than_asked_returns_them_all() -> None:
    text = "Rail strike halts trains. The union said 4,000 members took part."
    assert len(newsbrief.summarize(text, title="Rail strike", sentences=5)) == 2


def test_build_briefing_collects_stories_and_failures(tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "rail.txt"
    good.write_text(TEXT, encoding="utf-8")
    briefing = newsbrief.build_briefing([str(good), str(tmp_path / "absent.txt")], title="Daily")
    assert isinstance(briefing, Briefing)
    assert briefing.title == "Daily"
    assert [s.headline for s in briefing.stories] == ["Rail Strike Halts Trains Across the North"]
    assert [f.source for f in briefing.failures] == [str(tmp_path / "absent.txt")]
    markdown = newsbrief.render(briefing, "md")
    assert isinstance(markdown, str) and "Rail Strike Halts Trains" in markdown
