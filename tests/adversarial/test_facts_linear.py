"""The key-facts stage is linear on pathological text (no catastrophic regex backtracking).

Each pathological string (runs of ``A``, ``"``, ``1,``, ``1``, ``1%``, curly
quotes, titles, "said", brackets, ``Mr.``... of ``hostile.PATHOLOGICAL_CHARS``
characters) becomes an article the way the pipeline makes one (Punkt
sentences), and ``extract_facts`` is timed in a forked child with a kill
timeout. The time is compared with a normal news article of the same size
measured in the same process: a ratio, never a wall-clock limit.

The rule-based engine is timed: it runs every hand-written pattern (figures,
money, dates, quotes, names) that the spaCy engine also uses, without the
model's own (linear) cost drowning a super-linear pattern in noise.
"""

from __future__ import annotations

import time

import pytest

from newsbrief.facts import extract_facts
from newsbrief.split import split_sentences
from newsbrief.types import Article, Sentence

from .hostile import PATHOLOGICAL, PATHOLOGICAL_CHARS, normal_text
from .procs import fork_call

ENGINE = "rules"
#: A pathological string may cost at most this many times a normal article of its size.
#: (Linear code stays within a small factor even with very different token densities;
#: catastrophic backtracking is many orders of magnitude out, or hits the kill timeout.)
MAX_RATIO = 25.0


def _article(text: str) -> Article:
    sentences = tuple(
        Sentence(index=i, paragraph=0, text=s) for i, s in enumerate(split_sentences(text))
    )
    return Article(id="p", location="<pathological>", title="Pathological", text=text,
                   sentences=sentences)  # fmt: skip


def _timed(article: Article) -> float:
    start = time.perf_counter()
    extract_facts(article, engine=ENGINE)
    return time.perf_counter() - start


@pytest.fixture(scope="module")
def baseline() -> float:
    """Seconds for a normal article of the same size (best of two, after a warm-up)."""
    _timed(_article(normal_text(2_000)))
    normal = _article(normal_text(PATHOLOGICAL_CHARS))
    return min(_timed(normal) for _ in range(3))


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_facts_time_is_linear(name: str, baseline: float) -> None:
    article = _article(PATHOLOGICAL[name])  # split here: only the facts stage is timed
    normal = baseline
    # past the allowed ratio the verdict is known: stop the child there (plus slack for noise)
    timeout = max(10.0, 1.2 * MAX_RATIO * normal)
    seconds, problem = fork_call(lambda: _timed(article), timeout=timeout)
    if problem == "timed out":
        pytest.fail(
            f"{name}: facts still running after {timeout:.0f} s, over {timeout / normal:.0f}x "
            f"a normal article of the same size ({normal:.3f} s): a super-linear pattern?"
        )
    assert not problem, f"{name}: {problem}"
    assert isinstance(seconds, float)
    ratio = seconds / max(normal, 1e-3)
    assert ratio <= MAX_RATIO, (
        f"{name}: facts took {ratio:.1f}x a normal article of the same size "
        f"({seconds:.3f} s vs {normal:.3f} s): a super-linear pattern?"
    )
