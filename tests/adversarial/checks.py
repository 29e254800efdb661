"""Inspectors for rendered outputs: each returns a list of problems (empty means safe).

PDFs are read back with pypdf and their streams inflated; HTML is parsed with
the standard library's ``html.parser``; Markdown is parsed with markdown-it-py
(CommonMark, link validation switched off so even ``javascript:`` links show up).
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterable
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from pypdf import PdfReader

from .hostile import TEMPLATE_EVALUATED

#: Tags that must never appear in rendered HTML (the templates use none of them).
FORBIDDEN_TAGS = frozenset(
    {"script", "iframe", "object", "embed", "base", "frame", "frameset", "applet", "form", "svg",
     "image", "use", "img", "audio", "video", "source", "input", "textarea", "button", "math",
     "noscript", "template", "portal"}
)  # fmt: skip
_URL_ATTRS = frozenset({"href", "src", "data", "action", "xlink:href", "poster", "srcset", "style"})
_BAD_URL = re.compile(r"^\s*(javascript|vbscript|file|data\s*:\s*text/html)\s*:|^\s*file:", re.I)
_TEMPLATE_49 = re.compile(r"read:?\W{0,8}49\b")
_ANSI = re.compile(r"\x1b|\x07|\x9b")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def leaks(text: str, marks: Iterable[str]) -> list[str]:
    """Secret markers found in ``text``."""
    return [f"leaked {m!r}" for m in marks if m in text]


def template_problems(text: str) -> list[str]:
    """Signs that ``{{ 7*7 }}`` / ``{% for %}`` from an article were evaluated."""
    found = [f"template syntax evaluated ({m!r})" for m in TEMPLATE_EVALUATED if m in text]
    if _TEMPLATE_49.search(text):
        found.append("template syntax evaluated ('{{ 7*7 }}' became 49)")
    return found


def terminal_problems(text: str, where: str) -> list[str]:
    """ANSI escapes, BEL, C0 controls (but tab/newline/CR) and bidi overrides in ``text``."""
    found = []
    if _ANSI.search(text):
        found.append(f"{where}: raw ANSI escape / BEL")
    if _BIDI.search(text):
        found.append(f"{where}: raw bidi override")
    if _CONTROL.search(text):
        found.append(f"{where}: raw control character")
    return found


# --------------------------------------------------------------------------- PDF


def _inflated_streams(data: bytes) -> list[bytes]:
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        body = match.group(1)
        try:
            out.append(zlib.decompress(body))
        except zlib.error:
            try:
                out.append(zlib.decompressobj().decompress(body))
            except zlib.error:
                out.append(body)
    return out


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_problems(data: bytes, marks: Iterable[str], listener_hint: str = "") -> list[str]:
    """One page, no attachments, no JavaScript/launch actions, only http(s) links, no secrets."""
    if not data.startswith(b"%PDF"):
        return ["not a PDF"]
    reader = PdfReader(io.BytesIO(data))
    found: list[str] = []
    if len(reader.pages) != 1:
        found.append(f"PDF has {len(reader.pages)} pages, not 1")
    if reader.attachments:
        found.append(f"PDF has attachments: {sorted(reader.attachments)}")
    inflated = b"\n".join(_inflated_streams(data))
    everything = data + b"\n" + inflated
    for needle in (
        b"/EmbeddedFile",
        b"/JavaScript",
        b"/JS ",
        b"/JS(",
        b"/Launch",
        b"/FileAttachment",
    ):
        if needle in everything:
            found.append(f"PDF contains {needle.decode()}")
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if uri and not re.match(r"https?://", uri, re.I):
                found.append(f"PDF link to non-http URI {uri[:80]!r}")
            if listener_hint and listener_hint in uri:
                found.append(f"PDF link to the loopback listener {uri[:80]!r}")
    text = pdf_text(data)
    found += leaks(text, marks)
    found += [p + " (in PDF streams)" for p in leaks(everything.decode("latin-1"), marks)]
    found += template_problems(text)
    return found


# --------------------------------------------------------------------------- HTML


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.depth = 0
        self.max_depth = 0
        self.style_text: list[str] = []
        self._in_style = False

    _VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "base", "col", "wbr", "source"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_style = tag == "style"
        if tag not in self._VOID:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False
        if tag not in self._VOID:
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style_text.append(data)


def html_problems(text: str, marks: Iterable[str], listener_hint: str = "") -> list[str]:
    """No live article markup: forbidden tags, event handlers, bad URLs, deep nesting."""
    parser = _TagCollector()
    parser.feed(text)
    parser.close()
    found: list[str] = []
    for tag, attrs in parser.tags:
        if tag in FORBIDDEN_TAGS:
            found.append(f"live <{tag}> in HTML")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                found.append(f"event handler {name}= on <{tag}>")
            if name in _URL_ATTRS and (_BAD_URL.search(value) or "file:" in value.lower()):
                found.append(f"<{tag} {name}={value[:60]!r}>")
            if name == "rel" and "attachment" in value.lower():
                found.append(f"<{tag} rel=attachment>")
            if listener_hint and listener_hint in value:
                found.append(f"<{tag} {name}> points at the loopback listener")
            if name == "http-equiv" and value.lower() == "refresh":
                found.append("meta refresh")
        if tag == "a" and any(
            n == "href" and v and not re.match(r"\s*(https?:|#|mailto:)", v, re.I) for n, v in attrs
        ):
            href = dict(attrs).get("href") or ""
            found.append(f"<a href> that is not http(s): {href[:60]!r}")
    style = " ".join(parser.style_text)
    if "file:" in style or (listener_hint and listener_hint in style):
        found.append("article URL inside a <style> block")
    if parser.max_depth > 60:
        found.append(f"HTML nesting depth {parser.max_depth} (article markup went live)")
    found += leaks(text, marks)
    found += template_problems(text)
    return found


# --------------------------------------------------------------------------- Markdown

_MD_ARTICLE_HTML = re.compile(
    r"<\s*/?\s*(script|img|iframe|object|link|base|svg|style|div|a\b|b\b|body|p\b|image)"
    r"|<!--|<javascript:",
    re.I,
)


def markdown_problems(text: str, marks: Iterable[str]) -> list[str]:
    """No live link, image, heading, raw HTML or fence coming from article text."""
    md = MarkdownIt("commonmark")
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link
    found: list[str] = []

    def walk(tokens: list, parent_heading: bool = False) -> None:  # type: ignore[type-arg]
        heading = False
        for token in tokens:
            if token.type == "heading_open":
                heading = True
            elif token.type == "heading_close":
                heading = False
            if token.type == "inline" and heading and "INJECTED" in token.content:
                found.append(f"article text became a heading: {token.content[:60]!r}")
            if token.type in ("html_block", "html_inline") and _MD_ARTICLE_HTML.search(
                token.content
            ):
                found.append(f"raw HTML from the article: {token.content.strip()[:60]!r}")
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                if not re.match(r"https?://", href, re.I) or "evil.example" in href:
                    found.append(f"live Markdown link to {href[:60]!r}")
            if token.type == "image":
                found.append(f"live Markdown image {str(token.attrGet('src'))[:60]!r}")
            if token.type in ("fence", "code_block") and "said" in token.content:
                found.append("article text swallowed by a code block")
            if token.children:
                walk(token.children, heading)

    walk(md.parse(text))
    found += leaks(text, marks)
    found += template_problems(text)
    return found
