"""Count articles the clean stage refuses as "no article text found", on real articles.

Every input here is a real article, so every refusal is a false one, except headline-only
items (UCI: the text *is* the headline), which are counted apart. Reads:

* ``../shared/eval/html/*.html`` (90 real article pages), as ``newsbrief extract`` reads them;
* the repository's ``inputs/`` samples;
* ``../shared/eval/news_dev.jsonl`` (500 articles) and ``articles_dev.jsonl`` (per source),
  as ``brief`` reads a JSON Lines file.

Also prints, for the HTML pages, how much of the kept text is link labels (the evidence
``substance.py`` uses), to show the margin to its rule (a paragraph is the page's own
when less than half of its words are link labels).

Usage::

    .venv/bin/python benchmarks/refusals.py
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import Counter
from pathlib import Path

from trafilatura.utils import load_html

from newsbrief.clean import clean
from newsbrief.errors import NewsbriefError
from newsbrief.load import from_object, load_all
from newsbrief.substance import LinkCover, is_sentence, tree_link_labels

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def refusals(name: str, items: list[object], read: object) -> None:
    refused: Counter[str] = Counter()
    examples: list[str] = []
    for item in items:
        try:
            raw = read(item)  # type: ignore[operator]
            clean(raw)
        except NewsbriefError as exc:
            refused[exc.message] += 1
            if len(examples) < 3:
                examples.append(str(exc)[:160])
    print(f"{name:34s} {len(items):5d} read, {sum(refused.values()):4d} refused")
    for reason, count in refused.most_common():
        print(f"    {count:4d}  {reason}")
    for example in examples:
        print(f"      e.g. {example}")


def link_margins(pages: list[Path]) -> None:
    """Per page: share of kept paragraphs' words that are link labels; own-sentence count."""
    shares: list[float] = []
    own_counts: list[int] = []
    for page in pages:
        raw = next(iter(load_all([str(page)])))
        try:
            article = clean(raw)  # type: ignore[arg-type]
        except NewsbriefError:
            continue
        tree = load_html(raw.body)  # type: ignore[union-attr]  # the tree clean() reads labels from
        cover = LinkCover(tree_link_labels(tree) if tree is not None else [])
        words = linked = 0.0
        own = 0
        for paragraph in article.paragraphs:
            n = len(paragraph.split())
            share = cover.share(paragraph)
            words += n
            linked += share * n
            if share < 0.5 and is_sentence(paragraph):
                own += 1
        shares.append(linked / words if words else 0.0)
        own_counts.append(own)
    if not shares:
        return
    print(
        f"HTML pages: share of kept words inside links: median {statistics.median(shares):.3f}, "
        f"max {max(shares):.3f}; paragraphs of the page's own: min {min(own_counts)}, "
        f"median {statistics.median(own_counts):.0f}"
    )


def main() -> int:
    html_dir = EVAL / "html"
    pages = sorted(html_dir.glob("*.html")) if html_dir.is_dir() else []
    if pages:
        refusals("shared/eval/html pages", list(pages), lambda p: next(iter(load_all([str(p)]))))
    samples = [str(p) for p in sorted((ROOT / "inputs").iterdir()) if p.is_file()]
    raws = [r for r in load_all(samples) if not isinstance(r, NewsbriefError)]
    refusals("inputs/ samples", list(raws), lambda r: r)
    for name in ("news_dev.jsonl", "articles_dev.jsonl"):
        path = EVAL / name
        if not path.is_file():
            print(f"{name}: not present, skipped")
            continue
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
        by_source: dict[str, list[dict[str, object]]] = {}
        for row in rows:
            by_source.setdefault(str(row["source"]), []).append(row)
        for source, subset in sorted(by_source.items()):
            refusals(f"{name} {source}", list(subset), lambda r: from_object(r, str(r["id"])))
    if pages:
        link_margins(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
