"""How sure is "news beats the baseline"? Per-item ROUGE differences with standard errors.

For every item of ``news_dev.jsonl`` (default ``../shared/eval/news_dev.jsonl``)
the script scores `news` and each source's floor-setting baseline (sumy
TextRank on BBC, Lead-3 elsewhere; ``--baseline SOURCE=METHOD`` to change),
3 sentences, and prints per source: the mean of ``news - baseline`` on ROUGE-1
and ROUGE-2 (x100), its standard error, the same mean on the first and the
second half of the items (a crude stability check), and what `news` scores
with its dangling-reference guard switched off (the guard's cost).

    .venv/bin/python benchmarks/paired_rouge.py [--data PATH] [--baseline xsum=edmundson]
        [--words N|ref]

``--words`` compares at equal length instead of 3 sentences: every method gets
the same word budget (``ref``: the item's reference length) and is scored on
at most that many words, as ``newsbrief eval --words`` does.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from newsbrief.evaluate import (
    REFERENCE_LENGTH,
    EvalItem,
    clip_words,
    is_dangling,
    load_dataset,
    to_article,
)
from newsbrief.rank import rank
from newsbrief.rank.base import Budget, word_count
from newsbrief.rank.news import NewsParams, NewsRanker
from newsbrief.types import Article, Summary

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "news_dev.jsonl"
BASELINES = {"bbc_news_summary": "text-rank", "cnn_dailymail": "lead", "xsum": "lead"}
SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


def rouge(item: EvalItem, summary: Summary, words: int | None = None) -> np.ndarray:
    texts = clip_words(summary.texts, words) if words is not None else summary.texts
    got = SCORER.score(item.reference, "\n".join(texts))
    return 100 * np.array([got["rouge1"].fmeasure, got["rouge2"].fmeasure])


def unguarded(article: Article, words: int | None) -> Summary:
    budget = Budget(None, words) if words is not None else Budget(3, None)
    return NewsRanker(NewsParams(guard=False)).summarize(article, budget)


def _budget(item: EvalItem, words: str | None) -> int | None:
    if words is None:
        return None
    return max(1, word_count(item.reference)) if words == REFERENCE_LENGTH else int(words)


def table(data: Path, baselines: dict[str, str], words: str | None = None) -> str:
    diffs: dict[str, list[np.ndarray]] = defaultdict(list)
    raw: dict[str, list[np.ndarray]] = defaultdict(list)
    dangling: dict[str, list[bool]] = defaultdict(list)
    for item in load_dataset(data):
        article = to_article(item)
        budget = _budget(item, words)
        baseline = baselines.get(item.source, "lead")
        news = rouge(item, rank(article, "news", sentences=3, words=budget), budget)
        base = rouge(item, rank(article, baseline, sentences=3, words=budget), budget)
        free = unguarded(article, budget)
        diffs[item.source].append(news - base)
        raw[item.source].append(rouge(item, free, budget))
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
    parser.add_argument("--words", help="equal length: N words, or 'ref' (reference length)")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data}: no such file (the dev set lives in ../shared/eval)", file=sys.stderr)
        return 1
    baselines = dict(BASELINES)
    for pair in args.baseline:
        source, _, method = pair.partition("=")
        baselines[source] = method
    if args.words is not None and args.words != REFERENCE_LENGTH and not args.words.isdigit():
        print("--words takes a whole number or 'ref'", file=sys.stderr)
        return 2
    print(table(args.data, baselines, args.words))
    return 0


if __name__ == "__main__":
    sys.exit(main())
