"""What the facts list: people's ages join the person item; a speaker's quotes are capped;
counts whose noun is left out are listed with the noun of the count before."""

from __future__ import annotations

import json

import pytest

from newsbrief.clean import clean
from newsbrief.facts import BOX_THRESHOLDS, box_facts, extract_facts
from newsbrief.facts.budget import QUOTES_PER_SPEAKER, QUOTES_WITHOUT_SPEAKER, within_budget
from newsbrief.facts.confidence import FIGURE_CONFIDENCE
from newsbrief.facts.named_counts import named_counts
from newsbrief.facts.spans import build_map
from newsbrief.load import from_object
from newsbrief.render import render_json, render_markdown
from newsbrief.render.text import fact_label
from newsbrief.types import Briefing, Entity, Facts, Quote, SourceLink, Story

ENGINES = ["rules", "spacy"]


def _facts(text: str, engine: str) -> Facts:
    if engine == "spacy":
        pytest.importorskip("spacy")
    article = clean(from_object({"title": "A row over noise", "text": text}, "test"))
    return extract_facts(article, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_an_age_beside_a_name_joins_the_person(engine: str) -> None:
    facts = _facts(
        "Mark Ray, 56, was told to turn the music down by Emma Jackson on Friday. "
        "Police later arrested 28-year-old shift worker Phillip Pama in Hull. "
        "Mr Ray said he was sorry. Pama said he would appeal. "
        "The council fined 14 landlords last year.",
        engine,
    )
    ages = {p.name: p.age for p in facts.people}
    assert ages.get("Mark Ray") == "56"
    assert ages.get("Phillip Pama") == "28"
    assert ages.get("Emma Jackson") is None
    # the ages are no longer figures of their own; other figures stay
    assert not [f for f in facts.figures if f.unit == "years old"]
    assert [f.value for f in facts.figures] == [14]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_age_naming_nobody_stays_a_figure(engine: str) -> None:
    facts = _facts(
        "Emma Jackson moved into a quiet street in Hull last year. "
        "The 28-year-old says the noise started at once. Jackson said she was scared.",
        engine,
    )
    assert all(p.age is None for p in facts.people)
    assert [f.value for f in facts.figures if f.unit == "years old"] == [28]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_number_after_a_name_that_is_no_age_is_left_alone(engine: str) -> None:
    facts = _facts(
        "Mark Ray, 2015 winner, spoke to Emma Jackson on Friday. "
        "Mark Ray said he was happy. Jackson said she was too.",
        engine,
    )
    assert all(p.age is None for p in facts.people)


def test_the_box_shows_the_age_beside_the_name() -> None:
    ray = Entity("Mark Ray", "person", 0, role="landlord", age="56")
    assert fact_label(ray) == "Mark Ray, 56 (landlord)"
    assert fact_label(Entity("Emma Jackson", "person", 0)) == "Emma Jackson"
    story = Story("Noise row", ("A row.",), (SourceLink("Test"),), facts=Facts(people=(ray,)))
    briefing = Briefing("Briefing", "2024-01-02", "2024-01-02T08:00:00+00:00", (story,))
    assert "Mark Ray, 56" in render_markdown(briefing)
    assert json.loads(render_json(briefing))["stories"][0]["facts"]["people"][0]["age"] == "56"


def _quote(k: int, speaker: str | None, confidence: float = 0.5) -> Quote:
    return Quote(f"Quotation number {k} is here", k, speaker, confidence=confidence)


def test_a_speaker_keeps_the_first_few_quotes_and_other_speakers_all_theirs() -> None:
    quotes = (
        *(_quote(k, "Emma Jackson") for k in range(6)),
        _quote(6, "Mark Ray"),
        *(_quote(7 + k, None) for k in range(4)),
    )
    kept = within_budget(Facts(quotes=quotes)).quotes
    jackson = [q.sentence_index for q in kept if q.speaker == "Emma Jackson"]
    assert jackson == list(range(QUOTES_PER_SPEAKER))
    assert [q.sentence_index for q in kept if q.speaker == "Mark Ray"] == [6]
    unknown = [q.sentence_index for q in kept if q.speaker is None]
    assert unknown == list(range(7, 7 + QUOTES_WITHOUT_SPEAKER))


def test_the_budget_never_drops_a_quote_the_box_shows() -> None:
    quotes = (*(_quote(k, "Emma Jackson") for k in range(5)), _quote(5, "Emma Jackson", 0.9))
    facts = Facts(quotes=quotes)
    kept = within_budget(facts)
    assert box_facts(kept).quotes == box_facts(facts).quotes == (quotes[5],)
    assert len(kept.quotes) == QUOTES_PER_SPEAKER
    assert [q.sentence_index for q in kept.quotes] == [0, 1, 5]  # the facts' order kept


def test_extract_facts_caps_a_speakers_quotes() -> None:
    said = " ".join(
        f'"This is my statement number {k} about the noise," Emma Jackson said.' for k in range(6)
    )
    facts = _facts(said, "rules")
    assert len([q for q in facts.quotes if q.speaker == "Emma Jackson"]) == QUOTES_PER_SPEAKER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Technorati tracks about six million blogs and says that more than 12,000 are "
            "added daily.",
            ("12,000", "blogs"),
        ),
        ("A total of 267 films are eligible but only five will be chosen.", ("five", "films")),
        (
            "The firm employs 50,000 people worldwide, with about 7,000 in the UK.",
            ("7,000", "people"),
        ),
    ],
)
def test_a_count_whose_noun_is_left_out_takes_the_noun_of_the_count_before(
    text: str, expected: tuple[str, str]
) -> None:
    facts = _facts(text, "rules")
    elided = [(f.text, f.counts) for f in facts.figures if f.confidence < BOX_THRESHOLDS["figures"]]
    assert expected in elided
    assert expected not in [(f.text, f.counts) for f in box_facts(facts).figures]


