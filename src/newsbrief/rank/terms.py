"""Term arithmetic of the ``news`` ranker: an article as flat (sentence, term) entries.

Sentences become stemmed content terms (sumy's English stop words out, Snowball
stems cached per token); ``term_entries`` turns them into flat numpy arrays of
(sentence, term, count, TF-IDF) entries, and the two centralities the ranker
needs come from those arrays in O(non-zeros): ``directed_overlap`` (shared
words with earlier and later sentences, one cumulative sum per term) and
``length_normalised_degree`` (TextRank's edge weight summed over a sentence's
edges, one product against per-length groups). No n x n matrix is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from ..lexicon import TERM, stem, stop_words

#: Articles with at most this many (sentence, term) cells use dense arrays (a few MB at most).
DENSE_CELLS = 400_000


@dataclass(frozen=True)
class Terms:
    """An article as flat (sentence, term) entries: a sparse matrix without the object overhead."""

    n: int
    rows: np.ndarray  # sentence of each entry, ascending
    cols: np.ndarray  # term of each entry
    counts: np.ndarray  # term count in that sentence
    tfidf: np.ndarray  # damped tf x idf, L2-normalised per sentence
    query: np.ndarray  # the title as a normalised TF-IDF vector over the terms
    width: int

    @cached_property
    def dense(self) -> np.ndarray | None:
        """The TF-IDF vectors as a dense sentences x terms array, when that is small."""
        if self.n * self.width > DENSE_CELLS:
            return None
        matrix = np.zeros((self.n, self.width))
        matrix[self.rows, self.cols] = self.tfidf
        return matrix

    def similarity_to(self, pos: int) -> np.ndarray:
        """TF-IDF cosine of every sentence with sentence ``pos``."""
        if self.dense is not None:
            similarity: np.ndarray = self.dense @ self.dense[pos]
            return similarity
        row = np.zeros(self.width)
        mask = self.rows == pos
        row[self.cols[mask]] = self.tfidf[mask]
        return np.bincount(self.rows, weights=self.tfidf * row[self.cols], minlength=self.n)

    def similarity_block(self, positions: list[int]) -> np.ndarray:
        """TF-IDF cosines between the sentences at ``positions`` (a small square matrix)."""
        if self.dense is not None:
            block = self.dense[positions]
            cosines: np.ndarray = block @ block.T
            return cosines
        index = np.full(self.n, -1)
        index[positions] = np.arange(len(positions))
        mask = index[self.rows] >= 0
        dense = np.zeros((len(positions), self.width))
        dense[index[self.rows[mask]], self.cols[mask]] = self.tfidf[mask]
        return dense @ dense.T


_STEMS: dict[str, str] = {}  # token -> stem ("" for stop words and one-letter tokens)
#: The stem cache is emptied when it outgrows this (a stream of junk tokens cannot grow it
#: without bound); a news vocabulary stays far below it.
STEM_CACHE_LIMIT = 500_000


def _stems_of(tokens: list[str]) -> list[str]:
    """The cached stem of each token ("" for stop words and one-letter tokens)."""
    stems = _STEMS
    missing = set(tokens).difference(stems)  # the per-token work runs only for new tokens
    if missing:
        if len(stems) + len(missing) > STEM_CACHE_LIMIT:
            stems.clear()
            missing = set(tokens)
        stop = stop_words()
        for token in missing:
            stems[token] = "" if len(token) < 2 or token in stop else stem(token)
    return list(map(stems.__getitem__, tokens))


def _terms(text: str) -> list[str]:
    """The content terms of ``text``: lower-cased tokens, stop words out, Snowball stems."""
    return [term for term in _stems_of(TERM.findall(text.lower())) if term]


def term_entries(texts: list[str], title: str = "") -> Terms:
    """Term counts and normalised TF-IDF (IDF over ``texts``) per sentence; the title vector."""
    tokens = [TERM.findall(text.lower()) for text in texts]
    flat = _stems_of([token for sentence in tokens for token in sentence])
    vocab = dict.fromkeys(flat, -1)  # terms in order of first use
    vocab.pop("", None)
    vocab = dict(zip(vocab, range(len(vocab)), strict=True))
    vocab[""] = -1  # stop words: no column
    every = np.fromiter(map(vocab.__getitem__, flat), dtype=np.int64, count=len(flat))
    sentence = np.repeat(np.arange(len(texts), dtype=np.int64), [len(t) for t in tokens])
    kept = every >= 0
    cols, rows = every[kept], sentence[kept]
    del vocab[""]
    n, width = len(texts), max(len(vocab), 1)
    flat_keys = rows * width + cols
    keys, counts = np.unique(flat_keys, return_counts=True)
    r, c = keys // width, keys % width
    df = np.bincount(c, minlength=width)
    idf = np.log((n + 1) / (df + 1)) + 1.0
    weights = np.log1p(counts) * idf[c]
    norms = np.sqrt(np.bincount(r, weights=weights**2, minlength=n))
    tfidf = weights / np.where(norms > 0, norms, 1.0)[r]
    query = np.zeros(width)
    for term in _terms(title):
        if term in vocab:
            query[vocab[term]] = idf[vocab[term]]
    qnorm = float(np.linalg.norm(query))
    return Terms(n, r, c, counts.astype(float), tfidf, query / qnorm if qnorm else query, width)


def changes(values: np.ndarray) -> np.ndarray:
    """True at 0 and wherever a value differs from the one before (``np.r_``-free: that
    indexing helper costs more than the arithmetic on an article's small arrays)."""
    out = np.ones(values.size, dtype=bool)
    np.not_equal(values[1:], values[:-1], out=out[1:])
    return out


def directed_overlap(
    n: int, rows: np.ndarray, cols: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per sentence: dot products summed over all earlier sentences, all later ones, and itself.

    Entries are sorted by (term, sentence); a cumulative sum within each term
    gives the mass of that term in earlier sentences, and a row's dot product
    with it is its similarity to all earlier sentences. Later = total - earlier - self.
    """
    if values.size == 0:
        zero = np.zeros(n)
        return zero, zero, zero
    order = np.lexsort((rows, cols))
    r, c, v = rows[order], cols[order], values[order]
    running = np.cumsum(v)
    starts = np.flatnonzero(changes(c))
    lengths = np.diff(starts, append=v.size)
    before = np.repeat(np.concatenate(([0.0], running))[starts], lengths)  # earlier terms' mass
    earlier_mass = running - v - before
    earlier = np.bincount(r, weights=v * earlier_mass, minlength=n)
    column_total = np.bincount(c, weights=v)
    total = np.bincount(r, weights=v * column_total[c], minlength=n)
    self_sim = np.bincount(r, weights=v * v, minlength=n)
    return earlier, total - earlier - self_sim, self_sim


def length_normalised_degree(terms: Terms, log_terms: np.ndarray) -> np.ndarray:
    """Per sentence i: the sum over all other sentences j of ``c_i . c_j / (log|i| + log|j|)``.

    That is TextRank's edge weight (shared words over the summed log lengths)
    summed over a sentence's edges. The denominator depends on ``j`` only
    through its length, and an article has few distinct lengths: summing the
    term counts of each length group gives a terms x groups matrix, and one
    product gives every sentence's overlap with every group, in
    O(non-zeros x groups) with no n x n matrix. An ordinary article is small
    enough for dense arrays, which cost less than building sparse matrices;
    long texts use scipy's sparse ones.
    """
    if terms.counts.size == 0:
        return np.zeros(terms.n)
    lengths, group = np.unique(log_terms, return_inverse=True)
    if terms.n * terms.width <= DENSE_CELLS:
        counts = np.zeros((terms.n, terms.width))
        counts[terms.rows, terms.cols] = terms.counts  # (sentence, term) entries are unique
        members = np.zeros((terms.n, lengths.size))
        members[np.arange(terms.n), group] = 1.0
        overlap: np.ndarray = counts @ (counts.T @ members)
    else:
        shape = (terms.width, lengths.size)
        by_group = sparse.csr_matrix((terms.counts, (terms.cols, group[terms.rows])), shape=shape)
        matrix = sparse.csr_matrix(
            (terms.counts, (terms.rows, terms.cols)), shape=(terms.n, terms.width)
        )
        overlap = np.asarray((matrix @ by_group).todense())
    denominator = log_terms[:, None] + lengths[None, :]
    weighted: np.ndarray = overlap / np.where(denominator > 0, denominator, 1.0)
    self_sim = np.bincount(terms.rows, weights=terms.counts**2, minlength=terms.n)
    own = self_sim / np.where(log_terms > 0, 2 * log_terms, 1.0)
    degree: np.ndarray = np.maximum(weighted.sum(axis=1) - own, 0.0)
    return degree
