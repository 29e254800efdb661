"""Topic sections: each story's section, and the digest's stories grouped by section.

A story's section comes from the config's ``[[section]]`` entries (name + terms
and/or pattern, like a watchlist: the first entry, in config order, that matches
one of the story's reports), or, when there are none, from the outlets' own feed
categories (the category most of its reports carry). Stories without one go under
``OTHER``; when no story has a section the digest stays one list, and
``sections = false`` always keeps it one list.

``arrange`` orders the briefing: configured sections in config order (category
sections by their best story's rank), ``OTHER`` last, except that sections holding a
story a keep rule holds come first (so it still leads the digest); in each section,
such a story first, then the most covered (most outlets), then by rank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..types import Article, Story
from .config import DigestConfig

#: The section of stories no configured section or feed category claims.
OTHER = "Other news"


def story_sections(
    config: DigestConfig,
    reports: Sequence[Sequence[Article]],
    categories: Mapping[str, Sequence[str]],
) -> list[str | None]:
    """Each story's section (all None when the digest is one list)."""
    if not config.sections:
        return [None] * len(reports)
    if config.section_rules:
        names = [
            next((s.name for s in config.section_rules if any(s.matches(a) for a in arts)), None)
            for arts in reports
        ]
    else:  # one spelling per category: the first seen, in rank order
        names = [_category(arts, categories) for arts in reports]
        spelling: dict[str, str] = {}
        for name in names:
            if name is not None:
                spelling.setdefault(name.casefold(), name)
        names = [spelling[n.casefold()] if n is not None else None for n in names]
    if not any(names):
        return [None] * len(reports)
    return [name or OTHER for name in names]


def _category(articles: Sequence[Article], categories: Mapping[str, Sequence[str]]) -> str | None:
    """The category most of the reports carry (each report counts once per category; a tie
    goes to the one seen first), spelt as first seen."""
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for article in articles:
        for name in dict.fromkeys(c.casefold() for c in categories.get(article.id, ())):
            counts[name] = counts.get(name, 0) + 1
        for original in categories.get(article.id, ()):
            spelling.setdefault(original.casefold(), original)
    if not counts:
        return None
    best = max(counts, key=lambda name: counts[name])  # max keeps the first of equals
    return spelling[best]


def arrange(
    config: DigestConfig,
    stories: Sequence[Story],
    sections: Sequence[str | None],
    kept: Sequence[bool],
) -> list[int]:
    """The order of ``stories`` (given in rank order) grouped by section (see the docstring);
    with no sections, rank order."""
    if not any(sections):
        return list(range(len(stories)))
    configured = [s.name for s in config.section_rules]
    order: list[str] = []
    for name in [*configured, *sections]:
        if name is not None and name != OTHER and name not in order and name in sections:
            order.append(name)
    if OTHER in sections:
        order.append(OTHER)
    held = {sections[i] for i in range(len(stories)) if kept[i]}
    order.sort(key=lambda name: name not in held)  # a keep rule's story leads the digest
    place = {name: n for n, name in enumerate(order)}
    return sorted(
        range(len(stories)),
        key=lambda i: (
            place[sections[i] or OTHER],
            not kept[i],
            -len(stories[i].sources),
            i,
        ),
    )


def with_sections(stories: Sequence[Story], sections: Sequence[str | None]) -> list[Story]:
    return [replace(s, section=name) for s, name in zip(stories, sections, strict=True)]
