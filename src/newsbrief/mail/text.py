"""Header-safe text: one clean line for a mail header, a safe attachment file name."""

from __future__ import annotations

import re

#: Longest Subject we send (characters, after cleaning).
MAX_SUBJECT_CHARS = 250
#: C0/C1 controls (CR and LF included), DEL, bidi overrides and isolates.
HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_FILENAME_UNSAFE = re.compile(r'[\\/:*?"<>|;]')


def header_text(value: str, limit: int = MAX_SUBJECT_CHARS) -> str:
    """One header-safe line: controls (CR/LF too) and bidi overrides gone, spaces collapsed."""
    text = " ".join(HEADER_UNSAFE.sub(" ", encodable(value)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def encodable(text: str) -> str:
    """``text`` without lone surrogates (they cannot be encoded) or NUL characters."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def safe_filename(name: str, default: str = "briefing.pdf") -> str:
    """An attachment file name without paths, controls or quoting characters, ending in .pdf
    (or .epub, kept for an e-book)."""
    base = _FILENAME_UNSAFE.sub("-", header_text(name.replace("\\", "/").rsplit("/", 1)[-1], 100))
    base = base.strip(" .-")
    if not base:
        return default
    return base if base.lower().endswith((".pdf", ".epub")) else f"{base}.pdf"
