"""Before/after check for speed work: do cleaning, splitting and ranking give the same output?

Runs every input through ``newsbrief.summarize()`` and through ``clean()`` and ``rank()``
and writes, per input, the summary, the cleaned article (title, text, sentences with their
paragraphs, language, dateline, published, author) and the rankings (`news` at 3 sentences,
with its ``--explain`` rows, and at 60 words; Lead-3). A second run compares
against that file and lists every input whose output differs, field by field.

Inputs: the dev articles of ``news_dev.jsonl`` as given, the same articles as a corpus would
ship them (PTB-tokenised, no paragraph breaks, no title: ``evaluate.as_corpus_text``), the
HTML pages of ``html/``, the files of ``inputs/`` and a few long texts made of dev
paragraphs (500 and 2,000 sentences).

    # before (the code to compare against, e.g. a worktree of main at /tmp/base):
    PYTHONPATH=/tmp/base/src .venv/bin/python benchmarks/same_outputs.py --write /tmp/before.json
    # after (this checkout):
    .venv/bin/python benchmarks/same_outputs.py --compare /tmp/before.json

Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import newsbrief
from newsbrief import summarize
from newsbrief.clean import clean
from newsbrief.errors import NewsbriefError
from newsbrief.evaluate import EvalItem, as_corpus_text, load_dataset
from newsbrief.load import load
from newsbrief.rank import rank
from newsbrief.split import split_sentences
from newsbrief.types import RawArticle

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"


def _long_texts(items: list[EvalItem], sizes: tuple[int, ...]) -> Iterator[tuple[str, str]]:
    for size in sizes:
        paragraphs: list[str] = []
        count = 0
        for item in items:
            for paragraph in item.text.split("\n\n"):
                take = split_sentences(paragraph)[: size - count]
                if take:
                    paragraphs.append(" ".join(take))
                    count += len(take)
            if count >= size:
                break
        yield f"long:{size}", "\n\n".join(paragraphs)


def inputs(limit: int | None) -> Iterator[tuple[str, RawArticle]]:
    """(key, raw article) of every input the check covers."""
    items = load_dataset(SHARED / "news_dev.jsonl", limit=limit)
    for item in items:
        yield item.id, RawArticle(location=item.id, body=item.text, title=item.title, id=item.id)
    for item in items:
        corpus = as_corpus_text(item)
        yield f"corpus:{item.id}", RawArticle(location=item.id, body=corpus.text, id=item.id)
    pages = sorted((SHARED / "html").glob("*.html"))[:limit]
    for page in pages:
        body = page.read_text(encoding="utf-8", errors="replace")
        yield (
            f"html:{page.stem[:12]}",
            RawArticle(location=page.name, body=body, body_type="html", id=page.stem[:16]),
        )
    for path in sorted((ROOT / "inputs").iterdir()):
        for number, raw in enumerate(load(str(path))):
            yield f"inputs:{path.name}:{number}", raw
    for key, text in _long_texts(items, (500, 2000)):
        yield key, RawArticle(location=key, body=text, title="Long text", id=key)


def outputs(raw: RawArticle) -> dict[str, Any]:
    """Everything the cleaning and ranking stages decide about one input."""
    try:
        summary: list[str] | str = summarize(raw.body, title=raw.title)
    except NewsbriefError as exc:
        summary = f"error: {exc.message}"
    try:
        article = clean(raw)
    except NewsbriefError as exc:
        return {"error": exc.message, "summarize": summary}
    out: dict[str, Any] = {
        "summarize": summary,
        "title": article.title,
        "text": article.text,
        "sentences": [[s.paragraph, s.text] for s in article.sentences],
        "language": article.language,
        "dateline": article.dateline,
        "published": article.published,
        "author": article.author,
        "site": article.site,
        "url": article.url,
    }
    explained = rank(article, "news", sentences=3, explain=True).explanation
    out["explain"] = [[r.index, r.score, r.selected, list(r.reasons)] for r in explained]
    for name, method, kwargs in (
        ("news3", "news", {"sentences": 3}),
        ("news60w", "news", {"sentences": None, "words": 60}),
        ("lead3", "lead", {"sentences": 3}),
    ):
        try:
            out[name] = list(rank(article, method, **kwargs).texts)
        except NewsbriefError as exc:
            out[name] = f"error: {exc.message}"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the outputs to this JSON file")
    group.add_argument("--compare", type=Path, help="compare with a file --write made")
    parser.add_argument("--limit", type=int, default=None, help="first N of each set")
    args = parser.parse_args()
    if not (SHARED / "news_dev.jsonl").is_file():
        sys.exit(f"{SHARED}: evaluation data not found")
    print(f"newsbrief from {Path(newsbrief.__file__).parent}", file=sys.stderr)
    results = {key: outputs(raw) for key, raw in inputs(args.limit)}
    if args.write:
        args.write.write_text(json.dumps(results, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"{len(results)} inputs written to {args.write}")
        return 0
    before: dict[str, Any] = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = 0
    for key in sorted(set(before) | set(results)):
        old, new = before.get(key), results.get(key)
        if old == new:
            continue
        differ += 1
        if old is None or new is None:
            print(f"{key}: only {'after' if old is None else 'before'}")
            continue
        for name in sorted(set(old) | set(new)):
            if old.get(name) != new.get(name):
                print(f"{key}: {name}")
                print(f"  before: {old.get(name)!r:.300}\n  after:  {new.get(name)!r:.300}")
    print(f"{len(results)} inputs, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