@pytest.mark.parametrize(
    "text",
    [
        "More than 12,000 are added daily.",  # no count before names the noun
        "The firm sold 300 cars, up from about 2000.",  # a year
        "He walked 300 metres but had to stop after around 400m.",  # a distance
        "It sold 300 cars in the spring and only one was returned.",  # one thing
        "It sold 300 cars. Some 40 staff lost their jobs at 4:45 a.m.",  # counts with a noun
    ],
)
def test_no_count_is_made_up_without_a_plain_ellipsis(text: str) -> None:
    facts = _facts(text, "rules")
    assert not [f for f in facts.figures if f.confidence == FIGURE_CONFIDENCE["partitive"]]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("The club paid $12.5m (£9.8m) for the striker.", "$12.5m (£9.8m)"),
        ("The kite measured 6,000 metres (3.7 miles) in all.", "6,000 metres (3.7 miles)"),
        ("Failures led to the deaths of 11 babies and one mother.", "11 babies and one mother"),
        ("He has eight wins and one draw from his nine fights.", "eight wins and one draw"),
    ],
)
def test_a_conversion_or_a_coordinated_single_count_stays_in_the_figure(
    text: str, shown: str
) -> None:
    figures = _facts(text, "rules").figures
    assert shown in [f.text for f in figures]


def test_a_coordinated_phrase_that_runs_into_a_name_is_not_taken() -> None:
    text = "The jury cleared three Sun journalists and one former Daily Mirror reporter."
    assert "three Sun journalists" in [f.text for f in _facts(text, "rules").figures]


@pytest.mark.parametrize("engine", ENGINES)
def test_ages_at_events_of_a_life_are_figures(engine: str) -> None:
    facts = _facts(
        "William Hague became an MP at 27 and Leader of the Opposition at 36. "
        "He met officials at 10 Downing Street. The talks began at 9 in the morning. "
        "Hague said he was proud.",
        engine,
    )
    ages = [(f.text, f.value) for f in facts.figures if f.unit == "years old"]
    assert ages == [("at 27", 27), ("at 36", 36)]
    assert not [f for f in box_facts(facts).figures if f.unit == "years old"]


def test_a_length_of_time_after_a_name_is_a_duration_not_part_of_the_name() -> None:
    text = "After arriving in London 13 years ago, he felt let down by the Commodore 64 team."
    figures = [(f.text, f.counts) for f in _facts(text, "rules").figures]
    assert figures == [("13 years", "years")]  # the article has no date: a duration


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("He started to recruit 25,000 Community Support Officers (CSOs) last year.", 25000),
        ("Davenport has won three Grand Slams, the Australian Open among them.", 3),
        ("About 3,000 Caribs live on the island.", 3000),
    ],
)
def test_a_count_of_things_with_a_capitalised_name_is_listed(text: str, count: int) -> None:
    facts = _facts(text, "rules")
    assert count in [f.value for f in facts.figures]
    assert count not in [f.value for f in box_facts(facts).figures]  # listed, not shown


@pytest.mark.parametrize(
    "text",
    [
        "The idea came from the 2004 Adam Sandler film 50 First Dates, in which she stars.",
        "Crews sleep on Boeing 787 Dreamliners now.",
        "She starred in 50 First Dates.",
        "They met in the 2004 Six Nations championship.",
        "Wales have lost both their Six Nations games.",
        "Cardiff welcomed over 2,000 Leeds supporters to the ground.",
    ],
)
def test_a_number_inside_a_name_or_title_is_no_count(text: str) -> None:
    article = clean(from_object({"title": "A row over noise", "text": text}, "test"))
    assert named_counts(build_map(article), []) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_a_parent_description_is_the_persons_role(engine: str) -> None:
    facts = _facts(
        "One competitor who turns heads is mother-of-two, Malenda Meacham. Meacham said she "
        "loved it. Police said father-of-three John Smith was hurt. Smith said he was fine. "
        "Jane Doe, a grandmother-of-five, said it was fun. Doe laughed. "
        "Ann Lee, a mother of two, said nothing. Lee left.",
        engine,
    )
    roles = {p.name: p.role for p in facts.people}
    assert roles["Malenda Meacham"] == "mother-of-two"
    assert roles["John Smith"] == "father-of-three"
    assert roles["Jane Doe"] == "grandmother-of-five"
    assert roles.get("Ann Lee") is None  # no title word, no hyphenated description
