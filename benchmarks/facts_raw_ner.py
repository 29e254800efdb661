"""spaCy's own entities against the key-facts gold set: does newsbrief's entity layer help?

Issue 14 found that many wrong key-fact names came from newsbrief's own rules, not the
model. This scores the model's entities with none of newsbrief's rules (no cleaning,
merging, kind corrections, confidence or box): every PERSON, ORG and GPE/LOC/FAC span of
the article text, one item per distinct span text (its most frequent label), ordered by
frequency, beside ``extract_facts`` (all items: the JSON) and the key-facts box, with the
same matching rules (``facts_gold.py``). People, organisations and places only.

    .venv/bin/python benchmarks/facts_raw_ner.py --half tune
    .venv/bin/python benchmarks/facts_raw_ner.py --half report      # held out: report only
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import facts_gold as fg

SLOTS = ("people", "organizations", "places")
_SLOT_OF = {"person": "people", "organization": "organizations", "place": "places"}


def raw_items(mentions: list[Any], top: int | None) -> dict[str, list[dict[str, Any]]]:
    """One item per distinct span text, under its most frequent label, most frequent first."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        if mention.kind in _SLOT_OF:
            labels[mention.text][mention.kind] += 1
    ranked = sorted(labels, key=lambda t: -sum(labels[t].values()))
    if top is not None:
        ranked = ranked[:top]
    items: dict[str, list[dict[str, Any]]] = {slot: [] for slot in fg.SLOTS}
    for text in ranked:
        kind = labels[text].most_common(1)[0][0]
        items[_SLOT_OF[kind]].append({"name": text, "role": None})
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=["tune", "report"])
    args = parser.parse_args(argv)
    from newsbrief.clean import clean
    from newsbrief.facts import extract_facts
    from newsbrief.facts.ner import get_recogniser

    if not fg.DEV_DATA.is_file():
        print(f"{fg.DEV_DATA}: no such file", file=sys.stderr)
        return 1
    recogniser = get_recogniser("spacy")
    if not recogniser.name.startswith("spaCy"):
        print("spaCy model not installed", file=sys.stderr)
        return 1
    articles = [a for a in fg.load_gold() if args.half is None or a["half"] == args.half]
    dev, inputs = fg.dev_items(fg.DEV_DATA), fg.input_records()
    totals: dict[str, dict[str, fg.Count]] = defaultdict(lambda: defaultdict(fg.Count))
    for article in articles:
        cleaned = clean(fg.raw_article(article, dev, inputs))
        mentions = recogniser.mentions(cleaned.text)
        facts = extract_facts(cleaned, engine="spacy")
        views = {
            "spaCy entities, all": raw_items(mentions, None),
            "spaCy entities, 10 most frequent": raw_items(mentions, 10),
            "newsbrief JSON": fg.json_items(facts),
            "newsbrief box": fg.box_items(facts),
        }
        for view, shown in views.items():
            counts, _, _ = fg.score_view(shown, article, facts)
            for slot in SLOTS:
                totals[view][slot].add(counts[slot])
    print(f"{len(articles)} gold articles ({args.half or 'both halves'}), {recogniser.name}")
    print("precision % / key recall % (items shown per article)\n")
    print("| view | " + " | ".join(SLOTS) + " |")
    print("| --- |" + " ---: |" * len(SLOTS))
    for view, slots in totals.items():
        cells = [
            f"{fg.pct(c.right, c.shown)} / {fg.pct(c.key_found, c.key)} "
            f"({c.shown / len(articles):.1f})"
            for c in (slots[s] for s in SLOTS)
        ]
        print(f"| {view} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
