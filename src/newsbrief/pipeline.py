"""The whole one-off pipeline as plain functions: inputs -> Briefing.

One path turns a raw article into a story: clean (and split) -> rank -> facts ->
compose, or a ``Failure`` naming the stage and the reason. ``brief``, ``batch``
and the digest's cleaning all run through ``run_stages``, so they report errors
alike: a ``NewsbriefError`` keeps its message, anything else becomes one line
"unexpected error: ...", and the other inputs go on. Never prints; the CLI
decides what to show (``on_error`` lets it print the full traceback).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from .clean import clean
from .compose import compose_briefing, story_from_article, without_echo
from .decode import one_line
from .errors import NewsbriefError
from .facts import extract_facts, ner_engine_name
from .load import load_all, load_text
from .rank import rank
from .types import Article, Briefing, Facts, Failure, RawArticle, Story, Summary

if TYPE_CHECKING:
    from .fetch import FetchPolicy
    from .remote import FetchProgress

T = TypeVar("T")
ProgressHook = Callable[[str], None]
#: Called with the input's location and the exception when a stage raised something
#: other than a ``NewsbriefError`` (a bug or an input nothing anticipated).
ErrorHook = Callable[[str, BaseException], None]

#: Longest error text kept in a Failure made from an unexpected exception.
MAX_UNEXPECTED_CHARS = 300


@dataclass(frozen=True)
class StoryOptions:
    """What every article of a run gets: ranker, summary length, and whether to find facts."""

    method: str = "news"
    sentences: int | None = 3
    words: int | None = None
    facts: bool = True


@dataclass(frozen=True)
class Processed:
    """One article that went through the path: what the ranker chose and the story it makes."""

    article: Article
    summary: Summary
    facts: Facts | None
    story: Story


def failure_of(source: str, stage: str, exc: BaseException) -> Failure:
    """The one-line Failure a stage's exception turns into."""
    if isinstance(exc, NewsbriefError):
        return Failure(source=source, error=one_line(exc.message), stage=stage)
    if isinstance(exc, (RecursionError, MemoryError)):
        error = f"input too large or too complex ({type(exc).__name__})"
        return Failure(source=source, error=error, stage=stage)
    return Failure(source=source, error=unexpected_error(exc), stage=stage)


def unexpected_error(exc: BaseException) -> str:
    """``unexpected error: Kind: message`` as one line of bounded length."""
    detail = one_line(str(exc))
    text = f"unexpected error: {type(exc).__name__}" + (f": {detail}" if detail else "")
    if len(text) > MAX_UNEXPECTED_CHARS:
        text = text[: MAX_UNEXPECTED_CHARS - 1] + "…"
    return text


class _Stage:
    """Which stage is running, so a failure can name it."""

    def __init__(self, name: str) -> None:
        self.name = name


def run_stages(
    source: str,
    work: Callable[[_Stage], T],
    on_error: ErrorHook | None = None,
    *,
    stage_name: str = "clean",
) -> T | Failure:
    """Run ``work`` on the input ``source``; any exception becomes a Failure naming its stage.

    ``work`` sets ``stage.name`` as it moves on. ``KeyboardInterrupt`` and ``SystemExit``
    are not caught: they end the run.
    """
    stage = _Stage(stage_name)
    try:
        return work(stage)
    except Exception as exc:
        if on_error is not None and not isinstance(exc, NewsbriefError):
            on_error(source, exc)
        return failure_of(source, stage.name, exc)


def clean_article(
    raw: RawArticle, *, page_metadata: bool = True, on_error: ErrorHook | None = None
) -> Article | Failure:
    """The clean stage alone (the digest merges before it ranks), with the same error handling."""
    return run_stages(raw.location, lambda _: clean(raw, page_metadata=page_metadata), on_error)


def process_article(
    raw: RawArticle,
    options: StoryOptions = StoryOptions(),
    *,
    on_error: ErrorHook | None = None,
) -> Processed | Failure:
    """clean -> split -> rank -> facts -> story for one input, or a Failure with its stage."""

    def work(stage: _Stage) -> Processed:
        article = clean(raw)
        stage.name = "rank"
        summary = rank(article, options.method, sentences=options.sentences, words=options.words)
        stage.name = "facts"
        facts = extract_facts(article, summary=summary) if options.facts else None
        stage.name = "compose"

        def one_more() -> Summary:  # the headline repeats a chosen sentence: one more instead
            more_words = options.words and options.words + len(article.title.split())
            more_sentences = options.sentences and options.sentences + 1
            return rank(article, options.method, sentences=more_sentences, words=more_words)

        story = story_from_article(article, summary, facts or Facts(), rerank=one_more)
        return Processed(article, summary, facts, story)

    return run_stages(raw.location, work, on_error)


