"""Key-facts recall on the dev set: do the facts hold the names and numbers a human kept?

For each item of ``news_dev.jsonl`` (default ``../shared/eval/news_dev.jsonl``):

* **names** = runs of capitalised words in the REFERENCE summary that also occur
  in the article text (sentence-initial common words, stop words, months,
  weekdays and nationality adjectives such as "British" are not names). A name
  is found when an extracted person/organisation/place has it as its name or
  alias, or as a whole-word part of its name ("Gallagher" in "Liam Gallagher"),
  or when it is a quote's speaker.
* **numbers** = digit numbers and number words ("five") in the reference that
  also occur in the article. A number is found when a figure has that value or
  shows it in its text, or, for a year, when a date's ISO value starts with it.

Prints recall per source and overall, entities/figures/quotes per article, the
share of quotes with a speaker and the milliseconds of ``extract_facts`` per
article, for each engine asked for.

    .venv/bin/python benchmarks/facts_recall.py [--data PATH] [--engine auto|rules|both] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsbrief.clean import clean
from newsbrief.errors import NewsbriefError
from newsbrief.facts import extract_facts, ner_engine_name
from newsbrief.facts.gazetteer import DEMONYMS, STOPWORDS, TITLE_WORDS
from newsbrief.types import Facts, RawArticle

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "news_dev.jsonl"

_TOKEN = re.compile(r"[A-Za-z][\w'’.&-]*|\d[\d,.]*\d|\d|[^\w\s]")
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000,
}  # fmt: skip
_NOT_NAMES = STOPWORDS | {w.casefold() for w in DEMONYMS} | {"mr", "mrs", "ms", "dr", "cnn"}
_CONNECT = {"of", "de", "al", "bin", "van", "von", "the"}


@dataclass
class Tally:
    """Counts for one source (or overall)."""

    items: int = 0
    names: int = 0
    names_found: int = 0
    numbers: int = 0
    numbers_found: int = 0
    entities: int = 0
    figures: int = 0
    quotes: int = 0
    quotes_with_speaker: int = 0
    seconds: float = 0.0
    missed: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("items", "names", "names_found", "numbers", "numbers_found", "entities"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("figures", "quotes", "quotes_with_speaker", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def reference_names(reference: str, article: str) -> set[str]:
    """Capitalised word runs of the reference that the article also contains."""
    names: set[str] = set()
    lower_article = article.casefold()
    for line in reference.splitlines():
        tokens = _TOKEN.findall(line)
        run: list[str] = []
        for k, token in enumerate([*tokens, "."]):
            clean_token = re.sub(r"['’]s$", "", token).rstrip(".")
            if clean_token[:1].isupper() and k < len(tokens):
                if not run and _common_start(clean_token, k, tokens, lower_article):
                    continue
                run.append(clean_token)
            elif token in _CONNECT and run and k + 1 < len(tokens) and tokens[k + 1][:1].isupper():
                run.append(token)
            else:
                _add_run(run, names, article)
                run = []
    return names


def _common_start(token: str, k: int, tokens: list[str], lower_article: str) -> bool:
    low = token.casefold()
    if low in _NOT_NAMES:
        return True
    start = k == 0 or tokens[k - 1] in {".", "!", "?", '"', ":", "-", "--"}
    return start and re.search(r"\b" + re.escape(low) + r"\b", lower_article.replace(token, ""))


def _add_run(run: list[str], names: set[str], article: str) -> None:
    while run and run[-1] in _CONNECT:
        run.pop()
    words = [w for w in run if w.casefold() not in _NOT_NAMES]
    if not words or all(_is_title(w) for w in words) or _CONTRACTION.match(run[0]):
        return
    name = " ".join(run)
    if len(name) >= 2 and re.search(r"\b" + re.escape(name) + r"\b", article):
        names.add(name)


_CONTRACTION = re.compile(r"^I['’]")


def _is_title(word: str) -> bool:
    """Roles are not names: "MPs", "Prime Minister", "Speaker"."""
    low = word.casefold()
    return low in TITLE_WORDS or (low.endswith("s") and low[:-1] in TITLE_WORDS)


def reference_numbers(reference: str, article: str) -> set[str]:
    """Numbers of the reference (digits, number words) that the article also contains."""
    found: set[str] = set()
    for token in re.findall(r"\d[\d,.]*\d|\d|[A-Za-z]+", reference):
        low = token.casefold()
        is_number = token[0].isdigit() or low in _NUMBER_WORDS
        pattern = r"(?<![\w.,])" + re.escape(token) + r"(?![\w]|[.,]\d)"
        if is_number and re.search(pattern, article, re.I):
            found.add(low)
    return found


def _value(number: str) -> float | None:
    if number in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[number])
    try:
        return float(number.replace(",", ""))
    except ValueError:
        return None


def name_found(name: str, facts: Facts) -> bool:
    key = name.casefold()
    pattern = re.compile(r"\b" + re.escape(key) + r"\b")
    for entity in (*facts.people, *facts.organizations, *facts.places):
        forms = [f.casefold() for f in (entity.name, *entity.aliases)]
        if key in forms or any(pattern.search(f) for f in forms):
            return True
    return any(q.speaker and pattern.search(q.speaker.casefold()) for q in facts.quotes)


def number_found(number: str, facts: Facts) -> bool:
    value = _value(number)
    pattern = re.compile(r"(?<![\w.,])" + re.escape(number) + r"(?![\w]|[.,]\d)", re.I)
    for figure in facts.figures:
        same = value is not None and figure.value is not None and abs(figure.value - value) < 1e-9
        if same or pattern.search(figure.text):
            return True
    if value is not None and len(number) == 4 and number.isdigit():
        return any(d.iso.startswith(number) for d in facts.dates)
    return any(pattern.search(d.text) for d in facts.dates)


def items(path: Path, limit: int | None) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        for k, line in enumerate(handle):
            if limit is not None and k >= limit:
                return
            yield json.loads(line)


def score_item(item: dict[str, str], engine: str) -> Tally | None:
    raw = RawArticle(location=item["id"], body=item["text"], title=item.get("title"))
    try:
        article = clean(raw)
    except NewsbriefError:
        return None
    start = time.perf_counter()
    facts = extract_facts(article, engine=engine)
    seconds = time.perf_counter() - start
    names = reference_names(item["reference"], article.text)
    numbers = reference_numbers(item["reference"], article.text)
    tally = Tally(items=1, seconds=seconds)
    tally.names = len(names)
    found_names = {n for n in names if name_found(n, facts)}
    tally.names_found = len(found_names)
    tally.numbers = len(numbers)
    found_numbers = {n for n in numbers if number_found(n, facts)}
    tally.numbers_found = len(found_numbers)
    tally.entities = len(facts.people) + len(facts.organizations) + len(facts.places)
    tally.figures = len(facts.figures)
    tally.quotes = len(facts.quotes)
    tally.quotes_with_speaker = sum(1 for q in facts.quotes if q.speaker)
    tally.missed = sorted(names - found_names) + sorted(numbers - found_numbers)
    return tally


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:5.1f}" if whole else "   - "


def print_table(engine: str, tallies: dict[str, Tally]) -> None:
    print(f"\nengine: {engine}")
    print(
        "| source | items | name recall % | number recall % | entities/article | "
        "figures/article | quotes with speaker | ms/article |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for source, t in tallies.items():
        quotes = (
            f"{t.quotes_with_speaker}/{t.quotes} ({_pct(t.quotes_with_speaker, t.quotes).strip()}%)"
        )
        print(
            f"| {source} | {t.items} | {_pct(t.names_found, t.names)} ({t.names_found}/{t.names}) "
            f"| {_pct(t.numbers_found, t.numbers)} ({t.numbers_found}/{t.numbers}) "
            f"| {t.entities / max(t.items, 1):.1f} | {t.figures / max(t.items, 1):.1f} "
            f"| {quotes} | {1000 * t.seconds / max(t.items, 1):.1f} |"
        )


def run(path: Path, engine: str, limit: int | None, show_missed: int) -> None:
    ner_engine_name(engine)  # load the model once, outside the timing
    tallies: dict[str, Tally] = defaultdict(Tally)
    missed: list[tuple[str, list[str]]] = []
    for item in items(path, limit):
        tally = score_item(item, engine)
        if tally is None:
            continue
        tallies[item["source"]].add(tally)
        if tally.missed:
            missed.append((item["id"], tally.missed))
    overall = Tally()
    for tally in tallies.values():
        overall.add(tally)
    ordered = dict(sorted(tallies.items()))
    ordered["overall"] = overall
    print_table(ner_engine_name(engine), ordered)
    for item_id, what in missed[:show_missed]:
        print(f"  missed in {item_id}: {', '.join(what)}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--engine", choices=["auto", "spacy", "rules", "both"], default="both")
    parser.add_argument("--limit", type=int, default=None, help="only the first N items")
    parser.add_argument("--show-missed", type=int, default=0, help="list misses of N items")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data}: no such file (the dev set lives in ../shared/eval)", file=sys.stderr)
        return 1
    engines = ["auto", "rules"] if args.engine == "both" else [args.engine]
    print(f"data: {args.data.resolve()}")
    for engine in engines:
        run(args.data, engine, args.limit, args.show_missed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
