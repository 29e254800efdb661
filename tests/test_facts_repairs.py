"""Name spans repaired from their neighbours (facts/repairs.py, issue 14 third round):
cut team and party names joined, a descriptive noun dropped; each case fails without it."""

from __future__ import annotations

import pytest

from newsbrief.facts import extract_facts
from newsbrief.facts.ner import Mention
from newsbrief.facts.repairs import repair_spans
from test_facts import ENGINES, make_article


def _at(text: str, name: str, kind: str) -> Mention:
    start = text.index(name)
    return Mention(name, kind, start, start + len(name))  # type: ignore[arg-type]


def test_a_town_before_an_organisation_is_the_first_word_of_its_name() -> None:
    text = "He coached the Portland Trail Blazers for three seasons."
    fixed = repair_spans(
        [_at(text, "Portland", "place"), _at(text, "Trail Blazers", "organization")], text
    )
    assert [(m.text, m.kind) for m in fixed] == [("Portland Trail Blazers", "organization")]


def test_a_town_before_a_plural_nickname_is_a_team() -> None:
    text = "The Saints signed Joique Bell from the Philadelphia Eagles practice squad."
    fixed = repair_spans([_at(text, "Philadelphia", "place")], text)
    assert [(m.text, m.kind) for m in fixed] == [("Philadelphia Eagles", "organization")]
    for plain in ("He was born in Paris Thomas said.", "She moved to Leeds in 2001."):
        town = plain.split()[-3] if "Thomas" in plain else "Leeds"
        kept = repair_spans([_at(plain, town, "place")], plain)
        assert [m.text for m in kept] == [town]


def test_a_party_adjective_the_model_left_out_opens_the_name() -> None:
    text = "The Republican National Committee said it would skip the debates."
    fixed = repair_spans([_at(text, "National Committee", "organization")], text)
    assert [m.text for m in fixed] == ["Republican National Committee"]


def test_a_noun_for_what_a_company_is_is_no_part_of_its_name() -> None:
    text = "Drugmaker Quellix said Friday that its pill cut deaths by half."
    fixed = repair_spans([_at(text, "Drugmaker Quellix", "person")], text)
    assert [(m.text, m.kind) for m in fixed] == [("Quellix", "organization")]
    mid = "Analysts said Drugmaker Quellix would grow."  # not at a sentence start: kept
    assert [m.text for m in repair_spans([_at(mid, "Drugmaker Quellix", "person")], mid)] == [
        "Drugmaker Quellix"
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_party_named_body_is_not_split_at_the_party(engine: str) -> None:
    text = (
        "The Republican National Committee said it would skip the debates.\n\n"
        "The Republican National Committee wants changes to the format."
    )
    facts = extract_facts(make_article(text), engine=engine)
    names = [e.name for e in facts.organizations]
    assert "Republican National Committee" in names
    assert "National Committee" not in names


def test_nothing_is_joined_across_a_full_stop() -> None:
    text = "It was made in Hong Kong. Google Mapsters said so."
    town = Mention("Hong Kong.", "place", text.index("Hong"), text.index(" Google"))
    firm = _at(text, "Google Mapsters", "organization")
    assert [m.text for m in repair_spans([town, firm], text)] == ["Hong Kong.", "Google Mapsters"]


def test_a_name_with_an_age_in_apposition_is_a_person() -> None:
    text = "The victims, Lorna Quaye, 36, and Tess Wilder, 47, both died."
    fixed = repair_spans([_at(text, "Lorna Quaye", "organization")], text)
    assert [(m.text, m.kind) for m in fixed] == [("Lorna Quaye", "person")]
    firm = "Shares in Quaye Holdings, 36, rose."  # a head noun: a body whatever follows
    kept = repair_spans([_at(firm, "Quaye Holdings", "organization")], firm)
    assert [m.kind for m in kept] == ["organization"]


def test_an_adjective_of_time_opening_a_name_is_no_part_of_it() -> None:
    text = 'He added: "I focus on my job." Former England international Quarrie, 46, agreed.'
    fixed = repair_spans([_at(text, "Former England", "organization")], text)
    assert [(m.text, m.start) for m in fixed] == [("England", text.index("England"))]


def test_function_words_a_sentence_start_capitalised_are_no_part_of_a_name() -> None:
    text = "Although Amy Quarrie won, Malaga Also lost. Will Smith said so."
    mentions = [
        _at(text, "Although Amy Quarrie", "person"),
        _at(text, "Malaga Also", "place"),
        _at(text, "Will Smith", "person"),
    ]
    fixed = [(m.text, m.start) for m in repair_spans(mentions, text)]
    assert fixed == [
        ("Amy Quarrie", text.index("Amy")),
        ("Malaga", text.index("Malaga")),
        ("Will Smith", text.index("Will")),  # a given name, not the auxiliary
    ]


def test_place_prefixes_and_body_heads_of_the_word_lists() -> None:
    from newsbrief.facts.gazetteer import GEO_HEADS, GEO_PREFIXES, ORG_HEADS

    assert {"san", "los", "las"} <= GEO_PREFIXES and "santa" not in GEO_PREFIXES
    assert {"international", "magazine"} <= ORG_HEADS and "area" in GEO_HEADS
