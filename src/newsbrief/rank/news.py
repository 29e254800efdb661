"""The ``news`` ranker: position prior + directed centrality + headline match, MMR, dangling guard.

Every sentence gets a score from three signals, each scaled to [0, 1]:

* **position**: news puts the gist first, so a decaying prior on the index;
* **centrality** (PacSum-style, directed): how much of the *rest* of the
  article repeats this sentence's content, counting later sentences fully and
  earlier ones at a discount. With L2-normalised TF-IDF rows, the sum of
  cosines to every earlier sentence is ``x_i . (x_0 + ... + x_{i-1})``, which
  a per-term cumulative sum over the sparse matrix gives for all sentences in
  O(non-zeros): no n x n matrix, no Python loops over pairs;
* **headline**: cosine with the title.

Captions, credits, bylines, timestamps, fragments and teaser questions are
not candidates. Picking is greedy MMR (score minus similarity to what is
already picked). A candidate that opens with a pronoun or connective ("He",
"This", "But", ...) whose previous sentence is not picked is replaced by that
previous sentence (its antecedent) when it is a usable candidate, else skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import scipy.sparse as sp
from nltk.stem.snowball import SnowballStemmer
from sumy.utils import get_stop_words

from ..types import Sentence
from .base import Budget, Ranker, Ranking, Selection, dangling_opener, word_count

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

#: Page furniture that is never summary material: captions, credits, bylines, timestamps, UI.
_JUNK = re.compile(
    r"""(?ix)
    ^\s*(?:by\s*\.|photo:|image:|picture:|pictured:|caption:|credit:|source:|video:|watch:|
         read\ more|click\ here|scroll\ down|follow\ (?:us|@)|share\ this|sign\ up|
         advertisement|related:|see\ also|updated:|published:|last\ updated)
    | \b(?:published|updated):\s*\.?\s*\d
    | \b(?:getty\ images|image\ copyright|image\ caption|media\ playback|all\ rights\ reserved|
         copyright\ \d{4}|\(ap\ photo|\(reuters\)\s*$|daily\ mail\ reporter|click\ here|
         scroll\ down|for\ latest\ updates)
    | ^\W*(?:\d{1,2}:\d{2}|[A-Z]{2,}\s*$)
    """
)
_MIN_WORDS = 5


@dataclass(frozen=True)
class NewsParams:
    """The knobs of the ``news`` ranker (tuned once on the dev set for all sources together)."""

    position_weight: float = 1.0
    position_scale: float = 3.0  # prior = 1 / (1 + index / scale)
    cosine_weight: float = 0.5  # directed centrality over TF-IDF cosine (LexRank/PacSum-like)
    overlap_weight: float = 0.5  # directed centrality over shared words (TextRank-like degree)
    headline_weight: float = 0.5
    backward_discount: float = 0.5  # weight of similarity to *earlier* sentences
    redundancy: float = 0.5  # MMR penalty on similarity to picked sentences
    redundant_cut: float = 0.6  # above this similarity a sentence is a repeat: never picked
    long_sentence: int = 12  # words at which a sentence gets its full length factor
    guard: bool = True  # dangling-reference guard (off only for experiments)


@dataclass(frozen=True)
class Features:
    """Raw per-sentence signals, before weighting."""

    matrix: sp.csr_matrix
    words: np.ndarray
    cos_earlier: np.ndarray
    cos_later: np.ndarray
    overlap_earlier: np.ndarray
    overlap_later: np.ndarray
    self_overlap: np.ndarray
    terms: np.ndarray
    headline: np.ndarray
    skips: tuple[str | None, ...]


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("english"))


_STEMS: dict[str, str] = {}
_STEMMER = SnowballStemmer("english")


def _terms(text: str) -> list[str]:
    stop = _stop_words()
    out: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        if token in stop or len(token) < 2:
            continue
        stem = _STEMS.get(token)
        if stem is None:
            stem = _STEMS[token] = _STEMMER.stem(token)
        out.append(stem)
    return out


def term_matrices(texts: list[str], query: str = "") -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
    """Term-count rows, L2-normalised TF-IDF rows (IDF from ``texts``) and the query vector."""
    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    for text in texts:
        for term in _terms(text):
            indices.append(vocab.setdefault(term, len(vocab)))
        indptr.append(len(indices))
    n = len(texts)
    width = max(len(vocab), 1)
    counts = sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(n, width))
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=width)
    idf = np.log((n + 1) / (df + 1)) + 1.0
    weighted = counts.copy()
    weighted.data = np.log1p(weighted.data) * idf[weighted.indices]  # damped tf x idf
    query_vec = np.zeros(width)
    for term in _terms(query):
        if term in vocab:
            query_vec[vocab[term]] = idf[vocab[term]]
    norm = np.linalg.norm(query_vec)
    return counts, _normalise(weighted), (query_vec / norm if norm else query_vec)


def _normalise(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


def directed_centrality(matrix: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: summed cosine to all earlier and to all later sentences, in O(nnz).

    For each term column, a cumulative sum down the rows gives the mass of that
    term in earlier sentences; a row's dot product with it is its similarity
    to all earlier sentences. Later = total - earlier - self.
    """
    csc = sp.csc_matrix(matrix)
    csc.sort_indices()
    data = csc.data
    if data.size == 0:
        zero = np.zeros(matrix.shape[0])
        return zero, zero
    running = np.cumsum(data)
    col_start = np.repeat(csc.indptr[:-1], np.diff(csc.indptr))
    before_start = np.where(col_start > 0, running[np.maximum(col_start - 1, 0)], 0.0)
    earlier_mass = running - data - before_start  # same-term mass in earlier rows
    per_entry = data * earlier_mass
    earlier = np.bincount(csc.indices, weights=per_entry, minlength=matrix.shape[0])
    column_total = np.asarray(csc.sum(axis=0)).ravel()
    total = np.asarray(matrix @ column_total).ravel()
    self_sim = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
    later = total - earlier - self_sim
    return earlier, later


def _scaled(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def skip_reason(text: str) -> str | None:
    """Why a sentence is not a candidate (caption, credit, fragment, teaser), or ``None``."""
    if _JUNK.search(text):
        return "caption/credit/byline: skipped"
    if word_count(text) < _MIN_WORDS:
        return "caption/fragment: skipped"
    if text.rstrip(" \"'”’)").endswith("?"):
        return "question/teaser: skipped"
    if not any(c.islower() for c in text):
        return "all capitals (heading/caption): skipped"
    return None


@dataclass(frozen=True)
class NewsRanking(Ranking):
    """A Ranking that also carries the TF-IDF rows, for redundancy checks while picking."""

    matrix: sp.csr_matrix


class NewsRanker(Ranker):
    """Our default ranker, tuned for news; see the module docstring."""

    name = "news"
    description = "news-tuned: position + directed centrality + headline, MMR, no dangling refs"

    def __init__(self, params: NewsParams | None = None) -> None:
        self.params = params or NewsParams()

    def features(self, sentences: tuple[Sentence, ...], title: str) -> Features:
        """All raw signals for one article, vectorised (O(non-zeros), no pair loops)."""
        texts = [s.text for s in sentences]
        counts, matrix, query = term_matrices(texts, title)
        cos_earlier, cos_later = directed_centrality(matrix)
        overlap_earlier, overlap_later = directed_centrality(counts)
        terms = np.asarray(counts.sum(axis=1)).ravel()
        self_overlap = np.asarray(counts.multiply(counts).sum(axis=1)).ravel()
        headline = np.asarray(matrix @ query).ravel() if query.any() else np.zeros(len(texts))
        return Features(
            matrix=matrix,
            words=np.array([word_count(t) for t in texts], dtype=float),
            cos_earlier=cos_earlier,
            cos_later=cos_later,
            overlap_earlier=overlap_earlier,
            overlap_later=overlap_later,
            self_overlap=self_overlap,
            terms=terms,
            headline=headline,
            skips=tuple(skip_reason(t) for t in texts),
        )

    def combine(self, f: Features) -> dict[str, np.ndarray]:
        """Weighted signals (each scaled to [0, 1]) and the final score per sentence."""
        p = self.params
        index = np.arange(f.words.size, dtype=float)
        position = 1.0 / (1.0 + index / p.position_scale)
        cosine = _scaled(np.maximum(f.cos_later + p.backward_discount * f.cos_earlier, 0.0))
        overlap = f.overlap_later + p.backward_discount * f.overlap_earlier + f.self_overlap
        log_terms = np.log(np.maximum(f.terms, 1.0))
        overlap = _scaled(overlap / (log_terms + log_terms.mean() + 1e-9))
        headline = _scaled(f.headline)
        length = np.minimum(1.0, f.words / p.long_sentence)
        score = (
            p.position_weight * position
            + p.cosine_weight * cosine
            + p.overlap_weight * overlap
            + p.headline_weight * headline
        ) * length
        return {"score": score, "cosine": cosine, "overlap": overlap, "headline": f.headline}

    def score(self, sentences: tuple[Sentence, ...], title: str) -> Ranking:
        f = self.features(sentences, title)
        parts = self.combine(f)
        score = parts["score"]
        reasons: list[tuple[str, ...]] = []
        for i, skip in enumerate(f.skips):
            why = [f"centrality {parts['cosine'][i]:.2f}/{parts['overlap'][i]:.2f}"]
            if parts["headline"][i] > 0:
                why.append(f"similar to headline {parts['headline'][i]:.2f}")
            if skip:
                why.append(skip)
            reasons.append(tuple(why))
        candidates = [i for i, skip in enumerate(f.skips) if skip is None]
        order = tuple(sorted(candidates, key=lambda i: (-score[i], i)))
        return NewsRanking(order, tuple(float(x) for x in score), tuple(reasons), f.matrix)

    def select(
        self, sentences: tuple[Sentence, ...], ranking: Ranking, budget: Budget
    ) -> Selection:
        """Greedy MMR over candidates with the dangling-reference guard."""
        assert isinstance(ranking, NewsRanking)
        matrix = ranking.matrix
        p = self.params
        candidates = set(ranking.order)
        scores = np.asarray(ranking.scores)
        picked: list[int] = []
        notes: dict[int, tuple[str, ...]] = {}
        words = 0
        pool = list(ranking.order)
        max_sim = np.zeros(len(sentences))
        while pool:
            gains = scores[pool] - p.redundancy * max_sim[pool]
            best = pool[int(np.argmax(gains))]
            pool.remove(best)
            if max_sim[best] >= p.redundant_cut:
                notes[best] = (f"redundant with picked #{_closest(matrix, best, picked) + 1}",)
                continue
            take, note = (
                self._resolve_dangling(sentences, best, picked, candidates)
                if p.guard
                else (best, "")
            )
            if take is None:
                notes[best] = (note,)
                continue
            if take != best:
                notes[best] = (note,)
                notes[take] = (f"antecedent of #{best + 1}: swapped in",)
                if take in pool:
                    pool.remove(take)
                pool.append(best)  # may still come back once its antecedent is in
            n = word_count(sentences[take].text)
            if not budget.fits(words, len(picked), n):
                break
            picked.append(take)
            words += n
            sims = np.asarray((matrix @ matrix[take].T).todense()).ravel()
            max_sim = np.maximum(max_sim, sims)
        return Selection(tuple(picked), notes)

    @staticmethod
    def _resolve_dangling(
        sentences: tuple[Sentence, ...], pos: int, picked: list[int], candidates: set[int]
    ) -> tuple[int | None, str]:
        opener = dangling_opener(sentences[pos].text)
        if opener is None or (pos - 1) in picked:
            return pos, ""
        prev = pos - 1
        if prev >= 0 and prev in candidates and dangling_opener(sentences[prev].text) is None:
            return prev, f"dangling '{opener}': antecedent #{prev + 1} swapped in first"
        return None, f"dangling '{opener}' without antecedent: skipped"


def _closest(matrix: sp.csr_matrix, pos: int, picked: list[int]) -> int:
    sims = np.asarray((matrix[picked] @ matrix[pos].T).todense()).ravel()
    return picked[int(np.argmax(sims))]
