"""The key-facts box: confident items only, a few per slot, and every page format uses it."""

from __future__ import annotations

import json

from newsbrief.facts import BOX_CONFIDENCE, BOX_THRESHOLDS, box_facts
from newsbrief.facts.box import BOX_LIMITS
from newsbrief.render import render_json, render_markdown, render_text
from newsbrief.types import Briefing, DateFact, Entity, Facts, Figure, Quote, SourceLink, Story

SURE = max(BOX_THRESHOLDS.values()) + 0.1
UNSURE = BOX_CONFIDENCE - 0.2


def _person(name: str, confidence: float, salience: float = 1.0) -> Entity:
    return Entity(name, "person", 0, salience=salience, confidence=confidence)


def _facts() -> Facts:
    return Facts(
        people=(_person("Dana Reyes", SURE), _person("Harbour Lights", UNSURE)),
        places=(Entity("Marston", "place", 0, confidence=SURE),),
        dates=(DateFact("three years ago", "2018", 0, confidence=UNSURE),),
        figures=(Figure("$12.5m", 0, 12.5e6, "USD", confidence=SURE),),
        quotes=(
            Quote("We will rebuild the harbour wall", 0, "Dana Reyes", confidence=SURE),
            Quote("Nobody saw it coming at all", 0, None, confidence=SURE),
        ),
        works=(Entity("Dancing on the Edge of Night", "work", 0, confidence=SURE),),
        ner="test",
    )


def test_box_keeps_confident_items_and_quotes_with_a_speaker() -> None:
    box = box_facts(_facts())
    assert [e.name for e in box.people] == ["Dana Reyes"]
    assert [e.name for e in box.places] == ["Marston"]
    assert box.dates == ()
    assert [q.speaker for q in box.quotes] == ["Dana Reyes"]
    assert box.works == ()
    assert box.ner == "test"


def test_box_threshold_and_limits_are_parameters() -> None:
    everything = box_facts(_facts(), threshold=0.0)
    assert len(everything.people) == 2 and len(everything.dates) == 1
    crowd = Facts(people=tuple(_person(f"Person {k}", SURE) for k in range(20)))
    assert len(box_facts(crowd).people) == BOX_LIMITS["people"]
    assert [e.name for e in box_facts(crowd, limits={"people": 2}).people] == [
        "Person 0",
        "Person 1",
    ]


def _briefing() -> Briefing:
    story = Story(
        headline="Harbour wall to be rebuilt",
        summary=("The council will rebuild the harbour wall.",),
        sources=(SourceLink("Test"),),
        facts=_facts(),
    )
    return Briefing("Briefing", "2024-01-02", "2024-01-02T08:00:00+00:00", (story,))


def test_pages_show_the_box_and_json_keeps_every_fact_with_its_confidence() -> None:
    briefing = _briefing()
    for page in (render_markdown(briefing), render_text(briefing)):
        assert "Dana Reyes" in page
        assert "Harbour Lights" not in page
    data = json.loads(render_json(briefing))
    facts = data["stories"][0]["facts"]
    assert [p["name"] for p in facts["people"]] == ["Dana Reyes", "Harbour Lights"]
    assert facts["people"][1]["confidence"] == UNSURE
    assert facts["works"][0]["kind"] == "work"
    assert facts["dates"][0]["confidence"] == UNSURE
