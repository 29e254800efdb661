"""Figure labels from spaCy's dependency parse (issue 14): the spaCy engine only."""

from __future__ import annotations

import pytest

from newsbrief.facts import extract_facts
from newsbrief.facts.figparse import label_parser
from newsbrief.facts.spans import build_map
from test_facts import SPACY_INSTALLED, make_article

pytestmark = pytest.mark.skipif(not SPACY_INSTALLED, reason="spaCy model not installed")


def _labels(text: str, engine: str) -> dict[str, tuple[str | None, bool]]:
    figures = extract_facts(make_article(text), engine=engine).figures
    return {f.text: (f.counts, f.confidence >= 0.7) for f in figures}


def test_the_parse_gives_the_whole_object_the_rules_cut_short() -> None:
    text = (
        "India imports about 70% of its total oil consumption. About one million books will "
        "be scanned, less than 15% of the total collection held in the Bodleian."
    )
    assert _labels(text, "rules")["70%"] == ("its total oil", True)
    spacy = _labels(text, "spacy")
    assert spacy["70%"] == ("its total oil consumption", True)
    assert spacy["15%"] == ("the total collection held in the Bodleian", True)


def test_a_short_clause_is_shown_whole_and_a_long_one_keeps_the_figure_out() -> None:
    text = (
        "Roughly 80% of the things we found 10 years ago are still an issue. It will not "
        "contain the £8 billion of tax rises which independent experts say are inevitable."
    )
    assert _labels(text, "rules")["80%"] == ("the things", False)
    spacy = _labels(text, "spacy")
    assert spacy["80%"] == ("the things we found 10 years ago", True)
    assert spacy["£8 billion"] == ("tax rises", False)


def test_a_preposition_the_parse_hangs_on_the_verb_keeps_the_rules_label() -> None:
    text = "The firm paid $64m for new firefighters and could hire more."
    assert _labels(text, "spacy") == _labels(text, "rules") == {"$64m": ("new firefighters", True)}


def test_only_the_spacy_engine_parses() -> None:
    tmap = build_map(make_article("It rose 5%."))
    assert label_parser("rule-based", tmap) is None
    assert label_parser(extract_facts(make_article("x"), engine="spacy").ner, tmap) is not None


def test_a_run_on_sentence_or_a_huge_token_is_not_parsed() -> None:
    filler = "x" * 5_000
    text = f"India imports about 70% of its total oil consumption {filler} today."
    assert _labels(text, "spacy")["70%"] == _labels(text, "rules")["70%"]
