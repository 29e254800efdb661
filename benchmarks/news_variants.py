"""Alternatives to the shipped `news` ranker, for ``loso_rouge.py --variant NAME`` (not shipped).

Each variant is a ``NewsRanker`` subclass built from the same ``NewsParams``,
so the leave-one-source-out grid, the split halves and the robustness tables
measure it exactly as they measure `news`:

* ``title-as-headline``: the ranker before issue 15's headline change (a title
  that only repeats the first sentence still counts as a headline);
* ``lead-anchor-D``: start from the first N candidates in text order (Lead-N
  without furniture, fragments, teasers, dangling openers and near-repeats) and
  take the best-scoring set instead only when its score beats the anchor's by
  ``D`` x (1 - layout weight); ``candidates-lead`` never leaves the anchor;
* ``lead-central-P``: the position weight times (mean centrality of the first
  three sentences / mean centrality) ** ``P``: the lead's own centrality sets the
  strength of the position prior per document;
* ``first-sentence-free``: the dangling guard spares the first sentence (it has no
  sentence before it, so a summary that opens with it opens as the article does);
  ``newsbrief eval`` still counts such a summary as dangling;
* ``word-position``: the position prior's distance counts words instead of sentences
  within a paragraph (words before the sentence / the article's mean sentence
  length), so a short sentence or a splitting error does not push the next one a
  whole step down.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

import numpy as np

from newsbrief.rank.base import Budget, Ranking, Selection, dangling_opener
from newsbrief.rank.news import NewsParams, NewsRanker, NewsRanking, layout_weight
from newsbrief.rank.terms import Terms, changes, length_normalised_degree
from newsbrief.types import Article, Sentence


class TitleAsHeadline(NewsRanker):
    """The title counts as a headline even when it repeats the first sentence."""

    def headline(self, article: Article) -> str:
        return article.title


class LeadAnchor(NewsRanker):
    """Lead-N of the candidates unless the best set beats it by ``margin``."""

    def __init__(self, params: NewsParams | None = None, margin: float = 0.1) -> None:
        super().__init__(params)
        self.margin = margin

    def select(
        self, sentences: tuple[Sentence, ...], ranking: Ranking, budget: Budget
    ) -> Selection:
        best = super().select(sentences, ranking, budget)
        if budget.sentences is None:
            return best
        assert isinstance(ranking, NewsRanking)
        paragraphs = np.array([s.paragraph for s in sentences], dtype=np.int64)
        weight = layout_weight(paragraphs, self.params.layout_low, self.params.layout_high)
        if weight >= 1.0:
            return best
        anchor = self._anchor(sentences, ranking, budget.sentences)
        if not anchor:
            return best
        gain = self._value(ranking, list(best.picked)) - self._value(ranking, anchor)
        return Selection(tuple(anchor), {}) if gain < self.margin * (1 - weight) else best

    def _anchor(self, sentences: tuple[Sentence, ...], ranking: NewsRanking, n: int) -> list[int]:
        candidates = set(ranking.order)
        lead: list[int] = []
        for i in range(len(sentences)):
            if i not in candidates:
                continue
            if dangling_opener(sentences[i].text) and (i - 1) not in lead:
                continue
            if lead and ranking.terms.similarity_block([*lead, i])[-1, :-1].max() >= (
                self.params.redundant_cut
            ):
                continue
            lead.append(i)
            if len(lead) == n:
                break
        return lead

    def _value(self, ranking: NewsRanking, picked: list[int]) -> float:
        cosine = ranking.terms.similarity_block(picked)
        np.fill_diagonal(cosine, 0.0)
        total = float(np.asarray(ranking.scores)[picked].sum())
        return total - self.params.redundancy * 0.5 * float(cosine.sum())


class LeadCentralPrior(NewsRanker):
    """The position weight scaled per document by how central the first sentences are."""

    def __init__(self, params: NewsParams | None = None, power: float = 2.0) -> None:
        super().__init__(params)
        self.power = power

    def signals(
        self, terms: Terms, words: np.ndarray, paragraphs: np.ndarray | None = None
    ) -> dict[str, np.ndarray]:
        shipped = self.params
        if terms.n > 3:
            n_terms = np.bincount(terms.rows, weights=terms.counts, minlength=terms.n)
            centrality = length_normalised_degree(terms, np.log(np.maximum(n_terms, 1.0)))
            ratio = float(centrality[:3].mean() / max(float(centrality.mean()), 1e-9))
            self.params = dataclasses.replace(
                shipped, position_weight=shipped.position_weight * ratio**self.power
            )
        try:
            return super().signals(terms, words, paragraphs)
        finally:
            self.params = shipped


class FirstSentenceFree(NewsRanker):
    """The first sentence may be picked even when it opens with a pronoun or connective."""

    def _dangling_flags(self, sentences: tuple[Sentence, ...]) -> np.ndarray:
        flags = super()._dangling_flags(sentences)
        flags[:1] = False
        return flags


class WordPosition(NewsRanker):
    """Distance = paragraph ordinal x step + words before the sentence in its paragraph / mean."""

    def distance(self, paragraphs: np.ndarray, words: np.ndarray) -> np.ndarray:
        opens = changes(paragraphs)
        before = np.concatenate([[0.0], np.cumsum(words)[:-1]])
        start = np.maximum.accumulate(np.where(opens, before, 0.0))
        within = (before - start) / max(float(words.mean()), 1.0)
        result: np.ndarray = (np.cumsum(opens) - 1) * self.params.paragraph_step + within
        return result


def variant(name: str) -> Callable[[NewsParams], NewsRanker]:
    """The ranker factory called ``name`` (``news`` is the shipped ranker)."""
    if name == "news":
        return NewsRanker
    if name == "title-as-headline":
        return TitleAsHeadline
    if name == "candidates-lead":
        return functools.partial(LeadAnchor, margin=float("inf"))
    if name.startswith("lead-anchor-"):
        return functools.partial(LeadAnchor, margin=float(name.removeprefix("lead-anchor-")))
    if name == "first-sentence-free":
        return FirstSentenceFree
    if name == "word-position":
        return WordPosition
    if name.startswith("lead-central-"):
        return functools.partial(LeadCentralPrior, power=float(name.removeprefix("lead-central-")))
    raise ValueError(f"unknown variant {name!r}")
