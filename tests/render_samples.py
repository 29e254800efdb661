"""Briefings built by hand for the render and PDF tests (no dependency on load/clean/rank)."""

from __future__ import annotations

from newsbrief.types import (
    Briefing,
    DateFact,
    Entity,
    Facts,
    Failure,
    Figure,
    Quote,
    SourceLink,
    Story,
)

SENTENCES = (
    "The city council voted on Tuesday to expand the tram network by 14 kilometres, "
    "the largest extension since the line opened in 1998.",
    "Construction is expected to begin next spring and to cost about 420 million euros, "
    "with a third of the money coming from the regional government.",
    "Opponents said the plan would disrupt small businesses along the route for years.",
    "Mayor Anna Keller said the vote was a turning point for a city that has long "
    "struggled with congestion and air pollution.",
    "A final design will be published in June after a public consultation.",
)

FACTS = Facts(
    people=(
        Entity("Anna Keller", "person", 3, role="Mayor"),
        Entity("Jonas Brandt", "person", 2, role="council transport chair"),
    ),
    organizations=(Entity("City Council", "organization", 0),),
    places=(Entity("Old Town", "place", 2), Entity("Riverside", "place", 0)),
    dates=(DateFact("Tuesday", "2026-11-10", 0), DateFact("June", "2027-06", 4)),
    figures=(
        Figure("14 kilometres", 0, 14, "km", "tram extension"),
        Figure("420 million euros", 1),
    ),
    quotes=(Quote("This is a turning point for our city", 3, speaker="Anna Keller"),),
    ner="rules",
)


def story(n: int, *, sentences: int = 3, facts: bool = True, long: bool = False) -> Story:
    """Story number ``n`` (rank order), with a headline that names its number."""
    summary = SENTENCES[:sentences]
    if long:
        summary = tuple(s + " " + s + " " + s for s in SENTENCES) * 2
    return Story(
        headline=f"Story {n}: council backs tram extension after long debate",
        summary=summary,
        sources=(SourceLink(f"Outlet {n}", f"https://news.example.org/{n}", "Tram vote"),),
        facts=FACTS if facts else Facts(ner="rules"),
        published="2026-11-10",
        score=1.0 / (n + 1),
    )


def briefing(stories: int = 3, **kwargs: object) -> Briefing:
    """A briefing of ``stories`` stories; keyword arguments go to ``story``."""
    return Briefing(
        title="Morning briefing",
        date="2026-11-16",
        generated_at="2026-11-16T06:30:00+00:00",
        stories=tuple(story(i + 1, **kwargs) for i in range(stories)),  # type: ignore[arg-type]
        method="news",
        ner="rules",
    )


def digest_briefing() -> Briefing:
    """A digest-like briefing: a multi-outlet update story, failures, more stories."""
    merged = Story(
        headline="Port strike enters second week as talks stall",
        summary=SENTENCES[2:4],
        sources=(
            SourceLink("Harbour Daily", "https://harbour.example.com/strike"),
            SourceLink("Coast Times", "http://coast.example.net/a?id=1&x=2"),
            SourceLink("Wire Service", None),
        ),
        facts=FACTS,
        published="2026-11-15T18:20:00+01:00",
        is_update=True,
    )
    return Briefing(
        title="Evening digest",
        date="2026-11-16",
        generated_at="2026-11-16T18:00:00+00:00",
        stories=(merged, story(2)),
        failures=(Failure("https://dead.example.org/feed.xml", "connection refused", "fetch"),),
        method="news",
        ner="spacy en_core_web_sm",
        more_stories=4,
    )
