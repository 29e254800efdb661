"""Digest benchmark: 500 articles from 20 loopback feeds, and story-merge precision/recall.

1. Serves 20 RSS feeds of 25 items each on 127.0.0.1 (half carry teasers, so their
   500/2 article pages are fetched too), with a per-response delay emulating network
   latency, and runs ``run_digest`` on them: total time and the split fetch / build
   (merge, summarise, facts; cleaning overlaps the fetch on a helper process) / render,
   wall and CPU, the helper's CPU counted apart. The fetch is repeated with concurrency 1
   for the ratio the bound buys. Article texts come from ../shared/eval/articles_dev.jsonl
   when present (read at run time, never copied), else they are generated.
2. Merge quality: pairwise and B-cubed precision/recall/F1 of ``merge.cluster`` on the
   labelled fixture (tests/digest_fixtures/stories.jsonl) and on articles_dev.jsonl
   (overall and per source).

Run:  .venv/bin/python benchmarks/digest_bench.py [--latency 0.05] [--skip-run]
"""

from __future__ import annotations

import argparse
import html
import json
import random
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval" / "articles_dev.jsonl"
FIXTURE = ROOT / "tests" / "digest_fixtures" / "stories.jsonl"
FEEDS, PER_FEED = 20, 25
DAY = date(2026, 11, 16)


def load_articles(n: int) -> list[dict[str, Any]]:
    """``n`` articles with real text (dev set, longer texts first) or generated ones."""
    if SHARED.is_file():
        rows = [json.loads(x) for x in SHARED.read_text("utf-8").splitlines() if x.strip()]
        rows = [r for r in rows if r["source"] != "uci_news_aggregator" and r.get("title")]
        random.Random(7).shuffle(rows)
        if len(rows) >= n:
            return rows[:n]
    rng = random.Random(7)
    words = [f"w{i}" for i in range(3000)]
    return [
        {
            "title": " ".join(rng.choices(words, k=8)).capitalize(),
            "text": ". ".join(" ".join(rng.choices(words, k=18)).capitalize() for _ in range(12))
            + ".",
        }
        for _ in range(n)
    ]


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, bytes]] = {}
    latency: ClassVar[float] = 0.0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(self.latency)
        body = self.routes.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")


def build_routes(base: str, articles: list[dict[str, Any]]) -> dict[str, bytes]:
    routes: dict[str, bytes] = {}
    stamp = format_datetime(datetime.fromisoformat("2026-11-16T09:00:00+00:00"))
    for f in range(FEEDS):
        teaser = f % 2 == 1
        items = []
        for i in range(PER_FEED):
            art = articles[f * PER_FEED + i]
            link = f"{base}/f{f}/{i}.html"
            text = str(art["text"])
            body = " ".join(text.split()[:25]) if teaser else text
            items.append(
                f"<item><title>{html.escape(str(art['title']))}</title><link>{link}</link>"
                f"<guid>f{f}-{i}</guid><pubDate>{stamp}</pubDate>"
                f"<description>{html.escape(html.escape(body))}</description></item>"
            )
            paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
            routes[f"/f{f}/{i}.html"] = (
                f"<html><head><title>{html.escape(str(art['title']))}</title></head><body>"
                f"<nav>Home News</nav><article><h1>{html.escape(str(art['title']))}</h1>{paras}"
                "</article><footer>Copyright</footer></body></html>"
            ).encode()
        routes[f"/f{f}/feed.xml"] = (
            "<?xml version='1.0'?><rss version='2.0'><channel><title>Feed</title>"
            + "".join(items)
            + "</channel></rss>"
        ).encode()
    return routes


def config_text(base: str, concurrency: int) -> str:
    sources = "".join(
        f'[[sources]]\nname = "Outlet {f}"\nfeed = "{base}/f{f}/feed.xml"\n' for f in range(FEEDS)
    )
    return (
        'title = "Bench"\noutput_dir = "out"\nformats = ["json", "pdf"]\nstate = "s.sqlite"\n'
        f"max_stories = 8\nconcurrency = {concurrency}\nteaser_words = 40\nwindow_hours = 72\n"
        + sources
    )


