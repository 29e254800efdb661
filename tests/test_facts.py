"""Key facts: the seed article's facts with both engines, precision, traceability, small cases."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbrief.clean import clean
from newsbrief.facts import extract_facts, extract_facts_many, merge_facts, ner_engine_name
from newsbrief.facts.kinds import NameGroup, correct_kinds
from newsbrief.facts.ner import _load_spacy, model_name
from newsbrief.load import load
from newsbrief.split import split_paragraph
from newsbrief.types import Article, DateFact, Entity, Facts, Figure, Quote, Sentence, to_dict

SPACY_INSTALLED = _load_spacy(model_name()) is not None
ENGINES = [
    pytest.param(
        "spacy",
        marks=pytest.mark.skipif(not SPACY_INSTALLED, reason="spaCy model not installed"),
    ),
    "rules",
]


def make_article(text: str, *, published: str | None = None, title: str = "A headline") -> Article:
    """An Article from paragraphs separated by blank lines (no dependence on clean.py)."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    sentences: list[Sentence] = []
    for number, paragraph in enumerate(paragraphs):
        for sentence in split_paragraph(paragraph):
            sentences.append(Sentence(index=len(sentences), paragraph=number, text=sentence))
    return Article(
        id="t",
        location="<test>",
        title=title,
        text="\n\n".join(paragraphs),
        sentences=tuple(sentences),
        published=published,
    )


@pytest.fixture
def seed_article(seed_path: Path) -> Article:
    article = clean(load(str(seed_path))[0])
    return replace(article, published="2021-07-26")  # until clean reads the dateline


@pytest.fixture(params=ENGINES)
def seed_facts(request: pytest.FixtureRequest, seed_article: Article) -> Facts:
    return extract_facts(seed_article, engine=request.param)


def _forms(entity: Entity) -> list[str]:
    return [entity.name, *entity.aliases]


def _having(entities: tuple[Entity, ...], word: str) -> list[Entity]:
    return [e for e in entities if any(word.casefold() in f.casefold() for f in _forms(e))]


# --------------------------------------------------------------------------- seed article


@pytest.mark.parametrize("surname", ["Kadhimi", "Biden", "Psaki", "Soleimani"])
def test_seed_people_are_found_once_each(seed_facts: Facts, surname: str) -> None:
    assert len(_having(seed_facts.people, surname)) == 1


def test_seed_places_and_organisations(seed_facts: Facts) -> None:
    places = {e.name for e in seed_facts.places}
    assert {"Iraq", "Baghdad", "Anbar"} <= places
    organizations = {e.name for e in seed_facts.organizations}
    assert {"Islamic State", "Associated Press"} <= organizations
    # the abbreviations are aliases of their long forms, not entities of their own
    assert not {"AP", "IS", "PM", "US"} & (
        organizations | places | {e.name for e in seed_facts.people}
    )
    assert "AP" in _having(seed_facts.organizations, "Associated Press")[0].aliases


def test_seed_roles_and_merged_mentions(seed_facts: Facts) -> None:
    kadhimi = _having(seed_facts.people, "Kadhimi")[0]
    assert kadhimi.name == "Mustafa al-Kadhimi"
    assert kadhimi.role == "Iraqi Prime Minister"
    assert "Kadhimi" in kadhimi.aliases and "PM" in kadhimi.aliases  # "the PM noted"
    assert kadhimi.mentions >= 8
    assert _having(seed_facts.people, "Psaki")[0].role == "White House Press Secretary"
    # the most salient person is the one the article is about
    assert seed_facts.people[0].name == "Mustafa al-Kadhimi"


def test_seed_dates_resolved_against_the_article_date(seed_facts: Facts) -> None:
    by_iso = {d.iso: d for d in seed_facts.dates}
    assert {"2021-07-26", "2021-07-25", "2021-07-23", "2021-04", "2020-01"} <= set(by_iso)
    assert by_iso["2021-07-25"].text.lower() == "on sunday"
    assert by_iso["2021-07-23"].text.lower() == "on friday"
    assert "meet" in (by_iso["2021-07-26"].event or "")
    assert "drone strike" in (by_iso["2020-01"].event or "")


