"""Shared fixtures: where the read-only ``shared/`` folder is, and the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

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
