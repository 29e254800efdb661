"""Facts stage: Article -> Facts (people, organisations, places, dates, figures, quotes).

``extract_facts`` runs the steps of this package on one article: name
mentions (:mod:`.ner`, spaCy or rules), merged and ranked entities
(:mod:`.entities`), dates (:mod:`.dates`), figures (:mod:`.figures`) and
quotes (:mod:`.quotes`). Every fact keeps the index of the sentence it came
from. ``merge_facts`` (:mod:`.merge`) combines the facts of one story's
articles for the digest.
"""

from __future__ import annotations

from ..types import Article, Facts
from .dates import extract_dates
from .entities import build_entities
from .figures import extract_figures
from .merge import merge_facts
from .ner import get_recogniser
from .quotes import extract_quotes
from .spans import build_map

__all__ = ["extract_facts", "merge_facts", "ner_engine_name"]


def extract_facts(article: Article, *, engine: str | None = None) -> Facts:
    """Key facts of one article; every fact keeps its sentence index.

    ``engine`` is "auto" (spaCy if installed, else rules), "spacy" or "rules";
    by default the environment variable ``NEWSBRIEF_NER`` decides (else "auto").
    """
    recogniser = get_recogniser(engine)
    tmap = build_map(article)
    mentions = recogniser.mentions(article.text)
    index = build_entities(mentions, tmap, article.title)
    return Facts(
        people=index.people,
        organizations=index.organizations,
        places=index.places,
        dates=tuple(extract_dates(tmap, article.published)),
        figures=tuple(extract_figures(tmap)),
        quotes=tuple(extract_quotes(tmap, index)),
        ner=recogniser.name,
    )


def ner_engine_name(engine: str | None = None) -> str:
    """Name of the entity recogniser that runs here (shown in the briefing footer)."""
    return get_recogniser(engine).name
