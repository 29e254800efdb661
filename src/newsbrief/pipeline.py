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
from dataclasses import dataclass
from typing import TypeVar

from .clean import clean
from .compose import compose_briefing, story_from_article
from .decode import one_line
from .errors import NewsbriefError
from .facts import extract_facts, ner_engine_name
from .load import load_all, load_text
from .rank import rank
from .types import Article, Briefing, Facts, Failure, RawArticle, Story, Summary

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

    def __init__(self) -> None:
        self.name = "clean"


def run_stages(
    source: str, work: Callable[[_Stage], T], on_error: ErrorHook | None = None
) -> T | Failure:
    """Run ``work`` on the input ``source``; any exception becomes a Failure naming its stage.

    ``KeyboardInterrupt`` and ``SystemExit`` are not caught: they end the run.
    """
    stage = _Stage()
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
        story = story_from_article(article, summary, facts or Facts())
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
    on_item: ProgressHook | None = None,
    on_error: ErrorHook | None = None,
) -> Briefing:
    """Build a briefing from files, directories or ``-`` (stdin).

    Unusable inputs become ``Briefing.failures`` (an unexpected exception in one input
    too: ``on_error`` sees it); the caller decides whether an empty briefing is an error.
    """
    options = StoryOptions(method=method, sentences=sentences, words=words)
    stories: list[Story] = []
    failures: list[Failure] = []
    for raw in load_all(inputs):
        if isinstance(raw, Failure):
            failures.append(raw)
            continue
        result = process_article(raw, options, on_error=on_error)
        if isinstance(result, Failure):
            failures.append(result)
        else:
            stories.append(result.story)
        if on_item is not None:
            on_item(raw.location)
    return compose_briefing(
        title, stories, failures, date=date, method=method, ner=ner_engine_name()
    )


def summarize(
    text: str,
    *,
    title: str | None = None,
    method: str = "news",
    sentences: int | None = 3,
    words: int | None = None,
) -> list[str]:
    """Summarise one article's text: its best sentences, verbatim, in document order."""
    article = clean(load_text(text, title=title))
    return list(rank(article, method, sentences=sentences, words=words).texts)
