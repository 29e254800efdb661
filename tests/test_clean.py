"""clean.py: headline/date/author as metadata, junk/captions/credits never as sentences."""

from __future__ import annotations

import importlib
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsbrief.cli import app
from newsbrief.errors import CleanError
from newsbrief.limits import MAX_TITLE_CHARS
from newsbrief.load import load, load_text
from newsbrief.types import Article, RawArticle

clean_module = importlib.import_module("newsbrief.clean")  # the module, not the function

REPO = Path(__file__).resolve().parents[1]
SEED_TITLE = "Iraqi PM Kadhimi Says US Combat Troops No Longer Required to Fight Islamic State"


def _clean(text: str, **kwargs: str) -> Article:
    return clean_module.clean(load_text(text, **kwargs))


def _check_invariants(article: Article) -> None:
    """Sentences are verbatim pieces of the text, in order, numbered, per paragraph."""
    paragraphs = article.paragraphs
    assert [s.index for s in article.sentences] == list(range(len(article.sentences)))
    for paragraph_index, paragraph in enumerate(paragraphs):
        texts = [s.text for s in article.sentences if s.paragraph == paragraph_index]
        assert " ".join(texts) == paragraph
    assert "\n" not in article.title and article.title


# --- the seed article --------------------------------------------------------------------------


@pytest.fixture
def seed_article(seed_path: Path) -> Article:
    [raw] = load(str(seed_path))
    return clean_module.clean(raw)


def test_seed_metadata(seed_article: Article) -> None:
    assert seed_article.title == SEED_TITLE
    assert seed_article.published == "2021-07-26"


def test_seed_has_no_junk_caption_credit_dateline_or_headline_as_sentences(
    seed_article: Article,
) -> None:
    texts = [s.text for s in seed_article.sentences]
    for junk in ["Google tag", "gtag", "SOURCE", "KHALID MOHAMMED", "July 26, 2021"]:
        assert not any(junk in t for t in texts), junk
    assert "Iraqi Prime Minister Mustafa al-Kadhimi" not in texts
    assert not any(SEED_TITLE in t for t in texts)
    # nothing headline-like was glued onto a sentence
    assert all(
        not t.startswith(("Iraqi Prime Minister Mustafa al-Kadhimi ", "Iraqi PM Kadhimi Says"))
        for t in texts
    )
    _check_invariants(seed_article)


def test_seed_keeps_the_standfirst_and_the_body(seed_article: Article) -> None:
    texts = [s.text for s in seed_article.sentences]
    assert texts[0].startswith("Iraqi PM Mustafa al-Kadhimi said Iraq no longer requires")
    assert any(t.startswith("“There is no need for any foreign combat forces") for t in texts)
    assert texts[-1].startswith("The US is a part of the")
    assert len(texts) >= 20


