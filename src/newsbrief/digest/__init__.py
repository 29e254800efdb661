"""Daily digest: many sources in, one briefing of the day's stories out, with state.

config (TOML) -> fetch (bounded, SSRF-safe HTTP) -> feeds (feedparser on bytes)
-> merge (same story, several outlets) -> stories (multi-article summaries)
-> run (render, write, record state, optionally email). ``lock`` keeps two runs
on one state file apart.
"""

from __future__ import annotations

from .config import DigestConfig, SourceConfig, load_config

__all__ = ["DigestConfig", "SourceConfig", "load_config"]
