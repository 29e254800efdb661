"""Story merging through the whole digest, as the hidden re-check runs it.

Each source of ``../shared/eval/articles_dev.jsonl`` becomes one day of RSS feeds on a
loopback server, **one feed per outlet**, every item published at the same time, its
text as the item's description and a link to a page that is gone (404), so a short item
falls back to its feed text and a headline-only item (UCI) stays a headline. ``newsbrief
digest`` runs on them (``max_stories`` high enough for every story, rule-based facts), and
its JSON is read back: each story's reports (``article_ids``) are one cluster, and each
left-out report its own (or its ``story``'s, when it names one). B³ over reports, per
half of ``merge_eval.py``'s split (tune / held-out, by cluster; ECB+ by topic). Also
counts the reports with text and the left-out reasons.

Usage::

    .venv/bin/python benchmarks/digest_merge_eval.py [--source uci_news_aggregator]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
import tempfile
import textwrap
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from digest_fixtures.loopback import Site, serve, static
from merge_eval import ARTICLES, SOURCES, fmt, half, split_key
from newsbrief.digest.evaluation import bcubed

DAY = date(2026, 11, 16)
PUB = "Mon, 16 Nov 2026 10:00:00 GMT"


def feeds(site: Site, rows: list[dict[str, Any]]) -> dict[str, str]:
    """One RSS feed per outlet on ``site``; returns outlet -> feed URL."""
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_outlet[row.get("outlet") or "unknown outlet"].append(row)
    urls = {}
    for n, (outlet, items) in enumerate(sorted(by_outlet.items())):
        xml = "".join(
            f"<item><title>{html.escape(r.get('title') or '')}</title>"
            f"<link>{site.base}/gone/{html.escape(r['id'])}</link>"
            f"<guid isPermaLink='false'>{html.escape(r['id'])}</guid><pubDate>{PUB}</pubDate>"
            f"<description>{html.escape(r['text'])}</description></item>"
            for r in items
        )
        data = (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>{html.escape(outlet)}</title><link>{site.base}/</link>"
            f"<description>news</description>{xml}</channel></rss>"
        ).encode()
        site.routes[f"/feed{n}.xml"] = static(data, "application/rss+xml")
        urls[outlet] = f"{site.base}/feed{n}.xml"
    return urls


def toml_str(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string


def run_day(rows: list[dict[str, Any]], folder: Path) -> dict[str, Any]:
    from newsbrief.digest.config import load_config
    from newsbrief.digest.run import run_digest

    site = Site()  # no route for /gone/...: every linked page answers 404
    with serve(site):
        urls = feeds(site, rows)
        sources = "".join(
            f"[[sources]]\nname = {toml_str(outlet)}\nfeed = {toml_str(url)}\nmax_items = 1000\n"
            for outlet, url in urls.items()
        )
        config = folder / "digest.toml"
        config.write_text(
            textwrap.dedent("""\
            title = "Eval"
            output_dir = "out"
            formats = ["json"]
            state = "state.sqlite"
            max_stories = 100000
            timezone = "UTC"
            concurrency = 16
            """)
            + sources,
            encoding="utf-8",
        )
        result = run_digest(load_config(config), date=DAY, dry_run=True)
    data: dict[str, Any] = json.loads(result.json)
    return data


def labels(data: dict[str, Any], rows: list[dict[str, Any]]) -> tuple[list[str], Counter[str]]:
    """Each row's predicted cluster from the digest JSON, and how reports fared."""
    ids = {str(r["id"]) for r in rows}

    def row_id(link: str | None) -> str | None:
        tail = html.unescape((link or "").rpartition("/gone/")[2])
        return tail if tail in ids else None

    label: dict[str, str] = {}
    fared: Counter[str] = Counter()
    for n, story in enumerate(data["stories"]):
        for key in story["article_ids"]:
            rid = row_id(key)
            if rid is not None:
                label[rid] = f"story{n}"
        for source in story["sources"]:
            fared[
                "story source with text" if source["has_text"] else "story source, headline only"
            ] += 1
    for n, item in enumerate(data["left_out"]):
        rid = row_id(item["url"])
        if rid is not None:
            label.setdefault(rid, item["story"] or f"left{n}")
        fared[f"left out: {item['reason'].split(';')[0][:60]}"] += 1
    missing = [r["id"] for r in rows if r["id"] not in label]
    fared["in no story and not left out"] = len(missing)
    return [label.get(r["id"], f"missing-{r['id']}") for r in rows], fared


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=SOURCES, action="append")
    parser.add_argument("--tune-only", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("NEWSBRIEF_NER", "rules")
    if not ARTICLES.is_file():
        print(f"{ARTICLES} not present")
        return 1
    rows = [json.loads(line) for line in ARTICLES.read_text("utf-8").splitlines() if line]
    for source in args.source or SOURCES:
        subset = [r for r in rows if r["source"] == source]
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            data = run_day(subset, Path(tmp))
        predicted, fared = labels(data, subset)
        print(f"{source}: {len(subset)} reports, {len(data['stories'])} stories")
        for which in ("tune", "held-out"):
            if which == "held-out" and args.tune_only:
                continue
            keep = [i for i, r in enumerate(subset) if half(split_key(r)) == which]
            score = bcubed([predicted[i] for i in keep], [subset[i]["cluster"] for i in keep])
            print(f"  digest   {which:15s} {fmt(score)}")
        for what, count in sorted(fared.items()):
            print(f"    {count:5d}  {what}")
        print(f"  ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
