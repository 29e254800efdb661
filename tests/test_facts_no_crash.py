"""extract_facts never fails on a dev article (a KeyError in merging short forms did once)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbrief.clean import clean
from newsbrief.facts import extract_facts
from newsbrief.load import from_object
from test_facts import ENGINES

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "articles_dev.jsonl"


@pytest.mark.skipif(not DATA.exists(), reason="needs ../shared/eval/articles_dev.jsonl")
@pytest.mark.parametrize("engine", ENGINES)
def test_a_short_form_absorbed_earlier_does_not_break_merging(engine: str) -> None:
    # 'Saints' and 'New Orleans' both point at 'New Orleans Saints', which one of them
    # absorbed first: the second merge must not look the absorbed name up.
    for line in DATA.open(encoding="utf-8"):
        item = json.loads(line)
        if item["id"] == "ecbplus-25_5ecbplus":
            raw = {"title": item.get("title", ""), "text": item["text"]}
            facts = extract_facts(clean(from_object(raw, item["id"])), engine=engine)
            assert facts.people or facts.organizations
            return
    pytest.skip("article not in this copy of the data")
