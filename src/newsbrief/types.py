"""The plain, frozen data that flows between pipeline stages.

load -> RawArticle -> clean/split -> Article -> rank -> Summary, facts -> Facts,
compose -> Story / Briefing -> render -> str | bytes -> deliver.

Invariants: every type is frozen; collections are tuples; dates are ISO 8601
strings (``YYYY-MM-DD`` or a full timestamp with offset) so they cross process
boundaries and JSON unchanged. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BodyType = Literal["html", "text"]


@dataclass(frozen=True)
class RawArticle:
    """One article as read from its source, before cleaning.

    ``location`` names where it came from (a path, URL or ``<stdin>``) and is
    what error messages quote.
    """

    location: str
    body: str
    body_type: BodyType = "text"
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None
    source_name: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence exactly as it appears in the cleaned text.

    ``index`` is its position in the article (0-based), ``paragraph`` the
    0-based paragraph it belongs to.
    """

    index: int
    paragraph: int
    text: str


@dataclass(frozen=True)
class Article:
    """A cleaned article: metadata, paragraphs as text, and its sentences.

    ``text`` holds the paragraphs separated by one blank line; ``sentences``
    cover the text in order. ``language`` is the detected language as a BCP 47
    tag (``en``, ``zh``, ``ar``, ...), or None when the text is too short to tell.
    """

    id: str
    location: str
    title: str
    text: str
    sentences: tuple[Sentence, ...]
    url: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None
    source_name: str | None = None
    language: str | None = None
    dateline: str | None = None  # "WASHINGTON (CNN)": where and from whom, taken off the text
    # The text had no title of its own: ``title`` is its first sentence (clean's fallback).
    title_derived: bool = False

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for p in self.text.split("\n\n") if p)


@dataclass(frozen=True)
class SentenceScore:
    """Why a ranker picked or passed over one sentence (for ``--explain``)."""

    index: int
    text: str
    score: float
    selected: bool
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    """The sentences a ranker chose, in document order."""

    method: str
    sentences: tuple[Sentence, ...]
    explanation: tuple[SentenceScore, ...] = ()

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.sentences)


#: How sure the extractor is of a fact, 0..1 (1.0 for facts built by hand or by older code).
DEFAULT_CONFIDENCE = 1.0

EntityKind = Literal["person", "organization", "place", "work", "event"]


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place (or a titled work or event), merged across its mentions.

    ``confidence`` is how sure the extractor is that the name is right and of this kind
    (the key-facts box shows only confident items; the JSON keeps all). ``age`` is a
    person's age as the text writes it beside the name ("Mark Ray, 56," -> "56").
    """

    name: str
    kind: EntityKind
    sentence_index: int
    role: str | None = None
    mentions: int = 1
    aliases: tuple[str, ...] = ()
    salience: float = 0.0
    confidence: float = DEFAULT_CONFIDENCE
    #: Indexes of every sentence that mentions it (``sentence_index`` is the first).
    sentences: tuple[int, ...] = ()
    age: str | None = None


@dataclass(frozen=True)
class DateFact:
    """A date in the text, ISO-normalised: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-Www``
    (``--MM-DD`` for a month and day in an article without a date)."""

    text: str
    iso: str
    sentence_index: int
    event: str | None = None
    confidence: float = DEFAULT_CONFIDENCE


@dataclass(frozen=True)
class Figure:
    """A number with its unit and what it counts."""

    text: str
    sentence_index: int
    value: float | None = None
    unit: str | None = None
    counts: str | None = None
    confidence: float = DEFAULT_CONFIDENCE


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it (``None`` when unknown); ``confidence`` is for the
    quote and its speaker together."""

    text: str
    sentence_index: int
    speaker: str | None = None
    confidence: float = DEFAULT_CONFIDENCE


@dataclass(frozen=True)
class Facts:
    """Key facts of one article or story; ``ner`` names the engine that ran.

    ``works`` holds titles of works and named events (films, albums, tours, awards,
    storms, competitions), kept out of people, organisations and places; the JSON
    lists them, the key-facts box does not.
    """

    people: tuple[Entity, ...] = ()
    organizations: tuple[Entity, ...] = ()
    places: tuple[Entity, ...] = ()
    dates: tuple[DateFact, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    ner: str = "none"
    works: tuple[Entity, ...] = ()

    def is_empty(self) -> bool:
        """No fact the key-facts box shows (``works`` are listed in the JSON only)."""
        return not any(
            (self.people, self.organizations, self.places, self.dates, self.figures, self.quotes)
        )


@dataclass(frozen=True)
class SourceLink:
    """One outlet's report of a story; ``has_text`` is False for a report that brought only
    its headline (a feed item whose page held no article text or could not be fetched)."""

    name: str
    url: str | None = None
    title: str | None = None
    has_text: bool = True


@dataclass(frozen=True)
class Story:
    """One entry of a briefing: a single article, or several outlets' reports merged.

    ``summary`` holds sentence texts in reading order; ``article_ids`` the ids of
    the articles it was built from; ``language`` the BCP 47 tag of its text (None if unknown).
    """

    headline: str
    summary: tuple[str, ...]
    sources: tuple[SourceLink, ...]
    facts: Facts = field(default_factory=Facts)
    published: str | None = None
    article_ids: tuple[str, ...] = ()
    is_update: bool = False
    score: float = 0.0
    language: str | None = None
    #: the digest's topic section (None: no sections)
    section: str | None = None

    @property
    def headline_only(self) -> bool:
        """A story told only by headlines: no summary, shown as a headline line with its links
        (the briefing's "Also in the news")."""
        return not self.summary and bool(self.sources) and not any(s.has_text for s in self.sources)


@dataclass(frozen=True)
class Failure:
    """A source that could not be used, with the stage that failed and why."""

    source: str
    error: str
    stage: str = "load"


@dataclass(frozen=True)
class SourceFailing:
    """A digest source that failed ``runs`` digest runs in a row, the first on ``since``."""

    name: str
    since: str
    last_error: str
    runs: int
    #: the day it last worked (None: never, as far as the state file knows)
    last_ok: str | None = None


@dataclass(frozen=True)
class Briefing:
    """What gets rendered: a titled, dated list of stories plus failures.

    ``omitted`` lists human-readable notes of what was left out (e.g. by the
    one-page fit); ``date`` is the day the briefing is for.
    """

    title: str
    date: str
    generated_at: str
    stories: tuple[Story, ...]
    failures: tuple[Failure, ...] = ()
    method: str = "news"
    ner: str = "none"
    omitted: tuple[str, ...] = ()
    more_stories: int = 0
    #: digest sources failing for ``failing_after`` runs in a row (listed in the footer)
    sources_failing: tuple[SourceFailing, ...] = ()


def to_dict(value: Any) -> Any:
    """Plain-JSON view of any dataclass above (tuples become lists)."""
    return asdict(value)
