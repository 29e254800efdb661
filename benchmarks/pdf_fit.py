"""Cost of the one-page PDF fit against one plain WeasyPrint render of the final HTML.

For briefings of 3, 10 and 40 stories (varied, seeded summaries and key facts) it times
``render_pdf`` (measure layout + final layout + PDF bytes, everything the fit does) and
``HTML(string=final_html).write_pdf()`` of the HTML the fit settled on, interleaved,
best of N runs each, for a few seeded briefings per size, and prints the ratio of the
totals and the worst single ratio (target: at most 2.0). Times are CPU seconds
of this process (``time.process_time``), so other work on a shared machine skews them less.

    .venv/bin/python benchmarks/pdf_fit.py [--repeat 5] [--seeds 3] [--page-size A4|letter]

With ``--news ../shared/eval/news_dev.jsonl`` it prints instead how the page is used for
real articles (the article sets tests/test_page.py reads back: the first 12, a seeded
sample of 12, the last 40 in reverse order, a seeded sample of 40): stories told (with a
sentence), listed, left out (the footer's "+N"), the blank at the page's bottom, layouts.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from weasyprint import HTML

from newsbrief.pipeline import build_briefing
from newsbrief.render import fit, layout_pdf, render_pdf, templates
from newsbrief.render.fetcher import TemplateAssetFetcher
from newsbrief.types import Briefing, DateFact, Entity, Facts, Figure, Quote, SourceLink, Story

WORDS = (
    *("government", "council", "minister", "said", "report", "police", "city", "market"),
    *("talks", "week", "officials", "company", "workers", "plan", "vote", "court"),
    *("election", "prices", "energy", "health", "school", "river", "storm", "budget"),
    *("percent", "million", "years", "people", "agreement", "border", "trade", "museum"),
)


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 38))]
    return " ".join(words).capitalize() + "."


def facts(rng: random.Random) -> Facts:
    return Facts(
        people=tuple(Entity(f"Person {i}", "person", i, role="minister") for i in range(3)),
        organizations=(Entity("Ministry of Works", "organization", 0),),
        places=(Entity("Northport", "place", 1), Entity("Eastvale", "place", 2)),
        dates=(DateFact("Monday", "2026-11-16", 0),),
        figures=(Figure(f"{rng.randint(2, 900)} million euros", 1),),
        quotes=(Quote(sentence(rng), 2, speaker="Person 0"),),
        ner="rules",
    )


def briefing(stories: int, seed: int = 7) -> Briefing:
    rng = random.Random(seed)
    items = tuple(
        Story(
            headline=f"{i + 1}. " + sentence(rng)[:90].rstrip("."),
            summary=tuple(sentence(rng) for _ in range(rng.randint(2, 6))),
            sources=(SourceLink(f"Outlet {i}", f"https://news.example.org/{i}"),),
            facts=facts(rng),
            published="2026-11-16",
        )
        for i in range(stories)
    )
    return Briefing("Benchmark briefing", "2026-11-16", "2026-11-16T06:00:00+00:00", items)


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def news_sets(path: Path) -> dict[str, list[dict[str, str]]]:
    """The article sets of tests/test_page.py, chosen without looking at them."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {
        "first 12": rows[:12],
        "sample 12 (seed 12)": random.Random(12).sample(rows, 12),
        "last 40": rows[::-1][:40],
        "sample 40 (seed 40)": random.Random(40).sample(rows, 40),
    }


def page_use(path: Path, page_sizes: list[str]) -> None:
    """How the page is used for real articles, per set and page size."""
    print("| articles | page | stories | told | listed | footer +N | blank at bottom | layouts |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        for name, rows in news_sets(path).items():
            file = Path(folder) / "articles.jsonl"
            keys = ("id", "title", "text", "source")
            records = [{k: r[k] for k in keys if r.get(k)} for r in rows]
            file.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
            b = build_briefing([str(file)])
            for size in page_sizes:
                outcome = layout_pdf(b, page_size=size)
                box = outcome.document.pages[0]._page_box
                top, flow = fit.fragment_heights([box], outcome.briefing.stories)[fit.FLOW_ID]
                blank = box.content_box_y() + box.height - (top + flow)
                told = sum(1 for s in outcome.briefing.stories if s.summary)
                listed = len(outcome.briefing.stories) - told
                left = len(b.stories) - len(outcome.briefing.stories)
                print(
                    f"| {name} | {size} | {len(b.stories)} | {told} | {listed} | {left} "
                    f"| {blank / (box.content_box_y() + box.height - top):.1%} "
                    f"| {outcome.layouts} |"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (best kept)")
    parser.add_argument("--seeds", type=int, default=3, help="different briefings per size")
    parser.add_argument("--page-size", default="A4")
    parser.add_argument("--stories", type=int, nargs="+", default=[3, 10, 40])
    parser.add_argument("--news", type=Path, help="news_dev.jsonl: page use for real articles")
    args = parser.parse_args()
    if args.news:
        page_use(args.news, ["A4", "letter"])
        return
    dirs = templates.template_dirs(None)
    render_pdf(briefing(2), page_size=args.page_size)  # warm up fonts and caches

    print(
        "| stories in | shown | layouts (mean) | fit (CPU s) | one render (CPU s) | ratio | worst |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in args.stories:
        shown, layouts, fit_total, plain_total, worst = [], [], 0.0, 0.0, 0.0
        for seed in range(1, args.seeds + 1):
            b = briefing(n, seed)
            outcome = layout_pdf(b, page_size=args.page_size)

            def plain(html: str = outcome.html) -> object:
                return HTML(string=html, url_fetcher=TemplateAssetFetcher(dirs)).write_pdf()

            def fitted(b: Briefing = b) -> object:
                return render_pdf(b, page_size=args.page_size)

            fit_times, plain_times = [], []
            for _ in range(args.repeat):  # interleaved, so machine load hits both alike
                fit_times.append(best(fitted, 1))
                plain_times.append(best(plain, 1))
            fit_s, plain_s = min(fit_times), min(plain_times)
            shown.append(len(outcome.briefing.stories))
            layouts.append(outcome.layouts)
            fit_total += fit_s
            plain_total += plain_s
            worst = max(worst, fit_s / plain_s)
        print(
            f"| {n} | {min(shown)}-{max(shown)} | {sum(layouts) / len(layouts):.1f} "
            f"| {fit_total / args.seeds:.3f} | {plain_total / args.seeds:.3f} "
            f"| {fit_total / plain_total:.2f} | {worst:.2f} |"
        )


if __name__ == "__main__":
    main()