def test_seed_five_wounded_is_a_figure(seed_facts: Facts) -> None:
    wounded = [f for f in seed_facts.figures if f.counts and "wounded" in f.counts]
    assert [(f.value, f.counts) for f in wounded] == [(5.0, "people wounded")]
    # the people inside "including two ... and three ..." are not separate headline figures
    assert not any(f.value in (2.0, 3.0) for f in seed_facts.figures)
    # no year or date shows up as a figure
    assert not any(f.value in (2020.0, 2021.0, 26.0) for f in seed_facts.figures)


def test_seed_quotes_are_attributed(seed_facts: Facts) -> None:
    speakers = {q.text: q.speaker for q in seed_facts.quotes}
    no_need = "There is no need for any foreign combat forces on Iraqi soil"
    assert speakers[no_need] == "Mustafa al-Kadhimi"
    bilateral = [q for q in seed_facts.quotes if "strengthening bilateral cooperation" in q.text]
    assert [q.speaker for q in bilateral] == ["Jen Psaki"]
    # two-word scare quotes ("significant pressure", "placate") are not quotations
    assert not any(len(q.text.split()) < 4 for q in seed_facts.quotes)
    assert all(q.speaker for q in seed_facts.quotes)


def test_seed_has_no_junk_entities(seed_facts: Facts) -> None:
    entities = (*seed_facts.people, *seed_facts.organizations, *seed_facts.places)
    names = [e.name for e in entities]
    for name in names:
        assert name[0].isupper(), name
        assert name.casefold() not in {"he", "she", "they", "it", "the", "source"}
        assert "SOURCE" not in name and "KHALID" not in name.upper()  # caption credit
        assert "Says" not in name and "Combat Troops" not in name  # headline fragments
    assert len(names) == len({n.casefold() for n in names})
    # no person listed under a second spelling: no surname is another person's entry
    people = [e.name for e in seed_facts.people]
    for person in people:
        surname = person.split()[-1].replace("al-", "")
        assert sum(surname in other for other in people) == 1, people


def _assert_traceable(article: Article, facts: Facts) -> None:
    sentences = [s.text.casefold() for s in article.sentences]

    def at(index: int) -> str:
        assert 0 <= index < len(sentences)
        return sentences[index]

    for entity in (*facts.people, *facts.organizations, *facts.places):
        assert any(f.casefold() in at(entity.sentence_index) for f in _forms(entity)), entity
    for fact in facts.dates:
        assert fact.text.casefold() in at(fact.sentence_index), fact
    for figure in facts.figures:
        number = figure.text.split()[0].casefold()
        assert number in at(figure.sentence_index), figure
    for quote in facts.quotes:
        assert quote.text[:40].casefold() in at(quote.sentence_index), quote


def test_seed_every_fact_traces_to_its_sentence(seed_article: Article, seed_facts: Facts) -> None:
    _assert_traceable(seed_article, seed_facts)


def test_seed_json_shape(seed_article: Article) -> None:
    data = to_dict(extract_facts(seed_article, engine="rules"))
    assert {"people", "organizations", "places", "dates", "figures", "quotes"} <= set(data)
    assert {"text", "speaker"} <= set(data["quotes"][0])
    assert {"text", "iso"} <= set(data["dates"][0])


# --------------------------------------------------------------------------- engines


def test_rules_engine_can_be_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ner_engine_name("rules") == "rule-based"
    monkeypatch.setenv("NEWSBRIEF_NER", "rules")
    assert ner_engine_name() == "rule-based"
    assert extract_facts(make_article("Jane Doe said hello to everyone there.")).ner == "rule-based"


@pytest.mark.skipif(not SPACY_INSTALLED, reason="spaCy model not installed")
def test_spacy_engine_names_model_and_version() -> None:
    assert ner_engine_name("spacy") == f"spaCy {model_name()} 3.8.0"


def test_missing_spacy_model_falls_back_to_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBRIEF_SPACY_MODEL", "no_such_model_xyz")
    assert ner_engine_name("auto") == "rule-based"  # and nothing was downloaded


