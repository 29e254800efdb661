"""Combine the facts of several articles about one story into one ``Facts``.

Entities merge across spellings ("Joe Biden" / "Biden", a name listed as
another's alias); dates dedupe by ISO value, figures by value/unit/counts,
quotes by their normalised words (a quote contained in a longer one is the same
quote). Order follows the first article, then the new facts of the next ones.

Sentence indexes: a merged fact keeps the ``sentence_index`` of the article
that first reported it, in input order; for everything the first article holds
that is an index into the first article's sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..types import DateFact, Entity, Facts, Figure, Quote
from .entities import surname_key

_NON_WORD = re.compile(r"[^\w]+")


def merge_facts(facts: Sequence[Facts]) -> Facts:
    """One ``Facts`` for a story told by several articles (see module doc)."""
    if not facts:
        return Facts()
    people = _merge_entities([f.people for f in facts])
    organizations = _merge_entities([f.organizations for f in facts])
    places = _merge_entities([f.places for f in facts])
    names = {alias.casefold(): e.name for e in people for alias in (e.name, *e.aliases)}
    return Facts(
        people=people,
        organizations=organizations,
        places=places,
        dates=_merge_dates([f.dates for f in facts]),
        figures=_merge_figures([f.figures for f in facts]),
        quotes=_merge_quotes([f.quotes for f in facts], names),
        ner=next((f.ner for f in facts if f.ner != "none"), facts[0].ner),
        works=_merge_entities([f.works for f in facts]),
    )


def _same_entity(a: Entity, b: Entity) -> bool:
    forms_a = {x.casefold() for x in (a.name, *a.aliases)}
    forms_b = {x.casefold() for x in (b.name, *b.aliases)}
    if forms_a & forms_b:
        return True
    if a.kind != "person":
        return False
    words_a, words_b = a.name.split(), b.name.split()
    if surname_key(a.name) != surname_key(b.name):
        return False
    if len(words_a) == 1 or len(words_b) == 1:
        return True
    firsts_a = {w.casefold() for w in words_a[:-1]}
    firsts_b = {w.casefold() for w in words_b[:-1]}
    return bool(firsts_a & firsts_b)


def _combine(a: Entity, b: Entity) -> Entity:
    if a.kind == "person":
        name = max((a.name, b.name), key=lambda n: (len(n.split()), len(n)))
    else:
        name = a.name
    aliases = {a.name, b.name, *a.aliases, *b.aliases} - {name}
    return replace(
        a,
        name=name,
        role=a.role or b.role,
        age=a.age or b.age,
        mentions=a.mentions + b.mentions,
        aliases=tuple(sorted(aliases)),
        salience=round(a.salience + b.salience, 3),
        confidence=max(a.confidence, b.confidence),
        sentences=a.sentences,  # indexes into the first article's sentences
    )


def _merge_entities(groups: Sequence[Sequence[Entity]]) -> tuple[Entity, ...]:
    merged: list[Entity] = []
    for group in groups:
        for entity in group:
            for k, kept in enumerate(merged):
                if _same_entity(kept, entity):
                    merged[k] = _combine(kept, entity)
                    break
            else:
                merged.append(entity)
    merged.sort(key=lambda e: -e.salience)
    return tuple(merged)


def _merge_dates(groups: Sequence[Sequence[DateFact]]) -> tuple[DateFact, ...]:
    out: dict[str, DateFact] = {}
    for group in groups:
        for fact in group:
            kept = out.get(fact.iso)
            if kept is None:
                out[fact.iso] = fact
            elif kept.event is None and fact.event is not None:
                out[fact.iso] = replace(kept, event=fact.event)
    return tuple(out.values())


def _merge_figures(groups: Sequence[Sequence[Figure]]) -> tuple[Figure, ...]:
    out: dict[tuple[float | None, str | None, str | None], Figure] = {}
    for group in groups:
        for figure in group:
            counts = figure.counts.casefold() if figure.counts else None
            key = (figure.value, figure.unit, counts)
            if figure.value is None:
                key = (None, figure.unit, _NON_WORD.sub(" ", figure.text.casefold()))
            out.setdefault(key, figure)
    return tuple(out.values())


def _quote_key(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def _merge_quotes(groups: Sequence[Sequence[Quote]], names: dict[str, str]) -> tuple[Quote, ...]:
    out: list[Quote] = []
    keys: list[str] = []
    for group in groups:
        for quote in group:
            speaker = names.get(quote.speaker.casefold(), quote.speaker) if quote.speaker else None
            key = _quote_key(quote.text)
            match = next((k for k, seen in enumerate(keys) if key in seen or seen in key), None)
            if match is None:
                out.append(replace(quote, speaker=speaker))
                keys.append(key)
                continue
            kept = out[match]
            if len(key) > len(keys[match]):
                kept = replace(kept, text=quote.text)
                keys[match] = key
            out[match] = replace(kept, speaker=kept.speaker or speaker)
    return tuple(out)
