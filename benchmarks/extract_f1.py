"""Benchmark: word-level F1 of ``newsbrief extract`` against human-annotated article bodies.

For every ``NAME.html`` in ``../shared/eval/html/`` with its ``NAME.json`` ground truth
(``articleBody``), compares bag-of-words precision/recall/F1 (lower-cased word tokens,
counted with multiplicity) of:

* ``trafilatura``: plain ``trafilatura.extract(html_bytes)`` with default options;
* ``trafilatura`` with our options (``clean.TRAFILATURA_OPTIONS``) but none of our line
  cleaning, to separate what the options give from what the cleaning gives;
* ``newsbrief``: our pipeline as ``newsbrief extract`` runs it (load -> decode -> clean).

Usage::

    .venv/bin/python benchmarks/extract_f1.py [--eval-dir ../shared/eval/html] [--worst 5]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from newsbrief.clean import TRAFILATURA_OPTIONS, clean
from newsbrief.errors import NewsbriefError
from newsbrief.load import load

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "html"
_TOKEN = re.compile(r"\w+")

Scores = tuple[float, float, float]


def tokens(text: str) -> Counter[str]:
    """Bag of lower-cased word tokens."""
    return Counter(_TOKEN.findall(text.lower()))


def prf(predicted: str, truth: str) -> Scores:
    """Bag-of-words precision, recall and F1 of ``predicted`` against ``truth``."""
    pred, gold = tokens(predicted), tokens(truth)
    overlap = sum((pred & gold).values())
    if not pred or not gold or not overlap:
        return 0.0, 0.0, 0.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(gold.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def trafilatura_text(path: Path) -> str:
    return trafilatura.extract(path.read_bytes()) or ""


def trafilatura_tuned_text(path: Path) -> str:
    options = {k: v for k, v in TRAFILATURA_OPTIONS.items() if k != "with_metadata"}
    return trafilatura.extract(path.read_bytes(), **options) or ""


def newsbrief_text(path: Path) -> str:
    try:
        return "\n\n".join(clean(raw).text for raw in load(str(path)))
    except NewsbriefError:
        return ""


def evaluate(pages: list[Path], extractor: Callable[[Path], str]) -> tuple[list[Scores], float]:
    scores: list[Scores] = []
    start = time.perf_counter()
    for page in pages:
        truth = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["articleBody"]
        scores.append(prf(extractor(page), truth))
    return scores, time.perf_counter() - start


def mean(scores: list[Scores], i: int) -> float:
    return statistics.fmean(s[i] for s in scores)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--worst", type=int, default=0, help="list the N pages we lose most on")
    args = parser.parse_args()
    pages = sorted(args.eval_dir.glob("*.html"))
    if not pages:
        print(f"no pages in {args.eval_dir}", file=sys.stderr)
        return 1
    results = {
        "trafilatura.extract (defaults)": evaluate(pages, trafilatura_text),
        "trafilatura.extract (our options, no line cleaning)": evaluate(
            pages, trafilatura_tuned_text
        ),
        "newsbrief extract": evaluate(pages, newsbrief_text),
    }
    print(f"{len(pages)} pages from {args.eval_dir}\n")
    print("| extractor | precision | recall | F1 | s/page |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (scores, seconds) in results.items():
        p, r, f = (mean(scores, i) for i in range(3))
        print(f"| {name} | {p:.3f} | {r:.3f} | **{f:.3f}** | {seconds / len(pages):.3f} |")
    base, ours = results["trafilatura.extract (defaults)"][0], results["newsbrief extract"][0]
    wins = sum(o[2] > b[2] + 1e-9 for o, b in zip(ours, base, strict=True))
    losses = sum(o[2] < b[2] - 1e-9 for o, b in zip(ours, base, strict=True))
    print(
        f"\nper page F1: newsbrief higher on {wins}, lower on {losses}, "
        f"equal on {len(pages) - wins - losses}"
    )
    if args.worst:
        deltas = sorted((o[2] - b[2], p.name) for o, b, p in zip(ours, base, pages, strict=True))
        for delta, name in deltas[: args.worst]:
            print(f"  {delta:+.3f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
