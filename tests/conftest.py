"""Shared fixtures: where the read-only ``shared/`` folder is, and the seed article.

Hypothesis runs derandomized in the suite (profile ``ci``, loaded here): the same examples
on every run, no example database, so a run's result does not depend on chance or on
earlier runs. Per-test ``@settings`` inherit ``derandomize`` from it. The fuzz command
runs the properties with many random examples instead (profile ``fuzz``)::

    .venv/bin/pytest -m "not slow" --hypothesis-profile=fuzz -k "round_trips or property" \
        tests/test_render.py tests/test_split.py tests/test_decode.py tests/test_clean.py

(``FUZZ_EXAMPLES`` sets how many per test; tests that fix ``max_examples`` keep their count
but get fresh random examples; a failure prints the example and a ``@reproduce_failure`` blob).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")),
    derandomize=False,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci")  # --hypothesis-profile=fuzz replaces it after this file is read

pytest_plugins = ["digest_fixtures.fixtures"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """``../shared`` beside the repo; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def seed_path(shared_dir: Path) -> Path:
    path = shared_dir / "seed" / "kadhimi_2021-07-26.txt"
    if not path.is_file():
        pytest.skip("seed article is not present")
    return path


@pytest.fixture
def repo() -> Path:
    return REPO
