"""Quotes on the gold set's dev articles as given and PTB-tokenised (a newspaper-corpus style).

The unseen newspaper source of issue 14 is PTB-tokenised: ``quote marks`` as `` and '',
clitics split ("ca n't", "John 's"), no paragraph breaks. This runs the quotes of every dev
article of the gold set (``--half``) twice, on its text as given and on the same text
PTB-tokenised (``newsbrief.evaluate.corpus_text``), and prints for each: quotes found,
how many match a gold quote (``facts_gold.quote_matches``), gold quotes found, speakers right
(``facts_gold.speaker_right``), and the same for the quotes the key-facts box shows.

    .venv/bin/python benchmarks/facts_quotes_ptb.py --half report [--engine rules|spacy]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import facts_gold as fg
from newsbrief.clean import clean
from newsbrief.evaluate import corpus_text
from newsbrief.facts import box_facts, extract_facts
from newsbrief.load import from_object


def score(articles: list[Any], dev: dict[str, Any], engine: str, style: str) -> str:
    shown = right = speaker = found = gold = boxed = boxed_right = 0
    for article in articles:
        text = dev[article["id"]]["text"]
        text = corpus_text(text) if style == "PTB" else text
        facts = extract_facts(clean(from_object({"title": "", "text": text}, "a")), engine=engine)
        used: set[int] = set()
        for quote in facts.quotes:
            shown += 1
            k = _match(quote.text, article, used)
            if k is not None:
                used.add(k)
                right += 1
                speaker += fg.speaker_right(quote.speaker, article["quotes"][k], article)
        for quote in box_facts(facts).quotes:
            boxed += 1
            k = _match(quote.text, article, set())
            boxed_right += k is not None and fg.speaker_right(
                quote.speaker, article["quotes"][k], article
            )
        gold += len(article["quotes"])
        found += len(used)
    return (
        f"| {style} | {shown} | {right} ({100 * right / max(shown, 1):.0f} %) | {found}/{gold} "
        f"({100 * found / max(gold, 1):.0f} %) | {speaker} | {boxed} | "
        f"{boxed_right} ({100 * boxed_right / max(boxed, 1):.0f} %) |"
    )


def _match(text: str, article: Any, used: set[int]) -> int | None:
    return next(
        (k for k, g in enumerate(article["quotes"]) if k not in used and fg.quote_matches(text, g)),
        None,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=["tune", "report"])
    parser.add_argument("--engine", choices=["rules", "spacy"], default="rules")
    args = parser.parse_args()
    articles = [
        a
        for a in fg.load_gold()
        if a["source"] != "inputs" and (args.half is None or a["half"] == args.half)
    ]
    dev = fg.dev_items()
    print(f"{len(articles)} dev articles of the gold set, engine {args.engine}")
    print(
        "| text | quotes | match a gold quote | gold quotes found | right speaker | "
        "box quotes | box, right speaker |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for style in ("as given", "PTB"):
        print(score(articles, dev, args.engine, style))
    return 0


if __name__ == "__main__":
    sys.exit(main())
