"""The digest's fetching lives in :mod:`newsbrief.fetch` (shared with URL inputs of ``brief``)."""

from __future__ import annotations

from ..fetch import (
    USER_AGENT,
    CacheEntry,
    Fetched,
    Fetcher,
    FetchPolicy,
    FetchRequest,
    is_http_url,
    is_public_address,
    origin_of,
)

__all__ = [
    "USER_AGENT",
    "CacheEntry",
    "FetchPolicy",
    "FetchRequest",
    "Fetched",
    "Fetcher",
    "is_http_url",
    "is_public_address",
    "origin_of",
]
