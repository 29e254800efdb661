"""The hand-judged box check (benchmarks/facts_box_judged): well-formed, selected by its rule."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
JUDGED = REPO / "benchmarks" / "facts_box_judged"


def _load() -> ModuleType:
    path = REPO / "benchmarks" / "facts_box_judged.py"
    spec = importlib.util.spec_from_file_location("facts_box_judged", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["facts_box_judged"] = module
    spec.loader.exec_module(module)
    return module


fbj = _load()


def test_judgments_are_well_formed() -> None:
    lines = (JUDGED / "judgments.jsonl").read_text(encoding="utf-8").splitlines()
    keys = set()
    for line in lines:
        j = json.loads(line)
        assert j["slot"] in fbj.SLOTS and j["item"] and j["id"]
        assert j["verdict"] in ("right", "wrong")
        assert bool(j["reason"]) == (j["verdict"] == "wrong")  # every wrong item says why
        assert re.fullmatch(r"[0-9a-f]{7,40}", j["commit"])
        keys.add((j["id"], j["slot"], j["item"]))
    assert len(keys) == len(lines)  # one verdict per shown item


@pytest.mark.skipif(not fbj.DATA.exists(), reason="needs ../shared/eval/articles_dev.jsonl")
def test_selection_follows_the_rule_and_the_readme() -> None:
    chosen = fbj.select(fbj.load_rows())
    ids = [row["id"] for _, row in chosen]
    assert len(ids) == len(set(ids)) == 15 * fbj.BATCHES == 45
    readme = (JUDGED / "README.md").read_text(encoding="utf-8")
    for batch in (1, 2, 3):
        listed = re.search(rf"- batch {batch}: (.*?)[;.]\n(?:- |\n)", readme, re.S)
        assert listed is not None
        in_readme = [i.strip() for i in listed.group(1).replace("\n", " ").split(",")]
        assert in_readme == [row["id"] for b, row in chosen if b == batch]
    judged_ids = {json.loads(line)["id"] for line in (JUDGED / "judgments.jsonl").open()}
    assert judged_ids <= set(ids)
    # the rule: hash order within each source, and the word floors
    for source, min_words, _ in fbj.RULE:
        rows = [row for _, row in chosen if row["source"] == source]
        assert all(len(r["text"].split()) >= min_words for r in rows)
        assert [fbj.id_hash(r["id"]) for r in rows] == sorted(fbj.id_hash(r["id"]) for r in rows)
