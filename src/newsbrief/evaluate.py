"""Summary-quality benchmark: ROUGE, speed and dangling references of rankers on a JSONL set.

Reads the ``news_dev.jsonl`` format (``id``, ``source``, ``title``, ``text``,
``reference``), runs every article through the normal ``clean()`` path, ranks
it with each method, and reports per source and overall: ROUGE-1/2/L F1
(``rouge-score``, Porter stemming, mean over items, x100), seconds per article
(ranking only; cleaning is shared), the dangling-reference rate and the mean
summary length in words. Length is 3 sentences by default; ``words=N`` gives
every method the same budget of N words (and scores at most N words of it),
and ``words=REFERENCE_LENGTH`` the reference's own length per item, so that
methods are compared at equal length and a longer summary cannot win ROUGE by
its length alone. Never prints; the
CLI (``newsbrief eval``) shows the result.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rouge_score import rouge_scorer

from .clean import clean
from .errors import LoadError, NewsbriefError, RankError
from .rank import METHODS, dangling_opener, rank
from .rank.base import word_count
from .split import split_sentences
from .types import Article, RawArticle, Summary

OVERALL = "overall"
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
#: ``evaluate(words=REFERENCE_LENGTH)``: each item's budget is its reference's word count.
REFERENCE_LENGTH = "ref"


@dataclass(frozen=True)
class EvalItem:
    """One line of the dataset."""

    id: str
    source: str
    title: str | None
    text: str
    reference: str


@dataclass(frozen=True)
class Score:
    """Means over the items of one (method, source) cell."""

    method: str
    source: str
    items: int
    rouge1: float
    rouge2: float
    rougeL: float
    seconds_per_article: float
    dangling_rate: float
    mean_words: float = 0.0


@dataclass(frozen=True)
class EvalReport:
    """All cells, plus the items that could not be used (location: error).

    The length asked for: ``sentences`` sentences, or (when set) ``words`` words,
    a number or ``REFERENCE_LENGTH``.
    """

    scores: tuple[Score, ...]
    sentences: int
    skipped: tuple[str, ...] = field(default=())
    words: int | str | None = None

    def cell(self, method: str, source: str = OVERALL) -> Score:
        for score in self.scores:
            if score.method == method and score.source == source:
                return score
        raise KeyError((method, source))

    def to_dict(self) -> dict[str, object]:
        return {
            "sentences": None if self.words is not None else self.sentences,
            "words": self.words,
            "skipped": list(self.skipped),
            "scores": [vars(s) for s in self.scores],
        }


def load_dataset(path: str | Path, limit: int | None = None) -> list[EvalItem]:
    """Read the JSONL dataset; a malformed line is a LoadError naming file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(str(path), f"cannot read dataset ({exc.__class__.__name__})") from None
    items: list[EvalItem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        items.append(_parse_line(line, f"{path}:{number}"))
        if limit is not None and len(items) >= limit:
            break
    if not items:
        raise LoadError(str(path), "dataset holds no items")
    return items


def _parse_line(line: str, where: str) -> EvalItem:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LoadError(where, f"not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise LoadError(where, "expected a JSON object")
    for key in ("text", "reference"):
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            raise LoadError(where, f"missing or empty {key!r}")
    title = obj.get("title")
    return EvalItem(
        id=str(obj.get("id") or where),
        source=str(obj.get("source") or "unknown"),
        title=title if isinstance(title, str) and title.strip() else None,
        text=obj["text"],
        reference=obj["reference"],
    )


def corpus_text(text: str) -> str:
    """``text`` as a newspaper corpus ships it: sentences PTB-tokenised (NLTK's
    ``TreebankWordTokenizer``: `` and '' quotes, "ca n't", "John 's"), no paragraph breaks."""
    from nltk.tokenize import TreebankWordTokenizer

    treebank = TreebankWordTokenizer()
    return " ".join(" ".join(treebank.tokenize(s)) for s in split_sentences(text))


def as_corpus_text(item: EvalItem) -> EvalItem:
    """The item as a corpus ships it: ``corpus_text`` of its text, and no title."""
    return EvalItem(item.id, item.source, None, corpus_text(item.text), item.reference)


def to_article(item: EvalItem) -> Article:
    """The item as the pipeline sees it, through the normal clean() path."""
    raw = RawArticle(location=item.id, body=item.text, title=item.title, id=item.id)
    return clean(raw)


def is_dangling(article: Article, summary: Summary) -> bool:
    """Does a picked sentence open with a pronoun/connective whose previous sentence is not picked?

    The first sentence of an article has no previous sentence, so it dangles too
    when it opens with one.
    """
    position = {id(s): i for i, s in enumerate(article.sentences)}
    picked = {position[id(s)] for s in summary.sentences}
    return any(
        dangling_opener(article.sentences[i].text) is not None and (i - 1) not in picked
        for i in picked
    )


@dataclass
class _Tally:
    n: int = 0
    r1: float = 0.0
    r2: float = 0.0
    rl: float = 0.0
    seconds: float = 0.0
    dangling: int = 0
    words: int = 0

    def add(
        self, r1: float, r2: float, rl: float, seconds: float, dangling: bool, words: int
    ) -> None:
        self.n += 1
        self.r1 += r1
        self.r2 += r2
        self.rl += rl
        self.seconds += seconds
        self.dangling += int(dangling)
        self.words += words

    def score(self, method: str, source: str) -> Score:
        n = max(self.n, 1)
        return Score(
            method=method,
            source=source,
            items=self.n,
            rouge1=100 * self.r1 / n,
            rouge2=100 * self.r2 / n,
            rougeL=100 * self.rl / n,
            seconds_per_article=self.seconds / n,
            dangling_rate=100 * self.dangling / n,
            mean_words=self.words / n,
        )


def default_methods() -> list[str]:
    return list(METHODS)


def evaluate(
    items: Sequence[EvalItem],
    methods: Sequence[str] | None = None,
    *,
    sentences: int = 3,
    words: int | str | None = None,
    on_step: Callable[[], None] | None = None,
) -> EvalReport:
    """Score every method on every item; ``on_step`` is called once per (item, method).

    ``words`` replaces the sentence count by a word budget, the same for every
    method: a number, or ``REFERENCE_LENGTH`` for each item's reference length.
    """
    methods = list(methods or default_methods())
    for method in methods:
        if method not in METHODS:
            raise RankError(method, f"unknown method; available: {', '.join(METHODS)}")
    valid_number = isinstance(words, int) and not isinstance(words, bool) and words >= 1
    if words is not None and words != REFERENCE_LENGTH and not valid_number:
        raise RankError("words", f"must be a positive whole number or 'ref', got {words!r}")
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    tallies: dict[tuple[str, str], _Tally] = {}
    skipped: list[str] = []
    for item in items:
        try:
            article = to_article(item)
        except NewsbriefError as exc:
            skipped.append(str(exc))
            for _ in methods:
                if on_step:
                    on_step()
            continue
        budget = _word_budget(item, words)
        for method in methods:
            start = time.perf_counter()
            summary = rank(article, method, sentences=sentences, words=budget)
            elapsed = time.perf_counter() - start
            texts = clip_words(summary.texts, budget) if budget is not None else summary.texts
            got = scorer.score(item.reference, "\n".join(texts))
            values = (got["rouge1"].fmeasure, got["rouge2"].fmeasure, got["rougeL"].fmeasure)
            length = sum(word_count(text) for text in texts)
            for source in (item.source, OVERALL):
                tally = tallies.setdefault((method, source), _Tally())
                tally.add(*values, elapsed, is_dangling(article, summary), length)
            if on_step:
                on_step()
    sources = [*sorted({s for _, s in tallies if s != OVERALL}), OVERALL]
    scores = tuple(
        tallies[(m, s)].score(m, s) for s in sources for m in methods if (m, s) in tallies
    )
    return EvalReport(scores=scores, sentences=sentences, skipped=tuple(skipped), words=words)


def clip_words(texts: Sequence[str], limit: int) -> tuple[str, ...]:
    """The first ``limit`` words of ``texts`` (bare punctuation not counted), sentence by sentence.

    A word budget keeps whole sentences but always at least one; the overshoot of a
    single long first sentence is not scored, so every summary is scored on at most
    ``limit`` words.
    """
    out: list[str] = []
    room = limit
    for text in texts:
        if room <= 0:
            break
        if word_count(text) <= room:
            out.append(text)
            room -= word_count(text)
            continue
        kept: list[str] = []
        for token in text.split():
            if word_count(token) and room <= 0:
                break
            kept.append(token)
            room -= word_count(token)
        out.append(" ".join(kept))
    return tuple(out)


def _word_budget(item: EvalItem, words: int | str | None) -> int | None:
    if words == REFERENCE_LENGTH:
        return max(1, word_count(item.reference))
    return words if isinstance(words, int) else None


def format_table(report: EvalReport) -> str:
    """A Markdown table: one row per (source, method)."""
    head = (
        "| source | method | n | ROUGE-1 | ROUGE-2 | ROUGE-L | s/article | dangling % | words |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    rows = [
        f"| {s.source} | {s.method} | {s.items} | {s.rouge1:.2f} | {s.rouge2:.2f} | "
        f"{s.rougeL:.2f} | {s.seconds_per_article:.4f} | {s.dangling_rate:.1f} | "
        f"{s.mean_words:.1f} |"
        for s in report.scores
    ]
    return "\n".join([head, *rows])
