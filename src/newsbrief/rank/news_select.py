"""Selection for the ``news`` ranker: the best-scoring valid set of sentences.

Near-repeats of a better candidate drop out first. Among the best ``pool``
candidates (plus the antecedents their dangling members need), every set of
the budgeted size is scored at once: the sum of its scores minus
``redundancy`` x the TF-IDF cosines between its members. A set is valid only
when each member that opens with a pronoun or connective ("He", "This",
"But", ...) comes with the sentence before it. Budgets too large to enumerate
fall back to a greedy pick with the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations
from math import comb
from typing import TYPE_CHECKING

import numpy as np

from ..types import Sentence
from .base import Budget, Ranking, Selection, dangling_opener, word_count
from .terms import Terms

if TYPE_CHECKING:
    from .news import NewsParams


@dataclass(frozen=True)
class NewsRanking(Ranking):
    """A Ranking that also carries the term entries, for redundancy checks while picking,
    and each sentence's ``word_count`` (empty: counted when needed)."""

    terms: Terms
    words: tuple[int, ...] = ()


class BestSetSelection:
    """``Ranker.select`` for ``news``: mixed into the ranker, reads its ``params``."""

    params: NewsParams

    def select(
        self, sentences: tuple[Sentence, ...], ranking: Ranking, budget: Budget
    ) -> Selection:
        """The best-scoring set of candidates that fits the budget and leaves nothing dangling.

        Near-repeats of a better candidate drop out first. Among the best
        ``pool`` candidates (plus the antecedents they need), every set of the
        budgeted size is scored at once: the sum of its scores minus
        ``redundancy`` x the cosines between its members; a set is valid when
        each member that opens with a pronoun or connective comes with the
        sentence before it. When there are too many sets to score (large
        budgets), a greedy pick with the same rules is used instead.
        """
        assert isinstance(ranking, NewsRanking)
        notes: dict[int, tuple[str, ...]] = {}
        dangles = self._dangling_flags(sentences)
        size = self.params.pool
        if budget.sentences is not None:
            size = max(size, budget.sentences + 4)  # room to choose around dangling members
        kept = self._drop_repeats(ranking, notes, size)
        usable = set(ranking.order).difference(notes)  # every candidate but the repeats
        pool = self._pool(kept[:size], dangles, usable)
        counts = ranking.words or tuple(word_count(s.text) for s in sentences)
        words = np.array([counts[i] for i in pool], dtype=float)
        masks = _subsets(len(pool), budget, words, self.params.max_subsets)
        if masks is None:
            return self._select_greedy(sentences, ranking, dangles, budget)
        picked = self._best_set(ranking, pool, masks, dangles)
        _note_pool(sentences, pool, picked, dangles, notes)
        return Selection(tuple(sorted(picked, key=lambda i: -ranking.scores[i])), notes)

    def _drop_repeats(
        self, ranking: NewsRanking, notes: dict[int, tuple[str, ...]], wanted: int
    ) -> list[int]:
        """The best ``wanted`` (and a few more) candidates that do not repeat a better one."""
        kept: list[int] = []
        max_sim = np.zeros(ranking.terms.n)
        twin = np.full(ranking.terms.n, -1)
        for pos in ranking.order:
            if max_sim[pos] >= self.params.redundant_cut:
                notes[pos] = (f"redundant with #{twin[pos] + 1} ({max_sim[pos]:.2f})",)
                continue
            kept.append(pos)
            if len(kept) > wanted + 4:  # the rest is never considered
                break
            sims = ranking.terms.similarity_to(pos)
            closer = sims > max_sim
            twin[closer], max_sim[closer] = pos, sims[closer]
        return kept

    def _dangling_flags(self, sentences: tuple[Sentence, ...]) -> np.ndarray:
        if not self.params.guard:
            return np.zeros(len(sentences), dtype=bool)
        return np.array([dangling_opener(s.text) is not None for s in sentences], dtype=bool)

    @staticmethod
    def _pool(top: list[int], dangles: np.ndarray, usable: set[int]) -> list[int]:
        """The ``top`` candidates plus the antecedents their dangling members need."""
        needed = {i - 1 for i in top if dangles[i] and (i - 1) in usable}
        return sorted(set(top) | needed)

    def _best_set(
        self, ranking: NewsRanking, pool: list[int], masks: np.ndarray, dangles: np.ndarray
    ) -> list[int]:
        """The valid subset (row of ``masks``) with the highest redundancy-penalised score."""
        scores = np.asarray(ranking.scores)[pool]
        cosine = ranking.terms.similarity_block(pool)
        np.fill_diagonal(cosine, 0.0)
        as_float = masks.astype(float)
        value = as_float @ scores - self.params.redundancy * 0.5 * np.einsum(
            "mi,ij,mj->m", as_float, cosine, as_float
        )
        index = {pos: k for k, pos in enumerate(pool)}
        valid = np.ones(len(masks), dtype=bool)
        for k, pos in enumerate(pool):
            if dangles[pos]:
                antecedent = index.get(pos - 1)
                has_it = masks[:, antecedent] if antecedent is not None else False
                valid &= ~masks[:, k] | has_it
        if not valid.any():  # every set that fits dangles: the best sentence that does not
            safe = np.array([not dangles[pos] for pos in pool])
            return [pool[int(np.argmax(np.where(safe, scores, -np.inf) if safe.any() else scores))]]
        best = int(np.argmax(np.where(valid, value, -np.inf)))
        return [pool[k] for k in np.flatnonzero(masks[best])]

    def _select_greedy(
        self,
        sentences: tuple[Sentence, ...],
        ranking: NewsRanking,
        dangles: np.ndarray,
        budget: Budget,
    ) -> Selection:
        """Large budgets: best first, skipping repeats of what is picked; a dangling
        candidate brings its antecedent along or is skipped."""
        notes: dict[int, tuple[str, ...]] = {}
        usable = set(ranking.order)
        picked: list[int] = []
        words = 0
        max_sim = np.zeros(len(sentences))
        for pos in ranking.order:
            if pos in picked:
                continue
            if max_sim[pos] >= self.params.redundant_cut:
                notes[pos] = (f"redundant with a picked sentence ({max_sim[pos]:.2f})",)
                continue
            group = [pos]
            if dangles[pos] and (pos - 1) not in picked:
                if (pos - 1) not in usable or dangles[pos - 1]:
                    opener = dangling_opener(sentences[pos].text)
                    notes[pos] = (f"dangling '{opener}' without antecedent: skipped",)
                    continue
                group = [pos - 1, pos]
                notes[pos - 1] = (f"antecedent of #{pos + 1}: kept with it",)
            size = sum(word_count(sentences[i].text) for i in group)
            if not budget.fits(words, len(picked) + len(group) - 1, size):
                break
            picked.extend(group)
            words += size
            for i in group:
                max_sim = np.maximum(max_sim, ranking.terms.similarity_to(i))
        if not picked:
            picked.append(ranking.order[0])
        return Selection(tuple(picked), notes)