def test_seed_through_the_cli(seed_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(seed_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == SEED_TITLE and data["published"] == "2021-07-26"
    assert "SOURCE:" not in data["text"] and "gtag" not in data["text"]


# --- the same classes of junk, generalised ----------------------------------------------------

JUNKY = """<!-- Google Tag Manager -->
window.dataLayer = window.dataLayer || [];
Skip to main content
Harbour Bridge Reopens After Eight Months of Repairs
By Jane Doe and Tom Lee, Reuters
Updated 10:32 AM ET, Mon November 16, 2026
3 min read
Harbour Bridge Reopens After Eight Months of Repairs
Traffic crosses the bridge on Monday morning
Photo: Marta Ruiz/Reuters
Image caption
A cyclist on the new deck (AFP via Getty Images)
Media playback is not supported on this device

The Harbour Bridge reopened to traffic on Monday after repairs costing 12 million euros.

Advertisement
We use cookies to improve your experience. Accept all cookies
Subscribe now for unlimited access

"It is a relief for everyone who drives into town," said Mayor Ana Ruiz.
Share this article
Read more: Why the bridge closed in March
Repairs were carried out by Kessford Engineering, which replaced 40 steel cables.

The Harbour Bridge reopened to traffic on Monday after repairs costing 12 million euros.
Reporting by Jane Doe; Editing by Sam Brown
© 2026 Harbour Times. All rights reserved.
"""


def test_generic_junk_is_removed_and_metadata_kept() -> None:
    article = _clean(JUNKY)
    assert article.title == "Harbour Bridge Reopens After Eight Months of Repairs"
    assert article.published == "2026-11-16"
    assert article.author == "Jane Doe and Tom Lee"
    assert [s.text for s in article.sentences] == [
        "The Harbour Bridge reopened to traffic on Monday after repairs costing 12 million euros.",
        '"It is a relief for everyone who drives into town," said Mayor Ana Ruiz.',
        "Repairs were carried out by Kessford Engineering, which replaced 40 steel cables.",
    ]
    _check_invariants(article)


def test_headline_and_caption_are_never_glued_to_the_next_sentence() -> None:
    text = (
        "Storm batters coast, thousands without power\n"
        "Heavy rain and winds of up to 90 mph hit the coast on Monday, leaving thousands of\n"
        "homes without power and closing two roads.\n"
        "Firefighters at the flooded quay in Kessford\n"
        "Engineers said repairs could take a week."
    )
    article = _clean(text)
    assert article.title == "Storm batters coast, thousands without power"
    assert [s.text for s in article.sentences] == [
        "Heavy rain and winds of up to 90 mph hit the coast on Monday, leaving thousands of "
        "homes without power and closing two roads.",
        "Engineers said repairs could take a week.",
    ]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Council Approves Budget\n\n"
        "The council voted seven to two on Tuesday to approve the\n"
        "city budget for next year. The mayor said she was pleased with\n"
        "the outcome and thanked residents for taking part in the\n"
        "consultation, which drew 1,200 responses.\n\n"
        "A second vote is due in March."
    )
    article = _clean(text)
    assert len(article.paragraphs) == 2
    assert article.sentences[1].text.startswith("The mayor said she was pleased with the outcome")


def test_lists_after_prose_survive_but_lone_labels_do_not() -> None:
    text = (
        "Tour Dates Announced\n\n"
        "The band announced a tour of five cities on Friday.\n\n"
        "June 9 – Leeds Arena\nJune 10 – Manchester Hall\nJune 12 – Glasgow Green\n\n"
        "Related topics\n\n"
        "Tickets go on sale next week."
    )
    texts = [s.text for s in _clean(text).sentences]
    assert "June 10 – Manchester Hall" in texts
    assert "Related topics" not in texts


def test_markdown_syntax_is_removed() -> None:
    text = (
        "# Telescope Finds Water\n\n*By Ada Quinn*\n\n"
        "Astronomers found **water** in the [Aurora data](https://x.org/a), the team said.\n\n"
        "![an image](https://example.org/x.png)\n\n> The result is robust, she said.\n\n"
        "```\ncode = 1\n```\n"
    )
    article = _clean(text)
    assert article.title == "Telescope Finds Water" and article.author == "Ada Quinn"
    assert [s.text for s in article.sentences] == [
        "Astronomers found water in the Aurora data, the team said.",
        "The result is robust, she said.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "July 26, 2021",
        "26 July 2021",
        "2021-07-26",
        "Monday, July 26, 2021 10:32 AM ET",
        "Updated: 26 Jul 2021",
        "Published 26/07/2021 14:05 BST",
    ],
)
def test_datelines_become_published(line: str) -> None:
    article = _clean(f"A Headline Here\n{line}\n\nSomething happened in the city today.")
    assert article.published == "2021-07-26"
    assert all("2021" not in s.text for s in article.sentences)


def test_given_metadata_wins_and_repeated_headline_is_dropped() -> None:
    raw = RawArticle(
        location="x.json",
        body="Bridge reopens\n\nThe bridge reopened on Monday.",
        title="Bridge reopens",
        published="2026-11-16",
        id="fixed-id",
    )
    article = clean_module.clean(raw)
    assert (article.title, article.published, article.id) == (
        "Bridge reopens",
        "2026-11-16",
        "fixed-id",
    )
    assert [s.text for s in article.sentences] == ["The bridge reopened on Monday."]


