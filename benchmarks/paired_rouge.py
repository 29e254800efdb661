"""How sure is "news beats the baseline"? Per-item ROUGE differences with standard errors.

For every item of ``news_dev.jsonl`` (default ``../shared/eval/news_dev.jsonl``)
the script scores `news` and each source's floor-setting baseline (sumy
TextRank on BBC, Lead-3 elsewhere; ``--baseline SOURCE=METHOD`` to change),
3 sentences, and prints per source: the mean of ``news - baseline`` on ROUGE-1
and ROUGE-2 (x100), its standard error, the same mean on the first and the
second half of the items (a crude stability check), and what `news` scores
with its dangling-reference guard switched off (the guard's cost).

    .venv/bin/python benchmarks/paired_rouge.py [--data PATH] [--baseline xsum=edmundson]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from newsbrief.evaluate import EvalItem, is_dangling, load_dataset, to_article
from newsbrief.rank import rank
from newsbrief.rank.base import Budget
from newsbrief.rank.news import NewsParams, NewsRanker
from newsbrief.types import Article, Summary

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "news_dev.jsonl"
BASELINES = {"bbc_news_summary": "text-rank", "cnn_dailymail": "lead", "xsum": "lead"}
SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


def rouge(item: EvalItem, summary: Summary) -> np.ndarray:
    got = SCORER.score(item.reference, "\n".join(summary.texts))
    return 100 * np.array([got["rouge1"].fmeasure, got["rouge2"].fmeasure])


def unguarded(article: Article) -> Summary:
    return NewsRanker(NewsParams(guard=False)).summarize(article, Budget(3, None))


def table(data: Path, baselines: dict[str, str]) -> str:
    diffs: dict[str, list[np.ndarray]] = defaultdict(list)
    raw: dict[str, list[np.ndarray]] = defaultdict(list)
    dangling: dict[str, list[bool]] = defaultdict(list)
    for item in load_dataset(data):
        article = to_article(item)
        news = rouge(item, rank(article, "news", sentences=3))
        base = rouge(item, rank(article, baselines.get(item.source, "lead"), sentences=3))
        free = unguarded(article)
        diffs[item.source].append(news - base)
        raw[item.source].append(rouge(item, free))
        dangling[item.source].append(is_dangling(article, free))
    rows = [
        "| source | baseline | n | news - baseline R1 / R2 | s.e. R1 / R2 | first half | "
        "second half | news without guard R1 / R2 (dangling) |",
        "| --- | --- | ---: | --- | --- | --- | --- | --- |",
    ]
    for source in sorted(diffs):
        d = np.array(diffs[source])
        n, half = len(d), len(d) // 2
        se = d.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.zeros(2)
        first, second = d[:half].mean(axis=0), d[half:].mean(axis=0)
        free = np.array(raw[source]).mean(axis=0)
        rows.append(
            f"| {source} | {baselines.get(source, 'lead')} | {n} | "
            f"{_pair(d.mean(axis=0))} | {_pair(se, sign=False)} | {_pair(first)} | "
            f"{_pair(second)} | {free[0]:.2f} / {free[1]:.2f} "
            f"({100 * np.mean(dangling[source]):.1f} %) |"
        )
    return "\n".join(rows)


def _pair(values: np.ndarray, sign: bool = True) -> str:
    fmt = "{:+.2f}" if sign else "{:.2f}"
    return " / ".join(fmt.format(v) for v in values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--baseline", action="append", default=[], help="SOURCE=METHOD")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data}: no such file (the dev set lives in ../shared/eval)", file=sys.stderr)
        return 1
    baselines = dict(BASELINES)
    for pair in args.baseline:
        source, _, method = pair.partition("=")
        baselines[source] = method
    print(table(args.data, baselines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
