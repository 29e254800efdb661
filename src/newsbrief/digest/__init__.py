"""Daily digest: many sources in, one briefing of the day's stories out, with state.

The run (``run.run_digest``) wires three jobs, each a module of functions that
return values:

- ``gather``: fetch and read every source (``fetch`` bounded SSRF-safe HTTP,
  ``feeds`` feedparser on bytes) into articles; failures are values.
- ``select``: screen, clean, ``merge`` the same story from several outlets, build
  the stories (``stories``: multi-article summaries and key facts) and say what
  became of every article.
- ``output``: render every format, write atomically, email.

``config`` reads the TOML file, ``state`` owns the SQLite state file, ``lock``
keeps two runs on one state file apart, ``workers`` runs CPU work on helper
processes while pages download.
"""

from __future__ import annotations

from .config import DigestConfig, SourceConfig, load_config

__all__ = ["DigestConfig", "SourceConfig", "load_config"]
