"""Shared ranker machinery: the Ranker base class, length budgets and document-order output.

A ranker only has to *score* an article (``Ranker.score`` -> ``Ranking``: a
best-first order plus a score and reasons per sentence). Turning that into a
``Summary`` (length by sentences or words, document order, ``--explain`` rows)
is the same for every ranker and lives here; a ranker with its own selection
logic (``news``) overrides ``Ranker.select``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from ..errors import RankError
from ..limits import MAX_SENTENCES
from ..types import Article, Sentence, SentenceScore, Summary

_FIRST_WORD = re.compile(r"^[\W_]*([A-Za-z]+)")

#: Openers that point back to an earlier sentence (pronouns, demonstratives, connectives).
DANGLING_OPENERS: frozenset[str] = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "its",
        "him",
        "them",
        "but",
        "however",
        "also",
        "and",
        "so",
        "meanwhile",
        "moreover",
        "furthermore",
        "therefore",
        "thus",
        "yet",
        "still",
        "instead",
        "nevertheless",
        "nonetheless",
        "besides",
        "likewise",
        "similarly",
        "consequently",
        "hence",
        "additionally",
        "otherwise",
        "then",
        "such",
    ]
)


def dangling_opener(text: str) -> str | None:
    """The pronoun or connective ``text`` opens with (as written), or ``None``."""
    match = _FIRST_WORD.match(text)
    if match and match.group(1).lower() in DANGLING_OPENERS:
        return match.group(1)
    return None


_PUNCTUATION_TOKEN = re.compile(r" [^\w\s]+(?!\S)")  # a literal first character: fast to scan
_ANY_PUNCTUATION_TOKEN = re.compile(r"\s[^\w\s]+(?!\S)")


def word_count(text: str) -> int:
    """Words in ``text``: whitespace-separated tokens, not counting bare punctuation ("--", ",")."""
    pattern = (
        _PUNCTUATION_TOKEN if "\n" not in text and "\t" not in text else _ANY_PUNCTUATION_TOKEN
    )
    return len(text.split()) - len(pattern.findall(" " + text))


@dataclass(frozen=True)
class Budget:
    """How long a summary may be: ``sentences`` sentences, or ``words`` words (never both)."""

    sentences: int | None = 3
    words: int | None = None

    @classmethod
    def of(cls, sentences: int | None, words: int | None) -> Budget:
        for name, value in (("sentences", sentences), ("words", words)):
            if value is not None and (isinstance(value, bool) or value < 1):
                raise RankError(name, f"must be a positive whole number, got {value!r}")
        if words is not None:
            return cls(sentences=None, words=words)  # by words *or* by sentences
        return cls(sentences=3 if sentences is None else sentences, words=None)

    def fits(self, picked_words: int, picked_count: int, extra_words: int) -> bool:
        """May one more sentence of ``extra_words`` words join ``picked_count`` picked ones?"""
        if self.sentences is not None and picked_count >= self.sentences:
            return False
        if picked_count == 0:
            return True  # at least one sentence, however long
        return self.words is None or picked_words + extra_words <= self.words


@dataclass(frozen=True)
class Ranking:
    """A ranker's verdict on one article.

    ``order`` lists candidate positions (into the ranked sentences) best first;
    sentences missing from it are never picked. ``scores`` and ``reasons`` have
    one entry per ranked sentence.
    """

    order: tuple[int, ...]
    scores: tuple[float, ...]
    reasons: Sequence[tuple[str, ...]]  # a ranker may word them lazily


@dataclass(frozen=True)
class Selection:
    """Positions picked (in pick order) and extra reasons per position."""

    picked: tuple[int, ...]
    notes: dict[int, tuple[str, ...]]


class Ranker:
    """Base class: subclasses set ``name``/``description`` and implement ``score``."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def score(self, sentences: tuple[Sentence, ...], title: str) -> Ranking:
        raise NotImplementedError

    def headline(self, article: Article) -> str:
        """The title ``score`` reads (default: the article's title, whatever its origin)."""
        return article.title

    def select(
        self, sentences: tuple[Sentence, ...], ranking: Ranking, budget: Budget
    ) -> Selection:
        """Default: take candidates in rank order while the budget allows."""
        picked: list[int] = []
        words = 0
        for pos in ranking.order:
            n = word_count(sentences[pos].text)
            if not budget.fits(words, len(picked), n):
                break
            picked.append(pos)
            words += n
        return Selection(tuple(picked), {})

    def summarize(self, article: Article, budget: Budget, explain: bool = False) -> Summary:
        """Score, select and package the result in document order."""
        ranked = article.sentences[:MAX_SENTENCES]
        if not ranked:
            return Summary(method=self.name, sentences=())
        ranking = self.score(ranked, self.headline(article))
        if budget.sentences is not None and len(ranked) <= budget.sentences:
            note = ("fewer sentences than asked: all kept",)
            selection = Selection(
                tuple(range(len(ranked))), dict.fromkeys(range(len(ranked)), note)
            )
        else:
            selection = self.select(ranked, ranking, budget)
        chosen = tuple(ranked[p] for p in sorted(selection.picked))
        explanation = _explain(article, ranking, selection) if explain else ()
        return Summary(method=self.name, sentences=chosen, explanation=explanation)


def _explain(article: Article, ranking: Ranking, selection: Selection) -> tuple[SentenceScore, ...]:
    """One SentenceScore per sentence of the article, with its reasons."""
    pick_rank = {pos: i + 1 for i, pos in enumerate(selection.picked)}
    total = len(article.sentences)
    rows: list[SentenceScore] = []
    for pos, sentence in enumerate(article.sentences):
        if pos >= len(ranking.scores):
            why: tuple[str, ...] = (f"beyond the first {MAX_SENTENCES} sentences: not ranked",)
            rows.append(SentenceScore(sentence.index, sentence.text, 0.0, False, why))
            continue
        why = (f"position {pos + 1} of {total}", *ranking.reasons[pos])
        why += selection.notes.get(pos, ())
        if pos in pick_rank:
            why += (f"picked (rank {pick_rank[pos]})",)
        score = round(float(ranking.scores[pos]), 4)
        rows.append(SentenceScore(sentence.index, sentence.text, score, pos in pick_rank, why))
    return tuple(rows)
