"""Does `news` generalise? Leave-one-source-out, split halves and a tokenised robustness check.

Four tables and a summary of their worst margins, all ROUGE-1/2 F1 x100 at 3
sentences (rouge-score, stemming, as in ``newsbrief eval``), `news` against Lead-3
and sumy TextRank with paired per-item differences and their standard errors:

1. **Leave one source out.** A small grid of the `news` weights that a tuner
   would touch (``GRID``: the lead-led profile's centrality, headline and
   position weights) is scored on every source. For each source, the grid
   point with the best mean (R1 + R2) / 2 on the *other two* sources is
   chosen and reported on the held-out one. The layout switch (lead-led vs
   centrality-led by paragraph shape) and the centrality-led profile are fixed
   structure, not in the grid: CNN/Daily Mail (no breaks) and XSum (one-sentence
   paragraphs) cannot tell its thresholds apart, so the held-out BBC row tests
   the weights, not the switch.
2. **Split halves.** Per source, the grid point best on the even-numbered items
   is reported on the odd-numbered ones.
3. **Robustness.** Every dev source rewritten as a corpus would ship it:
   sentences PTB-tokenised with NLTK's ``TreebankWordTokenizer`` (`` '' quotes,
   spaces before punctuation), no paragraph breaks and no title. The shipped
   defaults are scored there (nothing tuned on it).
4. **The unseen source, simulated.** The same corpus text scored against the
   first sentence of the reference only, like a publisher's one-sentence
   summary (XSum's reference already is one sentence), then each method's mean
   length with ROUGE-1 recall and precision (against one short sentence, F1
   moves with the summary's length).

    .venv/bin/python benchmarks/loso_rouge.py [--data PATH] [--quick] [--variant NAME]

``--quick`` scores only the shipped defaults (tables 1-2 then have one grid point).
``--corpus-format lines|dateline`` lays tables 3-4's corpus text out one sentence a line, or
after a ``NEW YORK ( CNN ) --`` dateline. With ``PYTHONPATH=OLD/src`` the shipped ranker of an
older checkout is measured the same way (the variants need the current code).
``--variant`` measures an alternative ranker in place of `news` in every table
(``benchmarks/news_variants.py``: ``title-as-headline``, ``candidates-lead``,
``lead-anchor-D``, ``lead-central-P``, ``first-sentence-free``, ``word-position``).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from newsbrief.errors import NewsbriefError
from newsbrief.evaluate import EvalItem, is_dangling, load_dataset, to_article
from newsbrief.rank import rank
from newsbrief.rank.base import Budget, word_count
from newsbrief.rank.news import NewsParams, NewsRanker
from newsbrief.split import split_sentences
from newsbrief.types import Article, Summary

try:
    from newsbrief.evaluate import as_corpus_text, corpus_text
except ImportError:  # a checkout older than the shared transform (PYTHONPATH=OLD/src): the same one
    from nltk.tokenize import TreebankWordTokenizer

    def corpus_text(text: str) -> str:
        treebank = TreebankWordTokenizer()
        return " ".join(" ".join(treebank.tokenize(s)) for s in split_sentences(text))

    def as_corpus_text(item: EvalItem) -> EvalItem:
        return EvalItem(item.id, item.source, None, corpus_text(item.text), item.reference)


DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "news_dev.jsonl"
SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
BASELINES = ("lead", "text-rank")
#: The weights a tuner would touch, each around its shipped value.
GRID: dict[str, tuple[float, ...]] = {
    "overlap_weight": (0.15, 0.3, 0.6),
    "headline_weight": (0.4, 0.8, 1.2),
    "position_scale": (2.0, 4.0, 8.0),
}


#: How corpus text is laid out (``--corpus-format``): one block, one sentence a line, or one
#: block after a wire dateline (``PLACE ( CNN ) --``, as the unseen source's copy opens).
CORPUS_FORMATS = ("block", "lines", "dateline")


def laid_out(item: EvalItem, layout: str) -> EvalItem:
    """``as_corpus_text(item)`` in one of ``CORPUS_FORMATS``."""
    corpus = as_corpus_text(item)
    if layout == "lines":
        text = "\n".join(corpus_text(s) for s in split_sentences(item.text))
    elif layout == "dateline":
        text = "NEW YORK ( CNN ) -- " + corpus.text
    else:
        return corpus
    return EvalItem(corpus.id, corpus.source, corpus.title, text, corpus.reference)


def one_sentence_reference(item: EvalItem) -> EvalItem:
    """The item with only the first sentence (or highlight line) of its reference."""
    lines = [line for line in item.reference.splitlines() if line.strip()]
    first = lines[0] if len(lines) > 1 else (split_sentences(item.reference) or [""])[0]
    return EvalItem(item.id, item.source, item.title, item.text, first)


@dataclasses.dataclass
class Scored:
    """Per-item R1, R2 and dangling flag (rows follow ``items``)."""

    items: list[EvalItem]
    values: np.ndarray

    def rows(self, source: str, mask: np.ndarray | None = None) -> np.ndarray:
        keep = np.array([i.source == source for i in self.items])
        if mask is not None:
            keep &= mask
        picked: np.ndarray = self.values[keep]
        return picked


def score_all(
    items: list[EvalItem], articles: list[Article | None], pick: Callable[[Article], Summary]
) -> np.ndarray:
    """Per item: ROUGE-1 and ROUGE-2 F1, dangling (0/1), ROUGE-1 recall and precision, words."""
    out = np.full((len(items), 6), np.nan)
    for k, (item, article) in enumerate(zip(items, articles, strict=True)):
        if article is None:
            continue
        summary = pick(article)
        got = SCORER.score(item.reference, "\n".join(summary.texts))
        out[k] = (
            100 * got["rouge1"].fmeasure,
            100 * got["rouge2"].fmeasure,
            float(is_dangling(article, summary)),
            100 * got["rouge1"].recall,
            100 * got["rouge1"].precision,
            sum(word_count(text) for text in summary.texts),
        )
    return out


def _articles(items: list[EvalItem]) -> list[Article | None]:
    out: list[Article | None] = []
    for item in items:
        try:
            out.append(to_article(item))
        except NewsbriefError:
            out.append(None)
    return out


def _method(name: str) -> Callable[[Article], Summary]:
    return lambda article: rank(article, name, sentences=3)


def _ranker(ranker: NewsRanker) -> Callable[[Article], Summary]:
    return lambda article: ranker.summarize(article, Budget(3, None))


def _grid(quick: bool) -> list[NewsParams]:
    if quick:
        return [NewsParams()]
    names = list(GRID)
    return [
        dataclasses.replace(NewsParams(), **dict(zip(names, values, strict=True)))
        for values in itertools.product(*(GRID[n] for n in names))
    ]


def _objective(values: np.ndarray) -> float:
    return float(np.nanmean(values[:, :2]))


def _differences(news: np.ndarray, base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean per-item difference news - base (R1, R2) and its standard error."""
    d = news[:, :2] - base[:, :2]
    d = d[~np.isnan(d).any(axis=1)]
    se: np.ndarray = d.std(axis=0, ddof=1) / np.sqrt(len(d))
    mean: np.ndarray = d.mean(axis=0)
    return mean, se


