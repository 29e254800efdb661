"""Selecting: from the gathered articles to the day's stories, and the fate of every article.

Each step returns values; none writes into the articles it was given:

``screen`` (repeats, time window) -> ``clean_all`` (clean each article, on a helper
when there is one) -> ``merge.cluster`` (the same story from several outlets) ->
``candidates`` (new stories, and earlier ones with new reports) -> ``build_stories``
(the top ``max_stories``, summarised, with key facts) -> ``seen_rows`` / ``left_out``
(what the state records, what the digest lists as left out, and why).

``select`` runs them in that order and returns a ``Selection``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from ..clean import clean
from ..compose import compose_briefing
from ..facts import ner_engine_name
from ..pipeline import clean_article
from ..state import BriefedArticle, SeenRow
from ..types import Article, Briefing, Failure, RawArticle, Story
from .config import DigestConfig
from .fates import Fate, LeftOut, fate_of, left_out, seen_rows
from .gather import Gathered, GatheredItem
from .headlines import headline_article, headline_story
from .merge import MergeItem, MergeParams, Words, cluster, merge_words
from .rules import blocked_reason, judge
from .sections import arrange, story_sections, with_sections
from .stories import (
    MAX_FACT_REPORTS,
    StoryInput,
    build_story,
    order_reports,
    parse_time,
    scored,
    source_links,
    story_facts,
    story_score,
)
from .workers import Helpers, Job

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Cleaned:
    """What cleaning one gathered article gave: the article and its merge words, or why not.

    ``has_text`` is False for a headline-only report: the item had a headline but no
    article text (``article`` then holds the headline alone, see ``headlines.py``, and
    ``reason`` says why its text could not be used).
    """

    article: Article | None
    reason: str | None = None
    words: Words | None = None
    has_text: bool = True


@dataclass(frozen=True)
class Candidate:
    """A story that could be briefed today: its reports, its score and its lasting key."""

    story: StoryInput
    score: float
    key: str


@dataclass(frozen=True)
class Selection:
    """The day's briefing, the state rows of every article seen, and what was left out."""

    briefing: Briefing
    rows: tuple[SeenRow, ...]
    left_out: tuple[LeftOut, ...]
    #: story key -> the summary sentences it is briefed with today
    told: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: each story's lasting key, in the briefing's order
    keys: tuple[str, ...] = ()


def day_bounds(config: DigestConfig, day: date) -> tuple[datetime, datetime]:
    """The digest's window: ``window_hours`` before the end of ``day`` in the config's zone."""
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=config.tz)
    return end - timedelta(hours=config.window_hours), end


def select(
    config: DigestConfig,
    day: date,
    gathered: Gathered,
    prior: Mapping[str, BriefedArticle],
    helpers: Helpers,
    started: Mapping[GatheredItem, Job[Cleaned]],
    ner: Job[str],
    say: Progress,
    told: Mapping[str, tuple[str, ...]] | None = None,
    only: Callable[[StoryInput], bool] | None = None,
) -> Selection:
    """The day's stories from ``gathered``.

    ``prior``: articles briefed on earlier days; ``started``: cleaning already under way
    (``EarlyCleaning.jobs``); ``ner``: the facts engine's name, for the briefing;
    ``told``: the summary sentences stories were briefed with on earlier days;
    ``only``: keep just the stories it accepts (a watchlist's).
    """
    start, end = day_bounds(config, day)
    usable, screened = screen(gathered.items, start, end, config.window_hours, day)
    say(f"cleaning {len(usable)} articles")
    cleaned = clean_all(usable, started, helpers)
    articles = [a for a in (cleaned[item.key].article for item in usable) if a is not None]
    verdicts = {a.id: judge(config.rules, a) for a in articles}
    blocked = {
        key: Fate(blocked_reason(v.blocked_by), rule=v.blocked_by)
        for key, v in verdicts.items()
        if v.blocked_by
    }
    articles = [a for a in articles if a.id not in blocked]
    leads = frozenset(key for key, v in verdicts.items() if v.kept_by)
    no_text = frozenset(a.id for a in articles if not cleaned[a.id].has_text)
    groups = cluster(
        [
            MergeItem(
                title=a.title,
                text=a.text,
                outlet=a.source_name,
                published=parse_time(a.published),
                words=cleaned[a.id].words,
            )
            for a in articles
        ],
        replace(MergeParams(), window_hours=config.window_hours),
    )
    found, earlier = candidates(groups, articles, prior, end, told)
    if only is not None:
        found = [c for c in found if only(c.story)]
    found.sort(  # stories a keep rule holds first, then by score
        key=lambda c: (
            not any(a.id in leads for a in c.story.articles),
            -c.score,
            c.story.articles[0].title,
            c.story.articles[0].id,
        )
    )
    say(f"summarising {min(len(found), config.max_stories)} of {len(found)} stories")
    stories, placed = build_stories(config, found, helpers, no_text)
    built = found[: len(stories)]
    sections = story_sections(
        config,
        [c.story.articles for c in built],
        {item.key: item.categories for item in gathered.items},
    )
    leading = [any(a.id in leads for a in c.story.articles) for c in built]
    order = arrange(config, stories, sections, leading)
    labelled = with_sections(stories, sections)
    stories = [labelled[i] for i in order]
    built = [built[i] for i in order]
    briefing = compose_briefing(
        config.title, stories, [], date=day.isoformat(), method=config.method, ner=ner.result()
    )
    briefing = replace(briefing, failures=gathered.failures)
    items = gathered.items
    fates = [fate_of(item, screened, cleaned, earlier | placed | blocked) for item in items]
    kept = [None if item in screened else cleaned[item.key].article for item in items]
    return Selection(
        briefing=briefing,
        rows=seen_rows(day, items, fates, kept),
        left_out=left_out(items, fates, kept),
        told={c.key: story.summary for c, story in zip(built, stories, strict=True)},
        keys=tuple(c.key for c in built),
    )


