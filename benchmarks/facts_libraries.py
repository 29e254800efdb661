"""Well-kept parsing libraries against newsbrief's own rules, on the gold set's spans.

For every gold figure with a value and every gold date with an ISO value
(``benchmarks/facts_gold/*.json``), the span is taken from the article as newsbrief
receives it, with the 40 characters after it (so a count keeps its noun), and parsed by:

* figures: newsbrief's ``facts.figures`` rules, quantulum3, price-parser (money only
  has a currency) and number-parser (number words); right when the first number it
  reads from the span has the gold value (either bound of a gold range);
* dates: newsbrief's ``facts.dates`` rules and dateparser (``search_dates`` with the
  article's date as ``RELATIVE_BASE`` when the gold gives one); right when the ISO
  value agrees at the gold's precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``).

Prints accuracy and milliseconds per span for each. The libraries are optional
(``pip install quantulum3 price-parser number-parser dateparser``); a missing one is
reported as such.

    .venv/bin/python benchmarks/facts_libraries.py [--half tune|report]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import facts_gold as fg
from newsbrief.clean import clean
from newsbrief.facts.dates import extract_dates
from newsbrief.facts.figures import extract_figures
from newsbrief.facts.spans import build_map
from newsbrief.split import split_paragraph
from newsbrief.types import Article, Sentence

Parser = Callable[[str, str | None], Any]


def _article(text: str, published: str | None = None) -> Article:
    sentences = tuple(Sentence(k, 0, s) for k, s in enumerate(split_paragraph(text)))
    return Article("s", "<span>", "", text, sentences, published=published)


def ours_figure(text: str, _date: str | None) -> float | None:
    figures = extract_figures(build_map(_article(text)))
    first = min(figures, key=lambda f: text.find(f.text), default=None)
    return first.value if first else None


def ours_date(text: str, date: str | None) -> str | None:
    dates = extract_dates(build_map(_article(text, date)), date)
    return dates[0].iso if dates else None


def _libraries() -> dict[str, Parser]:
    found: dict[str, Parser] = {}
    try:
        from quantulum3 import classifier as qclassifier
        from quantulum3 import parser as qparser

        # Its default disambiguation loads a pickled scikit-learn model: we never unpickle
        # data (and that pickle fails with the scikit-learn installed here). Switch it off.
        qclassifier.USE_CLF = False

        def quantulum(text: str, _date: str | None) -> float | None:
            quantities = qparser.parse(text)
            return float(quantities[0].value) if quantities else None

        found["quantulum3"] = quantulum
    except ImportError:
        pass
    try:
        from price_parser import Price

        def price(text: str, _date: str | None) -> float | None:
            amount = Price.fromstring(text).amount
            return float(amount) if amount is not None else None

        found["price-parser"] = price
    except ImportError:
        pass
    try:
        from number_parser import parse_number

        def number(text: str, _date: str | None) -> float | None:
            words = text.split()
            for size in range(len(words), 0, -1):
                value = parse_number(" ".join(words[:size]))
                if value is not None:
                    return float(value)
            return None

        found["number-parser"] = number
    except ImportError:
        pass
    return found


def dateparser_date(text: str, date: str | None) -> str | None:
    from datetime import datetime

    from dateparser.search import search_dates

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": []}
    if date:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(date)
    found = search_dates(text, languages=["en"], settings=settings)
    if not found:
        return None
    return found[0][1].date().isoformat()


def _same_value(got: float | None, gold: Any) -> bool:
    if got is None or gold is None:
        return False
    bounds = gold if isinstance(gold, list) else [gold]
    return any(abs(got - float(b)) <= 1e-6 * max(1.0, abs(float(b))) for b in bounds)


def _same_date(got: str | None, gold: str) -> bool:
    return got is not None and got[: len(gold)] == gold and len(got) >= len(gold)


def spans(half: str | None) -> tuple[list[tuple[str, Any]], list[tuple[str, str, str | None]]]:
    articles = [a for a in fg.load_gold() if half is None or a["half"] == half]
    dev = fg.dev_items(fg.DEV_DATA)
    inputs = fg.input_records()
    figures: list[tuple[str, Any]] = []
    dates: list[tuple[str, str, str | None]] = []
    for article in articles:
        text = clean(fg.raw_article(article, dev, inputs)).text
        low = text.casefold()
        for item in article["figures"]:
            if item.get("value") is None:
                continue
            at = low.find(item["text"][0].casefold())
            if at >= 0:
                figures.append((text[at : at + len(item["text"][0]) + 40], item["value"]))
        for item in article["dates"]:
            at = low.find(item["text"].casefold())
            if item.get("iso") and at >= 0:
                dates.append((text[at : at + len(item["text"])], item["iso"], article["date"]))
    return figures, dates


def _measure(name: str, parse: Parser, cases: list[Any], right: Callable[..., bool]) -> None:
    start = time.perf_counter()
    got = [parse(case[0], case[-1] if len(case) == 3 else None) for case in cases]
    ms = 1000 * (time.perf_counter() - start) / max(len(cases), 1)
    hits = sum(1 for value, case in zip(got, cases, strict=True) if right(value, case[1]))
    print(f"| {name} | {hits}/{len(cases)} ({100 * hits / max(len(cases), 1):.1f} %) | {ms:.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=["tune", "report"])
    args = parser.parse_args()
    figures, dates = spans(args.half)
    header = "| parser | right | ms/span |\n| --- | ---: | ---: |"
    print(f"\nfigures: {len(figures)} gold values\n{header}")
    _measure("newsbrief rules", ours_figure, figures, _same_value)
    for name, parse in _libraries().items():
        _measure(name, parse, figures, _same_value)
    print(f"\ndates: {len(dates)} gold ISO values\n{header}")
    _measure("newsbrief rules", ours_date, dates, _same_date)
    try:
        _measure("dateparser", dateparser_date, dates, _same_date)
    except ImportError:
        print("| dateparser | not installed | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