@pytest.mark.parametrize("engine", ENGINES)
def test_people_orgs_places_on_a_small_text(engine: str) -> None:
    article = make_article(
        "German Chancellor Olaf Scholz met Emmanuel Macron in Paris on Tuesday. "
        "Scholz said the European Commission would publish its plan. "
        "The meeting was organised by Siemens Ltd and the University of Oxford."
    )
    facts = extract_facts(article, engine=engine)
    people = {e.name: e for e in facts.people}
    assert "Olaf Scholz" in people and people["Olaf Scholz"].role == "German Chancellor"
    assert people["Olaf Scholz"].mentions == 2 and "Scholz" not in people
    assert "Emmanuel Macron" in people
    assert "Paris" in {e.name for e in facts.places}
    assert "European Commission" in {e.name for e in facts.organizations}


@pytest.mark.parametrize("engine", ENGINES)
def test_batched_extraction_equals_one_by_one(engine: str) -> None:
    articles = [
        make_article("Chancellor Olaf Scholz visited Paris on Monday.", published="2021-07-26"),
        make_article("“We are ready for all of it now,” said Maria Lopez in Madrid."),
        make_article("Acme Inc said profits rose 12% to $3bn in 2020."),
    ]
    batched = list(extract_facts_many(iter(articles), engine=engine))
    assert batched == [extract_facts(a, engine=engine) for a in articles]


def test_captions_and_credits_give_no_entities() -> None:
    article = make_article(
        "Flood Waters Rise Across Northern Towns\n\n"
        "SOURCE: JOHN SMITH/REUTERS\n\n"
        "Photo: Anna Berg for Nordic News\n\n"
        "Rescue teams in Hamburg evacuated dozens of homes on Monday, officials said."
    )
    facts = extract_facts(article, engine="rules")
    names = {e.name for e in (*facts.people, *facts.organizations, *facts.places)}
    assert names == {"Hamburg"}


# --------------------------------------------------------------------------- dates


def _isos(text: str, published: str | None = "2021-07-26") -> dict[str, str]:
    facts = extract_facts(make_article(text, published=published), engine="rules")
    return {d.text: d.iso for d in facts.dates}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The talks took place on Sunday in Rome.", "2021-07-25"),
        ("He arrived in the capital on Monday morning.", "2021-07-26"),
        ("They will meet again on Friday to sign it.", "2021-07-30"),
        ("The vote is set for next Monday in parliament.", "2021-08-02"),
        ("The fighting ended last Monday near the border.", "2021-07-19"),
        ("The bridge collapsed yesterday after heavy rain.", "2021-07-25"),
        ("Prices rose sharply last week across Europe.", "2021-W29"),
        ("The deal was agreed in April after months of talks.", "2021-04"),
        ("The election will be held in September next year.", "2021-09"),
        ("The strike began in January 2020 and lasted weeks.", "2020-01"),
        ("The law was passed on 3 March 2019 by the assembly.", "2019-03-03"),
        ("The law was passed on March 3, 2019 by the assembly.", "2019-03-03"),
        ("The report is due on July 30 according to officials.", "2021-07-30"),
        ("The company was founded in 1998 by two students.", "1998"),
    ],
)
def test_dates_are_normalised(sentence: str, expected: str) -> None:
    assert expected in _isos(sentence).values()


def test_relative_dates_need_the_article_date() -> None:
    isos = _isos("The strike began on Sunday and ended in May 2020 after talks.", published=None)
    assert list(isos.values()) == ["2020-05"]


def test_may_the_verb_is_not_a_month() -> None:
    assert _isos("Officials may decide later whether the plan goes ahead.") == {}


def test_month_before_article_date_goes_to_previous_year() -> None:
    assert _isos("The deal was agreed in April after talks.", published="2021-03-10") == {
        "in April": "2020-04"
    }


# --------------------------------------------------------------------------- figures


def _figures(text: str) -> list[Figure]:
    return list(extract_facts(make_article(text), engine="rules").figures)


