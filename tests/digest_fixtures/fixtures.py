"""Fixtures the digest's loopback tests share (registered in tests/conftest.py).

``site``: the standard loopback news site (feeds, pages, the private-link feed aimed at a
closed port), served for one test; a test file that needs another site defines its own
``site``, which overrides this one. ``rule_based_ner``: key facts by the rule engine, so a
digest test does not wait for spaCy; a file opts in with
``pytestmark = pytest.mark.usefixtures("rule_based_ner")``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from digest_fixtures.loopback import Site, build_site, closed_port, serve


@pytest.fixture
def site() -> Iterator[Site]:
    site = build_site(closed_port())
    with serve(site):
        yield site


@pytest.fixture
def rule_based_ner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBRIEF_NER", "rules")
