"""Cost of the one-page PDF fit against one plain WeasyPrint render of the final HTML.

For briefings of 3, 10 and 40 stories (varied, seeded summaries and key facts) it times
``render_pdf`` (measure layout + final layout + PDF bytes, everything the fit does) and
``HTML(string=final_html).write_pdf()`` of the HTML the fit settled on, interleaved,
best of N runs each, for a few seeded briefings per size, and prints the ratio of the
totals and the worst single ratio (target: at most 2.0). Times are CPU seconds
of this process (``time.process_time``), so other work on a shared machine skews them less.

    .venv/bin/python benchmarks/pdf_fit.py [--repeat 5] [--seeds 3] [--page-size A4|letter]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from weasyprint import HTML

from newsbrief.render import layout_pdf, render_pdf, templates
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (best kept)")
    parser.add_argument("--seeds", type=int, default=3, help="different briefings per size")
    parser.add_argument("--page-size", default="A4")
    parser.add_argument("--stories", type=int, nargs="+", default=[3, 10, 40])
    args = parser.parse_args()
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
