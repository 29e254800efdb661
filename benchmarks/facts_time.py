"""CPU time of ``extract_facts`` per article, to compare two versions of the code.

Runs the facts stage (already cleaned articles, model loaded and warmed up outside the timing)
on one half of one source of ``../shared/eval/news_dev.jsonl`` (the halves of
``facts_recall.py``: ids in SHA-256 order per source, even positions = tune, odd = report) and
prints the best of N passes in CPU milliseconds per article (``time.process_time``: steadier
than wall time on a shared machine). Compare versions by running it alternately with each
version's ``src`` first on ``PYTHONPATH``, in the same period:

    PYTHONPATH=<old checkout>/src .venv/bin/python benchmarks/facts_time.py --engine rules
    PYTHONPATH=src .venv/bin/python benchmarks/facts_time.py --engine rules
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "news_dev.jsonl"


def half_items(path: Path, source: str, half: str) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        items = [json.loads(line) for line in handle if line.strip()]
    mine = [i for i in items if i["source"] == source]
    mine.sort(key=lambda i: hashlib.sha256(i["id"].encode("utf-8")).hexdigest())
    parity = 0 if half == "tune" else 1
    return [item for k, item in enumerate(mine) if k % 2 == parity]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("spacy", "rules"), default="spacy")
    parser.add_argument("--source", default="cnn_dailymail")
    parser.add_argument("--half", choices=("tune", "report"), default="report")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data}: not found (needs ../shared)", file=sys.stderr)
        return 1
    from newsbrief.clean import clean
    from newsbrief.facts import extract_facts, ner_engine_name
    from newsbrief.load import from_object

    items = half_items(args.data, args.source, args.half)
    articles = [
        clean(from_object({"title": i.get("title") or "", "text": i["text"]}, i["id"]))
        for i in items
    ]
    ner_engine_name(args.engine)  # loads the model outside the timing
    extract_facts(articles[0], engine=args.engine)
    best = float("inf")
    for _ in range(args.passes):
        start = time.process_time()
        for article in articles:
            extract_facts(article, engine=args.engine)
        best = min(best, (time.process_time() - start) / len(articles) * 1000)
    per = f"{best:.1f} ms/article CPU (best of {args.passes})"
    print(f"{args.engine}: {len(articles)} articles, {per}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
