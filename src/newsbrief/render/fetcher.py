"""The only URL fetcher WeasyPrint gets: template assets yes, anything else no.

WeasyPrint's default fetcher reads ``file:`` URLs (even ``/dev/zero``), follows
``<a rel=attachment>`` into PDF attachments and fetches http(s) including
loopback. Ours answers only ``file:`` URLs of regular files inside the template
folders, with an asset suffix and a size cap; everything else is refused, so the
resource is skipped. Our own templates inline their CSS and need no fetch at all.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

#: Suffixes of files a template may reference (stylesheets, images, fonts).
ASSET_SUFFIXES = frozenset(
    {".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".woff", ".woff2", ".ttf", ".otf"}
)
#: Largest template asset served, in bytes.
MAX_ASSET_BYTES = 2 * 1024 * 1024


class TemplateAssetFetcher(URLFetcher):  # type: ignore[misc]
    """Serve files from the template folders; refuse every other URL."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(
            timeout=1, allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False
        )
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = self.asset_path(url)
        if path is None:
            self.refused.append(url[:200])
            raise ValueError(f"newsbrief does not fetch {url[:80]!r}")
        with path.open("rb") as handle:
            data = handle.read(MAX_ASSET_BYTES + 1)
        if len(data) > MAX_ASSET_BYTES:
            raise ValueError(f"template asset too large: {path.name}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": mime})

    def asset_path(self, url: str) -> Path | None:
        """The template asset ``url`` names, or None when it is not one."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if path.suffix.lower() not in ASSET_SUFFIXES or not path.is_file():
            return None
        if not any(path.is_relative_to(root) for root in self.roots):
            return None
        return path
