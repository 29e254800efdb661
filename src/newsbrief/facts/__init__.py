"""Facts stage: Article -> Facts (people, organisations, places, dates, figures, quotes).

``extract_facts`` runs the steps of this package on one article: name
mentions (:mod:`.ner`, spaCy or rules), merged and ranked entities
(:mod:`.entities`) with people's ages (:mod:`.ages`, also ages at events), dates (:mod:`.dates`),
figures (:mod:`.figures`; counts whose noun is left out: :mod:`.ellipsis`; counts of
things with a capitalised name: :mod:`.named_counts`;
conversions and coordinated counts kept in a figure's text: :mod:`.figure_text`) and
quotes (:mod:`.quotes`); :mod:`.budget` leaves out a speaker's quotations beyond
the first few. Every fact keeps the index of the sentence it came from.
``merge_facts`` (:mod:`.merge`) combines the facts of one story's articles for
the digest. ``box_facts`` (:mod:`.box`) picks what the key-facts box shows; the
JSON keeps every other fact with its confidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import tee

from ..types import Article, Facts, Summary
from .ages import attach_ages, event_ages
from .box import BOX_CONFIDENCE, BOX_THRESHOLDS, box_facts
from .budget import within_budget
from .dates import extract_dates, parse_published
from .ellipsis import elided_counts
from .entities import build_entities
from .figparse import label_parser
from .figure_text import extend_figures
from .figures import extract_figures
from .merge import merge_facts
from .named_counts import named_counts
from .ner import Mention, get_recogniser
from .quotes import extract_quotes
from .salience import salient_first
from .spans import build_map

__all__ = [
    "BOX_CONFIDENCE",
    "BOX_THRESHOLDS",
    "box_facts",
    "extract_facts",
    "extract_facts_many",
    "merge_facts",
    "ner_engine_name",
]


def extract_facts(
    article: Article, *, engine: str | None = None, summary: Summary | None = None
) -> Facts:
    """Key facts of one article; every fact keeps its sentence index.

    ``engine`` is "auto" (spaCy if installed, else rules), "spacy" or "rules";
    by default the environment variable ``NEWSBRIEF_NER`` decides (else "auto").
    With the article's ``summary``, facts of the lead and of the summary sentences
    come first in every slot (the box shows each slot's first items). A speaker's
    quotations beyond the first few are left out (``budget.within_budget``).
    """
    recogniser = get_recogniser(engine)
    facts = _assemble(article, recogniser.mentions(article.text), recogniser.name)
    return within_budget(salient_first(facts, _salient(summary)))


def extract_facts_many(
    articles: Iterable[Article], *, engine: str | None = None
) -> Iterator[Facts]:
    """``extract_facts`` for a stream of articles, in order; spaCy runs batched (``nlp.pipe``)."""
    recogniser = get_recogniser(engine)
    first, second = tee(articles)
    texts = (article.text for article in first)
    for article, mentions in zip(second, recogniser.mentions_many(texts), strict=True):
        yield within_budget(_assemble(article, mentions, recogniser.name))


def _salient(summary: Summary | None) -> frozenset[int]:
    """Sentence indexes a reader sees first: the lead (first sentence) and the summary."""
    chosen = {s.index for s in summary.sentences} if summary is not None else set()
    return frozenset({0} | chosen)


def _assemble(article: Article, mentions: list[Mention], engine_name: str) -> Facts:
    tmap = build_map(article)
    index = build_entities(mentions, tmap, article.title)
    dated = parse_published(article.published) is not None
    figures = extract_figures(tmap, dated=dated, parser=label_parser(engine_name, tmap))
    figures = named_counts(tmap, elided_counts(tmap, event_ages(tmap, figures)))
    figures = extend_figures(tmap, figures)
    people, figures = attach_ages(index, figures, tmap)
    return Facts(
        people=people,
        organizations=index.organizations,
        places=index.places,
        dates=tuple(extract_dates(tmap, article.published)),
        figures=tuple(figures),
        quotes=tuple(extract_quotes(tmap, index)),
        ner=engine_name,
        works=index.works,
    )


def ner_engine_name(engine: str | None = None) -> str:
    """Name of the entity recogniser that runs here (shown in the briefing footer)."""
    return get_recogniser(engine).name
