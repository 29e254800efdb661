"""The key-facts gold set is well-formed and the scorer's matching rules do what its README says."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import newsbrief.facts
from newsbrief.types import DateFact, Entity, Facts, Figure, Quote

REPO = Path(__file__).resolve().parents[1]


def _load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "facts_gold", REPO / "benchmarks" / "facts_gold.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["facts_gold"] = module
    spec.loader.exec_module(module)
    return module


fg = _load_scorer()
GOLD = fg.load_gold()


# --- the gold files ----------------------------------------------------------------------------


def test_gold_files_are_well_formed() -> None:
    assert fg.validate(GOLD) == []
    per_source = Counter(a["source"] for a in GOLD)
    assert set(per_source) == {*fg.DEV_SOURCES, "inputs"}
    for source in fg.DEV_SOURCES:
        halves = Counter(a["half"] for a in GOLD if a["source"] == source)
        assert halves["tune"] == halves["report"] == fg.PER_SOURCE // 2, source
    assert all(a["half"] == "tune" for a in GOLD if a["source"] == "inputs")


def test_every_inputs_article_is_in_the_gold_and_its_spans_occur() -> None:
    inputs = fg.input_records()
    gold_inputs = [a for a in GOLD if a["source"] == "inputs"]
    assert {a["id"] for a in gold_inputs} == set(inputs)
    texts = {a["id"]: fg.source_text(a, {}, inputs) for a in gold_inputs}
    assert fg.validate(gold_inputs, texts) == []


def test_dev_ids_exist_follow_the_selection_rule_and_spans_occur(shared_dir: Path) -> None:
    data = shared_dir / "eval" / "news_dev.jsonl"
    if not data.is_file():
        pytest.skip("news_dev.jsonl is not present")
    assert fg.check(GOLD, fg.dev_items(data)) == []


def test_validate_reports_a_span_that_is_not_in_the_text() -> None:
    article = _article(people=[_entity("Ann Lee", ["Annie"])])
    assert fg.validate([article], {"t": "Ann Lee said so."}) != []
    assert fg.validate([article], {"t": "Ann Lee said so. Annie left."}) == []


# --- matching rules on tiny hand-made cases ------------------------------------------------------


def _entity(name: str, aliases: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "aliases": aliases or [], "key": True, "role": None, **extra}


def _article(**slots: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "t", "source": "inputs", "half": "tune", "date": None}
    base.update({slot: [] for slot in fg.SLOTS})
    base.update(slots)
    return base


def _person(name: str, role: str | None = None) -> Entity:
    return Entity(name=name, kind="person", sentence_index=0, role=role)


def _verdicts(slot: str, shown: list[Any], article: dict[str, Any]) -> list[bool]:
    return [v.gold is not None or v.why.startswith("= ") for v in fg.judge(slot, shown, article)]


def test_names_match_forms_of_the_same_entity_only() -> None:
    article = _article(people=[_entity("Gordon Brown", ["Brown"])])
    shown = [_person(n) for n in ("Mr Brown", "gordon  brown", "Brown's")]
    assert _verdicts("people", shown[:1], article) == [True]
    assert _verdicts("people", shown[1:2], article) == [True]
    assert _verdicts("people", shown[2:], article) == [True]
    for garbled in ("Chancellor Gordon Brown", "Anna K. Brown", "Gordon", '"Brown'):
        assert _verdicts("people", [_person(garbled)], article) == [False], garbled
    assert fg.norm_name("U.S.") == fg.norm_name("US")
    assert fg.norm_name("José Ángel") == fg.norm_name("Jose Angel")


def test_a_second_form_of_an_item_already_shown_is_a_duplicate() -> None:
    article = _article(organizations=[_entity("Democratic National Committee", ["DNC"])])
    shown = [
        Entity("DNC", "organization", 0),
        Entity("Democratic National Committee", "organization", 0),
    ]
    verdicts = fg.judge("organizations", shown, article)
    assert [v.gold for v in verdicts] == [0, None]
    assert verdicts[1].why == "duplicate"


def test_an_item_in_the_wrong_slot_is_wrong_unless_the_gold_allows_that_slot() -> None:
    article = _article(
        places=[_entity("Sellafield"), _entity("Downing Street", also=["organizations"])],
        works_events=[{**_entity("Harbour Lights"), "kind": "film"}],
    )
    as_org = [Entity(n, "organization", 0) for n in ("Sellafield", "Downing Street")]
    assert _verdicts("organizations", as_org, article) == [False, True]
    assert fg.judge("organizations", as_org[:1], article)[0].why == "is places"
    assert _verdicts("places", [Entity("Harbour Lights", "place", 0)], article) == [False]
    facts = Facts(organizations=tuple(as_org))
    counts, _, _ = fg.score_view(fg.json_items(facts), article, facts)
    # Right in the slot it was shown in, but not recall of the places slot.
    assert (counts["organizations"].shown, counts["organizations"].right) == (2, 1)
    assert counts["places"].key_found == 0


def test_dates_match_by_iso_value_and_unresolvable_ones_are_left_out() -> None:
    article = _article(
        dates=[
            {"text": "on Sunday", "iso": "2021-07-25", "event": "x", "key": True},
            {"text": "last year", "iso": None, "event": "y", "key": True},
        ]
    )
    shown = [DateFact("Sunday", "2021-07-25", 0), DateFact("25 July", "2021-07-25", 0)]
    assert _verdicts("dates", shown, article) == [True, False]
    assert _verdicts("dates", [DateFact("last year", "2020", 0)], article) == [False]
    counts, _, _ = fg.score_view({**fg.json_items(Facts()), "dates": shown[:1]}, article, Facts())
    assert (counts["dates"].key, counts["dates"].key_found) == (1, 1)


def test_figures_match_by_value_or_span_and_conversions_and_ranges_are_one_item() -> None:
    article = _article(
        figures=[
            {"text": ["£7billion"], "value": 7e9, "unit": "GBP", "counts": "a", "key": True},
            {
                "text": ["$12.5m", "£9.8m"],
                "value": 12.5e6,
                "unit": "USD",
                "counts": "b",
                "key": True,
            },
            {"text": ["18 to 24"], "value": [18, 24], "unit": "years", "counts": "c", "key": True},
            {
                "text": ["one in five"],
                "value": 0.2,
                "unit": "proportion",
                "counts": "d",
                "key": True,
            },
            {"text": ["27 per cent"], "value": 27, "unit": "percent", "counts": "e", "key": True},
        ]
    )

    def right(*figures: Figure) -> list[bool]:
        return _verdicts("figures", list(figures), article)

    assert right(Figure("£7billion", 0, 7e9, "GBP")) == [True]
    assert right(Figure("£7", 0, 7.0, "GBP")) == [False]
    conversion = (Figure("$12.5m", 0, 12.5e6, "USD"), Figure("£9.8m", 0, 9.8e6, "GBP"))
    assert right(*conversion) == [True, False]
    assert right(Figure("£9.8m", 0, 9.8e6, "GBP")) == [True]
    assert right(Figure("aged 18", 0, 18.0, None)) == [False]
    assert right(Figure("aged 18 to 24", 0, 18.0, None)) == [True]
    assert right(Figure("one in five adults", 0, 0.2, None)) == [True]
    assert right(Figure("five adults", 0, 5.0, None)) == [False]
    assert right(Figure("27%", 0, 27.0, "%")) == [True]
    assert right(Figure("27", 0, 27.0, "USD")) == [False]


def test_quotes_match_on_their_opening_and_may_not_run_past_their_end() -> None:
    article = _article(
        people=[_entity("Ann Lee", ["Lee"])],
        quotes=[
            {
                "text": "We have been through five technology transitions",
                "end": "the death of some people",
                "speaker": "Ann Lee",
                "key": True,
            }
        ],
    )
    full = (
        "We have been through five technology transitions and survived. "
        "Each one has involved the death of some people."
    )
    assert _verdicts("quotes", [Quote(full, 0, "Lee")], article) == [True]
    assert _verdicts("quotes", [Quote("We have been through five", 0)], article) == [True]
    ran_on = full + " All companies said they were investing in new tools"
    assert _verdicts("quotes", [Quote(ran_on, 0)], article) == [False]
    narrative = Quote("he said. Each one has involved the death", 0)
    assert _verdicts("quotes", [narrative], article) == [False]
    gold = article["quotes"][0]
    assert fg.speaker_right("Ms Lee", gold, article)
    assert not fg.speaker_right(None, gold, article)
    assert not fg.speaker_right("Bob Smith", gold, article)
    unnamed = {**gold, "speaker": None, "speaker_ok": ["Ann Lee"]}
    assert fg.speaker_right(None, unnamed, article) and fg.speaker_right("Lee", unnamed, article)


def test_roles_keep_former_and_may_drop_what_follows_of_or_what_precedes_the_head() -> None:
    gold = {"role": "former head of Tiga", "role_alt": ["Regional transport minister"]}
    assert fg.role_right("former head of Tiga", gold)
    assert fg.role_right("the former head", gold)
    assert not fg.role_right("head of Tiga", gold)
    assert fg.role_right("minister", gold) and fg.role_right("transport minister", gold)
    assert not fg.role_right("said Sen", gold) and not fg.role_right("Regional", gold)


def test_scores_count_precision_of_the_box_and_recall_of_key_items() -> None:
    article = _article(
        people=[_entity(f"Person {k}") for k in range(7)] + [_entity("Minor One") | {"key": False}]
    )
    shown = (*[_person(f"Person {k}") for k in range(6)], _person("Nobody Here"))
    score = fg.score_article(article, Facts(people=shown), 0.01)
    box, json_view = score.counts["box"]["people"], score.counts["json"]["people"]
    assert (box.shown, box.right, box.key, box.key_found) == (5, 5, 7, 5)
    assert (json_view.shown, json_view.right, json_view.key_found, json_view.gold) == (7, 6, 6, 8)
    # the works/events slot is scored exactly when newsbrief's Facts has it (Facts.works)
    assert ("works_events" in score.counts["json"]) == fg.has_slot(Facts(), "works_events")


def test_the_box_follows_the_products_selection_function(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = Facts(people=tuple(_person(f"P {k}") for k in range(9)))
    assert len(fg.box_items(facts)["people"]) == fg.TEMPLATE_LIMITS["people"]
    first_person = lambda f: Facts(people=f.people[:1])  # noqa: E731
    monkeypatch.setattr(newsbrief.facts, "box_facts", first_person, raising=False)
    assert [e.name for e in fg.box_items(facts)["people"]] == ["P 0"]
