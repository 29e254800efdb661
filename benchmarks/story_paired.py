"""How sure is "the digest's story summary beats TextRank over all reports"? Paired differences.

For every AllSides cluster of ``clusters_dev.jsonl`` (default
``../shared/eval/clusters_dev.jsonl``) the script scores the digest's story
summary and a baseline (default ``textrank-all``) against the roundup's first
paragraph, and prints per half of the fixed split (``tune`` / ``test``, by a hash
of the cluster id) and overall: the mean of ``digest - baseline`` on ROUGE-1 and
ROUGE-2 (x100) with its standard error, and both methods' mean words. While
comparing variants, ``--half tune`` scores the tune half only, so the held-out
``test`` half is not looked at until a change is chosen.

    .venv/bin/python benchmarks/story_paired.py [--data PATH] [--words N] [--baseline METHOD]
        [--half tune|test]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from newsbrief.evaluate import ROUGE_TYPES
from newsbrief.evaluate_stories import HALVES, STORY_METHODS, item_scores, load_clusters

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "clusters_dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--words", type=int, default=None, help="equal word budget")
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--baseline", default="textrank-all", choices=STORY_METHODS)
    parser.add_argument("--half", choices=HALVES, default=None, help="score one half only")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data} not found", file=sys.stderr)
        return 1
    items, _ = load_clusters(args.data)
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    rows: dict[str, list[np.ndarray]] = {half: [] for half in (*HALVES, "overall")}
    for item in items:
        if args.half is not None and item.half != args.half:
            continue
        ours = item_scores(item, "digest", args.sentences, args.words, scorer)
        base = item_scores(item, args.baseline, args.sentences, args.words, scorer)
        row = np.array([100 * (ours[0] - base[0]), 100 * (ours[1] - base[1]), ours[3], base[3]])
        rows[item.half].append(row)
        rows["overall"].append(row)
    budget = f"{args.words} words" if args.words else f"{args.sentences} sentences"
    print(f"digest - {args.baseline}, {budget}")
    print("| half | n | R1 diff (s.e.) | R2 diff (s.e.) | words digest / baseline |")
    print("| --- | ---: | --- | --- | --- |")
    for half, found in rows.items():
        if not found or (args.half is not None and half == "overall"):
            continue
        data = np.array(found)
        mean = data.mean(axis=0)
        se = data.std(axis=0, ddof=1) / np.sqrt(len(data)) if len(data) > 1 else np.zeros(4)
        print(
            f"| {half} | {len(data)} | {mean[0]:+.2f} ({se[0]:.2f}) | {mean[1]:+.2f} ({se[1]:.2f})"
            f" | {mean[2]:.1f} / {mean[3]:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