def screen(
    items: Sequence[GatheredItem], start: datetime, end: datetime, hours: float, day: date
) -> tuple[list[GatheredItem], dict[GatheredItem, str]]:
    """The items to clean, and why each other item was dropped (a repeat, outside the window)."""
    keys: dict[str, str] = {}
    usable: list[GatheredItem] = []
    dropped: dict[GatheredItem, str] = {}
    for item in items:
        if item.key in keys:
            dropped[item] = f"same article as from {keys[item.key]}"
            continue
        keys[item.key] = item.source
        when = parse_time(item.published)
        if when is not None and when < start:
            dropped[item] = f"older than the {hours:g}h window"
            continue
        if when is not None and when >= end:
            dropped[item] = f"published after {day.isoformat()}"
            continue
        usable.append(item)
    return usable, dropped


# --- cleaning -------------------------------------------------------------------------------


def warm_cleaner() -> None:
    """A helper's start-up: the cleaner's libraries imported, its tables loaded."""
    clean(RawArticle(location="warm-up", body="<p>Warming up the cleaner.</p>", body_type="html"))


class EarlyCleaning:
    """What the helpers start while pages download (give ``ready`` to ``gather``).

    Each gathered article in the time window is cleaned at once. The first article
    first starts loading the NER model (the job's value is the engine's name): by then
    the feeds are parsed, so the model's imports no longer compete with this process's
    own imports and feed parsing (measured: 0.5-1 s less fetch time than loading it at
    the very start). The cleaning queued behind it catches up while pages download.
    """

    def __init__(self, helpers: Helpers, config: DigestConfig, day: date) -> None:
        self.helpers = helpers
        self.start, self.end = day_bounds(config, day)
        self.ner: Job[str] | None = None
        #: cleaning started for an item (only with helpers; ``clean_all`` starts the rest)
        self.jobs: dict[GatheredItem, Job[Cleaned]] = {}

    def ready(self, item: GatheredItem) -> None:
        if self.ner is None:
            self.ner = self.helpers.submit(ner_engine_name)
        when = parse_time(item.published)
        if when is None or self.start <= when < self.end:
            self.jobs[item] = clean_job(self.helpers, item)

    def ner_name(self) -> Job[str]:
        """The NER engine's name (loading it on a helper if no article started that)."""
        if self.ner is None:
            self.ner = self.helpers.submit(ner_engine_name)
        return self.ner


def clean_job(helpers: Helpers, item: GatheredItem) -> Job[Cleaned]:
    """Cleaning of one gathered article, on a helper when there is one."""
    return helpers.submit(
        clean_gathered, item.raw, item.fallback, item.key, item.source, item.url, item.title
    )


def clean_all(
    usable: Sequence[GatheredItem],
    started: Mapping[GatheredItem, Job[Cleaned]],
    helpers: Helpers,
) -> dict[str, Cleaned]:
    """Every usable article cleaned (``started`` early when helpers run), by article key."""
    jobs = [started.get(item) or clean_job(helpers, item) for item in usable]
    return {item.key: job.result() for item, job in zip(usable, jobs, strict=True)}


