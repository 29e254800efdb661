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


def test_a_partitive_with_a_counted_whole_is_shown_and_its_whole_only_listed() -> None:
    figures = _figures(
        "Henman won 36 of his 50 matches, and 45 of them, were good. At least 60 people "
        "were held, 45 of them in the US. One of the leaders fled."
    )
    read = {f.text: (f.value, f.counts, f.confidence >= 0.7) for f in figures}
    assert read["36 of his 50 matches"] == (36.0, "matches", True)  # the part and the whole
    assert read["50 matches"] == (50.0, "matches", False)  # alone it would drop the 36
    assert read["45 of them"] == (45.0, None, False)
    assert read["60 people"] == (60.0, "people", True)


def test_one_of_a_counted_group_keeps_the_group_count() -> None:
    figures = _figures("It gave out 100 of the 1,000 handsets. One of the big four banks fell.")
    read = {f.text: (f.value, f.counts) for f in figures}
    assert read == {
        "100 of the 1,000 handsets": (100.0, "handsets"),
        "1,000 handsets": (1000.0, "handsets"),
        "four banks": (4.0, "banks"),  # "one of" is no partitive count
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


def _labels(text: str) -> dict[str, tuple[str | None, bool]]:
    """figure text -> (label, shown in the box)."""
    return {f.text: (f.counts, f.confidence >= 0.7) for f in _figures(text)}


def test_a_label_is_a_noun_phrase_and_stops_before_the_verb() -> None:
    labels = _labels(
        "The survey found that 87% of searchers usually find it, 84% of net users say so and "
        "almost 50% of those questioned said they would. Roberts cost more than £1m for the "
        "sale of Osman Sow to Henan. The firm paid $64m for new firefighters and could hire more."
    )
    assert labels == {
        "87%": ("searchers", True),
        "84%": ("net users", True),
        "50%": ("those questioned", True),
        "£1m": ("the sale of Osman Sow", True),
        "$64m": ("new firefighters", True),
    }


def test_a_label_cut_before_the_clause_that_restricts_it_is_not_shown() -> None:
    labels = _labels(
        "Some 27 per cent of voters who are over 65 backed it. Roughly 80% of the things we "
        "found are still there. Only 15% of Britons aged 65 or over have been online. It will "
        "not contain the £8 billion of tax rises which experts say are inevitable."
    )
    assert labels == {
        "27 per cent": ("voters", False),
        "80%": ("the things", False),
        "15%": ("Britons", False),
        "£8 billion": ("tax rises", False),
        "aged 65": (None, False),
    }


def test_a_time_or_place_after_an_amount_is_no_label() -> None:
    labels = _labels(
        "The economy grew at a rate of 3.8% in the last quarter. Sales fell 1.1% in the eight "
        "weeks to February. Dividends were $53m in 2000 and the loss £7.1bn in December. It "
        "cost $7m in total. It holds 40 per cent of California and 51% of Yukos."
    )
    assert labels == {
        "3.8%": (None, True),
        "1.1%": (None, True),
        "eight weeks": ("weeks", False),  # a duration
        "$53m": (None, True),
        "£7.1bn": (None, True),
        "$7m": (None, True),
        "40 per cent": ("California", True),
        "51%": ("Yukos", True),
    }


def test_one_hundred_percent_as_a_way_of_speaking_is_not_shown() -> None:
    assert _labels("Tara was 100 percent professional.") == {"100 percent": (None, False)}
    assert _labels("It bought a 100% stake in the firm.") == {"100%": (None, True)}


def test_a_hyphenated_measure_is_labelled_with_its_noun() -> None:
    figures = _figures(
        "It has a 35-key physical QWERTY keyboard. Men carried four 12-foot scaling ladders "
        "made from slats. He scored a 27-yard goal into the net."
    )
    assert [f.text for f in figures] == [
        "35-key physical QWERTY keyboard",
        "12-foot scaling ladders",
        "27-yard goal",
    ]


def test_a_thousands_separator_followed_by_a_space_is_still_one_number() -> None:
    figures = _figures(
        "About 100, 000 gallons of oil spilled. Scores were 100, 200 and 300 points."
    )
    assert [(f.text, f.value) for f in figures] == [
        ("100, 000 gallons", 100000.0),
        ("300 points", 300.0),
    ]


def test_a_name_opening_the_sentence_before_a_number_is_no_count() -> None:
    figures = _figures(
        "Commodore 64 enthusiasts wrote emulators. About 50 people came. Despite three "
        "nominations, he lost. Three Victorian hotels will go."
    )
    assert [f.text for f in figures] == ["50 people", "three nominations", "Three Victorian hotels"]


def test_every_conversion_in_the_brackets_is_part_of_the_first_amount() -> None:
    figures = _figures("Illva will pay 481.42m yuan ($58.16m; £30.7m), once the deal is approved.")
    assert [(f.text, f.unit) for f in figures] == [("481.42m yuan", "CNY")]


def test_coordinated_modifiers_share_the_head_and_coordinated_figures_do_not() -> None:
    labels = _labels(
        "More than 80% of medium and large companies were hit. Tablets are used in 68% of "
        "primary and 69% of secondary schools. India imports 70% of its oil imports."
    )
    assert labels == {
        "80%": ("medium and large companies", True),
        "68%": (None, True),
        "69%": ("secondary schools", True),
        "70%": ("its oil imports", True),
    }


def test_a_participle_after_a_plural_restricts_it_but_after_a_singular_is_a_compound() -> None:
    labels = _labels(
        "About 5% of people living below this level. About 60% of the viewing public tuned in. "
        "It cut £35bn of government spending by 2011."
    )
    assert labels == {
        "5%": ("people", False),
        "60%": ("the viewing public", True),
        "£35bn": ("government spending", True),
    }


def test_a_partitive_without_a_determiner() -> None:
    read = {
        f.text: f.confidence >= 0.7
        for f in _figures("They have 15 points from five of 10 matches.")
    }
    assert read == {"15 points": True, "five of 10 matches": True, "10 matches": False}


def test_a_casualty_verb_in_a_later_clause_is_not_the_counted_things() -> None:
    figures = _figures("He had scored four goals in seven games before being injured.")
    assert [(f.text, f.unit) for f in figures] == [("four goals", None), ("seven games", None)]


def test_the_tail_of_a_spaced_decimal_or_thousands_is_not_read_as_a_number() -> None:
    figures = _figures(
        "He averaged 5. 2 yards a carry. In all 1, 500 people came. On May 5, 300 people "
        "marched. In 2004, 300 miners died."
    )
    assert [(f.text, f.value) for f in figures] == [("300 miners", 300.0), ("300 people", 300.0)]


def test_an_age_range_or_a_range_after_a_count_is_no_count_range() -> None:
    figures = _figures(
        "The survey asked 500 British 16 to 20-year-olds and 500 21 to 25-year olds."
    )
    assert [f.value for f in figures if f.unit != "years old"] == []


def test_a_range_of_percentages_is_one_figure_and_a_change_is_two() -> None:
    figures = _figures(
        "The villages sustained between 40 and 80 percent damage. Inflation will be 10-15% "
        "next year. The share fell from 11.2% to 9.6% last month."
    )
    assert [(f.text, f.value) for f in figures] == [
        ("between 40 and 80 percent", 40.0),
        ("10-15%", 10.0),
        ("11.2%", 11.2),
        ("9.6%", 9.6),
    ]


def test_between_one_amount_to_another_is_a_range() -> None:
    assert _read("It is worth between $60 million to $70 million.") == [
        ("between $60 million to $70 million", 60e6, "USD")
    ]


def test_pieces_of_numbers_are_not_figures() -> None:
    figures = _figures(
        "The building was valued at about $380, 600. They settled a $5. 9 million debt. It "
        "has a 400 by 352-pixel video camera. He was rediscovered in the late nineteen eighties."
    )
    assert [(f.text, f.value) for f in figures] == [("$380, 600", 380600.0)]


def test_feet_and_inches_are_one_height_and_a_measure_in_words_keeps_its_conversion() -> None:
    figures = _figures("He is 5ft 9ins tall. It struck seven km (4 miles) east of the town.")
    assert [(f.text, round(f.value or 0, 2), f.unit) for f in figures] == [
        ("5ft 9ins", 5.75, "ft"),
        ("seven km (4 miles)", 7.0, "km"),
    ]


def test_a_casualty_verb_after_a_comma_belongs_to_the_subject() -> None:
    figures = _figures(
        "The safety, who ranks fifth with 86 tackles, was injured on Sunday. Five people, "
        "including two children, were killed."
    )
    assert {f.text: f.unit for f in figures} == {"86 tackles": None, "Five people": "casualties"}


def test_minus_makes_a_count_negative_and_a_height_in_feet_and_inches_is_no_figure() -> None:
    figures = _figures("They fought the fire at minus 17 degrees. He is a 6-foot-9 power forward.")
    assert [(f.text, f.value) for f in figures] == [("minus 17 degrees", -17.0)]


def test_a_number_inside_the_counted_phrase_is_the_count() -> None:
    figures = _figures("It drew 3,270 in League Two just five years ago.", "rules")
    assert [f.text for f in figures if f.value == 2] == []


def test_a_capitalised_number_word_inside_a_name_leaves_the_count_alone() -> None:
    figures = _figures("Scotland have lost their opening two Six Nations games.")
    assert [(f.text, f.value) for f in figures] == [("two Six Nations games", 2.0)]
