"""Names in the key facts (issue 14): kinds, spans and merging of people, organisations
and places, one invented case per pattern, both engines where they apply."""

from __future__ import annotations

import pytest

from newsbrief.facts import extract_facts
from newsbrief.types import Entity, Facts
from test_facts import ENGINES, make_article


def _all(facts: Facts) -> list[Entity]:
    return [*facts.people, *facts.organizations, *facts.places, *facts.works]


def _find(facts: Facts, name: str) -> Entity | None:
    return next((e for e in _all(facts) if name in (e.name, *e.aliases)), None)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_head_noun_the_text_also_writes_in_lower_case_stays_in_the_name(engine: str) -> None:
    text = (
        "Marston City Council approved the budget on Monday after a long session.\n\n"
        "The council said the vote was close. Police closed Lower Bristol Road in Bath "
        "after a crash; the road reopened later."
    )
    facts = extract_facts(make_article(text), engine=engine)
    council = _find(facts, "Marston City Council")
    assert council is not None and council.kind == "organization"
    assert _find(facts, "Marston City") is None
    assert _find(facts, "Lower Bristol") is None
    road = _find(facts, "Lower Bristol Road")
    if road is not None:  # its head noun is evidence of its kind
        assert road.kind == "place" and road.confidence >= 0.6


@pytest.mark.parametrize("engine", ENGINES)
def test_a_company_named_without_the_rest_of_its_name_is_one_organisation(engine: str) -> None:
    text = (
        "Analysts at Northwind Foods expect sales of Lenovo Group to rise.\n\n"
        "Northwind said Lenovo would gain from lower prices, and Lenovo agreed."
    )
    facts = extract_facts(make_article(text), engine=engine)
    assert "Northwind" not in [e.name for e in facts.people]
    northwind = [e for e in _all(facts) if "northwind" in e.name.casefold()]
    assert len(northwind) == 1 and northwind[0].kind == "organization"
    lenovo = [e for e in _all(facts) if "lenovo" in e.name.casefold()]
    assert len(lenovo) == 1


def test_a_city_named_without_city_is_one_place() -> None:
    text = (
        "The tour starts in Ho Chi Minh City, where travellers spend two nights.\n\n"
        "From Ho Chi Minh the group flies north to Hanoi."
    )
    facts = extract_facts(make_article(text), engine="rules")
    cities = [e for e in _all(facts) if e.name.startswith("Ho Chi Minh")]
    assert len(cities) == 1 and cities[0].kind == "place"


def test_two_clubs_of_one_city_keep_the_city_apart() -> None:
    from newsbrief.facts.mentions import Group, merge_short_forms

    groups = {"manchester": Group(), "manchester city": Group(), "manchester united": Group()}
    groups["manchester"].forms["Manchester"] += 1
    groups["manchester city"].forms["Manchester City"] += 1
    groups["manchester united"].forms["Manchester United"] += 1
    kinds: dict[str, str | None] = {
        "manchester": "unknown",
        "manchester city": "organization",
        "manchester united": "organization",
    }
    merge_short_forms(groups, kinds)  # type: ignore[arg-type]
    assert set(groups) == {"manchester", "manchester city", "manchester united"}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_side_named_after_its_country_is_an_organisation(engine: str) -> None:
    text = (
        "Belgium manager Marc Wilmots said Eden Hazard was tired after Belgium's 1-0 win "
        "over Israel on Tuesday.\n\n"
        "Hazard has played 40 matches for Chelsea this season and scored 14 league goals, "
        "one in Chelsea's last game. Israel lost to Wales in March, and the win over Israel "
        "lifted Belgium."
    )
    facts = extract_facts(make_article(text), engine=engine)
    orgs = {e.name for e in facts.organizations}
    places = {e.name for e in facts.places}
    assert {"Belgium", "Israel"} <= orgs
    assert not {"Belgium", "Israel", "Chelsea"} & places


@pytest.mark.parametrize("engine", ENGINES)
def test_a_country_acting_as_a_state_stays_a_place(engine: str) -> None:
    text = (
        "Russia's president said sanctions against Russia would fail.\n\n"
        "Officials in Russia said the talks with France would go on in Paris."
    )
    facts = extract_facts(make_article(text), engine=engine)
    assert "Russia" in {e.name for e in facts.places}


@pytest.mark.parametrize("engine", ENGINES)
def test_an_organisation_named_once_is_surer_when_its_context_says_what_it_is(
    engine: str,
) -> None:
    bare = "Sales rose at Quillon Studios last year, and shares rose too."
    context = "Sales rose at Quillon Studios, the games developer, last year."
    base = _find(extract_facts(make_article(bare), engine=engine), "Quillon Studios")
    told = _find(extract_facts(make_article(context), engine=engine), "Quillon Studios")
    assert base is not None and told is not None
    assert base.kind == told.kind == "organization"
    assert told.confidence > base.confidence