def clean_gathered(
    raw: RawArticle,
    fallback: RawArticle | None,
    key: str,
    source: str,
    url: str | None,
    title: str,
) -> Cleaned:
    """A gathered article cleaned (full page first, feed text if the page holds none).

    Runs on a helper process or here, and returns the reason instead of raising (the
    pipeline's clean stage: any exception, expected or not, becomes the reason). A
    page whose feed item gave its title, date and link is not searched for page
    metadata (author and site are all it could add, and no digest output uses them).
    The words the merger compares are computed here too, off the main process.
    """
    reason = None
    for body in (raw, fallback):
        if body is None:
            continue
        metadata = not (body.title and body.published and body.url)
        article = clean_article(body, page_metadata=metadata)
        if isinstance(article, Failure):
            reason = f"could not be cleaned: {article.error}"
            continue
        article = replace(article, id=key, source_name=source, url=article.url or url)
        if title and article.title != title:
            article = replace(article, title=title, title_derived=False)
        return Cleaned(article, words=merge_words(article.title, article.text, source))
    if title.strip():  # no article text, but a headline: a headline-only report
        published = raw.published or (fallback.published if fallback else None)
        report = headline_article(key, title, source, url, published)
        words = merge_words(report.title, "", source)
        return Cleaned(report, reason=reason, words=words, has_text=False)
    return Cleaned(None, reason)


# --- stories --------------------------------------------------------------------------------


def candidates(
    groups: Sequence[Sequence[int]],
    articles: Sequence[Article],
    prior: Mapping[str, BriefedArticle],
    end: datetime,
    told: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[list[Candidate], dict[str, Fate]]:
    """Stories to consider today: new ones, and earlier ones that gained new reports
    (with the sentences ``told`` when they were briefed).

    Also returns the fate of the articles of stories briefed before with nothing new.
    Recency is measured from the end of the digest's day, so a rerun scores alike.
    """
    out: list[Candidate] = []
    fates: dict[str, Fate] = {}
    for group in groups:
        members = [articles[i] for i in group]
        earlier = sorted(
            {(prior[a.id].day, prior[a.id].story_key) for a in members if a.id in prior}
        )
        new = [a for a in members if a.id not in prior]
        if earlier and not new:
            for a in members:
                fates[a.id] = Fate(f"already briefed on {earlier[0][0]}", earlier[0][1])
            continue
        ordered = order_reports(members, briefed=prior)
        key = earlier[0][1] if earlier else story_key(members)
        story = StoryInput(
            articles=ordered,
            is_update=bool(earlier),
            new_ids=frozenset(a.id for a in new),
            told=(told or {}).get(key, ()) if earlier else (),
        )
        out.append(Candidate(story, story_score(ordered, end), key))
    return out, fates


def story_key(members: Sequence[Article]) -> str:
    """A new story's lasting key: a hash of its smallest article key."""
    first = min(a.id for a in members)
    return hashlib.sha256(first.encode("utf-8")).hexdigest()[:16]


def build_stories(
    config: DigestConfig,
    ranked: Sequence[Candidate],
    helpers: Helpers,
    no_text: Collection[str] = frozenset(),
) -> tuple[list[Story], dict[str, Fate]]:
    """The top ``max_stories`` stories (key facts on the helpers while summaries run here).

    Reports in ``no_text`` (headline-only) add their outlet and link to a story; the
    summary and key facts come from the reports with text, and a story of headlines
    only is a headline line (``headlines.headline_story``). Also returns the fate of
    every article of ``ranked``: in its story, or over the cap.
    """
    texts = [
        tuple(a for a in c.story.articles if a.id not in no_text)
        for c in ranked[: config.max_stories]
    ]
    facts = [helpers.submit(story_facts, t[:MAX_FACT_REPORTS]) if t else None for t in texts]
    stories: list[Story] = []
    fates: dict[str, Fate] = {}
    for rank_no, candidate in enumerate(ranked, start=1):
        ids = [a.id for a in candidate.story.articles]
        if rank_no > config.max_stories:
            reason = f"over max_stories ({config.max_stories}); story ranked {rank_no}"
            fates.update((i, Fate(reason, candidate.key)) for i in ids)
            continue
        job, with_text = facts[rank_no - 1], texts[rank_no - 1]
        if job is None:
            story = headline_story(candidate.story.articles, no_text, candidate.story.is_update)
        else:
            story = build_story(
                replace(candidate.story, articles=with_text),
                sentences=config.summary_sentences,
                words=config.summary_words,
                method=config.method,
                facts=job.result(),
            )
            story = replace(
                story,
                sources=source_links(candidate.story.articles, no_text),
                article_ids=tuple(ids),
            )
        stories.append(scored(story, candidate.score))
        fates.update((i, Fate(story_key=candidate.key)) for i in ids)
    return stories, fates