def article_to_story(
    article: Article, *, method: str = "news", sentences: int | None = 3, words: int | None = None
) -> Story:
    """Rank and extract facts for one cleaned article."""
    summary = rank(article, method, sentences=sentences, words=words)
    return story_from_article(article, summary, extract_facts(article, summary=summary))


def build_briefing(
    inputs: Sequence[str],
    *,
    title: str = "News briefing",
    method: str = "news",
    sentences: int | None = 3,
    words: int | None = None,
    date: str | None = None,
    merge: bool = True,
    keep_order: bool = False,
    on_item: ProgressHook | None = None,
    on_error: ErrorHook | None = None,
    feeds: Sequence[str] = (),
    on_fetch: FetchProgress | None = None,
    policy: FetchPolicy | None = None,
) -> Briefing:
    """Build a briefing from files, directories, ``-`` (stdin), http(s) URLs and the
    current items of ``feeds`` (URLs fetched concurrently with the digest's policy).

    Reports of the same event are merged into one story (``merge``) and stories come
    most important first, as in the digest (``keep_order``: in input order instead).
    Unusable inputs become ``Briefing.failures`` (an unexpected exception in one input
    too: ``on_error`` sees it); the caller decides whether an empty briefing is an error.
    """
    options = StoryOptions(method=method, sentences=sentences, words=words)
    done: list[Processed] = []
    failures: list[Failure] = []
    for raw in load_all(inputs, feeds=feeds, policy=policy, on_fetch=on_fetch):
        if isinstance(raw, Failure):
            failures.append(raw)
            continue
        result = process_article(raw, options, on_error=on_error)
        if isinstance(result, Failure):
            failures.append(result)
        else:
            done.append(result)
        if on_item is not None:
            on_item(raw.location)
    stories = arrange(done, options, merge=merge, keep_order=keep_order)
    return compose_briefing(
        title, stories, failures, date=date, method=method, ner=ner_engine_name()
    )


def arrange(
    done: Sequence[Processed],
    options: StoryOptions = StoryOptions(),
    *,
    merge: bool = True,
    keep_order: bool = False,
) -> list[Story]:
    """The stories of a briefing: reports of one event merged, most important first.

    Merging is the digest's (``digest.merge.cluster``); a merged story is built as the
    digest builds one (best report first, ``digest.stories.build_story``). Stories are
    ordered as in the digest, by ``story_score``: coverage (distinct outlets), then
    recency (against the newest input, so a rerun orders alike) and salience; ties and
    ``keep_order`` keep the input order (a merged story stands where its first report
    stood).
    """
    from .digest.merge import MergeItem, cluster
    from .digest.stories import parse_time, scored, story_score

    articles = [p.article for p in done]
    if merge and len(done) > 1:
        items = [
            MergeItem(a.title, a.text, a.source_name, parse_time(a.published)) for a in articles
        ]
        groups = [sorted(group) for group in cluster(items)]
    else:
        groups = [[i] for i in range(len(done))]
    stamps = [t for t in (parse_time(a.published) for a in articles) if t is not None]
    now = max(stamps) if stamps else datetime.now(UTC)
    placed: list[tuple[float, int, Story]] = []
    for group in groups:
        members = [done[i] for i in group]
        story = members[0].story if len(members) == 1 else merged_story(members, options)
        score = story_score([m.article for m in members], now)
        placed.append((0.0 if keep_order else -score, group[0], scored(story, score)))
    placed.sort(key=lambda item: item[:2])
    return [story for _, _, story in placed]


def merged_story(members: Sequence[Processed], options: StoryOptions) -> Story:
    """One story from several reports of an event, built as the digest builds one."""
    from .digest.merge import is_opinion
    from .digest.stories import MAX_FACT_REPORTS, StoryInput, build_story
    from .facts import merge_facts

    ordered = sorted(
        members, key=lambda m: (is_opinion(m.article.title), -len(m.article.text))
    )  # best report first (stable: input order breaks ties)
    facts = [m.facts for m in ordered[:MAX_FACT_REPORTS] if m.facts is not None]
    sentences = options.sentences or max(len(m.story.summary) for m in ordered)
    story = build_story(
        StoryInput(articles=tuple(m.article for m in ordered)),
        sentences=sentences,
        method=options.method,
        facts=merge_facts(facts) if facts else Facts(),
    )
    return replace(story, summary=without_echo(story.headline, story.summary))


def summarize(
    text: str,
    *,
    title: str | None = None,
    method: str = "news",
    sentences: int | None = 3,
    words: int | None = None,
) -> list[str]:
    """Summarise one article's text: its best sentences, verbatim, in document order.

    The article's language is not guessed: nothing returned depends on it.
    """
    article = clean(load_text(text, title=title), language=False)
    return list(rank(article, method, sentences=sentences, words=words).texts)