def test_an_organisation_head_counts_once() -> None:
    from newsbrief.facts.box import BOX_THRESHOLDS

    text = "Yesterday the decision was welcomed by Parton Rowing Club in a short note."
    club = _find(extract_facts(make_article(text), engine="rules"), "Parton Rowing Club")
    assert club is not None and club.kind == "organization"
    assert club.confidence < BOX_THRESHOLDS["organizations"]  # one mention, one cue


@pytest.mark.parametrize("engine", ENGINES)
def test_a_club_called_by_its_town_joins_the_club(engine: str) -> None:
    text = (
        "Borussia Dortmund beat Schalke 2-0 in the league on Saturday.\n\n"
        "Dortmund defender Erik Durm scored twice, and Dortmund manager Jurgen Klopp "
        "praised the squad. The win over Schalke lifts Dortmund to fourth in La Liga's "
        "rival, the Bundesliga, with goals from the whole side."
    )
    facts = extract_facts(make_article(text), engine=engine)
    dortmund = [e for e in _all(facts) if "Dortmund" in (e.name, *e.aliases)]
    assert len(dortmund) == 1 and dortmund[0].kind == "organization"
    assert dortmund[0].name == "Borussia Dortmund"
    assert "Dortmund" not in {e.name for e in facts.places}
    liga = _find(facts, "La Liga")
    assert liga is None or liga.kind == "event"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_name_never_ends_in_a_function_word_or_a_caption_label(engine: str) -> None:
    from newsbrief.facts.mentions import clean_mention
    from newsbrief.facts.ner import Mention

    for raw, want in [
        ("Clarence J. Brown Dam and", "Clarence J. Brown Dam"),
        ("Porto AGE", "Porto"),
        ("Theresa May", "Theresa May"),
        ("Scot Bradley Neil", "Bradley Neil"),
    ]:
        cleaned = clean_mention(Mention(raw, "person", 0, len(raw)), {})
        assert cleaned is not None and cleaned.text == want
    facts = extract_facts(make_article("The Scot said the course was hard."), engine=engine)
    assert "Scot" not in {e.name for e in _all(facts)}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_party_label_is_the_party(engine: str) -> None:
    text = (
        "The Liberal Democrats want a new tax, said Lib Dem Norman Baker.\n\n"
        "The Lib Dem plan was costed, Norman Baker said, and the Lib Dems backed it."
    )
    facts = extract_facts(make_article(text), engine=engine)
    assert not {"Lib Dem", "Lib Dems"} & {e.name for e in facts.people}
    parties = [e for e in facts.organizations if "Lib Dem" in (e.name, *e.aliases)]
    assert len(parties) == 1 and "Liberal Democrats" in (parties[0].name, *parties[0].aliases)


def test_a_name_after_the_is_not_a_person() -> None:
    from newsbrief.facts.kinds import NameGroup, correct_kinds

    text = "The case went to the Old Bailey, where the Old Bailey jury was out for a day."
    starts = tuple(i for i in range(len(text)) if text.startswith("Old Bailey", i))
    groups = {"old bailey": NameGroup(("Old Bailey",), starts, "person")}
    assert correct_kinds(groups, text) == {"old bailey": "organization"}
    at = "Three men stood trial at the Old Bailey."  # "at the X": a place
    groups = {"old bailey": NameGroup(("Old Bailey",), (at.index("Old"),), "person")}
    assert correct_kinds(groups, at) == {"old bailey": "place"}
    named = "Police spoke to Anna Bailey. Anna Bailey said she saw the car."
    starts = tuple(i for i in range(len(named)) if named.startswith("Anna Bailey", i))
    groups = {"anna bailey": NameGroup(("Anna Bailey",), starts, "person")}
    assert correct_kinds(groups, named) == {}


@pytest.mark.parametrize("engine", ENGINES)
def test_an_undefined_acronym_joins_the_name_it_spells(engine: str) -> None:
    text = (
        "In a statement, the Department of Trade and Industry said the plan was sound.\n\n"
        "Campaigners said the DTI had ignored them, and the DTI declined to comment."
    )
    facts = extract_facts(make_article(text), engine=engine)
    dti = [e for e in _all(facts) if "DTI" in (e.name, *e.aliases)]
    assert len(dti) == 1
    assert "Department of Trade and Industry" in (dti[0].name, *dti[0].aliases)