def run_bench(latency: float) -> None:
    from newsbrief.digest.config import load_config
    from newsbrief.digest.run import run_digest
    from newsbrief.fetch import Fetcher, FetchPolicy, FetchRequest

    articles = load_articles(FEEDS * PER_FEED)
    _Handler.latency = latency
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Handler.routes = build_routes(base, articles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "digest.toml"
            path.write_text(config_text(base, 8), encoding="utf-8")
            config = load_config(path)
            cpu0 = time.process_time()
            result = run_digest(config, date=DAY)
            cpu = time.process_time() - cpu0
            t = result.timings
            n_articles = sum(len(s.article_ids) for s in result.briefing.stories) + len(
                result.left_out
            )
            print(
                f"digest of {n_articles} articles from {FEEDS} feeds "
                f"(latency {latency * 1000:.0f} ms per response, concurrency 8):"
            )
            print(
                f"  wall: total {t['total']:.2f} s = fetch {t['fetch']:.2f} s + build "
                f"{t['build']:.2f} s + render {t['render']:.2f} s"
            )
            print(
                f"  CPU:  total {cpu + t['workers_cpu']:.2f} s = this process {cpu:.2f} s (fetch "
                f"{t['fetch_cpu']:.2f} s + build {t['build_cpu']:.2f} s + render "
                f"{t['render_cpu']:.2f} s) + {t['workers']:.0f} helper process(es) "
                f"{t['workers_cpu']:.2f} s"
            )
            print(
                f"  HTTP bodies downloaded: {result.downloads}; stories: "
                f"{len(result.briefing.stories)}; left out: {len(result.left_out)}"
            )
            urls = [f"{base}/f{f}/{i}.html" for f in range(FEEDS) for i in range(PER_FEED)]
            for bound in (1, 8):
                start = time.perf_counter()
                Fetcher(FetchPolicy(concurrency=bound)).fetch_all(
                    [FetchRequest(u, trusted=True) for u in urls]
                )
                took = time.perf_counter() - start
                print(f"  fetch of the {len(urls)} pages alone, concurrency {bound}: {took:.2f} s")
    finally:
        server.shutdown()
        server.server_close()


def merge_scores() -> None:
    from newsbrief.digest.evaluation import bcubed, labels_from_groups, pairwise
    from newsbrief.digest.merge import MergeItem, cluster

    def score(name: str, rows: list[dict[str, Any]]) -> None:
        items = [
            MergeItem(
                title=r.get("title") or "",
                text=r["text"],
                outlet=r.get("outlet"),
                published=_time(r.get("published")),
            )
            for r in rows
        ]
        start = time.perf_counter()
        groups = cluster(items)
        took = time.perf_counter() - start
        predicted = labels_from_groups(groups, len(items))
        gold = [r["cluster"] for r in rows]
        pw, b3 = pairwise(predicted, gold), bcubed(predicted, gold)
        print(
            f"  {name:28s} n={len(rows):5d}  pairwise P {pw.precision:.3f} R {pw.recall:.3f} "
            f"F1 {pw.f1:.3f} | B3 P {b3.precision:.3f} R {b3.recall:.3f} F1 {b3.f1:.3f}"
            f" | {took:.2f} s"
        )

    print("story merging (merge.cluster, default parameters):")
    fixture = [json.loads(x) for x in FIXTURE.read_text("utf-8").splitlines() if x.strip()]
    score("fixture (stories.jsonl)", fixture)
    if not SHARED.is_file():
        print("  ../shared/eval/articles_dev.jsonl not present: skipped")
        return
    rows = [json.loads(x) for x in SHARED.read_text("utf-8").splitlines() if x.strip()]
    score("articles_dev (all)", rows)
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_source[row["source"]].append(row)
    for source, subset in sorted(by_source.items()):
        score(f"  {source}", subset)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per HTTP response")
    parser.add_argument("--skip-run", action="store_true", help="only the merge scores")
    args = parser.parse_args()
    if not args.skip_run:
        run_bench(args.latency)
    merge_scores()
    return 0


if __name__ == "__main__":
    sys.exit(main())
