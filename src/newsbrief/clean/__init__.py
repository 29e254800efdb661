"""Clean stage: RawArticle -> Article (main text, metadata, paragraphs, sentences).

HTML goes through trafilatura (main text + title/date/author/site/url); plain text and
Markdown are read line by line. Either way every line is classified: prose, headline-like
(headline, caption, label), dateline, byline, photo credit or boilerplate (scripts, HTML
comment fragments, cookie/subscribe/share prompts, "Read more", "Advertisement" ...).
Prose becomes text, and so do lists/tables (runs of headline-like lines) and, in HTML,
headline-like lines after the first prose paragraph; a lone caption or label is dropped.
The first headline-like line near the top becomes the title, the first dateline
``published`` and the first byline ``author``. Lines are never glued to the next one
unless they are a hard-wrapped part of the same prose paragraph, and a paragraph end is
a hard sentence boundary. Text is capped at ``MAX_TEXT_CHARS`` (at a paragraph end) and
``MAX_SENTENCES``. The lines are sorted by ``clean/lines.py``; the expressions that
recognise page furniture are in ``lexicon``.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from ..decode import clip_title, normalize_text, one_line
from ..errors import CleanError
from ..language import detect_language
from ..lexicon import GLUED_FURNITURE, GLUED_FURNITURE_HINTS
from ..limits import MAX_HTML_TAGS, MAX_INPUT_BYTES, MAX_SENTENCES, MAX_TEXT_CHARS
from ..load import iso_datetime
from ..split import split_paragraph
from ..substance import LinkCover, markdown_link_labels, tree_link_labels, weigh
from ..types import Article, RawArticle, Sentence
from ..wire import split_dateline, untokenize
from .lines import classify

#: trafilatura settings, tuned on ``benchmarks/extract_f1.py`` (reader comments are not
#: the article; tables are).
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "deduplicate": False,
}
_log = logging.getLogger("trafilatura")
if not _log.handlers:  # trafilatura's own warnings must not reach the user's terminal
    _log.addHandler(logging.NullHandler())
    _log.propagate = False


# --- HTML ----------------------------------------------------------------------------------


def _extract_html(raw: RawArticle, metadata: bool = True) -> tuple[str, dict[str, Any], list[str]]:
    """Main text (one paragraph per line), metadata and link labels of an HTML page.

    The page is parsed once, here; trafilatura's extraction, its plain-text fallback and
    the link labels (``<a>`` texts) all read that one tree (trafilatura copies it before
    changing it). ``metadata=False`` skips trafilatura's metadata search (the text is the
    same). A page of more than ``MAX_HTML_TAGS`` tags skips the extraction for the
    plain-text fallback.
    """
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(raw.body)
        if tree is None:  # not HTML trafilatura can read: no text, so no article
            return "", {}, []
        labels = tree_link_labels(tree)
        if raw.body.count("<", 0, MAX_INPUT_BYTES) > MAX_HTML_TAGS:
            return trafilatura.html2txt(tree) or "", {}, labels
        options = {**TRAFILATURA_OPTIONS, "with_metadata": metadata}
        doc = trafilatura.bare_extraction(tree, url=raw.url, **options)
        meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else dict(doc or {})
        text = meta.get("text") or ""
        if not text.strip():
            text = trafilatura.html2txt(tree) or ""
    except (ValueError, TypeError, RecursionError, MemoryError, AttributeError) as exc:
        raise CleanError(raw.location, f"HTML could not be parsed ({type(exc).__name__})") from None
    return text, meta, labels


def _html_metadata(raw: RawArticle, meta: dict[str, Any]) -> dict[str, str | None]:
    def field_(name: str) -> str | None:
        value = meta.get(name)
        return " ".join(normalize_text(value).split()) or None if isinstance(value, str) else None

    return {
        "title": raw.title or field_("title"),
        "published": raw.published or iso_datetime(field_("date")),
        "author": raw.author or field_("author"),
        "site": raw.site or field_("sitename") or field_("hostname"),
        "url": raw.url or _http_url(field_("url")),
    }


def _http_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


# --- the stage -----------------------------------------------------------------------------


def clean(raw: RawArticle, *, page_metadata: bool = True, language: bool = True) -> Article:
    """Turn a raw article into clean paragraphs and sentences; ``CleanError`` if none remain.

    ``page_metadata=False`` does not search an HTML page for its title, date, author,
    site and URL (a third of trafilatura's work): the article then has only the ones
    ``raw`` brings, for callers that already know what they need (the digest's feeds).
    ``language=False`` leaves ``Article.language`` None instead of guessing it, for
    callers that use only the sentences (``summarize()``: a tenth of its time).
    """
    if raw.body_type == "html":
        body, meta_dict, labels = _extract_html(raw, page_metadata)
        meta = _html_metadata(raw, meta_dict)
    else:
        body = raw.body
        labels = markdown_link_labels(body)
        meta = {
            "title": raw.title,
            "published": raw.published,
            "author": raw.author,
            "site": raw.site,
            "url": raw.url,
        }
    title = _one_line(meta["title"])
    prose = untokenize(normalize_text(_head(body)))  # PTB-tokenised corpus text read as prose
    if any(hint in prose for hint in GLUED_FURNITURE_HINTS):
        prose = GLUED_FURNITURE.sub("", prose)
    parsed = classify(prose, title, raw.body_type == "html")
    paragraphs = parsed.paragraphs or parsed.others
    if not paragraphs and parsed.title and title is None:
        paragraphs = [parsed.title]  # a one-line text is its own headline and body
    dateline = None
    if paragraphs:  # "WASHINGTON (CNN) --" is metadata, not the first sentence's words
        dateline, paragraphs[0] = split_dateline(paragraphs[0])
    paragraphs, sentences = _sentences(_cap_text(paragraphs))
    problem = _no_article(sentences, labels, parsed.title if title is None else None)
    if problem is not None:
        raise CleanError(raw.location, f"no article text found ({problem})")
    text = "\n\n".join(paragraphs)
    headline = clip_title(parsed.title or sentences[0].text)
    return Article(
        id=raw.id or hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        location=raw.location,
        title=headline,
        text=text,
        sentences=tuple(sentences),
        url=_http_url(meta["url"]),
        published=meta["published"] or parsed.published,
        author=_one_line(meta["author"] or parsed.author),
        site=_one_line(meta["site"]),
        source_name=_one_line(raw.source_name),
        language=detect_language([headline, *paragraphs]) if language else None,
        dateline=dateline,
        title_derived=parsed.title is None,
    )


def _no_article(sentences: list[Sentence], labels: list[str], derived: str | None) -> str | None:
    """Why the text is no article (no sentence of its own; see ``substance``), or None.

    ``derived``: a title taken from the text itself, which may hold its first sentences.
    """
    by_paragraph: dict[int, list[str]] = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence.text)
    paragraphs = list(by_paragraph.values())
    if derived:
        paragraphs.append(split_paragraph(derived))
    return weigh(paragraphs, LinkCover(labels) if labels else None).problem


def _head(body: str) -> str:
    """The part of a body that can matter: text past ``4 * MAX_TEXT_CHARS`` is never kept."""
    limit = 4 * MAX_TEXT_CHARS
    if len(body) <= limit:
        return body
    cut = body.rfind("\n", 0, limit)  # a whole line, unless that drops most of the head
    return body[: cut if cut > limit // 2 else limit]


def _cap_text(paragraphs: list[str]) -> list[str]:
    """Keep whole paragraphs up to ``MAX_TEXT_CHARS`` (a first paragraph alone is cut)."""
    kept: list[str] = []
    total = 0
    for paragraph in paragraphs:
        if total + len(paragraph) > MAX_TEXT_CHARS:
            if not kept:
                kept.append(paragraph[:MAX_TEXT_CHARS])
            break
        kept.append(paragraph)
        total += len(paragraph) + 2
    return kept


def _sentences(paragraphs: list[str]) -> tuple[list[str], list[Sentence]]:
    """Split each paragraph; rebuild it from its sentences so text and sentences agree."""
    out_paragraphs: list[str] = []
    sentences: list[Sentence] = []
    for paragraph in paragraphs:
        room = MAX_SENTENCES - len(sentences)
        if room <= 0:
            break
        parts = split_paragraph(paragraph)[:room]
        if not parts:
            continue
        index, base = len(out_paragraphs), len(sentences)
        sentences.extend(
            Sentence(index=base + i, paragraph=index, text=s) for i, s in enumerate(parts)
        )
        out_paragraphs.append(" ".join(parts))
    return out_paragraphs, sentences


def _one_line(value: str | None) -> str | None:
    """``decode.one_line`` of a metadata field; None for a missing or empty one."""
    return (one_line(value) or None) if value else None
