"""Which characters a PDF draws with a real glyph of an embedded font, and which as boxes.

Text extraction alone cannot tell: WeasyPrint writes a ToUnicode entry even for a
character no font has, so ``extract_text`` returns it while the page shows the
font's ``.notdef`` box. Here every glyph named in a font's ToUnicode map is looked
up in the embedded font program (fontTools): a glyph id past the end of the font,
or a glyph with no outline, is a box. Bitmap colour-emoji fonts have no outlines
(WeasyPrint draws their glyphs as images): in an "Emoji" font none of whose used
glyphs has an outline, a glyph counts when it exists.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


@dataclass
class GlyphReport:
    """Characters drawn with real glyphs, drawn as boxes, and the fonts that drew them."""

    drawn: set[str] = field(default_factory=set)
    boxes: set[str] = field(default_factory=set)
    fonts: set[str] = field(default_factory=set)


def _to_unicode(font: Any) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    data = font["/ToUnicode"].get_object().get_data()
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for gid, text in _BFCHAR.findall(block):
            mapping[int(gid, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return mapping


def _font_program(font: Any) -> TTFont | None:
    descendant = font["/DescendantFonts"][0].get_object()
    descriptor = descendant["/FontDescriptor"].get_object()
    for key in ("/FontFile2", "/FontFile3"):
        if key in descriptor:
            return TTFont(io.BytesIO(descriptor[key].get_object().get_data()))
    return None


def _invisible(text: str) -> bool:
    return all(ch.isspace() or unicodedata.category(ch) in ("Cf", "Mn", "Zs") for ch in text)


def glyph_report(pdf: bytes) -> GlyphReport:
    """Sort every character the PDF's fonts map into ``drawn`` or ``boxes``."""
    report = GlyphReport()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts or {}).values():
            font = ref.get_object()
            if font.get("/Subtype") != "/Type0":
                continue
            report.fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
            program = _font_program(font)
            mapping = _to_unicode(font)
            if program is None:
                report.boxes.update(ch for text in mapping.values() for ch in text)
                continue
            order = program.getGlyphOrder()
            glyph_set = program.getGlyphSet()
            in_range = [order[gid] for gid in mapping if 0 < gid < len(order)]
            bitmap = "Emoji" in str(font["/BaseFont"]) and not any(
                _bounds(glyph_set, name) for name in in_range
            )
            for gid, text in mapping.items():
                real = 0 < gid < len(order) and (bitmap or _bounds(glyph_set, order[gid]))
                if real or (gid < len(order) and _invisible(text)):
                    report.drawn.update(text)
                else:
                    report.boxes.update(text)
    report.boxes -= report.drawn
    return report


def _bounds(glyph_set: Any, name: str) -> bool:
    pen = BoundsPen(glyph_set)
    glyph_set[name].draw(pen)
    return pen.bounds is not None
