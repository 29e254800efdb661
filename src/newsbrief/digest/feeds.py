"""The digest's feed parsing lives in :mod:`newsbrief.feeds` (shared with ``brief --feed``)."""

from __future__ import annotations

from ..feeds import FeedEntry, fragment_text, one_line, parse_feed, safe_link, visible_text

__all__ = ["FeedEntry", "fragment_text", "one_line", "parse_feed", "safe_link", "visible_text"]