def test_money_and_percentages() -> None:
    figures = _figures(
        "The firm paid $5bn for the unit and £3.2 million in fines, while sales fell 12% "
        "and the fine was 50,000 euros."
    )
    values = {(f.value, f.unit) for f in figures}
    assert (5e9, "USD") in values
    assert (3.2e6, "GBP") in values
    assert (12.0, "%") in values
    assert (50000.0, "EUR") in values
    assert figures[0].unit == "USD"  # money first


def test_casualties_in_words_and_digits() -> None:
    figures = _figures(
        "At least 12 soldiers were killed and two civilians were injured in the attack."
    )
    assert {(f.value, f.counts) for f in figures} >= {
        (12.0, "soldiers killed"),
        (2.0, "civilians injured"),
    }
    assert all(f.unit == "casualties" for f in figures)


def test_years_dates_and_ordinals_are_not_figures() -> None:
    figures = _figures(
        "In 2019 the 3rd round was played on 4 July, and the team won its 21st title at 10:30."
    )
    assert figures == []


def test_scores_in_match_reports() -> None:
    figures = _figures("Federer beat Safin 6-4 6-3 to win the final in Melbourne.")
    assert [(f.text, f.unit) for f in figures] == [("6-4", "score"), ("6-3", "score")]


def test_counted_year_is_a_figure_not_a_date() -> None:
    facts = extract_facts(make_article("About 2000 people marched in the 2004 protests."))
    assert [d.iso for d in facts.dates] == ["2004"]
    assert [(f.value, f.counts) for f in facts.figures] == [(2000.0, "people")]


def test_ages_are_figures() -> None:
    figures = _figures("Joss Stone, a 17-year-old soul singer from Devon, won the award.")
    assert [(f.value, f.unit) for f in figures] == [(17.0, "years old")]


# --------------------------------------------------------------------------- quotes


def _quotes(text: str, engine: str = "rules") -> list[Quote]:
    return list(extract_facts(make_article(text), engine=engine).quotes)


@pytest.mark.parametrize(
    "text",
    [
        '"We will not give up on this project now," said Maria Lopez, the mayor.',
        "“We will not give up on this project now,” Maria Lopez told reporters.",
        'Maria Lopez said: "We will not give up on this project now."',
        "“We will not give up on this project now,” according to Maria Lopez.",
    ],
)
def test_quote_speaker_patterns(text: str) -> None:
    quotes = _quotes(text)
    assert [q.text.rstrip(".") for q in quotes] == ["We will not give up on this project now"]
    assert quotes[0].speaker == "Maria Lopez"


def test_pronoun_and_surname_speakers_resolve_to_the_full_name() -> None:
    quotes = _quotes(
        "Mayor Maria Lopez opened the new bridge on Tuesday. "
        "“This bridge will change the life of the town,” she said. "
        "“It took us ten long years to build it,” Lopez added. "
        "“And it came in under budget too.”"
    )
    assert [q.speaker for q in quotes] == ["Maria Lopez"] * 3


def test_unattributed_quote_has_no_speaker() -> None:
    quotes = _quotes("The sign read “no entry for any vehicles after dark” in red letters.")
    assert [q.speaker for q in quotes] == [None]


# --------------------------------------------------------------------------- merge


def test_merge_facts_merges_spellings_and_dedupes() -> None:
    first = Facts(
        people=(Entity("Joe Biden", "person", 2, role="US President", mentions=3, salience=5.0),),
        places=(Entity("Iraq", "place", 0, mentions=4, salience=6.0),),
        dates=(DateFact("on Monday", "2021-07-26", 2, event=None),),
        figures=(Figure("five people", 7, 5.0, "casualties", "people wounded"),),
        quotes=(
            Quote("There is no need for any foreign combat forces on Iraqi soil", 3, "Kadhimi"),
        ),
        ner="spaCy x",
    )
    second = Facts(
        people=(
            Entity("Biden", "person", 9, mentions=2, salience=2.0),
            Entity("Hunter Biden", "person", 4, mentions=1, salience=1.0),
            Entity("Mustafa al-Kadhimi", "person", 1, aliases=("Kadhimi",), salience=4.0),
        ),
        places=(Entity("Iraq", "place", 5, mentions=1, salience=1.0),),
        dates=(DateFact("July 26", "2021-07-26", 4, event="meet Kadhimi"),),
        figures=(Figure("5 people", 8, 5.0, "casualties", "People wounded"),),
        quotes=(Quote("no need for any foreign combat forces", 6, None),),
        ner="spaCy x",
    )
    merged = merge_facts([first, second])
    biden = [e for e in merged.people if e.name == "Joe Biden"]
    assert len(biden) == 1 and biden[0].mentions == 5 and biden[0].sentence_index == 2
    assert "Biden" in biden[0].aliases and biden[0].role == "US President"
    assert "Hunter Biden" in {e.name for e in merged.people}
    assert [(p.name, p.mentions, p.sentence_index) for p in merged.places] == [("Iraq", 5, 0)]
    assert [(d.iso, d.sentence_index, d.event) for d in merged.dates] == [
        ("2021-07-26", 2, "meet Kadhimi")
    ]
    assert len(merged.figures) == 1
    assert [(q.sentence_index, q.speaker) for q in merged.quotes] == [(3, "Mustafa al-Kadhimi")]
    assert merged.ner == "spaCy x"


