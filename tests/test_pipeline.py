"""The Python API works on its own, without the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsbrief
from newsbrief.types import Briefing, Failure, RawArticle

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


# --- one path from a raw article to a story, and its errors -----------------------------------

#: HTML that really makes a library raise something that is not a NewsbriefError: MathML
#: with a paragraph inside trips an ``assert`` in lxml's ``drop_tree`` while trafilatura's
#: date search (htmldate) cleans the page (trafilatura 2.0, htmldate 1.9, lxml 5/6).
MATHML_PAGE = "<body><math><p>" + "The council met in Leeds and approved a budget. " * 6 + "<p>"


def test_the_trigger_still_raises_an_unexpected_exception() -> None:
    """Guard for the tests below: if the libraries stop raising here, find another trigger."""
    from newsbrief.errors import NewsbriefError

    raw = RawArticle(location="math.html", body=MATHML_PAGE, body_type="html")
    with pytest.raises(Exception) as info:
        newsbrief.clean(raw)
    assert not isinstance(info.value, NewsbriefError)


def test_an_unexpected_exception_is_a_one_line_failure_and_the_others_go_on(
    tmp_path: Path,
) -> None:
    (tmp_path / "a-math.html").write_text(MATHML_PAGE, encoding="utf-8")
    (tmp_path / "b-rail.txt").write_text(TEXT, encoding="utf-8")
    seen: list[tuple[str, BaseException]] = []
    briefing = newsbrief.build_briefing(
        [str(tmp_path)], on_error=lambda source, exc: seen.append((source, exc))
    )
    assert [s.headline for s in briefing.stories] == ["Rail Strike Halts Trains Across the North"]
    (failure,) = briefing.failures
    assert failure.source == str(tmp_path / "a-math.html")
    assert failure.stage == "clean"
    assert failure.error.startswith("unexpected error: AssertionError")
    assert "\n" not in failure.error
    assert [source for source, _ in seen] == [failure.source]
    assert isinstance(seen[0][1], AssertionError)


def test_each_stage_names_itself_in_the_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rank, facts and compose have no known real trigger, so a stage is made to raise."""
    import newsbrief.pipeline as pipeline

    raw = newsbrief.load_text(TEXT, location="rail.txt")
    for stage, name in (
        ("rank", "rank"),
        ("facts", "extract_facts"),
        ("compose", "story_from_article"),
    ):
        with monkeypatch.context() as patch:
            patch.setattr(pipeline, name, lambda *a, **k: 1 / 0)
            result = pipeline.process_article(raw)
        assert result == Failure(
            "rail.txt", "unexpected error: ZeroDivisionError: division by zero", stage
        )
    assert isinstance(pipeline.process_article(raw), pipeline.Processed)


def test_expected_errors_keep_their_message() -> None:
    from newsbrief.pipeline import clean_article, process_article

    raw = RawArticle(
        location="empty.html", body="<html><body><nav>Home</nav></body></html>", body_type="html"
    )
    result = process_article(raw)
    assert isinstance(result, Failure) and result.stage == "clean"
    assert result == clean_article(raw)
    assert not result.error.startswith("unexpected")


def test_the_digest_cleans_through_the_same_path() -> None:
    from newsbrief.digest.select import clean_gathered

    raw = RawArticle(location="https://x.example/math", body=MATHML_PAGE, body_type="html")
    fallback = newsbrief.load_text(TEXT, location="feed text")
    done = clean_gathered(raw, None, "key", "Outlet", None, "Title")
    assert done.reason == "could not be cleaned: unexpected error: AssertionError"
    assert done.article is not None and not done.has_text  # a headline-only report (h16)
    assert done.article.text == "Title"
    assert clean_gathered(raw, None, "key", "Outlet", None, "").article is None  # no headline
    done = clean_gathered(raw, fallback, "key", "Outlet", None, "Title")  # the feed's text is used
    assert done.article is not None and "4,000 members" in done.article.text


# --- no headline echo -------------------------------------------------------------------------

UNTITLED = (
    "Train drivers walked out on Friday in a dispute over pay, halting services across the "
    "north of the country and leaving thousands of commuters stranded at stations. "
    "The union said 4,000 members took part. "
    "Operators ran no trains on six lines. "
    "Talks between the union and the operators broke down on Wednesday. "
    "Further strikes are planned for next month."
)


def _brief_record(tmp_path: Path, record: dict[str, str], **options: object) -> Briefing:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return newsbrief.build_briefing([str(path)], **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("sentences", [1, 2, 3])
def test_a_derived_headline_is_not_repeated_in_the_summary(tmp_path: Path, sentences: int) -> None:
    (story,) = _brief_record(tmp_path, {"text": UNTITLED}, sentences=sentences).stories
    first = UNTITLED.split(". ")[0] + "."
    assert story.headline == first  # no title: the first sentence is the headline
    assert first not in story.summary
    assert len(story.summary) == sentences  # one sentence more was ranked instead
    # the ranker alone picks the lead sentence, which is what would have been echoed
    assert first in newsbrief.summarize(UNTITLED, sentences=sentences)


def test_a_clipped_headline_is_not_repeated_either(tmp_path: Path) -> None:
    long_first = "Rail operators across the north " + "and the midlands " * 14 + "halted trains."
    text = long_first + " The union said 4,000 members took part. Talks broke down on Wednesday."
    (story,) = _brief_record(tmp_path, {"text": text}).stories
    assert story.headline.endswith("…") and len(story.headline) <= 200
    assert long_first not in story.summary
    assert story.summary == (
        "The union said 4,000 members took part.",
        "Talks broke down on Wednesday.",
    )


def test_a_real_title_keeps_the_lead_sentence(tmp_path: Path) -> None:
    (story,) = _brief_record(tmp_path, {"title": "Rail strike", "text": UNTITLED}).stories
    assert story.headline == "Rail strike"
    assert UNTITLED.split(". ")[0] + "." in story.summary


def test_batch_runs_the_same_path_and_keeps_the_rankers_summary() -> None:
    from newsbrief.batch import BatchOptions, process_record

    record = process_record({"text": UNTITLED}, BatchOptions(sentences=2), line=1)
    assert record["summary"] == newsbrief.summarize(UNTITLED, sentences=2)
    failed = process_record({"text": MATHML_PAGE, "id": "m"}, BatchOptions(), line=2)
    assert failed == {"id": "m", "line": 2, "error": "<stdin>:2: unexpected error: AssertionError"}