def _paired(news: np.ndarray, base: np.ndarray) -> str:
    mean, se = _differences(news, base)
    return f"{mean[0]:+.2f} ± {se[0]:.2f} / {mean[1]:+.2f} ± {se[1]:.2f}"


#: table -> the smallest mean margin (R1 or R2) of `news` over each baseline in it
WORST: dict[str, dict[str, float]] = {}


def _row(
    label: str, news: np.ndarray, bases: dict[str, np.ndarray], extra: str = "", table: str = ""
) -> str:
    n = np.nanmean(news, axis=0)
    cells = [label, extra, str(len(news)), f"{n[0]:.2f} / {n[1]:.2f}", f"{100 * n[2]:.1f}"]
    for name in BASELINES:
        b = np.nanmean(bases[name], axis=0)
        cells += [f"{b[0]:.2f} / {b[1]:.2f}", _paired(news, bases[name])]
        worst = WORST.setdefault(table, {})
        worst[name] = min(worst.get(name, np.inf), float(_differences(news, bases[name])[0].min()))
    return "| " + " | ".join(cells) + " |"


HEAD = (
    "| {what} | tuned on | n | news R1 / R2 | dangling % | Lead-3 R1 / R2 | news - Lead-3 "
    "(± s.e.) | TextRank R1 / R2 | news - TextRank (± s.e.) |\n"
    "| --- | --- | ---: | --- | ---: | --- | --- | --- | --- |"
)


def _describe(params: NewsParams) -> str:
    return ", ".join(f"{name} {getattr(params, name):g}" for name in GRID)