def test_an_acronym_written_as_a_word_joins_the_name_it_spells() -> None:
    from newsbrief.facts.mentions import Group, merge_short_forms

    groups = {"apec": Group(), "asia pacific economic co-operation": Group(), "tesco": Group()}
    groups["apec"].forms["Apec"] += 2
    groups["asia pacific economic co-operation"].forms["Asia Pacific Economic Co-operation"] += 1
    groups["tesco"].forms["Tesco"] += 1
    kinds: dict[str, str | None] = {k: "organization" for k in groups}
    merge_short_forms(groups, kinds)  # type: ignore[arg-type]
    assert set(groups) == {"asia pacific economic co-operation", "tesco"}
    assert groups["asia pacific economic co-operation"].forms["Apec"] == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_a_head_first_name_keeps_its_coordinated_complement(engine: str) -> None:
    text = (
        "A Department for Education and Skills spokeswoman said the venture had been a "
        "success, and the Daily Mirror reported the same."
    )
    facts = extract_facts(make_article(text), engine=engine)
    orgs = {e.name for e in facts.organizations}
    assert "Department for Education and Skills" in orgs
    assert not {"Skills", "Department for Education"} & {e.name for e in _all(facts)}
    assert "Daily Mirror" not in {e.name for e in facts.people}


def test_the_context_of_an_organisation_overrides_a_person_label() -> None:
    text = (
        "Analysts at Forrester Research expect prices to fall, and "
        "Forrester Research said sales would rise."
    )
    facts = extract_facts(make_article(text), engine="rules")
    forrester = _find(facts, "Forrester Research")
    assert forrester is not None and forrester.kind == "organization"
    managing = "Managing director James Freeman said the buses would run on time."
    facts = extract_facts(make_article(managing), engine="rules")
    assert "Managing" not in {e.name for e in facts.organizations}


