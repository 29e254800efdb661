"""One-off commands: ``brief``, ``summarize``, ``extract`` and ``methods``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from traceback import format_exception
from typing import Annotated

import typer

from ..clean import clean
from ..deliver import write_atomic
from ..errors import NewsbriefError
from ..facts import extract_facts
from ..load import expand_inputs, load
from ..pipeline import build_briefing
from ..rank import METHODS, rank
from ..render import render, render_pdf
from ..types import Article, Briefing, Summary, to_dict
from ._common import (
    EXIT_ERROR,
    JsonOpt,
    MethodOpt,
    QuietOpt,
    SentencesOpt,
    TracebackOpt,
    WordsOpt,
    app,
    check_method,
    errors_as_exit,
    fail,
    safe_line,
    summary_length,
    warn,
)
from ._fetching import fetch_progress


class Format(StrEnum):
    md = "md"
    html = "html"
    json = "json"
    pdf = "pdf"
    epub = "epub"


class PageSize(StrEnum):
    a4 = "A4"
    letter = "letter"


def _outputs(formats: list[Format], output: str | None) -> list[tuple[Format, str]]:
    """Where each format goes: '-' is stdout; several formats share one path stem."""
    if len(formats) == 1:
        fmt = formats[0]
        if output is None:
            binary = fmt in (Format.pdf, Format.epub)
            output = f"outputs/briefing.{fmt.value}" if binary else "-"
        return [(fmt, output)]
    if output == "-":
        fail("-o - takes a single --format", 2)
    stem = Path(output or "outputs/briefing")
    stem = stem.with_suffix("") if stem.suffix.lstrip(".") in {f.value for f in Format} else stem
    return [(fmt, f"{stem}.{fmt.value}") for fmt in formats]


def _emit(path: str, data: str | bytes) -> None:
    if path == "-":
        if isinstance(data, bytes):
            if sys.stdout.isatty():
                fail("refusing to write a PDF or EPUB to a terminal; use -o FILE", 2)
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()
    else:
        write_atomic(path, data)


def _print_traceback(source: str, exc: BaseException) -> None:
    """``--traceback``: the full trace of an input's unexpected error (the run goes on)."""
    trace = "".join(format_exception(exc))
    sys.stderr.write(f"{safe_line(source)}: unexpected error, traceback follows\n{trace}")
    sys.stderr.flush()


def _report_failures(briefing: Briefing, quiet: bool) -> None:
    for failure in briefing.failures:
        warn(f"{failure.source}: {failure.error}")
    if not quiet and (briefing.failures or len(briefing.stories) > 1):
        warn(f"{len(briefing.stories)} ok, {len(briefing.failures)} failed")