def test_html_page_metadata_and_no_page_furniture() -> None:
    [raw] = load(str(REPO / "inputs" / "marston-council-budget.html"))
    article = clean_module.clean(raw)
    assert article.title.startswith("Marston Council Passes $1.8 Billion Budget")
    assert article.published == "2026-11-17"
    assert article.author == "Priya Raman" and article.site == "The Marston Ledger"
    assert article.url == "https://www.marstonledger.example/news/2026/11/17/council-budget"
    for junk in [
        "cookies",
        "Advertisement",
        "Subscribe",
        "All rights reserved",
        "Read more",
        "Photo:",
        "Follow us",
        "dataLayer",
    ]:
        assert junk not in article.text, junk
    assert "nine votes to four" in article.text
    _check_invariants(article)


def test_html_without_page_metadata_keeps_the_text_and_what_raw_gives() -> None:
    [raw] = load(str(REPO / "inputs" / "marston-council-budget.html"))
    known = replace(
        raw, title="Budget passes", published="2026-11-17T08:00:00+00:00", url="https://x.example/b"
    )
    full = clean_module.clean(known)
    lean = clean_module.clean(known, page_metadata=False)
    assert lean.text == full.text and lean.sentences == full.sentences
    assert (lean.title, lean.published, lean.url) == (full.title, full.published, full.url)
    assert full.site == "The Marston Ledger" and lean.site is None  # the page was not searched
    assert "nine votes to four" in lean.text


def test_html_title_from_trafilatura_when_raw_has_none() -> None:
    html = (
        "<html><head><title>Dam Opens</title></head><body><article><h1>Dam Opens</h1>"
        "<p>The new dam opened on Friday after four years of work, officials said.</p>"
        "<p>It will supply water to 200,000 homes across the valley.</p></article></body></html>"
    )
    article = _clean(html)
    assert article.title == "Dam Opens"
    assert article.sentences[0].text.startswith("The new dam opened")


# --- shapes of text ----------------------------------------------------------------------------


def test_text_without_paragraph_breaks(shared_dir: Path) -> None:
    with (shared_dir / "eval" / "news_dev.jsonl").open(encoding="utf-8") as lines:
        items = [json.loads(line) for line in lines]
    cnn = [i for i in items if i.get("source") == "cnn_dailymail"][:20]
    assert cnn
    for item in cnn:
        article = _clean(item["text"], title=item["title"])
        assert len(article.sentences) >= 3
        _check_invariants(article)


def test_tiny_texts() -> None:
    one = _clean("Storm hits the coast.")
    assert one.title == "Storm hits the coast." and [s.text for s in one.sentences] == [
        "Storm hits the coast."
    ]
    with pytest.raises(CleanError, match="no article text found"):
        _clean("Storm hits coast")  # a headline alone is no article (tests/test_no_article.py)
    two = _clean("Rail strike halts trains. The union said 4,000 members took part.", title="Rail")
    assert len(two.sentences) == 2


def test_nothing_usable_raises_clean_error() -> None:
    with pytest.raises(CleanError, match=r"^<text>: no article text"):
        _clean("Advertisement\nShare this article\n<!-- gtag -->\nJuly 26, 2021\n")


def test_page_of_more_tags_than_the_cap_gives_its_text_and_its_link_labels() -> None:
    """Past ``MAX_HTML_TAGS`` the plain-text fallback reads the one parsed tree, and so do
    the link labels: a long page of prose keeps its prose, a long page of links is refused."""
    from newsbrief.limits import MAX_HTML_TAGS

    rows = MAX_HTML_TAGS // 4 + 10  # four tags a row
    prose = "".join(
        f"<p>The council met on day {i} and <b>voted</b> to keep the harbour open.</p>"
        for i in range(rows)
    )
    page = f"<html><head><title>Harbour</title></head><body>{prose}</body></html>"
    assert page.count("<") > MAX_HTML_TAGS
    article = clean_module.clean(RawArticle(location="long.html", body=page, body_type="html"))
    assert (
        article.sentences[0].text == "The council met on day 0 and voted to keep the harbour open."
    )
    links = "".join(f'<li><a href="/{i}">Section {i} news</a></li>' for i in range(rows))
    with pytest.raises(CleanError, match=r"^links\.html: no article text found \(only link labels"):
        clean_module.clean(
            RawArticle(
                location="links.html",
                body=f"<html><body><ul>{links}</ul></body></html>",
                body_type="html",
            )
        )


