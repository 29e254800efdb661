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
in O(non-zeros): the directed sums come from one cumulative sum per term, the
length-normalised degree from one sparse product against per-length groups.

Captions, credits, bylines, timestamps, fragments and teaser questions are
not candidates, and a near-repeat of a better candidate drops out. The
summary is then the **best-scoring valid set**: among the top candidates
(plus the antecedents they need), every set of the budgeted size is scored
at once (sum of scores minus a redundancy penalty on the cosines between
members), and a set is valid only if each member that opens with a pronoun
or connective ("He", "This", "But", ...) comes with the sentence before it.
Budgets too large to enumerate fall back to a greedy pick with the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from math import comb

import numpy as np
from nltk.stem.snowball import SnowballStemmer
from scipy import sparse
from sumy.utils import get_stop_words

from ..types import Sentence
from .base import Budget, Ranker, Ranking, Selection, dangling_opener, word_count

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

#: Page furniture that is never summary material (matched on lower-cased text).
_JUNK_START = re.compile(
    r"\W*(?:by\s*\.|photo:|image:|picture:|pictured:|caption:|credit:|source:|video:|watch:|"
    r"read more|click here|scroll down|follow (?:us|@)|share this|sign up|advertisement|"
    r"related:|see also|updated:|published:|last updated|\d{1,2}:\d{2}\b)"
)
_JUNK_ANYWHERE = re.compile(
    r"(?:published|updated):\s*\.?\s*\d|getty images|image copyright|image caption|"
    r"media playback|all rights reserved|copyright \d{4}|\(ap photo|daily mail reporter|"
    r"click here|scroll down for|for latest updates"
)
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

    def similarity_to(self, pos: int) -> np.ndarray:
        """TF-IDF cosine of every sentence with sentence ``pos``."""
        row = np.zeros(self.width)
        mask = self.rows == pos
        row[self.cols[mask]] = self.tfidf[mask]
        return np.bincount(self.rows, weights=self.tfidf * row[self.cols], minlength=self.n)

    def similarity_block(self, positions: list[int]) -> np.ndarray:
        """TF-IDF cosines between the sentences at ``positions`` (a small square matrix)."""
        index = np.full(self.n, -1)
        index[positions] = np.arange(len(positions))
        mask = index[self.rows] >= 0
        dense = np.zeros((len(positions), self.width))
        dense[index[self.rows[mask]], self.cols[mask]] = self.tfidf[mask]
        return dense @ dense.T


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("english"))


_STEMMER = SnowballStemmer("english")
_STEMS: dict[str, str] = {}  # token -> stem ("" for stop words and one-letter tokens)


def _terms(text: str) -> list[str]:
    out: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        stem = _STEMS.get(token)
        if stem is None:
            short_or_stop = len(token) < 2 or token in _stop_words()
            stem = _STEMS[token] = "" if short_or_stop else _STEMMER.stem(token)
        if stem:
            out.append(stem)
    return out


def term_entries(texts: list[str], title: str = "") -> Terms:
    """Term counts and normalised TF-IDF (IDF over ``texts``) per sentence; the title vector."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        for term in _terms(text):
            cols.append(vocab.setdefault(term, len(vocab)))
            rows.append(i)
    n, width = len(texts), max(len(vocab), 1)
    flat = np.asarray(rows, dtype=np.int64) * width + np.asarray(cols, dtype=np.int64)
    keys, counts = np.unique(flat, return_counts=True)
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
    starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
    lengths = np.diff(np.r_[starts, v.size])
    before = np.repeat(np.r_[0.0, running][starts], lengths)  # mass of earlier terms' groups
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
    sparse product gives every sentence's overlap with every group, in
    O(non-zeros x groups) with no n x n matrix.
    """
    if terms.counts.size == 0:
        return np.zeros(terms.n)
    lengths, group = np.unique(log_terms, return_inverse=True)
    shape = (terms.width, lengths.size)
    by_group = sparse.csr_matrix((terms.counts, (terms.cols, group[terms.rows])), shape=shape)
    counts = sparse.csr_matrix(
        (terms.counts, (terms.rows, terms.cols)), shape=(terms.n, terms.width)
    )
    overlap: np.ndarray = np.asarray((counts @ by_group).todense())
    denominator = log_terms[:, None] + lengths[None, :]
    weighted: np.ndarray = overlap / np.where(denominator > 0, denominator, 1.0)
    self_sim = np.bincount(terms.rows, weights=terms.counts**2, minlength=terms.n)
    own = self_sim / np.where(log_terms > 0, 2 * log_terms, 1.0)
    degree: np.ndarray = np.maximum(weighted.sum(axis=1) - own, 0.0)
    return degree


