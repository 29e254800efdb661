"""The key-facts box judged by hand on a source the gold set does not have (issue 14).

Re-runs the current code (``newsbrief summarize``'s path: clean -> rank -> facts, then
``facts.box_facts``, the items every page format shows) on 15 fixed articles of
``../shared/eval/articles_dev.jsonl`` (AllSides excerpts and ECB+ reports: outlets the gold
set never saw) and scores every box item against ``facts_box_judged/judgments.jsonl``, the
verdicts of a person who read the article. An item is matched by (article id, slot, the text
the box shows); an item nobody has judged yet is counted and listed as *unjudged*, never
guessed. Selection rule and judging guidelines: ``facts_box_judged/README.md``.

    .venv/bin/python benchmarks/facts_box_judged.py                # per-slot precision
    .venv/bin/python benchmarks/facts_box_judged.py --show-wrong   # + every wrong item
    .venv/bin/python benchmarks/facts_box_judged.py --dump         # every shown item as JSONL
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "eval" / "articles_dev.jsonl"
JUDGMENTS = REPO / "benchmarks" / "facts_box_judged" / "judgments.jsonl"
SLOTS = ("people", "organizations", "places", "dates", "figures", "quotes")

#: The selection rule (README): per source, ids in SHA-256 order, texts of at least N words.
RULE: tuple[tuple[str, int, int], ...] = (
    ("allsides_neus", 80, 8),  # (source, minimum words, how many)
    ("ecbplus", 150, 7),
)


def id_hash(article_id: str) -> str:
    return hashlib.sha256(article_id.encode("utf-8")).hexdigest()


def select(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The 15 articles of the rule, AllSides first, each source in hash order."""
    rows = list(rows)
    chosen: list[dict[str, Any]] = []
    for source, min_words, count in RULE:
        pool = [r for r in rows if r["source"] == source and len(r["text"].split()) >= min_words]
        pool.sort(key=lambda r: id_hash(r["id"]))
        chosen.extend(pool[:count])
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-wrong", action="store_true", help="list every wrong item")
    parser.add_argument("--dump", action="store_true", help="print every shown item as JSONL")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"{DATA}: not found (needs ../shared)", file=sys.stderr)
        return 1
    articles = select(load_rows())
    judged = load_judgments()
    print(f"engine: {engine_name()}; {len(articles)} articles; {len(judged)} judgments")
    right: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    unjudged: list[tuple[str, str, str]] = []
    wrong_items: list[dict[str, Any]] = []
    for row in articles:
        for slot, labels in box_labels(row).items():
            for label in labels:
                if args.dump:
                    print(json.dumps({"id": row["id"], "slot": slot, "item": label}))
                verdict = judged.get((row["id"], slot, label))
                if verdict is None:
                    unjudged.append((row["id"], slot, label))
                elif verdict["verdict"] == "right":
                    right[slot] += 1
                else:
                    wrong[slot] += 1
                    wrong_items.append(verdict)
    print("| slot | right / judged | precision % | unjudged |")
    print("| --- | ---: | ---: | ---: |")
    unjudged_by_slot = Counter(slot for _, slot, _ in unjudged)
    for slot in (*SLOTS, "all"):
        r = sum(right.values()) if slot == "all" else right[slot]
        n = r + (sum(wrong.values()) if slot == "all" else wrong[slot])
        u = len(unjudged) if slot == "all" else unjudged_by_slot[slot]
        pct = f"{100 * r / n:.0f}" if n else "-"
        print(f"| {slot} | {r}/{n} | {pct} | {u} |")
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
