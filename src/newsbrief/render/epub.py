"""EPUB 3: the briefing as a reflowable e-book (ebooklib), one chapter per story.

Each chapter is ``epub_story.xhtml.j2`` (headline, date, summary, key facts, source
links; autoescaped, so article text stays text), then one closing chapter,
``epub_about.xhtml.j2``, for what could not be used and the sources failing. The book
has a navigation document (EPUB 3 ``nav``, with an NCX for older readers) listing every
story (under its topic section when the digest has sections), and its title, date,
language and a stable identifier derived from the title and date, so a rerun of a day
is the same book to a reader's library. No stylesheet or image is pulled from outside:
ebooklib gets the text of the chapters and nothing else.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from pathlib import Path
from typing import Any

from ..errors import RenderError
from ..types import Briefing
from . import templates
from .text import sanitize

#: A small stylesheet of our own (e-readers bring their own fonts and sizes).
EPUB_CSS = """\
body { line-height: 1.4; }
h1 { font-size: 1.3em; margin: 0 0 0.3em; }
h2 { font-size: 1em; margin: 1em 0 0.2em; }
.meta { color: #555; font-size: 0.9em; margin: 0 0 0.6em; }
.summary li { margin: 0 0 0.4em; }
.facts dt { font-weight: bold; margin-top: 0.3em; }
.facts dd { margin: 0 0 0 1em; }
"""


def render_epub(briefing: Briefing, *, templates_dir: str | Path | None = None) -> bytes:
    """The briefing as EPUB 3 bytes (``RenderError`` if ebooklib cannot write it)."""
    from ebooklib import epub

    from . import reader_view

    dirs = templates.template_dirs(templates_dir)
    briefing = sanitize(reader_view(briefing))
    language = templates.page_language(briefing)
    book = epub.EpubBook()
    book.set_identifier(book_id(briefing))
    book.set_title(f"{briefing.title} — {briefing.date}")
    book.set_language(language)
    book.add_author("newsbrief")
    book.add_metadata("DC", "date", briefing.date)
    book.add_metadata("DC", "description", f"{len(briefing.stories)} stories")
    style = epub.EpubItem(
        uid="style", file_name="style.css", media_type="text/css", content=EPUB_CSS
    )
    book.add_item(style)
    chapters = []
    toc: list[Any] = []
    for number, story in enumerate(briefing.stories, start=1):
        chapter = epub.EpubHtml(
            title=story.headline or f"Story {number}",
            file_name=f"story-{number:03d}.xhtml",
            lang=story.language or language,
        )
        chapter.content = templates.render_template(
            "epub_story.xhtml.j2", dirs, briefing=briefing, story=story
        )
        chapter.add_item(style)
        chapters.append(chapter)
        if story.section is None:
            toc.append(chapter)
        elif toc and isinstance(toc[-1], tuple) and toc[-1][0].title == story.section:
            toc[-1][1].append(chapter)
        else:  # a topic section: a level of the table of contents
            toc.append((epub.Section(story.section, chapter.file_name), [chapter]))
    if briefing.failures or briefing.sources_failing:
        chapter = epub.EpubHtml(title="About this briefing", file_name="about.xhtml", lang=language)
        chapter.content = templates.render_template("epub_about.xhtml.j2", dirs, briefing=briefing)
        chapter.add_item(style)
        chapters.append(chapter)
        toc.append(chapter)
    for chapter in chapters:
        book.add_item(chapter)
    book.toc = tuple(toc)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    out = io.BytesIO()
    try:
        epub.write_epub(out, book, {"epub3_pages": False})
    except Exception as exc:  # ebooklib raises bare exceptions of lxml and zipfile
        raise RenderError("epub", f"cannot write the e-book ({type(exc).__name__}: {exc})") from exc
    return out.getvalue()


def book_id(briefing: Briefing) -> str:
    """A stable ``urn:uuid`` for the book of this title and date."""
    digest = hashlib.sha256(f"{briefing.title}\n{briefing.date}".encode()).digest()
    return f"urn:uuid:{uuid.UUID(bytes=digest[:16], version=5)}"
