"""Adapters for every sumy summarizer, built on sumy's document model from our own sentences.

sumy's ``Tokenizer`` needs NLTK's punkt data (not installed, never downloaded),
so the ``ObjectDocumentModel`` is built directly from our Punkt sentences and
paragraphs with a small word tokenizer: NLTK's Treebank-style
``NLTKWordTokenizer`` (what ``nltk.word_tokenize`` runs, needs no data) plus
sumy's own word filter. Stemming and stop words are sumy's English ones.

sumy returns only the top N; to get a full best-first order (for word budgets
and ``--explain``) we pass it a callable count, which sumy calls with every
sentence sorted by rating.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, ClassVar

from nltk.tokenize import NLTKWordTokenizer
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from ..lexicon import stem, stop_words
from ..types import Sentence
from .base import Ranker, Ranking

#: What sumy calls with each word to stem it (``lexicon.stem``).
Stem = Callable[[str], str]
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")

#: Edmundson cue words for news: words of reported facts (bonus) and of page furniture (stigma).
NEWS_BONUS_WORDS = frozenset(
    [
        "said",
        "says",
        "announced",
        "according",
        "official",
        "officials",
        "government",
        "police",
        "president",
        "minister",
        "report",
        "reported",
        "new",
        "first",
        "killed",
        "percent",
        "million",
        "billion",
        "court",
        "year",
        "people",
        "country",
        "agreed",
        "confirmed",
        "expected",
    ]
)
NEWS_STIGMA_WORDS = frozenset(
    [
        "photo",
        "photograph",
        "image",
        "picture",
        "pictured",
        "caption",
        "credit",
        "copyright",
        "click",
        "subscribe",
        "advertisement",
        "video",
        "watch",
        "share",
        "follow",
        "newsletter",
        "sponsored",
        "gallery",
        "scroll",
    ]
)


class WordTokenizer:
    """The minimal tokenizer sumy's document model needs: ``language`` and ``to_words``."""

    language = "english"

    def __init__(self) -> None:
        self._tokenizer = NLTKWordTokenizer()

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._tokenizer.tokenize(sentence) if _WORD.match(w))


@cache
def _tokenizer() -> WordTokenizer:
    return WordTokenizer()


def build_document(
    sentences: tuple[Sentence, ...], title: str | None = None
) -> tuple[ObjectDocumentModel, list[SumySentence]]:
    """sumy's document (paragraphs kept; ``title`` as a heading) and its sentences in order."""
    tokenizer = _tokenizer()
    ours = [SumySentence(s.text, tokenizer) for s in sentences]
    groups: dict[int, list[SumySentence]] = {}
    for sentence, theirs in zip(sentences, ours, strict=True):
        groups.setdefault(sentence.paragraph, []).append(theirs)
    paragraphs = [groups[k] for k in sorted(groups)]
    if title:
        paragraphs[0] = [SumySentence(title, tokenizer, is_heading=True), *paragraphs[0]]
    return ObjectDocumentModel([Paragraph(p) for p in paragraphs]), ours


class SumyRanker(Ranker):
    """Runs one sumy summarizer and reads back its full best-first order."""

    factory: ClassVar[Callable[[Stem], Any]]
    uses_title: ClassVar[bool] = False

    def make(self) -> Any:
        summarizer = type(self).factory(stem)
        if hasattr(summarizer, "stop_words"):
            summarizer.stop_words = stop_words()
        return summarizer

    def score(self, sentences: tuple[Sentence, ...], title: str) -> Ranking:
        document, ours = build_document(sentences, title if self.uses_title else None)
        position = {id(s): i for i, s in enumerate(ours)}
        ordered: list[tuple[int, float]] = []

        def take_all(infos: list[Any]) -> list[Any]:
            ordered.extend((position[id(info.sentence)], float(info.rating)) for info in infos)
            return infos

        self.make()(document, take_all)
        if not ordered:  # sumy bails out early on documents without words
            ordered = [(i, 0.0) for i in range(len(sentences))]
        scores = [0.0] * len(sentences)
        reasons: list[tuple[str, ...]] = [()] * len(sentences)
        for rank_no, (pos, rating) in enumerate(ordered, start=1):
            scores[pos] = rating
            reasons[pos] = (f"{self.name} rank {rank_no} of {len(ordered)}",)
        return Ranking(tuple(p for p, _ in ordered), tuple(scores), tuple(reasons))


def _edmundson(stemmer: Stem) -> EdmundsonSummarizer:
    summarizer = EdmundsonSummarizer(stemmer)
    summarizer.bonus_words = NEWS_BONUS_WORDS
    summarizer.stigma_words = NEWS_STIGMA_WORDS
    summarizer.null_words = stop_words()
    return summarizer


def _sumy(name: str, factory: Callable[[Stem], Any], text: str, title: bool = False) -> Ranker:
    cls = type(
        f"Sumy_{name.replace('-', '_')}",
        (SumyRanker,),
        {"name": name, "description": text, "factory": staticmethod(factory), "uses_title": title},
    )
    ranker: Ranker = cls()
    return ranker


SUMY_RANKERS: tuple[Ranker, ...] = (
    _sumy("lex-rank", LexRankSummarizer, "sumy LexRank: graph centrality over TF-IDF cosine"),
    _sumy("text-rank", TextRankSummarizer, "sumy TextRank: PageRank over word-overlap graph"),
    _sumy("lsa", LsaSummarizer, "sumy LSA: topics from the SVD of the term-sentence matrix"),
    _sumy("luhn", LuhnSummarizer, "sumy Luhn: clusters of significant words (1958)"),
    _sumy(
        "edmundson",
        _edmundson,
        "sumy Edmundson: cue words, headline words and location (1969)",
        title=True,
    ),
    _sumy("kl", KLSummarizer, "sumy KL-Sum: greedy word-distribution match to the document"),
    _sumy(
        "sum-basic", SumBasicSummarizer, "sumy SumBasic: frequent words, down-weighted once used"
    ),
    _sumy("reduction", ReductionSummarizer, "sumy Reduction: graph of shared-word weights"),
)