def test_merge_of_nothing_is_empty() -> None:
    assert merge_facts([]).is_empty()


def test_merge_of_one_keeps_it(seed_article: Article) -> None:
    facts = extract_facts(seed_article, engine="rules")
    merged = merge_facts([facts])
    assert [e.name for e in merged.people] == [e.name for e in facts.people]
    assert merged.quotes == facts.quotes and merged.dates == facts.dates


# --------------------------------------------------------------------------- robustness


def test_hostile_long_text_stays_sane() -> None:
    chunk = (
        "A. B. C. D “unclosed quote and $ 5 %% per cent ,,, 1,000,000,000 "
        + "The The The " * 5
        + "Mr Mr Mr. al-al-al- ((((( ))))) "
    )
    text = (chunk * (300_000 // len(chunk)))[:300_000]
    facts = extract_facts(make_article(text), engine="rules")
    for entity in (*facts.people, *facts.organizations, *facts.places):
        assert len(entity.name.split()) <= 7


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "Joe Biden said on Monday that 5 people were hurt.",
                "“We are ready to act now,” he said.",
                "The Islamic State (IS) attacked Baghdad in April.",
                "Prices rose 12% to $3bn, Acme Inc said.",
                "Kadhimi met Biden.",
                "THE END",
                'He said "wait for it now please" twice.',
            ]
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_mix_of_sentences_gives_traceable_facts(sentences: list[str]) -> None:
    article = make_article(" ".join(sentences), published="2021-07-26")
    facts = extract_facts(article, engine="rules")
    _assert_traceable(article, facts)
    assert re.fullmatch(r"[\w .&'’-]+", "".join(e.name for e in facts.people) or "x")


# --------------------------------------------------------------------------- entity kinds


def _kinds(facts: Facts) -> dict[str, str]:
    return {e.name: e.kind for e in (*facts.people, *facts.organizations, *facts.places)}


@pytest.mark.parametrize("engine", ENGINES)
def test_org_head_nouns_make_companies_and_clubs(engine: str) -> None:
    article = make_article(
        "Northwind Foods said on Tuesday its profit rose 14 percent. "
        "Kessler United won the cup on Sunday, beating Redhill Rovers 2-1. "
        "Chief Executive Laura Brandt said shoppers were buying more."
    )
    kinds = _kinds(extract_facts(article, engine=engine))
    assert kinds["Northwind Foods"] == "organization"
    assert kinds["Kessler United"] == "organization"
    assert kinds["Redhill Rovers"] == "organization"
    assert kinds["Laura Brandt"] == "person"


@pytest.mark.parametrize("engine", ENGINES)
def test_geographic_heads_and_prefixes_make_places(engine: str) -> None:
    article = make_article(
        "A wildfire swept through Mirabel Valley on Monday. "
        "Ferries from Port Harlow were cancelled and the tunnel under the Ashcombe Hills "
        "was closed. The final was played at Stanmore Park."
    )
    kinds = _kinds(extract_facts(article, engine=engine))
    names = ("Mirabel Valley", "Port Harlow", "Ashcombe Hills", "Stanmore Park")
    for place in names:  # never a person or an organisation
        assert kinds.get(place, "place") == "place", (place, kinds)
    assert sum(place in kinds for place in names) >= 3, kinds  # the model misses one at most


@pytest.mark.parametrize("engine", ENGINES)
def test_village_of_and_place_prefix_make_places(engine: str) -> None:
    article = make_article(
        "The board approved the construction of the Ashcombe rail tunnel, which will run "
        "beneath the Ashcombe Hills. Most objections came from residents of the village "
        "of Brindle. Karel Dijkstra, a spokesman for the Brindle residents, said they "
        "would appeal."
    )
    facts = extract_facts(article, engine=engine)
    kinds = _kinds(facts)
    assert kinds.get("Brindle") == "place"
    assert kinds.get("Ashcombe", "place") == "place"  # a place when found at all
    assert kinds["Karel Dijkstra"] == "person"
    assert {e.name for e in facts.people} == {"Karel Dijkstra"}


@pytest.mark.parametrize("engine", ENGINES)
def test_person_evidence_beats_head_nouns(engine: str) -> None:
    article = make_article(
        "Director Michael Bay said the film would open in June. "
        "“The quarter was cleaner than expected,” said Sophie Laurent, an analyst at "
        "Kestrel Securities."
    )
    kinds = _kinds(extract_facts(article, engine=engine))
    assert kinds["Michael Bay"] == "person"
    assert kinds["Sophie Laurent"] == "person"
    assert kinds["Kestrel Securities"] == "organization"


def _correct(text: str, name: str, kind: str = "person") -> str | None:
    starts = tuple(m.start() for m in re.finditer(re.escape(name), text))
    group = NameGroup((name,), starts, kind)  # type: ignore[arg-type]
    return correct_kinds({name.casefold(): group}, text).get(name.casefold())


def test_locative_cue_makes_a_place_only_without_person_evidence() -> None:
    assert _correct("Crews were sent to help in Calvera on Monday.", "Calvera") == "place"
    assert _correct("He met Calvera at the hall. Mr Calvera said no.", "Calvera") is None
    assert _correct("Calvera said it was over, in Calvera we trust.", "Calvera") is None
    assert _correct("There is no faith in Calvera's plan.", "Calvera") is None
    assert _correct("Fans in Calvera cheered. Calvera ran. Calvera scored.", "Calvera") is None
    assert _correct("She stayed in Maria Lopez for a week.", "Maria Lopez") is None


def test_kind_rules_leave_gazetteer_and_non_person_names_alone() -> None:
    assert _correct("Flights to Vatican City resumed.", "Vatican City") is None
    assert _correct("Shares in Acme Bank fell.", "Acme Bank", "organization") is None
    assert _correct("the village of Dunmore was flooded", "Dunmore", "unknown") == "place"


@pytest.mark.parametrize("engine", ENGINES)
def test_title_of_an_organisation_is_not_part_of_a_name(engine: str) -> None:
    article = make_article(
        "Sir Nick Partridge, Chief Executive of Terrence Higgins Trust, said the rule "
        "was too strict. Councillor Joan Atherton said the council would help."
    )
    kinds = _kinds(extract_facts(article, engine=engine))
    assert kinds.get("Terrence Higgins Trust") == "organization", kinds
    assert kinds.get("Joan Atherton") == "person", kinds
    assert not any(name.startswith(("Executive", "Councillor", "of ")) for name in kinds)


def _group_of(text: str, name: str, kind: str) -> NameGroup:
    starts = tuple(m.start() for m in re.finditer(rf"\b{re.escape(name)}\b(?! Square)", text))
    return NameGroup((name,), starts, kind)  # type: ignore[arg-type]


def test_a_known_given_name_alone_stays_a_person() -> None:
    for first, expected in (("David", {}), ("Ashcombe", {"ashcombe": "place"})):
        text = f"Fans met at {first} Square. Later {first} waved to the crowd in {first} Square."
        groups = {
            first.casefold(): _group_of(text, first, "person"),
            f"{first} square".casefold(): _group_of(text, f"{first} Square", "place"),
        }
        assert correct_kinds(groups, text) == expected
