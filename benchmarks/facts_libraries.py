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

* quotes: newsbrief's ``facts.quotes`` (quotes of ``extract_facts``, spaCy engine) and
  textacy's ``extract.triples.direct_quotations`` over the full spaCy parse of the same
  cleaned article (same model, parser enabled); a quote is right when it matches a gold
  quote (``facts_gold.quote_matches``: same opening words, not running past the gold end),
  its speaker right by ``facts_gold.speaker_right`` (the gold name or any alias, so a
  surname counts; textacy's speaker is its span as found, a pronoun stays a pronoun).

Prints accuracy and milliseconds per span (per article for quotes) for each. The libraries
are optional (``pip install quantulum3 price-parser number-parser dateparser textacy``); a
missing one is reported as such.

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


REFUSED: dict[str, int] = {}


def quote_systems() -> dict[str, Callable[[Any], list[tuple[str, str | None]]]]:
    """(quote text, speaker) lists per system, for a cleaned article."""
    from newsbrief.facts import extract_facts
    from newsbrief.facts.ner import model_name

    systems: dict[str, Callable[[Any], list[tuple[str, str | None]]]] = {
        "newsbrief (spaCy engine)": lambda a: [
            (q.text, q.speaker) for q in extract_facts(a, engine="spacy").quotes
        ]
    }
    try:
        import spacy
        from textacy.extract.triples import direct_quotations

        nlp = spacy.load(model_name())

        def textacy_quotes(article: Any) -> list[tuple[str, str | None]]:
            doc = nlp(article.text[:20000])
            found: list[tuple[str, str | None]] = []
            try:
                triples = list(direct_quotations(doc))
            except ValueError:  # an odd number of quote marks: textacy gives up on the article
                REFUSED["textacy"] = REFUSED.get("textacy", 0) + 1
                return found
            for triple in triples:
                content = triple.content.text.strip("\"'“”‘’` ")
                speaker = " ".join(token.text for token in triple.speaker) or None
                found.append((content, speaker))
            return found

        systems["textacy 0.13 direct_quotations"] = textacy_quotes
    except ImportError:
        print("| textacy | not installed | |")
    return systems


def measure_quotes(half: str | None) -> None:
    articles = [a for a in fg.load_gold() if half is None or a["half"] == half]
    dev = fg.dev_items(fg.DEV_DATA)
    inputs = fg.input_records()
    cleaned = [(a, clean(fg.raw_article(a, dev, inputs))) for a in articles]
    gold_total = sum(len(a["quotes"]) for a in articles)
    print(f"\nquotes: {len(articles)} articles, {gold_total} gold quotes")
    print(
        "| system | quotes found | right (precision) | gold found (recall) | right speaker "
        "(of found) | ms/article |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    )
    for name, system in quote_systems().items():
        system(cleaned[0][1])  # load and warm up outside the timing
        shown = right = speaker = 0
        found_gold = 0
        start = time.perf_counter()
        outputs = [system(article) for _, article in cleaned]
        ms = 1000 * (time.perf_counter() - start) / max(len(cleaned), 1)
        for (gold, _), quotes in zip(cleaned, outputs, strict=True):
            used: set[int] = set()
            for text, who in quotes:
                shown += 1
                match = next(
                    (k for k, g in enumerate(gold["quotes"])
                     if k not in used and fg.quote_matches(text, g)),
                    None,
                )  # fmt: skip
                if match is None:
                    continue
                used.add(match)
                right += 1
                speaker += fg.speaker_right(who, gold["quotes"][match], gold)
            found_gold += len(used)
        print(
            f"| {name} | {shown} | {right} ({100 * right / max(shown, 1):.0f} %) | "
            f"{found_gold} ({100 * found_gold / max(gold_total, 1):.0f} %) | "
            f"{speaker} ({100 * speaker / max(shown, 1):.0f} %) | {ms:.0f} |"
        )
    for name, count in REFUSED.items():
        print(f"({name} refused {count} of {len(cleaned)} articles: an odd number of quote marks)")


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
    measure_quotes(args.half)
    return 0


if __name__ == "__main__":
    sys.exit(main())
