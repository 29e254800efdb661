"""Text hygiene for everything rendered: control/ANSI/bidi stripping, Markdown escaping, safe links.

Article text is data. These helpers make sure it stays text in every output:
``clean`` removes what a terminal, a PDF or a reader's eye could be tricked by,
``md_escape`` stops it from forming Markdown structure, ``http_url`` lets only
plain http(s) addresses become links, and ``sanitize`` applies ``clean`` to
every string of a Briefing.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

from ..decode import clip_title, one_line
from ..limits import MAX_SENTENCE_CHARS, MAX_TITLE_CHARS
from ..types import Briefing, DateFact, Entity, Figure, Quote, SourceLink, Story

T = TypeVar("T")

#: Fields shown as one-line titles, cut at ``MAX_TITLE_CHARS``.
_TITLE_FIELDS = {
    (Briefing, "title"),
    (Story, "headline"),
    (SourceLink, "name"),
    (SourceLink, "title"),
}


def clean(text: str) -> str:
    """One printable line: escapes, controls and bidi overrides removed, spaces collapsed."""
    if text.isascii() and text.isprintable():  # nothing to remove: the common case, fast
        return " ".join(text.split())
    return one_line(text)


def clip(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, marking the cut with …."""
    return clip_title(text, limit)


def sanitize(value: T) -> T:
    """A copy of a Briefing (or any of its parts) with every string cleaned and titles clipped."""
    return _sanitize(value, None)  # type: ignore[no-any-return]


def _sanitize(value: Any, owner: tuple[type, str] | None) -> Any:
    if isinstance(value, str):
        if owner is not None and owner[1] == "url":
            return clean(value)  # never cut a link; http_url refuses overlong ones
        limit = MAX_TITLE_CHARS if owner in _TITLE_FIELDS else MAX_SENTENCE_CHARS
        line = clean(value)
        return line if len(line) <= limit else clip(line, limit)
    if isinstance(value, tuple):
        return tuple(_sanitize(item, owner) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        changes = {}
        for name in _field_names(kind):
            old = getattr(value, name)
            new = _sanitize(old, (kind, name))
            if new is not old and new != old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def http_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) address with a host, else None (never a link)."""
    if not url:
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url) or len(url) > 2048:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


# Markdown: characters escaped wherever they appear, and line starts neutralised.
# "(", ")" and "!" need no escape: with every "[" and "]" escaped they cannot form a
# link or image. "&" is escaped only where it would start an entity reference.
_MD_ALWAYS = re.compile(r"([\\`*_\[\]#|<>{}~]|&(?=#?[0-9A-Za-z]{1,32};))")
_MD_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=:>])")
#: Where a linkifying renderer (GFM autolinks, linkify-it's fuzzy links) could start a
#: link: "://", an "@" between word characters, "www." and a dot between a word
#: character and a letter ("x.io", "A.AL"). A backslash there splits the text.
_MD_AUTOLINK = re.compile(r"(?i)(?<=\w)(?=://|@\w|\.[^\W\d_])|(?<=www)(?=\.)")


def md_escape(text: str) -> str:
    """Markdown-inert text: no links, images, headings, HTML, code, tables, lists or emphasis.

    Input is cleaned to one line first, so no block structure can start inside it;
    the one line start it has is neutralised too.
    """
    text = _MD_ALWAYS.sub(r"\\\1", clean(text))
    text = _MD_AUTOLINK.sub(r"\\", text)
    return _MD_LINE_START.sub(_line_start, text)


def _line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"\\{match.group(3)}"


def md_url(url: str | None) -> str | None:
    """An http(s) URL safe inside a Markdown link destination ``(...)``, else None."""
    safe = http_url(url)
    if safe is None:
        return None
    return quote(safe, safe="/:?#@!$&*+,;=%-._~[]")


def human_date(value: str | None) -> str:
    """``2021-07-26`` or a timestamp as ``26 July 2021``; anything else unchanged."""
    if not value:
        return ""
    text = clean(value)
    try:
        parsed: date = datetime.fromisoformat(text).date()
    except ValueError:
        try:
            parsed = date.fromisoformat(text[:10])
        except ValueError:
            return text
    return f"{parsed.day} {parsed:%B %Y}"


def timestamp(value: str | None) -> str:
    """``2026-11-16T06:30:00+00:00`` as ``2026-11-16 06:30 UTC``; anything else unchanged."""
    text = clean(value or "")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        return f"{moment:%Y-%m-%d %H:%M}"
    offset = moment.utcoffset()
    zone = "UTC" if not offset else f"UTC{moment:%z}"
    return f"{moment:%Y-%m-%d %H:%M} {zone}"


def weekday_date(value: str | None) -> str:
    """``2026-11-16`` as ``Monday 16 November 2026``; anything else as ``human_date`` gives it."""
    text = human_date(value)
    try:
        parsed = date.fromisoformat(clean(value or "")[:10])
    except ValueError:
        return text
    return f"{parsed:%A} {text}"


def iso_date(value: str | None) -> str:
    """The ``YYYY-MM-DD`` part of a date or timestamp, for ``<time datetime>``; else ''."""
    text = clean(value or "")[:10]
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return ""


#: Characters of one key-facts row: one line at the box's type size on the narrower page
#: (A4), with room to spare for wide letters; the print stylesheet clips any excess.
FACTS_ROW_CHARS = 100


def facts_row(labels: Sequence[str], chars: int = FACTS_ROW_CHARS) -> str:
    """The first labels that fit in ``chars`` characters, joined by "; " (at least the first,
    clipped if it alone is too long): a key-facts row that stays one line."""
    shown: list[str] = []
    used = 0
    for label in labels:
        cost = len(label) + (2 if shown else 0)
        if shown and used + cost > chars:
            break
        shown.append(label)
        used += cost
    return clip("; ".join(shown), chars) if shown else ""


def quote_text(quote: Quote, chars: int = FACTS_ROW_CHARS) -> str:
    """A quotation clipped so that it, its marks and its speaker stay one line."""
    room = chars - 4 - (len(quote.speaker) + 3 if quote.speaker else 0)
    return clip(quote.text, max(room, 20))


def clip_line(text: str, chars: int | None, beside: str = "") -> str:
    """``text`` clipped to share one line of ``chars`` characters with ``beside`` (no limit
    when ``chars`` is None, e.g. on screen where the line may wrap)."""
    if chars is None:
        return text
    return clip(text, max(chars - len(beside) - 3, 20))


def listed_headline(story: Story, chars: int | None) -> str:
    """The headline as its "Also in the news" line shows it: clipped to share the line
    with its credit ("BBC and 2 more")."""
    more = len(story.sources) - 1
    credit = (
        story.sources[0].name + (f" and {more} more" if more > 0 else "") if story.sources else ""
    )
    return clip_line(story.headline, chars, credit)


_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def fact_label(item: object) -> str:
    """How one fact reads in a key-facts box: ``Name, age (role)``, ``Sunday (2021-07-25)``, …."""
    if isinstance(item, Entity):
        name = f"{item.name}, {item.age}" if item.age else item.name
        return f"{name} ({item.role})" if item.role else name
    if isinstance(item, DateFact):
        # The ISO form helps only where the words lack the year ("on Sunday", "in May").
        return item.text if _YEAR.search(item.text) else f"{item.text} ({item.iso})"
    if isinstance(item, Figure):
        if item.counts and item.counts.lower() not in item.text.lower():
            return f"{item.text} ({item.counts})"
        return item.text
    if isinstance(item, Quote):
        return f"“{item.text}” — {item.speaker}" if item.speaker else f"“{item.text}”"
    return str(item)
