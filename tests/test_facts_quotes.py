"""Quotations and speakers (issue 14): mark pairing and attribution, one invented case each."""

from __future__ import annotations

import pytest

from newsbrief.facts import extract_facts
from newsbrief.facts.quotemarks import find_quotes
from test_facts import ENGINES, make_article


def _said(text: str, engine: str = "rules") -> list[tuple[str, str | None]]:
    facts = extract_facts(make_article(text), engine=engine)
    return [(q.text, q.speaker) for q in facts.quotes]


# --------------------------------------------------------------------------- marks


def test_paragraphs_run_together_are_one_quotation() -> None:
    """`… so far. "Each one …`: a new opening mark after a sentence end of an open quote."""
    text = (
        'Fred Hasson said: "We have been through five changes and survived so far. '
        '"Each one has cost us some good people. All the firms said they were hiring.'
    )
    [quote] = find_quotes(text)
    assert quote.body.startswith("We have been through five changes")
    assert quote.body.endswith("cost us some good people.")  # the narrative stays out


@pytest.mark.parametrize("engine", ENGINES)
def test_a_quote_opening_mid_paragraph_runs_over_the_next_paragraphs(engine: str) -> None:
    text = (
        "Kenneth Gibb reviewed the tax.\n\n"
        'He said: "It is clear there is no magic bullet for the council tax.\n\n'
        '"Past experience shows that reform is always going to be difficult."\n\n'
        "The commission will now consult the public."
    )
    [(quote, speaker)] = _said(text, engine)
    assert quote.startswith("It is clear") and quote.endswith("always going to be difficult.")
    assert speaker == "Kenneth Gibb"


def test_an_unclosed_quote_between_captions_does_not_swallow_the_next_one() -> None:
    text = (
        "She said: 'When I went down, nobody saw it at all. 'Luckily, a physio was in the car "
        "behind us. Charlotte continued: 'She could hear a gurgling sound when I spoke.'"
    )
    bodies = [q.body for q in find_quotes(text)]
    assert bodies == [
        "When I went down, nobody saw it at all. Luckily, a physio was in the car behind us.",
        "She could hear a gurgling sound when I spoke.",
    ]


def test_a_closing_single_mark_before_a_function_word_is_not_a_possessive() -> None:
    text = "It was a 'distressing chain of events' which led to harm, the report found."
    assert [q.body for q in find_quotes(text)] == ["distressing chain of events"]


def test_ptb_marks_with_spaced_closing_and_clitics() -> None:
    text = (
        "Tomas Lindqvist said , `` We ca n't afford another flood like that one . '' "
        "The mayor 's office agreed . ` The budget is balanced for once , ' he said ."
    )
    bodies = [q.body for q in find_quotes(text)]
    assert bodies == [
        "We ca n't afford another flood like that one .",
        "The budget is balanced for once ,",
    ]


# --------------------------------------------------------------------------- speakers


@pytest.mark.parametrize("engine", ENGINES)
def test_a_surname_alone_is_the_person_named_in_full_before(engine: str) -> None:
    text = (
        "Councillor Martin Fell led the four dissenting votes.\n\n"
        '"The fire service needs money, nobody disputes that," Fell said.'
    )
    assert _said(text, engine) == [
        ("The fire service needs money, nobody disputes that", "Martin Fell")
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_name_after_an_organisation_and_role_speaks(engine: str) -> None:
    text = (
        '"We were second best for an hour, and I told the players so," said United manager '
        "Irene Castellanos, who took charge in January."
    )
    assert [s for _, s in _said(text, engine)] == ["Irene Castellanos"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_role_before_the_name_after_the_quote(engine: str) -> None:
    text = '"We have a responsibility to ratchet that up," chief executive Tim Cook told the paper.'
    assert [s for _, s in _said(text, engine)] == ["Tim Cook"]


def test_the_lawyer_speaks_not_the_client() -> None:
    facts = extract_facts(
        make_article(
            "John Smith was charged on Monday. A lawyer for Smith said: "
            '"My client will plead not guilty to every charge."'
        ),
        engine="rules",
    )
    [quote] = facts.quotes
    assert quote.speaker != "John Smith"
    assert quote.confidence < 0.75  # a description, not a name: not shown in the box


def test_he_is_not_the_person_in_a_possessive() -> None:
    text = (
        "Oleg Gordievsky defected in 1985. Commenting on Mr Makarov's case, he said: "
        '"The British state is not a fat cow to be milked."'
    )
    assert [s for _, s in _said(text)] == ["Oleg Gordievsky"]


def test_a_report_in_the_next_sentence_does_not_attribute_the_quote() -> None:
    text = (
        'Simon Gardner said: "We are investing in superior tools and editors." '
        "Mr Hasson said games developers were beginning to realise it."
    )
    assert [s for _, s in _said(text)] == ["Simon Gardner"]


def test_x_said_colon_introduces_the_next_quote_not_the_previous() -> None:
    text = (
        "Jane Roe and Tom Poe spoke. 'When I went down, nobody on my team saw it. "
        "Tom Poe continued: 'She could hear a gurgling sound when I spoke.'"
    )
    said = dict(_said(text))
    assert said.get("She could hear a gurgling sound when I spoke.") == "Tom Poe"
    assert said.get("When I went down, nobody on my team saw it.") != "Tom Poe"


def test_a_group_description_is_not_shown_as_a_named_speaker() -> None:
    facts = extract_facts(
        make_article(
            '"An arbitrary template imposed on all families would harm children," the MPs said.'
        ),
        engine="rules",
    )
    assert all(q.confidence < 0.75 for q in facts.quotes)


def test_a_repeated_quote_is_one_item_and_keeps_its_speaker() -> None:
    text = (
        "Dana Reyes runs the trust. 'We will rebuild the wall before the storms,' she said.\n\n"
        "Caption: 'We will rebuild the wall before the storms'\n\n"
        "'We will rebuild the wall' is now the trust's motto."
    )
    said = _said(text)
    assert said == [("We will rebuild the wall before the storms", "Dana Reyes")]