def _variant(name: str) -> Callable[[NewsParams], NewsRanker]:
    """The ranker called ``name``; the shipped one needs no variants (older checkouts run too)."""
    if name == "news":
        return NewsRanker
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from news_variants import variant  # a sibling script, not a package

    return variant(name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--quick", action="store_true", help="shipped defaults only")
    parser.add_argument("--per-source", type=int, help="only the first N items of each source")
    parser.add_argument("--variant", default="news", help="a ranker of news_variants.py")
    parser.add_argument(
        "--corpus-format",
        choices=CORPUS_FORMATS,
        default="block",
        help="tables 3-4: corpus text as one block (default), one sentence a line, or one block "
        "after a 'NEW YORK ( CNN ) --' dateline",
    )
    parser.add_argument(
        "--write-unseen",
        type=Path,
        metavar="JSONL",
        help="only write table 4's items (corpus text, first reference sentence) as a dataset, "
        "e.g. for paired_rouge.py --data JSONL --words ref",
    )
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data}: no such file (the dev set lives in ../shared/eval)", file=sys.stderr)
        return 1
    items = load_dataset(args.data)
    if args.per_source:
        taken: dict[str, int] = {}
        kept = []
        for item in items:
            taken[item.source] = taken.get(item.source, 0) + 1
            if taken[item.source] <= args.per_source:
                kept.append(item)
        items = kept
    if args.write_unseen:
        unseen = [one_sentence_reference(laid_out(i, args.corpus_format)) for i in items]
        rows = ({**dataclasses.asdict(i), "title": None} for i in unseen)
        args.write_unseen.write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
        )
        print(f"{len(unseen)} items written to {args.write_unseen}")
        return 0
    make = _variant(args.variant)
    articles = _articles(items)
    sources = sorted({i.source for i in items})
    bases = {m: score_all(items, articles, _method(m)) for m in BASELINES}
    grid = _grid(args.quick)
    scores = [
        Scored(
            items,
            score_all(items, articles, _ranker(make(p))),
        )
        for p in grid
    ]
    src = np.array([i.source for i in items])

    print("### Leave one source out (held-out figures)\n")
    print(HEAD.format(what="held-out source"))
    for held in sources:
        others = [s for s in sources if s != held]
        best = max(
            range(len(grid)),
            key=lambda g: np.mean([_objective(scores[g].rows(s)) for s in others]),
        )
        mask = src == held
        print(
            _row(
                held,
                scores[best].values[mask],
                {m: v[mask] for m, v in bases.items()},
                f"{' + '.join(others)} ({_describe(grid[best])})",
                "leave one source out",
            )
        )

    print("\n### Split halves: tuned on the even items, reported on the odd ones\n")
    print(HEAD.format(what="source (odd items)"))
    parity = np.zeros(len(items), dtype=bool)
    for source in sources:
        index = np.flatnonzero(src == source)
        parity[index[1::2]] = True  # odd-numbered items of each source
    for source in sources:
        tune = (src == source) & ~parity
        best = max(range(len(grid)), key=lambda g: _objective(scores[g].values[tune]))
        test = (src == source) & parity
        print(
            _row(
                source,
                scores[best].values[test],
                {m: v[test] for m, v in bases.items()},
                f"even items ({_describe(grid[best])})",
                "split halves",
            )
        )

    print("\n### Robustness: PTB-tokenised, no paragraph breaks, no title (shipped defaults)\n")
    corpus = [laid_out(i, args.corpus_format) for i in items]
    corpus_articles = _articles(corpus)
    corpus_bases = {m: score_all(corpus, corpus_articles, _method(m)) for m in BASELINES}
    shipped = score_all(corpus, corpus_articles, _ranker(make(NewsParams())))
    print(HEAD.format(what="source, as corpus text"))
    for source in sources:
        mask = src == source
        bases_here = {m: v[mask] for m, v in corpus_bases.items()}
        print(_row(source, shipped[mask], bases_here, "-", "corpus text"))

    print("\n### The unseen source, simulated: corpus text, one-sentence reference (defaults)\n")
    single = [one_sentence_reference(i) for i in corpus]
    single_bases = {m: score_all(single, corpus_articles, _method(m)) for m in BASELINES}
    shipped = score_all(single, corpus_articles, _ranker(make(NewsParams())))
    print(HEAD.format(what="source, corpus text, first reference sentence"))
    for source in sources:
        mask = src == source
        bases_here = {m: v[mask] for m, v in single_bases.items()}
        print(_row(source, shipped[mask], bases_here, "-", "one-sentence reference"))
    print(
        "\nLength against one sentence: mean words, ROUGE-1 recall and precision\n\n"
        "| source | words news / Lead-3 / TextRank | R1 recall news / Lead-3 | "
        "R1 precision news / Lead-3 |\n| --- | --- | --- | --- |"
    )
    for source in sources:
        mask = src == source
        n, lead, text_rank = (
            np.nanmean(v[mask], axis=0)
            for v in (shipped, single_bases["lead"], single_bases["text-rank"])
        )
        print(
            f"| {source} | {n[5]:.1f} / {lead[5]:.1f} / {text_rank[5]:.1f} | "
            f"{n[3]:.2f} / {lead[3]:.2f} | {n[4]:.2f} / {lead[4]:.2f} |"
        )

    print("\n### Worst mean margin of `news` (R1 or R2, any source) per table\n")
    print("| table | over Lead-3 | over TextRank |\n| --- | ---: | ---: |")
    for table, worst in WORST.items():
        print(f"| {table} | {worst['lead']:+.2f} | {worst['text-rank']:+.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
