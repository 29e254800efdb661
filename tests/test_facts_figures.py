"""Figures (issue 14): ranges, fractions, measures, tallies, duplicates, one case each."""

from __future__ import annotations

import pytest

from newsbrief.facts import extract_facts
from newsbrief.types import Figure
from test_facts import ENGINES, make_article


def _figures(text: str, engine: str = "rules") -> list[Figure]:
    return list(extract_facts(make_article(text), engine=engine).figures)


def _read(text: str) -> list[tuple[str, float | None, str | None]]:
    return [(f.text, f.value, f.unit) for f in _figures(text)]


def test_a_money_range_is_one_figure() -> None:
    text = "It expects profit of between $1.55 billion and $1.6 billion, up from $1.45bn to $1.5bn."
    assert _read(text) == [
        ("between $1.55 billion and $1.6 billion", 1.55e9, "USD"),
        ("$1.45bn to $1.5bn", 1.45e9, "USD"),
    ]


def test_amounts_joined_by_and_without_between_stay_two() -> None:
    assert [f.value for f in _figures("They paid $5m and $6m respectively.")] == [5e6, 6e6]


def test_a_count_range_is_one_figure_and_years_are_not_a_range() -> None:
    figures = _figures("The pores measure 4 to 40 nanometers. Between 2004 and 2013 failures grew.")
    assert [(f.text, f.value, f.counts) for f in figures] == [
        ("4 to 40 nanometers", 4.0, "nanometers")
    ]


def test_a_vote_tally_is_one_figure() -> None:
    assert _read("The spending plan passed by nine votes to four.") == [
        ("nine votes to four", 9.0, None)
    ]


def test_fractions_are_shares_and_an_ordinal_is_not() -> None:
    figures = _figures(
        "We have lost a third of independent developers. About three-quarters of customers "
        "were reconnected. A third time he tried, and a quarter of a million students came."
    )
    assert [(f.text, round(f.value or 0, 3), f.counts) for f in figures] == [
        ("a third", 0.333, "independent developers"),
        ("three-quarters", 0.75, "customers"),
        ("a quarter of a million", 250000.0, "students"),
    ]


def test_measures_with_an_abbreviated_unit() -> None:
    figures = _figures("The top gust was 94 mph, over the 89mph record; 50 mm of rain fell.")
    assert [(f.value, f.unit) for f in figures] == [(94.0, "mph"), (89.0, "mph"), (50.0, "mm")]
    assert all(f.confidence >= 0.7 for f in figures)


def test_acronym_plurals_are_counted_but_a_title_is_not() -> None:
    figures = _figures("There are 575 million PCs in use. She starred in 50 First Dates.")
    assert [(f.value, f.counts) for f in figures] == [(575e6, "PCs")]


def test_a_number_inside_a_name_is_not_a_count() -> None:
    assert _figures("The groundbreaking Commodore 64 computer elicits fond memories.") == []
    assert _figures("The band was called Matthew 24 Now by its fans.") == []


def test_a_hyphenated_modifier_is_not_a_count_and_a_word_age_is_an_age() -> None:
    figures = _figures(
        "Four or five-year-old computers are too slow. She claims a seven-year-old Ms Kunis "
        "envied her hen, in a country where half of the 17-million population lives."
    )
    assert [(f.value, f.unit) for f in figures] == [(5.0, "years old"), (7.0, "years old")]


def test_an_ous_adjective_is_not_the_counted_plural() -> None:
    figures = _figures("His two previous marriages ended. About 100 infectious cases were found.")
    assert [f.counts for f in figures] == ["previous marriages", "infectious cases"]


def test_one_thing_is_not_a_figure_and_a_casualty_belongs_to_its_own_noun() -> None:
    figures = _figures("An argument between two neighbours over noise has ended with one man dead.")
    assert [(f.value, f.unit) for f in figures] == [(2.0, None)]  # not "two neighbours dead"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_small_count_after_a_determiner_is_listed_not_shown(engine: str) -> None:
    [figure] = _figures("The two women rated buskers in the square all afternoon.", engine)
    assert figure.value == 2.0 and figure.confidence < 0.7


def test_a_restated_amount_is_one_figure_but_small_counts_are_not_merged() -> None:
    figures = _figures(
        "She faced 77 allegations. The 77 misconduct charges were heard. "
        "Two babies died and two midwives were suspended."
    )
    assert [(f.value, f.counts) for f in figures if f.value == 77.0] == [(77.0, "allegations")]
    assert len([f for f in figures if f.value == 2.0]) == 2


def test_adverbs_possessives_rankings_and_station_names_are_not_counted() -> None:
    figures = _figures(
        "To run 14.49 indoors is good. It is not the fastest 5K she's going to run. "
        "He told Sydney Radio 2GB so. He scored nine UK top 30 singles since 1998."
    )
    assert figures == []


def test_partitives_are_listed_with_the_whole_as_label() -> None:
    figures = _figures(
        "Henman won 36 of his 50 matches. At least 60 people were held, 45 of them in the US. "
        "One of the leaders fled."
    )
    part = {f.text: (f.value, f.counts, f.confidence < 0.7) for f in figures if " of " in f.text}
    assert part == {
        "36 of his 50 matches": (36.0, "50 matches", True),
        "45 of them": (45.0, None, True),
    }


def test_hyphenated_lengths_of_time_are_durations_and_word_ages_are_ages() -> None:
    figures = _figures(
        "The show got a 10-minute standing ovation. Mr Wong has been blind from the age of seven."
    )
    assert [(f.value, f.counts, f.confidence < 0.5) for f in figures] == [
        (10.0, "minutes", True),
        (7.0, None, False),
    ]
    assert figures[1].unit == "years old"


def test_a_quoted_noun_is_still_the_counted_noun() -> None:
    figures = _figures('Data suggested 1,500 "safety whistleblowers" had lost their jobs.')
    assert [(f.value, f.counts) for f in figures] == [(1500.0, "safety whistleblowers")]


def test_a_conversion_in_brackets_is_part_of_the_figure_before_it() -> None:
    figures = _figures(
        "They must build at least 50,000 square meters (538,000 square feet) of offices. "
        "Ash rose 1.8 miles (three kilometres) into the air."
    )
    assert [f.value for f in figures] == [50000.0, 1.8]


def test_multipliers_and_repetitions_are_listed() -> None:
    figures = _figures(
        "They are both 10 times better than her. He fell three times. The two-time "
        "champion won. At times it rained."
    )
    assert [(f.value, f.unit, f.confidence < 0.7) for f in figures] == [
        (10.0, "times", True),
        (3.0, "times", True),
        (2.0, "times", True),
    ]


def test_a_hyphenated_tally_is_one_figure_and_to_is_no_unit() -> None:
    figures = _figures("The House passed the bill 220-to-190 on Friday.")
    assert [(f.text, f.value, f.counts) for f in figures] == [("220-to-190", 220.0, "tally")]