def position_distance(paragraphs: np.ndarray, step: float) -> np.ndarray:
    """How far into the text each sentence is: paragraph ordinal x ``step`` + index in paragraph.

    ``paragraphs`` holds each sentence's paragraph number (ascending). Without
    breaks this is the sentence index; with one-sentence paragraphs it is
    ``step`` x the sentence index.
    """
    n = paragraphs.size
    index = np.arange(n)
    opens = np.r_[True, paragraphs[1:] != paragraphs[:-1]] if n else np.zeros(0, dtype=bool)
    run_start = np.maximum.accumulate(np.where(opens, index, 0)) if n else index
    ordinal = np.cumsum(opens) - 1
    return ordinal * step + (index - run_start)


def _scaled(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def skip_reason(text: str) -> str | None:
    """Why a sentence is not a candidate (caption, credit, fragment, teaser), or ``None``."""
    lower = text.lower()
    if _JUNK_START.match(lower) or _JUNK_ANYWHERE.search(lower):
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
    """A Ranking that also carries the term entries, for redundancy checks while picking."""

    terms: Terms


class NewsRanker(Ranker):
    """Our default ranker, tuned for news; see the module docstring."""

    name = "news"
    description = "news-tuned: lead or centrality by layout, headline, best valid set, no dangling"

    def __init__(self, params: NewsParams | None = None) -> None:
        self.params = params or NewsParams()

    def signals(
        self, terms: Terms, words: np.ndarray, paragraphs: np.ndarray | None = None
    ) -> dict[str, np.ndarray]:
        """Each signal scaled to [0, 1], both profiles and the final score per sentence.

        ``paragraphs`` is each sentence's paragraph number; ``None`` means one paragraph.
        """
        p = self.params
        if paragraphs is None:
            paragraphs = np.zeros(terms.n, dtype=np.int64)
        distance = position_distance(paragraphs, p.paragraph_step)
        position = 1.0 / (1.0 + distance / p.position_scale)
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
            "opens": np.r_[True, paragraphs[1:] != paragraphs[:-1]][: terms.n],
            "centrality": directed,
            "spread": centrality,
            "headline": headline,
            "length": fragment * run_on,
            "layout": np.full(terms.n, weight),
        }

    def score(self, sentences: tuple[Sentence, ...], title: str) -> Ranking:
        texts = [s.text for s in sentences]
        terms = term_entries(texts, title)
        words = np.array([word_count(t) for t in texts], dtype=float)
        paragraphs = np.array([s.paragraph for s in sentences], dtype=np.int64)
        parts = self.signals(terms, words, paragraphs)
        skips = [skip_reason(t) for t in texts]
        candidates = [i for i, skip in enumerate(skips) if skip is None]
        if not candidates:  # nothing but fragments: better a fragment than nothing
            candidates = list(range(len(texts)))
        score = parts["score"]
        order = tuple(sorted(candidates, key=lambda i: (-score[i], i)))
        reasons = tuple(_reasons(parts, i, skips[i]) for i in range(len(texts)))
        return NewsRanking(order, tuple(float(x) for x in score), reasons, terms)

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
        words = np.array([word_count(sentences[i].text) for i in pool], dtype=float)
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
        if not valid.any():  # every set dangles: the best candidate on its own
            return [pool[int(np.argmax(scores))]]
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


def layout_weight(paragraphs: np.ndarray, low: float, high: float) -> float:
    """How far the layout says "the gist is spread out": 0 (lead-led) to 1 (centrality-led).

    Text without breaks and one- or two-sentence paragraphs (wire and web copy,
    written to the inverted pyramid) give 0; paragraphs that average ``high``
    sentences or more give 1, with a linear ramp from ``low``.
    """
    if paragraphs.size == 0:
        return 0.0
    count = int(np.count_nonzero(np.r_[True, paragraphs[1:] != paragraphs[:-1]]))
    if count < 2:
        return 0.0
    mean = paragraphs.size / count
    return float(np.clip((mean - low) / (high - low), 0.0, 1.0))


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
    pool when it is smaller); a word budget for every set that fits, or the
    single sentences when none does (at least one sentence, however long).
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
    return masks[fits] if fits.any() else _combinations(size, 1)


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
