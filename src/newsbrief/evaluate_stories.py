"""Story-summary benchmark: the digest's multi-report summary against baselines, by ROUGE.

Reads same-story clusters (``clusters_dev.jsonl``: ``id``, ``articles`` with
``title``/``text``/``outlet``, and a human roundup in ``reference_paragraphs`` or
``reference``), cleans every report through the normal ``clean()`` path and
summarises each cluster with:

* ``digest`` -- the digest's story summary (``multi_summary``, reports ordered
  as the digest orders them);
* ``textrank-all`` -- sumy TextRank over all reports joined into one text;
* ``first-sentences`` -- the first sentence of each report, in digest order;
* ``news-best`` / ``lead3-best`` -- the ``news`` ranker / the lead of the best
  (first) report.

Scores are ROUGE-1/2/L F1 (``rouge-score``, Porter stemming, x100, mean over
clusters) against the roundup's first paragraph (the factual roundup; the last
paragraph of an AllSides roundup is about media coverage), with mean words per
summary, for each half of a fixed split by a hash of the cluster id (``tune``
and ``test``) and for all clusters. With a word budget every method builds its
summary within that many words and is scored on at most that many words, so a
longer summary cannot win by length alone. Never prints; ``newsbrief eval
--stories`` shows the result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rouge_score import rouge_scorer

from .clean import clean
from .digest.stories import multi_summary, order_reports
from .errors import LoadError, NewsbriefError
from .evaluate import OVERALL, ROUGE_TYPES
from .rank import rank
from .rank.base import word_count
from .types import Article, RawArticle

STORY_METHODS = ("digest", "textrank-all", "first-sentences", "news-best", "lead3-best")
HALVES = ("tune", "test")


@dataclass(frozen=True)
class StoryItem:
    """One cluster: its reports (cleaned) and the reference roundup."""

    id: str
    articles: tuple[Article, ...]
    reference: str

    @property
    def half(self) -> str:
        return split_half(self.id)


def split_half(cluster_id: str) -> str:
    """``tune`` or ``test``: the parity of the first byte of the id's SHA-256 (a fixed split)."""
    return HALVES[hashlib.sha256(cluster_id.encode("utf-8")).digest()[0] % 2]


@dataclass(frozen=True)
class StoryScore:
    """Means over the clusters of one (method, half) cell."""

    method: str
    half: str
    items: int
    rouge1: float
    rouge2: float
    rougeL: float
    words: float


@dataclass(frozen=True)
class StoryReport:
    scores: tuple[StoryScore, ...]
    sentences: int
    words: int | None
    skipped: tuple[str, ...] = field(default=())

    def cell(self, method: str, half: str = OVERALL) -> StoryScore:
        for score in self.scores:
            if score.method == method and score.half == half:
                return score
        raise KeyError((method, half))

    def to_dict(self) -> dict[str, object]:
        return {
            "sentences": self.sentences,
            "words": self.words,
            "skipped": list(self.skipped),
            "scores": [vars(s) for s in self.scores],
        }


def load_clusters(path: str | Path, limit: int | None = None) -> tuple[list[StoryItem], list[str]]:
    """Clusters with a reference and at least one usable report; the rest as skip notes.

    A line that is not a JSON object with an ``articles`` list is a LoadError
    naming the file and line.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(str(path), f"cannot read clusters ({exc.__class__.__name__})") from None
    items: list[StoryItem] = []
    skipped: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        obj = _object(line, where)
        reference = _reference(obj)
        if reference is None:
            continue  # clusters without a roundup (ECB+, UCI) are for merging, not summaries
        articles = _articles(obj, where, skipped)
        if not articles:
            skipped.append(f"{where}: no usable report")
            continue
        items.append(StoryItem(str(obj.get("id") or where), articles, reference))
        if limit is not None and len(items) >= limit:
            break
    if not items:
        raise LoadError(str(path), "no cluster with a reference summary")
    return items, skipped


def _object(line: str, where: str) -> dict[str, object]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LoadError(where, f"not valid JSON ({exc.msg})") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("articles"), list):
        raise LoadError(where, "expected a JSON object with an 'articles' list")
    return obj


def _reference(obj: dict[str, object]) -> str | None:
    """The roundup's first paragraph (its factual part), else the whole reference."""
    paragraphs = obj.get("reference_paragraphs")
    if isinstance(paragraphs, list) and paragraphs and isinstance(paragraphs[0], str):
        first = paragraphs[0].strip()
        if first:
            return first
    reference = obj.get("reference")
    return reference.strip() if isinstance(reference, str) and reference.strip() else None


def _articles(obj: dict[str, object], where: str, skipped: list[str]) -> tuple[Article, ...]:
    raw_list = obj["articles"]
    assert isinstance(raw_list, list)
    articles: list[Article] = []
    for i, entry in enumerate(raw_list):
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            skipped.append(f"{where}: report {i} has no text")
            continue
        ident = str(entry.get("id") or f"{where}#{i}")
        title, outlet = entry.get("title"), entry.get("outlet")
        raw = RawArticle(
            location=ident,
            body=entry["text"],
            title=title if isinstance(title, str) else None,
            source_name=outlet if isinstance(outlet, str) else None,
            id=ident,
        )
        try:
            article = clean(raw)
        except NewsbriefError as exc:
            skipped.append(str(exc))
            continue
        articles.append(article)
    return tuple(articles)


