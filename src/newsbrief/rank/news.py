"""The ``news`` ranker: position prior + directed centrality + headline match, MMR, dangling guard.

Every sentence gets a score from three signals, each scaled to [0, 1], times a
length factor:

* **position**: news puts the gist first, so a decaying prior ``1/(1+d/s)``
  where ``d`` counts paragraphs and sentences: ``paragraph ordinal x step +
  sentence within its paragraph``. In a wall of text (no breaks) that is the
  sentence index; with one-sentence paragraphs it is the sentence index too;
  with real multi-sentence paragraphs each paragraph's opening (topic)
  sentence ranks close to the lead and the prior decays more slowly;
* **centrality** (TextRank-like degree, made directed as in PacSum): the words
  a sentence shares with the *later* sentences, plus those it shares with
  earlier ones at a discount, over ``log`` of its length. Summed over all
  pairs this is ``c_i . (c_0 + ... + c_{i-1})`` for term-count rows ``c``,
  which one cumulative sum per term gives for every sentence in O(non-zeros):
  no n x n matrix, no Python loop over pairs;
* **headline**: TF-IDF cosine with the title;
* **length**: fragments (< 12 words) are damped, and so are run-ons (> 40
  words, typically captions glued to a sentence).

Captions, credits, bylines, timestamps, fragments and teaser questions are
not candidates. Picking is greedy MMR (score minus TF-IDF cosine to what is
already picked; near-repeats are never picked). A candidate that opens with a
pronoun or connective ("He", "This", "But", ...) whose previous sentence is
not picked brings that previous sentence (its antecedent) in first when it is
a usable candidate; otherwise it is skipped.

All arithmetic works on flat numpy arrays of (sentence, term, value) entries,
so a 30-sentence article costs a few hundred microseconds and a 5,000-sentence
one grows linearly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
from nltk.stem.snowball import SnowballStemmer
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
    overlap_weight: float = 0.4  # directed shared-word centrality (TextRank-like degree)
    headline_weight: float = 0.6  # TF-IDF cosine with the title
    backward_discount: float = 0.5  # weight of words shared with *earlier* sentences
    redundancy: float = 0.15  # MMR penalty on cosine to picked sentences
    redundant_cut: float = 0.5  # at or above this cosine a sentence is a repeat: never picked
    long_sentence: int = 12  # words at which a sentence gets its full length factor
    run_on: int = 40  # words beyond which a "sentence" is likely a run-on (merged caption)
    run_on_power: float = 1.0  # run-ons are damped by (run_on / words) ** power
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
    description = "news-tuned: position + directed centrality + headline, MMR, no dangling refs"

    def __init__(self, params: NewsParams | None = None) -> None:
        self.params = params or NewsParams()

    def signals(
        self, terms: Terms, words: np.ndarray, paragraphs: np.ndarray | None = None
    ) -> dict[str, np.ndarray]:
        """Each signal scaled to [0, 1], the length factor and the final score per sentence.

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
        overlap = (later + p.backward_discount * earlier + self_sim) / (
            log_terms + log_terms.mean() + 1e-9
        )
        overlap = _scaled(overlap)
        headline = np.bincount(
            terms.rows, weights=terms.tfidf * terms.query[terms.cols], minlength=terms.n
        )
        length = np.minimum(1.0, words / p.long_sentence)
        length *= np.minimum(1.0, p.run_on / np.maximum(words, 1.0)) ** p.run_on_power
        score = (
            p.position_weight * position
            + p.overlap_weight * overlap
            + p.headline_weight * _scaled(headline)
        ) * length
        return {
            "score": score,
            "position": position,
            "opens": np.r_[True, paragraphs[1:] != paragraphs[:-1]][: terms.n],
            "centrality": overlap,
            "headline": headline,
            "length": length,
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
        """Greedy MMR over candidates with the dangling-reference guard."""
        assert isinstance(ranking, NewsRanking)
        terms, p = ranking.terms, self.params
        candidates = set(ranking.order)
        scores = np.asarray(ranking.scores)
        picked: list[int] = []
        sims_to: dict[int, np.ndarray] = {}
        notes: dict[int, tuple[str, ...]] = {}
        words = 0
        pool = list(ranking.order)
        max_sim = np.zeros(len(sentences))
        while pool:
            gains = scores[pool] - p.redundancy * max_sim[pool]
            best = pool.pop(int(np.argmax(gains)))
            if max_sim[best] >= p.redundant_cut:
                twin = max(picked, key=lambda j: sims_to[j][best])
                notes[best] = (f"redundant with #{twin + 1} ({max_sim[best]:.2f})",)
                continue
            take, note = self._resolve_dangling(sentences, best, picked, candidates)
            if take is None:
                notes[best] = (note,)
                continue
            if take != best:
                notes[best] = (note,)
                notes[take] = (f"antecedent of #{best + 1}: swapped in",)
                if take in pool:
                    pool.remove(take)
                pool.append(best)  # may come back once its antecedent is in
            n = word_count(sentences[take].text)
            if not budget.fits(words, len(picked), n):
                break
            picked.append(take)
            words += n
            sims_to[take] = terms.similarity_to(take)
            max_sim = np.maximum(max_sim, sims_to[take])
        if not picked:  # every candidate dangled: the best one, antecedent or not
            picked.append(ranking.order[0])
        return Selection(tuple(picked), notes)

    def _resolve_dangling(
        self, sentences: tuple[Sentence, ...], pos: int, picked: list[int], candidates: set[int]
    ) -> tuple[int | None, str]:
        opener = dangling_opener(sentences[pos].text)
        if not self.params.guard or opener is None or (pos - 1) in picked:
            return pos, ""
        prev = pos - 1
        if prev >= 0 and prev in candidates and dangling_opener(sentences[prev].text) is None:
            return prev, f"dangling '{opener}': antecedent #{prev + 1} swapped in first"
        return None, f"dangling '{opener}' without antecedent: skipped"


def _reasons(parts: dict[str, np.ndarray], i: int, skip: str | None) -> tuple[str, ...]:
    why = [f"position prior {parts['position'][i]:.2f}"]
    opens = parts["opens"]
    if i > 0 and opens[i] and not opens.all():  # only says something when paragraphs vary
        why.append(f"opens paragraph {int(opens[: i + 1].sum())}")
    why.append(f"centrality {parts['centrality'][i]:.2f}")
    if parts["headline"][i] > 0:
        why.append(f"similar to headline {parts['headline'][i]:.2f}")
    if parts["length"][i] < 1:
        why.append(f"length factor {parts['length'][i]:.2f}")
    if skip:
        why.append(skip)
    return tuple(why)