def test_caps_on_sentences_and_text(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "\n\n".join(f"Paragraph {i} has one sentence. And a second one here." for i in range(50))
    monkeypatch.setattr(clean_module, "MAX_SENTENCES", 7)
    article = _clean(body, title="Caps")
    assert len(article.sentences) == 7
    _check_invariants(article)
    monkeypatch.setattr(clean_module, "MAX_SENTENCES", 3000)
    monkeypatch.setattr(clean_module, "MAX_TEXT_CHARS", 200)
    article = _clean(body, title="Caps")
    assert len(article.text) <= 200 and article.text.endswith("here.")


def test_long_titles_are_cut() -> None:
    article = _clean("Body sentence here.", title="word " * 100)
    assert len(article.title) <= MAX_TITLE_CHARS and article.title.endswith("…")


def test_id_is_stable_and_cleaning_is_idempotent() -> None:
    first, second = _clean(JUNKY), _clean(JUNKY)
    assert first.id == second.id and len(first.id) >= 12
    again = _clean(first.text, title=first.title)
    assert again.text == first.text and again.id == first.id


def test_pathological_lines_stay_fast_enough_to_finish() -> None:
    # regexes are linear: these would take minutes with nested quantifiers
    for text in [
        "a. " * 20_000,
        "*a " * 20_000,
        "[x](" * 5_000,
        "By " + "Aa " * 5_000,
        "1/" * 9_000,
    ]:
        try:
            article = _clean(text, title="t")
        except CleanError as exc:  # no sentence in it: refused, quickly and in one line
            assert "no article text found" in str(exc)
            continue
        _check_invariants(article)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=1500))
def test_clean_never_crashes_and_sentences_are_substrings(text: str) -> None:
    try:
        article = _clean(text)
    except CleanError as exc:
        assert str(exc).startswith("<text>: ")
        return
    for sentence in article.sentences:
        assert sentence.text and sentence.text in article.text
    _check_invariants(article)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Headline Words Here",
                "The mayor said the plan would work.",
                "Advertisement",
                "July 26, 2021",
                "By Jane Doe",
                "Photo: Getty Images",
                "",
                "",
                "x",
                "Read more",
                "It rained on Monday, and the river rose by two metres",
                "– Item one",
                "“Quote,” he said.",
            ]
        ),
        max_size=30,
    )
)
def test_clean_on_mixtures_of_typical_lines(lines: list[str]) -> None:
    try:
        article = _clean("\n".join(lines))
    except CleanError:
        return
    texts = [s.text for s in article.sentences]
    assert "Advertisement" not in texts and "Photo: Getty Images" not in texts
    assert not any("July 26, 2021" in t for t in texts)
    _check_invariants(article)


def test_language_guess_can_be_left_out() -> None:
    """``summarize()`` cleans without guessing the language; nothing else changes."""
    from newsbrief import summarize

    body = (
        "The council voted on Tuesday to close the old bridge over the river for repairs. "
        "Engineers said the cables were badly corroded after decades of salt spray.\n\n"
        "Drivers will use the ferry while the bridge is repaired, the council said."
    )
    raw = RawArticle(location="t", body=body, title="Bridge closed")
    guessed, skipped = clean_module.clean(raw), clean_module.clean(raw, language=False)
    assert guessed.language == "en"
    assert skipped.language is None
    assert replace(skipped, language="en") == guessed
    assert summarize(body, title="Bridge closed") == [s.text for s in guessed.sentences]
