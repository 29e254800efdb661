"""Language detection: how often it is wrong by text length, and what it costs per article.

    .venv/bin/python benchmarks/language_detect.py

1. Accuracy by length on the English dev sets (``../shared/eval/news_dev.jsonl`` and
   ``articles_dev.jsonl``, titles and text prefixes of 80, 150 and 300 characters):
   the raw CLD3 model's share of non-English answers per bucket of letters (what sets
   ``language.MIN_MODEL_LETTERS``), and ``detect_language``'s answers (wrong / unknown).
2. Our own samples (``tests/script_samples``): the language of each article and headline.
3. Cost: CPU seconds of ``detect_language`` over the 500 news_dev articles next to
   ``clean`` of the same articles (which includes it), as a ratio.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from newsbrief import clean, load_text
from newsbrief.language import _identifier, detect_language

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"


def _records(name: str) -> list[dict[str, str]]:
    with open(EVAL / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def accuracy_by_length(texts: list[str]) -> None:
    model = _identifier()
    buckets: dict[int, Counter[str]] = {}
    for text in texts:
        letters = sum(ch.isalpha() for ch in text)
        bucket = min(letters // 40 * 40, 240)
        counts = buckets.setdefault(bucket, Counter())
        counts["n"] += 1
        if model is not None and model.FindLanguage(text=text).language != "en":
            counts["model wrong"] += 1
        detected = detect_language([text])
        counts["unknown" if detected is None else "ok" if detected == "en" else "wrong"] += 1
    print("letters  texts  CLD3 not-en  detect_language: wrong  unknown")
    for bucket in sorted(buckets):
        c = buckets[bucket]
        label = f"{bucket}-{bucket + 39}" if bucket < 240 else "240+"
        print(
            f"{label:>7}  {c['n']:>5}  {c['model wrong'] / c['n']:>11.1%}"
            f"  {c['wrong'] / c['n']:>21.1%}  {c['unknown'] / c['n']:>7.1%}"
        )


def samples() -> None:
    for path in sorted((REPO / "tests" / "script_samples").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        article, headline = detect_language(lines), detect_language(lines[:1])
        print(f"{path.stem:>6}: article {article}, headline {headline}")


def cost(records: list[dict[str, str]]) -> None:
    raws = [load_text(r["text"], title=r.get("title")) for r in records]
    start = time.process_time()
    for raw in raws:
        clean(raw)
    cleaning = time.process_time() - start
    parts = [[r.get("title") or "", *r["text"].split("\n\n")] for r in records]
    start = time.process_time()
    for part in parts:
        detect_language(part)
    detecting = time.process_time() - start
    print(
        f"{len(records)} articles: detect_language {detecting:.2f} CPU s, clean (which includes"
        f" it) {cleaning:.2f} CPU s, share {detecting / cleaning:.1%}"
    )


def main() -> None:
    if not EVAL.is_dir():
        raise SystemExit(f"{EVAL} not found: the dev sets live in ../shared/eval")
    news = _records("news_dev.jsonl")
    items = _records("articles_dev.jsonl")
    texts: list[str] = []
    for record in news + items:
        pieces = {record.get("title") or ""} | {record["text"][:n] for n in (80, 150, 300)}
        texts.extend(p for p in pieces if p)
    accuracy_by_length(texts)
    print()
    whole = Counter(str(detect_language([r.get("title") or "", r["text"]])) for r in items)
    print(f"articles_dev.jsonl, title + text: {dict(whole.most_common())}")
    print()
    samples()
    print()
    _identifier()  # loaded before timing
    cost(news)


if __name__ == "__main__":
    main()
