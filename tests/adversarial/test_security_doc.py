"""docs/security.md lists every cap of ``newsbrief.limits`` with its current value."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief import limits

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
CAPS = sorted(name for name in vars(limits) if name.isupper())


def _shown(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


@pytest.mark.parametrize("name", CAPS)
def test_every_cap_is_documented_with_its_value(name: str) -> None:
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if f"`{name}`" in line]
    table = [row for row in rows if row.startswith("|")]
    assert table, f"{name} is missing from the caps table of {DOC.name}"
    assert f"| {_shown(getattr(limits, name))} " in table[0], (
        f"{DOC.name} shows {table[0]!r}, but limits.{name} = {getattr(limits, name)!r}"
    )
