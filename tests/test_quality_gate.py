"""Regression gate: `news` ROUGE on a fixed slice of the dev set stays above pinned floors.

The slice is the first 40 items of each source of ../shared/eval/news_dev.jsonl
(skipped when that folder is absent). Floors sit a little under what
`news` measured when they were pinned; `news` must also stay at or above
`lead` on ROUGE-1 and ROUGE-2 on every source, with no more dangling references.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.evaluate import EvalItem, EvalReport, evaluate, load_dataset

PER_SOURCE = 40
#: source -> (ROUGE-1, ROUGE-2) floors for `news`, 3 sentences (measured 49.53/42.72,
#: 43.77/21.25 and 20.39/3.79 when pinned; `lead` 43.64/35.03, 42.38/19.89, 19.75/2.83).
FLOORS = {
    "bbc_news_summary": (48.5, 41.5),
    "cnn_dailymail": (43.0, 20.5),
    "xsum": (19.8, 3.5),
}


@pytest.fixture(scope="module")
def report() -> EvalReport:
    path = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "news_dev.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    taken: dict[str, int] = {}
    items: list[EvalItem] = []
    for item in load_dataset(path):
        if taken.get(item.source, 0) < PER_SOURCE:
            taken[item.source] = taken.get(item.source, 0) + 1
            items.append(item)
    return evaluate(items, ["news", "lead"], sentences=3)


@pytest.mark.parametrize("source", sorted(FLOORS))
def test_news_above_floors(report: EvalReport, source: str) -> None:
    news = report.cell("news", source)
    assert news.items == PER_SOURCE
    r1, r2 = FLOORS[source]
    assert news.rouge1 >= r1, f"{source} ROUGE-1 {news.rouge1:.2f} < {r1}"
    assert news.rouge2 >= r2, f"{source} ROUGE-2 {news.rouge2:.2f} < {r2}"


@pytest.mark.parametrize("source", sorted(FLOORS))
def test_news_at_least_lead(report: EvalReport, source: str) -> None:
    news, lead = report.cell("news", source), report.cell("lead", source)
    assert news.rouge1 >= lead.rouge1
    assert news.rouge2 >= lead.rouge2
    assert news.dangling_rate <= lead.dangling_rate
