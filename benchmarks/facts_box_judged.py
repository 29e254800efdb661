"""The key-facts box judged by hand on a source the gold set does not have (issue 14).

Re-runs the current code (``newsbrief summarize``'s path: clean -> rank -> facts, then
``facts.box_facts``, the items every page format shows) on 45 fixed articles (three batches of
15) of ``../shared/eval/articles_dev.jsonl`` (AllSides excerpts and ECB+ reports: outlets the
gold set never saw; batch 3 was judged to measure later changes held out) and scores every
box item against ``facts_box_judged/judgments.jsonl``, the verdicts of a person who read the
article. An item is matched by (article id, slot, the text the box shows); an item nobody
has judged yet is counted and listed as *unjudged*, never guessed. Selection rule and judging
guidelines: ``facts_box_judged/README.md``.

    .venv/bin/python benchmarks/facts_box_judged.py                # per-slot precision
    .venv/bin/python benchmarks/facts_box_judged.py --show-wrong   # + every wrong item
    .venv/bin/python benchmarks/facts_box_judged.py --dump         # every shown item as JSONL
    .venv/bin/python benchmarks/facts_box_judged.py --engine rules # the rule-based engine
    .venv/bin/python benchmarks/facts_box_judged.py --batch 3      # one batch only (held out)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "eval" / "articles_dev.jsonl"
JUDGMENTS = REPO / "benchmarks" / "facts_box_judged" / "judgments.jsonl"
SLOTS = ("people", "organizations", "places", "dates", "figures", "quotes")

#: The selection rule (README): per source, ids in SHA-256 order, texts of at least N words;
#: batch 1 is the first 8 + 7, batch 2 the next 8 + 7, batch 3 the next 8 + 7 (each judged later,
#: the same way; batch 3 was chosen to measure changes made after batches 1-2 had been read).
RULE: tuple[tuple[str, int, int], ...] = (
    ("allsides_neus", 80, 8),  # (source, minimum words, how many per batch)
    ("ecbplus", 150, 7),
)
BATCHES = 3


def id_hash(article_id: str) -> str:
    return hashlib.sha256(article_id.encode("utf-8")).hexdigest()


def select(
    rows: Iterable[dict[str, Any]], batches: int = BATCHES
) -> list[tuple[int, dict[str, Any]]]:
    """(batch, article) of the rule: batch by batch, AllSides first, each source in hash order."""
    rows = list(rows)
    pools = []
    for source, min_words, _ in RULE:
        pool = [r for r in rows if r["source"] == source and len(r["text"].split()) >= min_words]
        pools.append(sorted(pool, key=lambda r: id_hash(r["id"])))
    chosen: list[tuple[int, dict[str, Any]]] = []
    for batch in range(batches):
        for pool, (_, _, count) in zip(pools, RULE, strict=True):
            chosen.extend((batch + 1, row) for row in pool[batch * count : (batch + 1) * count])
    return chosen


def load_rows(path: Path = DATA) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def box_labels(row: dict[str, Any]) -> dict[str, list[str]]:
    """What the key-facts box shows for one article, slot by slot, as the page writes it."""
    from newsbrief.facts import box_facts
    from newsbrief.load import from_object
    from newsbrief.pipeline import Processed, process_article
    from newsbrief.render.text import fact_label

    fields = ("title", "text", "url", "published")
    raw = from_object({k: row[k] for k in fields if row.get(k) is not None}, row["id"])
    processed = process_article(raw)
    if not isinstance(processed, Processed) or processed.facts is None:
        raise SystemExit(f"{row['id']}: newsbrief failed: {processed}")
    box = box_facts(processed.facts)
    return {slot: [fact_label(item) for item in getattr(box, slot)] for slot in SLOTS}


def load_judgments(path: Path = JUDGMENTS) -> dict[tuple[str, str, str], dict[str, Any]]:
    judged: dict[tuple[str, str, str], dict[str, Any]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                j = json.loads(line)
                judged[(j["id"], j["slot"], j["item"])] = j
    return judged


def engine_name() -> str:
    from newsbrief.facts import ner_engine_name

    return str(ner_engine_name())


def table(verdicts: Sequence[tuple[int, str, str | None]], batches: Sequence[str]) -> None:
    """Per-slot precision, one column per batch: ``right/judged (%)``, then the unjudged."""
    print(f"| slot | {' | '.join(batches)} | unjudged |")
    print(f"| --- |{' ---: |' * len(batches)} ---: |")
    for slot in (*SLOTS, "all"):
        cells = []
        for name in batches:
            mine = [
                v
                for b, s, v in verdicts
                if (slot == "all" or s == slot) and (name == "all" or f"batch {b}" == name)
            ]
            right = sum(v == "right" for v in mine)
            judged = sum(v is not None for v in mine)
            cells.append(f"{right}/{judged} ({100 * right / judged:.0f} %)" if judged else "-")
        unjudged = sum(v is None for _, s, v in verdicts if slot in ("all", s))
        print(f"| {slot} | {' | '.join(cells)} | {unjudged} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-wrong", action="store_true", help="list every wrong item")
    parser.add_argument("--dump", action="store_true", help="print every shown item as JSONL")
    parser.add_argument("--batches", type=int, default=BATCHES, help="how many batches to run")
    parser.add_argument(
        "--batch",
        type=int,
        action="append",
        help="run only this batch (repeatable; default: every batch up to --batches)",
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "spacy", "rules"),
        help="entity engine (default: NEWSBRIEF_NER, else spaCy when installed)",
    )
    args = parser.parse_args(argv)
    if args.engine:
        os.environ["NEWSBRIEF_NER"] = args.engine  # read when the facts stage picks its engine
    if not DATA.exists():
        print(f"{DATA}: not found (needs ../shared)", file=sys.stderr)
        return 1
    chosen = args.batch or list(range(1, args.batches + 1))
    articles = [(b, row) for b, row in select(load_rows(), max(chosen)) if b in chosen]
    judged = load_judgments()
    print(f"engine: {engine_name()}; {len(articles)} articles; {len(judged)} judgments")
    verdicts: list[tuple[int, str, str | None]] = []  # (batch, slot, verdict or None)
    unjudged: list[tuple[str, str, str]] = []
    wrong_items: list[dict[str, Any]] = []
    for batch, row in articles:
        for slot, labels in box_labels(row).items():
            for label in labels:
                if args.dump:
                    print(json.dumps({"id": row["id"], "slot": slot, "item": label}))
                verdict = judged.get((row["id"], slot, label))
                verdicts.append((batch, slot, verdict and verdict["verdict"]))
                if verdict is None:
                    unjudged.append((row["id"], slot, label))
                elif verdict["verdict"] != "right":
                    wrong_items.append(verdict)
    table(verdicts, [f"batch {b}" for b in sorted(set(chosen))] + ["all"])
    if args.show_wrong:
        print("\nwrong:")
        for j in wrong_items:
            print(f"  {j['id']} [{j['slot']}] {j['item']!r}: {j['reason']}")
    if unjudged:
        print(f"\nunjudged ({len(unjudged)}):")
        for article_id, slot, label in unjudged:
            print(f"  {article_id} [{slot}] {label!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
