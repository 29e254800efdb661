"""Render stage: Briefing -> Markdown, HTML, JSON (str) or a one-page PDF (bytes).

STUB (to be replaced by the rendering work).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import RenderError
from .types import Briefing, to_dict

FORMATS = ("md", "html", "json", "pdf")


@dataclass(frozen=True)
class PdfResult:
    """A rendered PDF, the briefing as it fitted on the page, and what was cut."""

    data: bytes
    briefing: Briefing
    omitted: tuple[str, ...] = ()


def render_json(briefing: Briefing) -> str:
    return json.dumps(to_dict(briefing), ensure_ascii=False, indent=2) + "\n"


def render(
    briefing: Briefing,
    fmt: str,
    *,
    templates_dir: str | Path | None = None,
    page_size: str = "A4",
) -> str | bytes:
    """Render ``briefing`` as ``fmt`` (one of FORMATS); PDF comes back as bytes."""
    if fmt == "json":
        return render_json(briefing)
    if fmt == "pdf":
        return render_pdf(briefing, templates_dir=templates_dir, page_size=page_size).data
    if fmt in ("md", "html"):
        lines = [f"# {briefing.title}", ""]
        for story in briefing.stories:
            lines += [f"## {story.headline}", "", *story.summary, ""]
        return "\n".join(lines)
    raise RenderError(fmt, f"unknown format; choose from {', '.join(FORMATS)}")


def render_pdf(
    briefing: Briefing, *, templates_dir: str | Path | None = None, page_size: str = "A4"
) -> PdfResult:
    from weasyprint import HTML

    html = str(render(briefing, "html"))
    return PdfResult(data=HTML(string=html).write_pdf() or b"", briefing=briefing)
