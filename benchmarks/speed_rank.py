"""Ranker speed, side by side: `news` vs sumy TextRank (articles) and LexRank (long text).

Usage: .venv/bin/python benchmarks/speed_rank.py [--dataset ../shared/eval/news_dev.jsonl]
       [--sizes 100,500,1000,2000,5000] [--sumy-max 2000] [--repeats 3]

1. Articles: every item of the dev set goes through `newsbrief.summarize()`
   end to end (clean + split + rank, 3 sentences, `news`), and through Punkt
   splitting plus sumy TextRank (the baseline: `split_paragraph` with NLTK's
   Punkt as shipped, regexes under NLTK's ReDoS timer); also through
   newsbrief's own Punkt (the same with stdlib regexes: same sentences, faster)
   with TextRank and with the `news` ranker alone. Wall and CPU time (CPU time
   is steadier while other jobs share the machine).
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from newsbrief import split, summarize
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


@contextmanager
def stock_punkt() -> Iterator[None]:
    """``split_paragraph`` with NLTK's Punkt as shipped (its regexes under NLTK's ReDoS timer)
    instead of newsbrief's stdlib-regex copy: same sentences, the baseline's own cost."""
    with mock.patch.object(split, "fast_tokenizer", split.tokenizer):
        yield


@dataclass
class Best:
    """Best wall and CPU seconds seen for one contender."""

    wall: float = float("inf")
    cpu: float = float("inf")

    def run(self, fn: Callable[[], object]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        self.wall = min(self.wall, time.perf_counter() - wall)
        self.cpu = min(self.cpu, time.process_time() - cpu)


def _best_of(fn: Callable[[], object], repeats: int) -> float:
    best = Best()
    for _ in range(repeats):
        best.run(fn)
    return best.wall


def bench_articles(items: list[dict[str, str]], repeats: int) -> None:
    def run(method: str, stock: bool = True) -> Callable[[], None]:
        def go() -> None:
            with stock_punkt() if stock else nullcontext():
                for item in items:
                    rank(_article(item["text"], item.get("title") or ""), method, sentences=3)

        return go

    def end_to_end() -> None:
        for item in items:
            summarize(item["text"], title=item.get("title") or None)

    end_to_end()  # warm caches (stemmer, stop words, Punkt, language model)
    run("text-rank")()
    contenders = {
        "newsbrief.summarize() (clean + split + news)": end_to_end,
        "newsbrief's Punkt split + news ranker": run("news", stock=False),
        "NLTK Punkt split + sumy text-rank (the baseline)": run("text-rank"),
        "newsbrief's Punkt split + sumy text-rank": run("text-rank", stock=False),
    }
    best = {name: Best() for name in contenders}
    for _ in range(repeats):  # interleaved, so a burst of other load hits every side
        for name, fn in contenders.items():
            best[name].run(fn)
    n = len(items)
    print(f"### {n} dev articles, 3 sentences (best of {repeats}, interleaved)\n")
    print("| what | seconds | articles/s | ms/article | CPU ms/article |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, b in best.items():
        print(f"| {name} | {b.wall:.2f} | {n / b.wall:.0f} | {1000 * b.wall / n:.2f} "
              f"| {1000 * b.cpu / n:.2f} |")  # fmt: skip
    whole, news = (
        best["newsbrief.summarize() (clean + split + news)"],
        best["newsbrief's Punkt split + news ranker"],
    )
    baseline = best["NLTK Punkt split + sumy text-rank (the baseline)"]
    ours = best["newsbrief's Punkt split + sumy text-rank"]
    print(
        f"\nsummarize() end to end is {baseline.wall / whole.wall:.2f}x as fast as NLTK Punkt + "
        f"sumy TextRank (CPU time: {baseline.cpu / whole.cpu:.2f}x; target >= 3x); "
        f"{ours.wall / whole.wall:.2f}x (CPU {ours.cpu / whole.cpu:.2f}x) when TextRank gets "
        f"newsbrief's faster Punkt too; the news ranker on newsbrief's Punkt sentences "
        f"{ours.wall / news.wall:.1f}x\n"
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