def joined(articles: Sequence[Article]) -> Article:
    """All reports as one article (paragraphs in order), for single-text baselines."""
    body = "\n\n".join(a.text for a in articles)
    return clean(RawArticle(location="story", body=body, title=articles[0].title, id="story"))


def story_summary(
    method: str, articles: Sequence[Article], *, sentences: int, words: int | None = None
) -> tuple[str, ...]:
    """The summary of one story (reports in digest order) by ``method``.

    With ``words`` every baseline fills the budget the same way: its sentences in
    its own order of preference, each that still fits, shown in reading order.
    """
    ordered = order_reports(articles)
    if method == "digest":
        return multi_summary(ordered, sentences, words=words)
    if method == "news-best":
        return rank(ordered[0], "news", sentences=sentences, words=words).texts
    if method == "textrank-all":
        story = joined(ordered)
        if words is None:
            return rank(story, "text-rank", sentences=sentences).texts
        every = rank(story, "text-rank", sentences=len(story.sentences), explain=True)
        best_first = sorted(every.explanation, key=lambda e: (-e.score, e.index))
        return _fill([(e.index, e.text) for e in best_first], words)
    if method == "first-sentences":
        firsts = [(i, a.sentences[0].text) for i, a in enumerate(ordered) if a.sentences]
        return _fill(firsts, words)
    if method == "lead3-best":
        lead = [(s.index, s.text) for s in ordered[0].sentences]
        return _fill(lead[:sentences] if words is None else lead, words)
    raise ValueError(f"unknown story method {method!r}")


def _fill(best_first: Sequence[tuple[int, str]], words: int | None) -> tuple[str, ...]:
    """Each (position, text) in turn that still fits in ``words`` words (at least one), in
    position order; all of them without a budget."""
    if words is None:
        return tuple(text for _, text in sorted(best_first))
    kept: list[tuple[int, str]] = []
    total = 0
    for position, text in best_first:
        n = word_count(text)
        if kept and total + n > words:
            continue
        kept.append((position, text))
        total += n
    return tuple(text for _, text in sorted(kept))


def cut_to(text: str, words: int | None) -> str:
    """The first ``words`` words of ``text`` (all of it without a budget)."""
    return text if words is None else " ".join(text.split()[:words])


@dataclass
class _Tally:
    n: int = 0
    sums: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0, 0.0])

    def add(self, *values: float) -> None:
        self.n += 1
        for i, value in enumerate(values):
            self.sums[i] += value

    def score(self, method: str, half: str) -> StoryScore:
        n = max(self.n, 1)
        r1, r2, rl, words = (s / n for s in self.sums)
        return StoryScore(method, half, self.n, 100 * r1, 100 * r2, 100 * rl, words)


def item_scores(
    item: StoryItem,
    method: str,
    sentences: int,
    words: int | None,
    scorer: rouge_scorer.RougeScorer,
) -> tuple[float, float, float, float]:
    """ROUGE-1/2/L F1 (0..1) and the word count of one cluster's summary by ``method``."""
    summary = cut_to(
        "\n".join(story_summary(method, item.articles, sentences=sentences, words=words)), words
    )
    got = scorer.score(item.reference, summary)
    r1, r2, rl = (got[t].fmeasure for t in ROUGE_TYPES)
    return r1, r2, rl, float(word_count(summary))


def evaluate_stories(
    items: Sequence[StoryItem],
    methods: Sequence[str] | None = None,
    *,
    sentences: int = 3,
    words: int | None = None,
    on_step: Callable[[], None] | None = None,
) -> StoryReport:
    """Score every method on every cluster, per half and overall."""
    methods = list(methods or STORY_METHODS)
    for method in methods:
        if method not in STORY_METHODS:
            raise ValueError(f"unknown story method {method!r}")
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    tallies: dict[tuple[str, str], _Tally] = {}
    for item in items:
        for method in methods:
            values = item_scores(item, method, sentences, words, scorer)
            for half in (item.half, OVERALL):
                tallies.setdefault((method, half), _Tally()).add(*values)
            if on_step:
                on_step()
    scores = tuple(
        tallies[(m, h)].score(m, h)
        for h in (*HALVES, OVERALL)
        for m in methods
        if (m, h) in tallies
    )
    return StoryReport(scores=scores, sentences=sentences, words=words)


def format_story_table(report: StoryReport) -> str:
    """A Markdown table: one row per (half, method)."""
    head = (
        "| half | method | n | ROUGE-1 | ROUGE-2 | ROUGE-L | words |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
    )
    rows = [
        f"| {s.half} | {s.method} | {s.items} | {s.rouge1:.2f} | {s.rouge2:.2f} | "
        f"{s.rougeL:.2f} | {s.words:.1f} |"
        for s in report.scores
    ]
    return "\n".join([head, *rows])
