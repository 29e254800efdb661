"""Clean stage: RawArticle -> Article (main text, metadata, paragraphs, sentences).

STUB (to be replaced by the ingest work).
"""

from __future__ import annotations

import hashlib
import re

from .errors import CleanError
from .split import split_paragraph
from .types import Article, RawArticle, Sentence


def clean(raw: RawArticle) -> Article:
    """Turn a raw article into clean paragraphs and sentences."""
    body = raw.body
    if raw.body_type == "html":
        import trafilatura

        body = trafilatura.extract(body) or ""
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", body)]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise CleanError(raw.location, "no article text found")
    title = raw.title or paragraphs[0][:200]
    sentences: list[Sentence] = []
    for pi, para in enumerate(paragraphs):
        for s in split_paragraph(para):
            sentences.append(Sentence(index=len(sentences), paragraph=pi, text=s))
    text = "\n\n".join(paragraphs)
    ident = raw.id or hashlib.sha1(text.encode()).hexdigest()[:12]
    return Article(
        id=ident, location=raw.location, title=title, text=text, sentences=tuple(sentences),
        url=raw.url, published=raw.published, author=raw.author, site=raw.site,
        source_name=raw.source_name,
    )