def test_the_raw_model_benchmark_keeps_one_item_per_span_under_its_usual_label() -> None:
    import importlib.util
    import sys
    from pathlib import Path

    from newsbrief.facts.ner import Mention

    bench = Path(__file__).resolve().parents[1] / "benchmarks"
    sys.path.insert(0, str(bench))
    try:
        spec = importlib.util.spec_from_file_location("facts_raw_ner", bench / "facts_raw_ner.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(bench))
    mentions = [
        Mention("Chelsea", "place", 0, 7),
        Mention("Chelsea", "organization", 20, 27),
        Mention("Chelsea", "organization", 40, 47),
        Mention("Eden Hazard", "person", 60, 71),
        Mention("Euro 2016", "event", 80, 89),
    ]
    items = module.raw_items(mentions, None)
    assert [i["name"] for i in items["organizations"]] == ["Chelsea"]
    assert [i["name"] for i in items["people"]] == ["Eden Hazard"]
    assert items["places"] == [] and module.raw_items(mentions, 1)["people"] == []


def test_a_place_run_into_a_persons_name_is_split() -> None:
    from newsbrief.facts.mentions import split_glued
    from newsbrief.facts.ner import Mention

    runs = ["Wembley Frank Lampard", "Royal Albert Hall", "St James Park", "Det Insp Mark Ray"]
    mentions = [Mention(r, "organization", 100 * k, 100 * k + len(r)) for k, r in enumerate(runs)]
    out = [m.text for m in split_glued(mentions, frozenset())]
    assert out == ["Wembley", "Frank Lampard", "Royal Albert Hall", "St James Park", runs[3]]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_police_rank_is_a_role(engine: str) -> None:
    text = (
        "PC Keith Palmer died in the attack on Wednesday.\n\n"
        "Officers paid tribute to PC Keith Palmer, and Det Ch Insp Bev Hyland said the "
        "inquiry would continue."
    )
    facts = extract_facts(make_article(text), engine=engine)
    people = {e.name: e for e in facts.people}
    assert "Keith Palmer" in people and people["Keith Palmer"].role == "PC"
    assert "Bev Hyland" in people


@pytest.mark.parametrize("engine", ENGINES)
def test_a_role_is_not_someone_elses_title_or_name(engine: str) -> None:
    text = (
        "The appeal was heard by Lord Justice Patten and Sir Timothy Lloyd on Monday.\n\n"
        "Work and Pensions Secretary Iain Duncan Smith said the rules were fair, and "
        "Secretary of State Mike Pompeo agreed."
    )
    facts = extract_facts(make_article(text), engine=engine)
    roles = {e.name: e.role for e in facts.people}
    assert roles.get("Timothy Lloyd") in (None, "Sir")
    assert roles.get("Iain Duncan Smith", "Work and Pensions Secretary") == (
        "Work and Pensions Secretary"
    )
    assert roles.get("Mike Pompeo", "Secretary of State") == "Secretary of State"


def test_a_title_word_right_before_the_name_ends_the_role() -> None:
    from newsbrief.facts.roles import _role_before

    text = "Tory chief Iain Duncan Smith spoke. At the Court of Appeal Mr Barry Beavis lost."
    assert _role_before(text, text.index("Duncan"), 0) == "Tory chief"
    at = text.index("Barry")
    assert _role_before(text, at, text.index("At")) is None


def test_repetition_alone_does_not_show_an_organisation_or_place() -> None:
    from newsbrief.facts.box import BOX_THRESHOLDS
    from newsbrief.facts.confidence import EntityEvidence, entity_confidence

    for kind, slot in (("organization", "organizations"), ("place", "places")):
        bare = EntityEvidence(kind, 1, 5, False, False, 1.0, True, False)
        cued = EntityEvidence(kind, 1, 5, False, True, 1.0, True, False)
        assert entity_confidence(bare) < BOX_THRESHOLDS[slot] <= entity_confidence(cued)
    person = EntityEvidence("person", 2, 5, False, False, 1.0, True, False)
    assert entity_confidence(person) >= BOX_THRESHOLDS["people"]  # people: a name is its kind


def test_a_chief_executive_keeps_the_whole_title() -> None:
    from newsbrief.facts.roles import _role_before

    text = "Chief Executive Laura Brandt said profits rose."
    assert _role_before(text, text.index("Laura"), 0) == "Chief Executive"


@pytest.mark.parametrize("engine", ENGINES)
def test_two_coordinated_schools_stay_two_and_a_title_with_mr_is_a_work(engine: str) -> None:
    text = (
        "The report was published today.\n\n"
        "Pupils at Park View Academy and Saltley School were affected, and Avon and "
        "Somerset Police said so. The film Saving Mr Banks was a hit, and Saving Mr Banks "
        "won praise."
    )
    facts = extract_facts(make_article(text), engine=engine)
    orgs = {e.name for e in facts.organizations}
    assert {"Park View Academy", "Saltley School", "Avon and Somerset Police"} <= orgs
    assert "Academy and Saltley School" not in orgs
    assert "Saving Mr Banks" not in {e.name for e in (*facts.organizations, *facts.people)}


def test_one_caption_running_into_a_name_does_not_make_a_person_a_club() -> None:
    from newsbrief.facts.kinds import NameGroup, correct_kinds

    text = (
        "Alberto Bueno scored twice. Alberto Bueno joined in 2010. He had a spell with "
        "the club Alberto Bueno celebrates scoring."
    )
    starts = tuple(i for i in range(len(text)) if text.startswith("Alberto Bueno", i))
    groups = {"alberto bueno": NameGroup(("Alberto Bueno",), starts, "person")}
    assert correct_kinds(groups, text) == {}
    firm = "Analysts at Quillon said so. Quillon, the games developer, agreed."
    starts = tuple(i for i in range(len(firm)) if firm.startswith("Quillon", i))
    groups = {"quillon": NameGroup(("Quillon",), starts, "person")}
    assert correct_kinds(groups, firm) == {"quillon": "organization"}


@pytest.mark.parametrize("engine", ENGINES)
def test_in_a_sports_report_a_place_needs_in_or_at_to_be_shown_as_a_place(engine: str) -> None:
    from newsbrief.facts import box_facts

    text = (
        "Spain's defeat by Holland brought back memories for the striker and the "
        "goalkeeper, who conceded two goals in the league and the cup this season.\n\n"
        "The match was played in Amsterdam, and Holland now lead the group. Spain must "
        "beat Slovakia in Seville next month."
    )
    facts = extract_facts(make_article(text), engine=engine)
    shown = {e.name for e in box_facts(facts).places}
    assert not {"Holland", "Slovakia"} & shown
    places = {e.name: e for e in facts.places}
    if "Amsterdam" in places and "Holland" in places:
        assert places["Amsterdam"].confidence > places["Holland"].confidence


@pytest.mark.parametrize("engine", ENGINES)
def test_a_name_before_a_noun_for_residents_is_where_they_live(engine: str) -> None:
    text = (
        "The show is popular.\n\n"
        "A Darwin woman has become a TV sensation in the Philippines. Darwin is her home, "
        "and Natalia Moon said she was pleased."
    )
    facts = extract_facts(make_article(text), engine=engine)
    assert "Darwin" not in {e.name for e in facts.people}
    assert "Natalia Moon" in {e.name for e in facts.people}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_basketball_report_is_a_sports_report_and_its_opponents_are_sides(engine: str) -> None:
    """The sports words cover American sports too: 'a loss to Detroit' in an NBA report
    is a team, not a place to list in the box."""
    from newsbrief.facts import box_facts
    from newsbrief.facts.kinds import sports_report

    text = (
        "The Rivertown Hawks fired coach Sam Bell on Monday after a six-game loss to "
        "Detroit in the playoffs last season and a slow start to this one.\n\n"
        "Bell is the third NBA head coach fired this season. The quarterback-style "
        "point guard Jon Reyes led the basketball team in rebounds."
    )
    assert sports_report(text)
    assert not sports_report("The council met on Monday to discuss the new budget for Detroit.")
    facts = extract_facts(make_article(text), engine=engine)
    assert "Detroit" not in {e.name for e in box_facts(facts).places}