@app.command()
def brief(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files or folders (.txt .md .html .htm .json .jsonl), http(s) URLs "
            "of article pages, or - for stdin.",
            show_default=False,
        ),
    ] = None,
    feed: Annotated[
        list[str] | None,
        typer.Option(
            "--feed", help="RSS/Atom feed URL whose current items are briefed; repeatable."
        ),
    ] = None,
    fmt: Annotated[
        list[Format] | None,
        typer.Option("--format", "-f", help="Output format; repeat for several (default md)."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Output file, or - for stdout. Default: stdout for md/html/json, "
            "outputs/briefing.pdf for pdf, outputs/briefing.epub for epub (an e-book, one "
            "chapter per story). With several formats: a path stem.",
        ),
    ] = None,
    title: Annotated[str, typer.Option("--title", "-t", help="Briefing title.")] = "News briefing",
    method: MethodOpt = "news",
    sentences: SentencesOpt = None,
    words: WordsOpt = None,
    page_size: Annotated[
        PageSize, typer.Option("--page-size", help="PDF page size.", case_sensitive=False)
    ] = PageSize.a4,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Folder of templates overriding the built-in ones."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 if any input failed, not only if all did.")
    ] = False,
    keep_order: Annotated[
        bool,
        typer.Option(
            "--keep-order", help="Keep the input order instead of most important story first."
        ),
    ] = False,
    no_merge: Annotated[
        bool,
        typer.Option(
            "--no-merge", help="One story per article, even when several report the same event."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    quiet: QuietOpt = False,
    traceback: TracebackOpt = False,
) -> None:
    """Build one briefing from article files, URLs or feeds: headline, date, source, summary and
    key facts.

    Reports of the same event are merged into one story ("reported by N outlets") and the
    most important story comes first (more outlets, newer, more names in the lead).
    A PDF is always exactly one page: every story gets its headline and best sentence
    before any gets more; stories that still do not fit are listed as headlines under
    "Also in the news". What was left out is reported on stderr.
    """
    check_method(method)
    n_sentences, n_words = summary_length(sentences, words)
    formats = [Format.json] if as_json else (fmt or [Format.md])
    targets = _outputs(formats, output)
    if not inputs and not feed:
        fail("give article files, URLs or --feed URL", 2)
    with errors_as_exit(traceback), fetch_progress(not quiet) as on_fetch:
        briefing = build_briefing(
            inputs or [],
            title=title,
            method=method,
            sentences=n_sentences,
            words=n_words,
            merge=not no_merge,
            keep_order=keep_order,
            on_error=_print_traceback if traceback else None,
            feeds=feed or [],
            on_fetch=on_fetch,
        )
        _report_failures(briefing, quiet)
        if not briefing.stories:
            fail("no article could be read")
        for target_fmt, path in targets:
            if target_fmt is Format.pdf:
                result = render_pdf(briefing, templates_dir=templates, page_size=page_size.value)
                for note in () if quiet else result.omitted:
                    warn(f"left out of the PDF: {note}")
                for line in result.missing_glyphs:
                    warn(f"no installed font has {line}: printed as empty boxes (docs/render.md)")
                _emit(path, result.data)
            else:
                _emit(path, render(briefing, target_fmt.value, templates_dir=templates))
            if path != "-" and not quiet:
                warn(f"wrote {path}")
    if strict and briefing.failures:
        raise typer.Exit(EXIT_ERROR)


def _load_articles(file: str) -> list[Article]:
    articles: list[Article] = []
    for location in expand_inputs([file]):
        for raw in load(location):
            articles.append(clean(raw))
    return articles


def _summary_dict(article: Article, summary: Summary) -> dict[str, object]:
    facts = extract_facts(article)
    data: dict[str, object] = {
        "title": article.title,
        "published": article.published,
        "language": article.language,
        "summary": list(summary.texts),
        "facts": {k: v for k, v in to_dict(facts).items() if k != "ner"},
        "method": summary.method,
        "ner": facts.ner,
    }
    if summary.explanation:
        data["explanation"] = [to_dict(e) for e in summary.explanation]
    return data


def _print_summary(article: Article, summary: Summary) -> None:
    print(safe_line(article.title))
    if article.published:
        print(article.published)
    print()
    for sentence in summary.sentences:
        print(f"- {safe_line(sentence.text)}")
    if summary.explanation:
        print()
        print("Scores (* = picked):")
        for item in summary.explanation:
            mark = "*" if item.selected else " "
            why = "; ".join(item.reasons)
            print(f"{mark} [{item.index:>3}] {item.score:7.3f}  {safe_line(item.text)[:90]}")
            if why:
                print(f"        {safe_line(why)}")


@app.command()
def summarize(
    file: Annotated[str, typer.Argument(help="One article file, http(s) URL, or - for stdin.")],
    method: MethodOpt = "news",
    sentences: SentencesOpt = None,
    words: WordsOpt = None,
    as_json: JsonOpt = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show every sentence's score and why it was picked.")
    ] = False,
    traceback: TracebackOpt = False,
) -> None:
    """Summarise one article: its title, date and best sentences, verbatim.

    With --json: {title, published, summary, facts, method, ner}, and the scores with --explain.
    """
    check_method(method)
    n_sentences, n_words = summary_length(sentences, words)
    with errors_as_exit(traceback):
        articles = _load_articles(file)
        if not articles:
            fail(f"{file}: no article found")
        results = [
            (a, rank(a, method, sentences=n_sentences, words=n_words, explain=explain))
            for a in articles
        ]
    if as_json:
        dicts = [_summary_dict(a, s) for a, s in results]
        payload: object = dicts[0] if len(dicts) == 1 else dicts
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for i, (article, summary) in enumerate(results):
        if i:
            print()
        _print_summary(article, summary)


@app.command()
def extract(
    file: Annotated[
        str,
        typer.Argument(help="One article file (HTML, text, JSON), http(s) URL, or - for stdin."),
    ],
    as_json: JsonOpt = False,
    traceback: TracebackOpt = False,
) -> None:
    """Show the cleaned article exactly as the rest of the pipeline sees it.

    With --json: {title, published, author, site, url, language, text}.
    """
    with errors_as_exit(traceback):
        articles = _load_articles(file)
        if not articles:
            fail(f"{file}: no article found")
    fields = ("title", "published", "author", "site", "url", "language")
    if as_json:
        dicts = [{**{f: getattr(a, f) for f in fields}, "text": a.text} for a in articles]
        print(json.dumps(dicts[0] if len(dicts) == 1 else dicts, ensure_ascii=False, indent=2))
        return
    for i, article in enumerate(articles):
        if i:
            print("\n---\n")
        for f in fields:
            value = getattr(article, f)
            if value:
                print(f"{f}: {safe_line(value)}")
        print()
        print(article.text)


@app.command()
def methods(
    as_json: JsonOpt = False,
) -> None:
    """List the ranking methods, one line each (the default is `news`)."""
    if as_json:
        print(json.dumps({name: _describe(name) for name in METHODS}, indent=2))
        return
    width = max(len(n) for n in METHODS)
    for name in METHODS:
        print(f"{name:<{width}}  {_describe(name)}")


def _describe(name: str) -> str:
    ranker = METHODS[name]
    return ranker if isinstance(ranker, str) else str(getattr(ranker, "description", name))


__all__ = ["NewsbriefError"]
