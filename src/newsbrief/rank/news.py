"""The ``news`` ranker: lead-led or centrality-led by layout; the best set, nothing dangling.

Every sentence gets a score in [0, 1] that blends two profiles:

* **lead-led** (inverted-pyramid copy): a position prior ``1/(1+d/s)``, where
  ``d`` counts paragraphs and sentences (``paragraph ordinal x step +
  sentence within its paragraph``), plus a directed centrality (TextRank-like
  shared-word degree made position-aware as in PacSum: words shared with
  *later* sentences count fully, with earlier ones at a discount) and the
  TF-IDF cosine with the headline; fragments (< 12 words) and run-ons
  (> 40 words, often a caption glued to a sentence) are damped;
* **centrality-led** (copy whose gist is spread over the text): TextRank's
  edge weight, shared words over the summed log lengths, summed over all
  other sentences, times a mild preference for longer sentences.

The **layout** decides the blend: text without breaks and one- or
two-sentence paragraphs (wire and web copy) are lead-led; paragraphs that
average ``layout_high`` sentences or more are centrality-led; a linear ramp
in between. All of it works on flat numpy arrays of (sentence, term) entries
in O(non-zeros) (``rank/terms.py``).

Captions, credits, bylines, timestamps, fragments and teaser questions are
not candidates, and a near-repeat of a better candidate drops out. The
summary is then the **best-scoring valid set**: among the top candidates
(plus the antecedents they need), every set of the budgeted size is scored
at once (sum of scores minus a redundancy penalty on the cosines between
members), and a set is valid only if each member that opens with a pronoun
or connective ("He", "This", "But", ...) comes with the sentence before it.
Budgets too large to enumerate fall back to a greedy pick with the same rules
(``rank/news_select.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from ..blas import one_blas_thread
from ..lexicon import SUMMARY_JUNK_ANYWHERE, SUMMARY_JUNK_HINTS, SUMMARY_JUNK_START
from ..types import Article, Sentence, Summary
from .base import Budget, Ranker, Ranking, word_count
from .news_select import BestSetSelection, NewsRanking
from .terms import (
    Terms,
    changes,
    directed_overlap,
    length_normalised_degree,
    term_entries,
)

__all__ = [
    "NewsParams",
    "NewsRanker",
    "NewsRanking",
    "Terms",
    "directed_overlap",
    "layout_weight",
    "length_normalised_degree",
    "position_distance",
    "skip_reason",
    "term_entries",
]

_MIN_WORDS = 5


@dataclass(frozen=True)
class NewsParams:
    """The knobs of the ``news`` ranker (tuned once on the dev set, all sources together)."""

    position_weight: float = 1.0
    position_scale: float = 4.0  # prior = 1 / (1 + distance / scale)
    paragraph_step: float = 1.0  # distance = paragraph ordinal x step + index in paragraph
    overlap_weight: float = 0.3  # directed shared-word centrality (TextRank-like degree)
    headline_weight: float = 0.8  # TF-IDF cosine with the title
    backward_discount: float = 0.5  # weight of words shared with *earlier* sentences
    long_sentence: int = 12  # words at which a sentence gets its full length factor
    run_on: int = 40  # words beyond which a "sentence" is likely a run-on (merged caption)
    run_on_power: float = 1.0  # run-ons are damped by (run_on / words) ** power
    # The layout switch: mean sentences per paragraph at which the centrality-led
    # profile starts to count, and at which it has replaced the lead-led one.
    layout_low: float = 1.6
    layout_high: float = 2.6
    spread_length_power: float = 0.25  # centrality-led profile: x (words / mean words) ** power
    # Selection: the best-scoring valid set among the top candidates.
    redundancy: float = 0.15  # penalty per unit of TF-IDF cosine between two picked sentences
    redundant_cut: float = 0.5  # at or above this cosine a sentence repeats a better one
    pool: int = 12  # how many of the best candidates the set search considers
    max_subsets: int = 20_000  # beyond this many candidate sets, pick greedily instead
    guard: bool = True  # dangling-reference guard (off only for experiments)


def position_distance(paragraphs: np.ndarray, step: float) -> np.ndarray:
    """How far into the text each sentence is: paragraph ordinal x ``step`` + index in paragraph.

    ``paragraphs`` holds each sentence's paragraph number (ascending). Without
    breaks this is the sentence index; with one-sentence paragraphs it is
    ``step`` x the sentence index.
    """
    n = paragraphs.size
    index = np.arange(n)
    opens = changes(paragraphs)
    run_start = np.maximum.accumulate(np.where(opens, index, 0)) if n else index
    ordinal = np.cumsum(opens) - 1
    return ordinal * step + (index - run_start)


def _scaled(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def skip_reason(text: str, words: int | None = None) -> str | None:
    """Why a sentence is not a candidate (caption, credit, fragment, teaser), or ``None``.

    ``words``: ``word_count(text)`` when the caller has it already.
    """
    lower = text.lower()
    hinted = any(map(lower.__contains__, SUMMARY_JUNK_HINTS))
    if (hinted and SUMMARY_JUNK_ANYWHERE.search(lower)) or SUMMARY_JUNK_START.match(lower):
        return "caption/credit/byline: skipped"
    if (word_count(text) if words is None else words) < _MIN_WORDS:
        return "caption/fragment: skipped"
    if text.rstrip(" \"'”’)").endswith("?"):
        return "question/teaser: skipped"
    if not any(map(str.islower, text)):
        return "all capitals (heading/caption): skipped"
    return None


class NewsRanker(BestSetSelection, Ranker):
    """Our default ranker, tuned for news; see the module docstring."""

    name = "news"
    description = "news-tuned: lead or centrality by layout, headline, best valid set, no dangling"

    def __init__(self, params: NewsParams | None = None) -> None:
        self.params = params or NewsParams()

    def summarize(self, article: Article, budget: Budget, explain: bool = False) -> Summary:
        with one_blas_thread():  # small products: a second BLAS thread only slows them
            return super().summarize(article, budget, explain)

    def distance(self, paragraphs: np.ndarray, words: np.ndarray) -> np.ndarray:
        """How far into the text each sentence is, for the position prior (paragraphs, index)."""
        return position_distance(paragraphs, self.params.paragraph_step)

    def signals(
        self, terms: Terms, words: np.ndarray, paragraphs: np.ndarray | None = None
    ) -> dict[str, np.ndarray]:
        """Each signal scaled to [0, 1], both profiles and the final score per sentence.

        ``paragraphs`` is each sentence's paragraph number; ``None`` means one paragraph.
        """
        p = self.params
        if paragraphs is None:
            paragraphs = np.zeros(terms.n, dtype=np.int64)
        position = 1.0 / (1.0 + self.distance(paragraphs, words) / p.position_scale)
        earlier, later, self_sim = directed_overlap(terms.n, terms.rows, terms.cols, terms.counts)
        n_terms = np.bincount(terms.rows, weights=terms.counts, minlength=terms.n)
        log_terms = np.log(np.maximum(n_terms, 1.0))
        norm = log_terms + log_terms.mean() + 1e-9
        directed = _scaled((later + p.backward_discount * earlier + self_sim) / norm)
        centrality = _scaled(length_normalised_degree(terms, log_terms))
        headline = np.bincount(
            terms.rows, weights=terms.tfidf * terms.query[terms.cols], minlength=terms.n
        )
        fragment = np.minimum(1.0, words / p.long_sentence)
        run_on = np.minimum(1.0, p.run_on / np.maximum(words, 1.0)) ** p.run_on_power
        lead_led = (
            p.position_weight * position
            + p.overlap_weight * directed
            + p.headline_weight * _scaled(headline)
        ) * (fragment * run_on)
        mean_words = float(words.mean()) if words.size else 1.0
        longer = (words / max(mean_words, 1.0)) ** p.spread_length_power
        spread_led = centrality * fragment * longer
        weight = layout_weight(paragraphs, p.layout_low, p.layout_high)
        score = (1.0 - weight) * _scaled(lead_led) + weight * _scaled(spread_led)
        return {
            "score": score,
            "position": position,
            "opens": changes(paragraphs)[: terms.n],
            "centrality": directed,
            "spread": centrality,
            "headline": headline,
            "length": fragment * run_on,
            "layout": np.full(terms.n, weight),
        }

    def headline(self, article: Article) -> str:
        """The title as evidence of the gist: none when ``clean`` took it from the first sentence.

        An article without a title of its own gets its first sentence as headline;
        its similarity to the other sentences would then reward whatever resembles
        the lead, which the position prior already does, and it says nothing about
        which later sentence tells the gist.
        """
        return "" if article.title_derived else article.title

    def score(self, sentences: tuple[Sentence, ...], title: str) -> Ranking:
        texts = [s.text for s in sentences]
        terms = term_entries(texts, title)
        counts = [word_count(t) for t in texts]
        words = np.array(counts, dtype=float)
        paragraphs = np.array([s.paragraph for s in sentences], dtype=np.int64)
        parts = self.signals(terms, words, paragraphs)
        skips = [skip_reason(t, n) for t, n in zip(texts, counts, strict=True)]
        candidates = np.array([i for i, skip in enumerate(skips) if skip is None], dtype=np.int64)
        if not candidates.size:  # nothing but fragments: better a fragment than nothing
            candidates = np.arange(len(texts))
        score = parts["score"]
        best_first = candidates[np.argsort(-score[candidates], kind="stable")]  # ties: in order
        return NewsRanking(
            tuple(best_first.tolist()),
            tuple(score.tolist()),
            _Reasons(parts, skips),
            terms,
            tuple(counts),
        )


def layout_weight(paragraphs: np.ndarray, low: float, high: float) -> float:
    """How far the layout says "the gist is spread out": 0 (lead-led) to 1 (centrality-led).

    Text without breaks and one- or two-sentence paragraphs (wire and web copy,
    written to the inverted pyramid) give 0; paragraphs that average ``high``
    sentences or more give 1, with a linear ramp from ``low``.
    """
    if paragraphs.size == 0:
        return 0.0
    count = int(np.count_nonzero(changes(paragraphs)))
    if count < 2:
        return 0.0
    mean = paragraphs.size / count
    return float(np.clip((mean - low) / (high - low), 0.0, 1.0))


class _Reasons(Sequence[tuple[str, ...]]):
    """Each sentence's reasons, worded only when asked for (``--explain``)."""

    def __init__(self, parts: dict[str, np.ndarray], skips: list[str | None]) -> None:
        self._parts, self._skips = parts, skips

    def __len__(self) -> int:
        return len(self._skips)

    @overload
    def __getitem__(self, index: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, ...]]: ...
    def __getitem__(self, index: int | slice) -> tuple[str, ...] | Sequence[tuple[str, ...]]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        return _reasons(self._parts, range(len(self))[index], self._skips[index])


def _reasons(parts: dict[str, np.ndarray], i: int, skip: str | None) -> tuple[str, ...]:
    why = [f"position prior {parts['position'][i]:.2f}"]
    opens = parts["opens"]
    if i > 0 and opens[i] and not opens.all():  # only says something when paragraphs vary
        why.append(f"opens paragraph {int(opens[: i + 1].sum())}")
    why.append(f"centrality {parts['centrality'][i]:.2f}")
    if parts["layout"][i] > 0:
        why.append(
            f"spread-out layout (weight {parts['layout'][i]:.2f}): "
            f"whole-text centrality {parts['spread'][i]:.2f}"
        )
    if parts["headline"][i] > 0:
        why.append(f"similar to headline {parts['headline'][i]:.2f}")
    if parts["length"][i] < 1:
        why.append(f"length factor {parts['length'][i]:.2f}")
    if skip:
        why.append(skip)
    return tuple(why)
