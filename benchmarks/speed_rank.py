"""Ranker speed, side by side: `news` vs sumy TextRank (articles) and LexRank (long text).

Usage: .venv/bin/python benchmarks/speed_rank.py [--dataset ../shared/eval/news_dev.jsonl]
       [--sizes 100,500,1000,2000,5000] [--sumy-max 2000] [--repeats 3]

1. Articles: every item of the dev set goes through `newsbrief.summarize()`
   end to end (clean + split + rank, 3 sentences, `news`), and through our
   Punkt splitter plus sumy TextRank; also the `news` ranker alone on the
   Punkt sentences, to show what the ranking itself costs.
2. Long documents: dev-set paragraphs are concatenated into texts of N
   sentences. `newsbrief.summarize()` (whole pipeline: clean, split, rank) and
   the `news` ranker alone are timed at every N; sumy LexRank (same sentences)
   up to --sumy-max. Growth per doubling shows whether cost is quadratic.
Prints Markdown tables; timings are best of a few repeats, ratios matter, not seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsbrief import summarize
from newsbrief.rank import rank
from newsbrief.split import split_paragraph, split_sentences
from newsbrief.types import Article, Sentence

DEFAULT_DATASET = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "news_dev.jsonl"


def _article(text: str, title: str) -> Article:
    sentences: list[Sentence] = []
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    for number, paragraph in enumerate(paragraphs):
        for piece in split_paragraph(paragraph):
            sentences.append(Sentence(len(sentences), number, piece))
    return Article("b", "bench", title, "\n\n".join(paragraphs), tuple(sentences))


def _best_of(fn: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_articles(items: list[dict[str, str]], repeats: int) -> None:
    def run(method: str) -> Callable[[], None]:
        def go() -> None:
            for item in items:
                rank(_article(item["text"], item.get("title") or ""), method, sentences=3)

        return go

    def end_to_end() -> None:
        for item in items:
            summarize(item["text"], title=item.get("title") or None)

    end_to_end()  # warm caches (stemmer, stop words, Punkt, language model)
    whole, textrank, news = float("inf"), float("inf"), float("inf")
    for _ in range(repeats):  # interleaved, so a burst of other load hits both sides
        whole = min(whole, _best_of(end_to_end, 1))
        textrank = min(textrank, _best_of(run("text-rank"), 1))
        news = min(news, _best_of(run("news"), 1))
    n = len(items)
    print(f"### {n} dev articles, 3 sentences (best of {repeats}, interleaved)\n")
    print("| what | seconds | articles/s | ms/article |")
    print("| --- | ---: | ---: | ---: |")
    rows = (
        ("newsbrief.summarize() (clean + split + news)", whole),
        ("Punkt split + news ranker", news),
        ("Punkt split + sumy text-rank", textrank),
    )
    for name, secs in rows:
        print(f"| {name} | {secs:.2f} | {n / secs:.0f} | {1000 * secs / n:.2f} |")
    print(
        f"\nsummarize() end to end is {textrank / whole:.1f}x as fast as Punkt + sumy TextRank "
        f"(target >= 3x); the news ranker on Punkt sentences {textrank / news:.1f}x\n"
    )


def long_text(items: list[dict[str, str]], sentences: int) -> str:
    paragraphs: list[str] = []
    count = 0
    while count < sentences:
        for item in items:
            for paragraph in item["text"].split("\n\n"):
                found = split_sentences(paragraph)
                take = found[: sentences - count]
                if take:
                    paragraphs.append(" ".join(take))
                    count += len(take)
                if count >= sentences:
                    return "\n\n".join(paragraphs)
    return "\n\n".join(paragraphs)


def bench_long(items: list[dict[str, str]], sizes: list[int], sumy_max: int) -> None:
    print("### One long text: seconds by length\n")
    print("| sentences | summarize() | news ranker alone | sumy lex-rank | lex-rank / summarize |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    previous: tuple[int, float] | None = None
    growth: list[str] = []
    for size in sizes:
        text = long_text(items, size)
        article = _article(text, "Long text")
        whole = _best_of(lambda t=text: summarize(t, title="Long text"), 3)
        alone = _best_of(lambda a=article: rank(a, "news"), 3)
        lex = "-"
        ratio = "-"
        if size <= sumy_max:
            lex_secs = _best_of(lambda a=article: rank(a, "lex-rank"), 1)
            lex = f"{lex_secs:.2f}"
            ratio = f"{lex_secs / whole:.0f}x"
        print(f"| {len(article.sentences)} | {whole:.3f} | {alone:.3f} | {lex} | {ratio} |")
        if previous:
            growth.append(
                f"{previous[0]}->{size}: x{size / previous[0]:.1f} sentences, "
                f"x{alone / previous[1]:.1f} time"
            )
        previous = (size, alone)
        sys.stdout.flush()
    print("\nnews ranker growth: " + "; ".join(growth) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--sizes", default="100,500,1000,2000,5000")
    parser.add_argument("--sumy-max", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3, help="article runs (best of)")
    args = parser.parse_args()
    if not args.dataset.is_file():
        sys.exit(f"{args.dataset}: dataset not found")
    lines = args.dataset.read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    bench_articles(items, args.repeats)
    bench_long(items, [int(s) for s in args.sizes.split(",")], args.sumy_max)


if __name__ == "__main__":
    main()
