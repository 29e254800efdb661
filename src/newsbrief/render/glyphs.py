"""Characters a PDF can only print as empty boxes, because no installed font has them.

Every line of text is shaped by Pango into glyphs; a character no font covers
comes back as an "unknown" glyph (``PANGO_GLYPH_UNKNOWN_FLAG`` plus the code
point), which WeasyPrint draws as the font's ``.notdef`` box and logs as a
warning. ``NotdefWarnings`` collects those warnings while the PDF is written (free);
only when there are some does ``missing_characters`` walk the page's boxes,
re-shaping each line, to find the ``story-N`` element each character is in, so
the CLI can name the characters and the story on stderr.

This reads WeasyPrint's box tree and Pango layouts, like ``fit.fragment_heights``;
if those internals change, it finds nothing rather than fail the render.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import Any

from ..types import Briefing

_STORY_ID = re.compile(r"story-(\d+)")
_NOTDEF = ".notdef glyph rendered"


class NotdefWarnings(logging.Handler):
    """While active, counts WeasyPrint's ".notdef glyph rendered" warnings of this thread."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self._thread = threading.get_ident()
        self._logger = logging.getLogger("weasyprint")

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self._thread and str(record.msg).startswith(_NOTDEF):
            self.count += 1

    def __enter__(self) -> NotdefWarnings:
        self._logger.addHandler(self)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._logger.removeHandler(self)


def missing_characters(page_boxes: Iterable[Any]) -> dict[int | None, str]:
    """``story index -> characters printed as boxes`` (None: outside any story).

    Characters are in order of first appearance, each once.
    """
    try:
        from weasyprint.text.ffi import ffi, pango
    except ImportError:  # pragma: no cover - WeasyPrint is a dependency
        return {}
    found: dict[int | None, dict[str, None]] = {}
    stack: list[tuple[Any, int | None]] = [(box, None) for box in page_boxes]
    try:
        unknown_flag = int(pango.PANGO_GLYPH_UNKNOWN_FLAG)
        while stack:
            box, story = stack.pop()
            element = getattr(box, "element", None)
            ident = element.get("id") if element is not None else None
            match = _STORY_ID.fullmatch(ident) if isinstance(ident, str) else None
            if match:
                story = int(match.group(1))
            layout = getattr(box, "pango_layout", None)
            if layout is not None:
                layout.reactivate(box.style)  # layouts are released after layout; re-shape
                try:
                    for char in _unknown_glyphs(layout, ffi, unknown_flag):
                        found.setdefault(story, {})[char] = None
                finally:
                    layout.deactivate()
            children = getattr(box, "children", None) or ()
            stack.extend((child, story) for child in reversed(list(children)))
    except (AttributeError, TypeError):  # WeasyPrint internals changed: report nothing
        return {}
    return {story: "".join(chars) for story, chars in found.items()}


def _unknown_glyphs(layout: Any, ffi: Any, unknown_flag: int) -> list[str]:
    line, _ = layout.get_first_line()
    chars: list[str] = []
    run = line.runs
    while run != ffi.NULL:
        glyphs = run.data.glyphs
        for i in range(glyphs.num_glyphs):
            glyph = int(glyphs.glyphs[i].glyph)
            if glyph & unknown_flag:
                code = glyph - unknown_flag
                if 0x20 < code < 0x110000:
                    chars.append(chr(code))
        run = run.next
    return chars


def describe_missing(missing: dict[int | None, str], briefing: Briefing) -> tuple[str, ...]:
    """One line per story: the characters (with code points) and the story's headline."""
    lines: list[str] = []
    stories: Sequence[Any] = briefing.stories
    for story, chars in sorted(missing.items(), key=lambda item: (item[0] is None, item[0] or 0)):
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in chars[:12])
        if len(chars) > 12:
            shown += f" and {len(chars) - 12} more"
        if story is not None and story < len(stories):
            where = f"story '{stories[story].headline}'"
        else:
            where = "the page's title or footer"
        lines.append(f"{shown} in {where}")
    return tuple(lines)