@cache
def _combinations(n: int, k: int) -> np.ndarray:
    """Every k-subset of range(n) as rows of a boolean mask, in lexicographic order."""
    rows = list(combinations(range(n), k))
    masks = np.zeros((len(rows), n), dtype=bool)
    for r, row in enumerate(rows):
        masks[r, list(row)] = True
    masks.setflags(write=False)
    return masks


def _subsets(size: int, budget: Budget, words: np.ndarray, limit: int) -> np.ndarray | None:
    """Candidate sets over a pool of ``size`` as mask rows, or None when there are too many.

    A sentence budget asks for sets of exactly that many sentences (all of the
    pool when it is smaller); a word budget for every set that fits and every
    single sentence, however long (at least one sentence, as ``Budget.fits``
    allows every ranker: a lede longer than a tight budget competes with the
    short sentences that fit instead of losing to them unseen).
    """
    if budget.sentences is not None:
        k = min(budget.sentences, size)
        if comb(size, k) > limit:
            return None
        return _combinations(size, k)
    if 2**size > limit or words.sum() <= (budget.words or 0):
        return None  # too many sets, or the budget outgrows the pool: pick greedily
    masks = np.vstack([_combinations(size, k) for k in range(1, size + 1)])
    fits = masks.astype(float) @ words <= (budget.words or 0)
    fits[:size] = True  # the single sentences come first (k = 1)
    chosen: np.ndarray = masks[fits]
    return chosen


def _note_pool(
    sentences: tuple[Sentence, ...],
    pool: list[int],
    picked: list[int],
    dangles: np.ndarray,
    notes: dict[int, tuple[str, ...]],
) -> None:
    """Say why each pool member was or was not picked."""
    chosen = set(picked)
    for pos in pool:
        opener = dangling_opener(sentences[pos].text)
        if pos in chosen:
            if (pos + 1) in chosen and dangles[pos + 1]:
                notes[pos] = (f"antecedent of #{pos + 2}: kept with it",)
        elif dangles[pos] and (pos - 1) not in chosen:
            notes[pos] = (f"dangling '{opener}' without its antecedent #{pos}: skipped",)
        else:
            notes[pos] = ("not in the best-scoring set",)
