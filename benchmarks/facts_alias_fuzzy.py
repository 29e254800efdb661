"""Would fuzzy string matching (rapidfuzz) merge names newsbrief keeps apart, and rightly?

For each gold article, every pair of entities newsbrief lists in one slot (people,
organisations, places; the JSON, after newsbrief's own merging) whose two items the
scorer matches to gold items: a *duplicate* when both stand for the same gold item
(newsbrief should have merged them), *distinct* otherwise. A matcher that would merge
a pair (score at or above a cut) is right on a duplicate and wrong on a distinct pair.
rapidfuzz is not a newsbrief dependency; ``pip install rapidfuzz`` to run this.

    .venv/bin/python benchmarks/facts_alias_fuzzy.py --half tune [--engine rules]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import facts_gold as fg

SLOTS = ("people", "organizations", "places")
CUTS = (95, 90, 85, 80)


def pairs(facts: Any, article: fg.Gold) -> list[tuple[str, str, bool]]:
    """(name, name, same gold item?) for every matched pair of one slot."""
    out: list[tuple[str, str, bool]] = []
    for slot in SLOTS:
        matched = []
        for item in fg.slot_items(facts, slot):
            options = fg.candidates(slot, item, article)
            if options:
                matched.append((fg.shown_name(item), options[0]))
        for (a, ga), (b, gb) in combinations(matched, 2):
            out.append((a, b, ga == gb))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=["tune", "report"])
    parser.add_argument("--engine", choices=["spacy", "rules"], default="spacy")
    args = parser.parse_args(argv)
    try:
        from rapidfuzz import fuzz
    except ImportError:
        print("rapidfuzz is not installed (pip install rapidfuzz)", file=sys.stderr)
        return 1
    from newsbrief.clean import clean
    from newsbrief.facts import extract_facts

    if not fg.DEV_DATA.is_file():
        print(f"{fg.DEV_DATA}: no such file", file=sys.stderr)
        return 1
    articles = [a for a in fg.load_gold() if args.half is None or a["half"] == args.half]
    dev, inputs = fg.dev_items(fg.DEV_DATA), fg.input_records()
    found: list[tuple[str, str, bool]] = []
    for article in articles:
        facts = extract_facts(clean(fg.raw_article(article, dev, inputs)), engine=args.engine)
        found += pairs(facts, article)
    duplicates = sum(1 for *_, same in found if same)
    print(f"{len(articles)} gold articles ({args.half or 'both halves'}), {args.engine}")
    print(f"{len(found)} matched pairs of one slot, {duplicates} of them duplicates\n")
    scorers: dict[str, Callable[[str, str], float]] = {
        "token_set_ratio": fuzz.token_set_ratio,
        "partial_ratio": fuzz.partial_ratio,
        "WRatio": fuzz.WRatio,
    }
    print("| scorer | cut | merges | right (duplicates) | wrong (distinct names) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, scorer in scorers.items():
        for cut in CUTS:
            merged = [same for a, b, same in found if scorer(a, b) >= cut]
            right = sum(merged)
            print(f"| {label} | {cut} | {len(merged)} | {right} | {len(merged) - right} |")
    for a, b, same in found:
        if same:
            print(f"  duplicate left: {a!r} / {b!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
