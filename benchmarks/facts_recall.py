"""Key-facts recall on the dev set: do the facts hold the names and numbers a human kept?

Two ways of counting, printed side by side for each engine asked for:

**The issue's method** (issue 14, "Recall method"), which the lead re-checks on unseen articles:

* reference items = the runs of capitalised words of the REFERENCE summary, with stop words
  ("The", "Mr", ...: ``gazetteer.STOPWORDS``) taken out and so also a sentence-initial function
  word, and the numbers (digit tokens and number words), each kept when it also occurs in the
  article text (``issue_reference_items``);
* an item is found when its lower-cased string occurs anywhere in the ``facts`` of
  ``newsbrief summarize FILE --json`` with the article fed as JSON ``{"title": "", "text": ...}``
  (``cli_facts`` runs that command in-process for each item; ``facts_text``: the string values
  of its facts; ``--literal`` searches the whole printed JSON, numeric fields and key names
  included).

**The structured method** (the team's older, stricter one):

* names = runs of capitalised words in the reference that also occur in the article
  (sentence-initial common words, stop words, months, weekdays, nationality adjectives such as
  "British" and job titles are not names; "of"/"de"/"al" may join a run). A name is found when
  an extracted person/organisation/place has it as its name or alias, or as a whole-word part of
  its name ("Gallagher" in "Liam Gallagher"), or when it is a quote's speaker;
* numbers = digit numbers and number words ("five") in the reference that also occur in the
  article. A number is found when a figure has that value or shows it in its text, when it is
  a person's age, or, for a year, when a date's ISO value starts with it.

Also printed: items listed per article (all slots), entities/figures per article, the share of
quotes with a speaker and the milliseconds of ``extract_facts`` per article. Rows: each source,
each half (``tune`` / ``report``: in each source, ids sorted by the SHA-256 of the id, even
positions tune, odd report: the same rule as the key-facts gold set, whose 60 articles are the
first 20 per source), and overall.

    .venv/bin/python benchmarks/facts_recall.py [--data PATH] [--engine auto|spacy|rules|both]
        [--half tune|report] [--source NAME] [--limit N] [--literal] [--show-missed N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from typer.testing import CliRunner

from newsbrief.clean import clean
from newsbrief.cli import app
from newsbrief.errors import NewsbriefError
from newsbrief.facts import extract_facts, ner_engine_name
from newsbrief.facts.gazetteer import DEMONYMS, STOPWORDS, TITLE_WORDS
from newsbrief.load import from_object
from newsbrief.types import Facts

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
    """Counts for one row of the table (a source, a half, or overall)."""

    items: int = 0
    names: int = 0
    names_found: int = 0
    numbers: int = 0
    numbers_found: int = 0
    issue_names: int = 0
    issue_names_found: int = 0
    issue_numbers: int = 0
    issue_numbers_found: int = 0
    listed: int = 0
    entities: int = 0
    figures: int = 0
    quotes: int = 0
    quotes_with_speaker: int = 0
    seconds: float = 0.0
    missed: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


_COUNTS = (
    "items", "names", "names_found", "numbers", "numbers_found", "issue_names",
    "issue_names_found", "issue_numbers", "issue_numbers_found", "listed", "entities",
    "figures", "quotes", "quotes_with_speaker", "seconds",
)  # fmt: skip


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
    if any(p.age == number for p in facts.people):  # "Mark Ray, 56,": the person's age
        return True
    if value is not None and len(number) == 4 and number.isdigit():
        return any(d.iso.startswith(number) for d in facts.dates)
    return any(pattern.search(d.text) for d in facts.dates)


# --- The issue's method -----------------------------------------------------------------

_ISSUE_NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "billion",
        "trillion",
    ]
)
_ISSUE_STOP = STOPWORDS | {"mr", "mrs", "ms", "dr", "i'm", "i've", "i'll", "i'd"}


def issue_reference_items(reference: str, article: str) -> tuple[set[str], set[str]]:
    """Names and numbers of the reference, as the issue defines them, that the article contains.

    Names: runs of capitalised words, split at stop words (which also drops a sentence-initial
    function word such as "The" or "In"), kept when the run occurs in the article (whole words).
    Numbers: digit tokens and number words, kept when they occur in the article.
    """
    names: set[str] = set()
    for line in reference.splitlines():
        run: list[str] = []
        for token in [*_TOKEN.findall(line), "."]:
            word = re.sub(r"['’]s$", "", token).rstrip(".'’")
            if word[:1].isupper() and word.casefold().replace("’", "'") not in _ISSUE_STOP:
                run.append(word)
                continue
            name = " ".join(run)
            if run and re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", article):
                names.add(name)
            run = []
    numbers: set[str] = set()
    for token in re.findall(r"\d[\d,.]*\d|\d|[A-Za-z]+", reference):
        low = token.casefold()
        if token[0].isdigit() or low in _ISSUE_NUMBER_WORDS:
            pattern = r"(?<![\w.,])" + re.escape(token) + r"(?![\w]|[.,]\d)"
            if re.search(pattern, article, re.IGNORECASE):
                numbers.add(low)
    return names, numbers


def cli_facts(text: str, workdir: Path) -> dict[str, object] | None:
    """The ``facts`` of ``newsbrief summarize FILE --json`` for ``{"title": "", "text": text}``.

    Runs the real CLI command in this process (Typer's runner), so the model loads once; the
    engine is the one ``NEWSBRIEF_NER`` names. None when the CLI refuses the article.
    """
    path = workdir / "article.json"
    path.write_text(json.dumps({"title": "", "text": text}), encoding="utf-8")
    result = _RUNNER.invoke(app, ["summarize", str(path), "--json"])
    if result.exit_code != 0:
        return None
    facts: dict[str, object] = json.loads(result.stdout)["facts"]
    return facts


_RUNNER = CliRunner()


def facts_text(facts: dict[str, object], *, literal: bool = False) -> str:
    """What an item is searched in, lower-cased: every string value of the facts, one a line;
    ``literal``: the whole JSON as the CLI prints it (key names and numeric fields too)."""
    if literal:
        return json.dumps(facts, ensure_ascii=False, indent=2).casefold()
    strings: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner)

    walk(facts)
    return "\n".join(strings).casefold()


def listed_items(facts: dict[str, object]) -> int:
    """Items of every slot of the facts (the issue's "items listed")."""
    return sum(len(v) for v in facts.values() if isinstance(v, list))


# --- Running ----------------------------------------------------------------------------------


def items(path: Path, limit: int | None) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        for k, line in enumerate(handle):
            if limit is not None and k >= limit:
                return
            yield json.loads(line)


def halves(path: Path) -> dict[str, str]:
    """id -> "tune"/"report": per source, ids in SHA-256 order, even positions tune."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for item in items(path, None):
        by_source[item["source"]].append(item["id"])
    half: dict[str, str] = {}
    for ids in by_source.values():
        ids.sort(key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())
        half.update({i: "tune" if k % 2 == 0 else "report" for k, i in enumerate(ids)})
    return half


def score_item(
    item: dict[str, str], engine: str, workdir: Path, *, literal: bool = False
) -> Tally | None:
    """Recall of one dev item, the article fed as ``{"title": "", "text": ...}``."""
    try:
        article = clean(from_object({"title": "", "text": item["text"]}, item["id"]))
    except NewsbriefError:
        return None
    start = time.perf_counter()
    facts = extract_facts(article, engine=engine)
    seconds = time.perf_counter() - start
    tally = Tally(items=1, seconds=seconds)
    names = reference_names(item["reference"], article.text)
    numbers = reference_numbers(item["reference"], article.text)
    tally.names = len(names)
    found_names = {n for n in names if name_found(n, facts)}
    tally.names_found = len(found_names)
    tally.numbers = len(numbers)
    found_numbers = {n for n in numbers if number_found(n, facts)}
    tally.numbers_found = len(found_numbers)
    issue_names, issue_numbers = issue_reference_items(item["reference"], article.text)
    printed = cli_facts(item["text"], workdir)
    if printed is None:
        return None
    haystack = facts_text(printed, literal=literal)
    found_issue = {n for n in issue_names | issue_numbers if n.casefold() in haystack}
    tally.issue_names, tally.issue_numbers = len(issue_names), len(issue_numbers)
    tally.issue_names_found = len(found_issue & issue_names)
    tally.issue_numbers_found = len(found_issue & issue_numbers)
    tally.listed = listed_items(printed)
    tally.entities = len(facts.people) + len(facts.organizations) + len(facts.places)
    tally.figures = len(facts.figures)
    tally.quotes = len(facts.quotes)
    tally.quotes_with_speaker = sum(1 for q in facts.quotes if q.speaker)
    tally.missed = sorted((issue_names | issue_numbers) - found_issue)
    return tally


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:5.1f}" if whole else "   - "


def print_table(engine: str, tallies: dict[str, Tally]) -> None:
    print(f"\nengine: {engine}")
    print(
        "| rows | items | names (issue) % | numbers (issue) % | items listed/article "
        "| names (structured) % | numbers (structured) % | entities/article | figures/article "
        "| quotes with speaker | ms/article |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row, t in tallies.items():
        n = max(t.items, 1)
        quotes = (
            f"{t.quotes_with_speaker}/{t.quotes} ({_pct(t.quotes_with_speaker, t.quotes).strip()}%)"
        )
        print(
            f"| {row} | {t.items} "
            f"| {_pct(t.issue_names_found, t.issue_names)} ({t.issue_names_found}/{t.issue_names}) "
            f"| {_pct(t.issue_numbers_found, t.issue_numbers)} "
            f"({t.issue_numbers_found}/{t.issue_numbers}) | {t.listed / n:.1f} "
            f"| {_pct(t.names_found, t.names)} ({t.names_found}/{t.names}) "
            f"| {_pct(t.numbers_found, t.numbers)} ({t.numbers_found}/{t.numbers}) "
            f"| {t.entities / n:.1f} | {t.figures / n:.1f} "
            f"| {quotes} | {1000 * t.seconds / n:.1f} |"
        )


def run(args: argparse.Namespace, engine: str) -> None:
    os.environ["NEWSBRIEF_NER"] = engine  # for the CLI run of the issue's method
    ner_engine_name(engine)  # load the model once, outside the timing
    half_of = halves(args.data)
    by_source: dict[str, Tally] = defaultdict(Tally)
    by_half: dict[str, Tally] = defaultdict(Tally)
    missed: list[tuple[str, list[str]]] = []
    for item in items(args.data, args.limit):
        half = half_of[item["id"]]
        if (args.half and half != args.half) or (args.source and item["source"] != args.source):
            continue
        with tempfile.TemporaryDirectory() as workdir:
            tally = score_item(item, engine, Path(workdir), literal=args.literal)
        if tally is None:
            continue
        by_source[item["source"]].add(tally)
        by_half[half].add(tally)
        if tally.missed:
            missed.append((item["id"], tally.missed))
    overall = Tally()
    for tally in by_source.values():
        overall.add(tally)
    rows = {**dict(sorted(by_source.items())), **{f"{h} half": by_half[h] for h in sorted(by_half)}}
    rows["overall"] = overall
    print_table(ner_engine_name(engine), rows)
    for item_id, what in missed[: args.show_missed]:
        print(f"  missed in {item_id}: {', '.join(what)}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--engine", choices=["auto", "spacy", "rules", "both"], default="both")
    parser.add_argument("--half", choices=["tune", "report"], help="only this half")
    parser.add_argument("--source", help="only this source (e.g. cnn_dailymail)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N items")
    parser.add_argument(
        "--literal", action="store_true", help="issue method: search the whole printed JSON"
    )
    parser.add_argument("--show-missed", type=int, default=0, help="list misses of N items")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"{args.data}: no such file (the dev set lives in ../shared/eval)", file=sys.stderr)
        return 1
    engines = ["auto", "rules"] if args.engine == "both" else [args.engine]
    print(f"data: {args.data.resolve()}")
    for engine in engines:
        run(args, engine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
