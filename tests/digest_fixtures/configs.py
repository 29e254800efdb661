"""Digest configs over the loopback outlets, for the tests of one digest feature each."""

from __future__ import annotations

import textwrap
from pathlib import Path

from .loopback import Site

OUTLETS = {
    "The Daily Ledger": "ledger",
    "Harbour Times": "harbour",
    "Metro Wire": "metro",
    "Coastal Post": "coastal",
}


def outlet_config(
    tmp_path: Path,
    site: Site,
    extra: str = "",
    *,
    outlets: tuple[str, ...] = tuple(OUTLETS),
    formats: str = '["md", "json"]',
    feeds: dict[str, str] | None = None,
) -> Path:
    """A config of ``outlets`` (and ``feeds``: name -> path on ``site``) plus ``extra`` TOML."""
    paths = {name: f"/{OUTLETS[name]}/feed.xml" for name in outlets} | (feeds or {})
    sources = "".join(
        f'[[sources]]\nname = "{name}"\nfeed = "{site.base}{path}"\n'
        for name, path in paths.items()
    )
    config = tmp_path / "digest.toml"
    config.write_text(
        textwrap.dedent(f"""\
        title = "Morning briefing"
        output_dir = "out"
        formats = {formats}
        state = "state/news.sqlite"
        max_stories = 10
        timezone = "UTC"
        fetch_deadline = 3
        teaser_words = 40
        workers = 0
        """)
        + textwrap.dedent(extra)
        + sources,
        encoding="utf-8",
    )
    return config
