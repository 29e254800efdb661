"""Render stage: Briefing -> Markdown, HTML, JSON or plain text (str), or a one-page PDF (bytes).

Every format starts from ``text.sanitize(briefing)`` (control characters, ANSI and
bidi overrides stripped, titles clipped). Markdown/HTML/text come from the Jinja
templates (``templates.py``); the PDF is WeasyPrint over the HTML template with a
fetcher that loads nothing but template assets (``fetcher.py``), fitted to exactly
one page (``fit.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import RenderError
from ..types import Briefing, to_dict
from . import fit, templates
from .fetcher import TemplateAssetFetcher
from .text import sanitize

FORMATS = ("md", "html", "json", "pdf")

#: Page sizes: CSS ``size`` value, width and height in CSS pixels.
PAGE_SIZES: dict[str, tuple[str, float, float]] = {
    "a4": ("A4", 210 / 25.4 * 96, 297 / 25.4 * 96),
    "letter": ("letter", 8.5 * 96, 11 * 96),
}
#: Share of the page height the first layout is filled to, by estimate (margins, masthead
#: and the estimates' slight optimism make the real share smaller).
ESTIMATE_CAPACITY = 0.9
#: Safety margin under the page's content bottom, in CSS pixels.
FIT_SLACK_PX = 2.0
#: Passes allowed to correct a final page that still overflows.
MAX_CORRECTIONS = 3


@dataclass(frozen=True)
class PdfResult:
    """A rendered PDF, the briefing as it fitted on the page, and what was cut."""

    data: bytes
    briefing: Briefing
    omitted: tuple[str, ...] = ()


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
    if fmt == "md":
        return render_markdown(briefing, templates_dir=templates_dir)
    if fmt == "html":
        return render_html(briefing, templates_dir=templates_dir)
    if fmt == "pdf":
        return render_pdf(briefing, templates_dir=templates_dir, page_size=page_size).data
    raise RenderError(fmt, f"unknown format; choose from {', '.join(FORMATS)}")


def render_json(briefing: Briefing) -> str:
    """The briefing as JSON: ``dataclasses.asdict`` of the sanitised Briefing."""
    return json.dumps(to_dict(sanitize(briefing)), ensure_ascii=False, indent=2) + "\n"


def render_markdown(briefing: Briefing, *, templates_dir: str | Path | None = None) -> str:
    """The briefing as Markdown (every article string escaped to inert text)."""
    dirs = templates.template_dirs(templates_dir)
    return templates.render_template("briefing.md.j2", dirs, briefing=sanitize(briefing))


def render_text(briefing: Briefing, *, templates_dir: str | Path | None = None) -> str:
    """The briefing as plain text (``email.txt.j2``), e.g. the text part of an email."""
    dirs = templates.template_dirs(templates_dir)
    return templates.render_template("email.txt.j2", dirs, briefing=sanitize(briefing))


def render_html(briefing: Briefing, *, templates_dir: str | Path | None = None) -> str:
    """The briefing as a standalone HTML page (CSS inlined, every article string escaped)."""
    dirs = templates.template_dirs(templates_dir)
    return _html(sanitize(briefing), dirs, pdf=False)


def _html(
    briefing: Briefing,
    dirs: tuple[Path, ...],
    *,
    pdf: bool,
    page_css: str = "",
    note: tuple[str, ...] | list[str] = (),
) -> str:
    return templates.render_template(
        "briefing.html.j2",
        dirs,
        briefing=briefing,
        css=templates.stylesheet(dirs),
        pdf=pdf,
        page_css=Markup(page_css),
        note=list(note),
    )


def _page(page_size: str) -> tuple[str, float, float]:
    try:
        return PAGE_SIZES[page_size.strip().lower()]
    except KeyError:
        raise RenderError(page_size, "unknown page size; choose from A4, letter") from None


def _layout(html: str, dirs: tuple[Path, ...]) -> Any:
    """Lay out ``html`` with WeasyPrint, fetching nothing but template assets."""
    from weasyprint import HTML

    try:
        return HTML(
            string=html, base_url=dirs[0].as_uri() + "/", url_fetcher=TemplateAssetFetcher(dirs)
        ).render()
    except RecursionError as exc:
        raise RenderError("PDF", "layout too deeply nested") from exc
    except Exception as exc:  # WeasyPrint raises many kinds; the user needs one line
        raise RenderError("PDF", f"WeasyPrint failed: {type(exc).__name__}: {exc}") from exc


def render_pdf(
    briefing: Briefing, *, templates_dir: str | Path | None = None, page_size: str = "A4"
) -> PdfResult:
    """A one-page PDF: the lowest-ranked content is cut until the briefing fits.

    ``PdfResult.briefing`` is the briefing as printed and ``omitted`` says what was
    left out (also appended to ``briefing.omitted``).
    """
    outcome = layout_pdf(briefing, templates_dir=templates_dir, page_size=page_size)
    try:
        data = outcome.document.write_pdf()
    except Exception as exc:
        raise RenderError("PDF", f"WeasyPrint failed: {type(exc).__name__}: {exc}") from exc
    return PdfResult(data=data or b"", briefing=outcome.briefing, omitted=outcome.omitted)


@dataclass(frozen=True)
class FitOutcome:
    """The fitted one-page layout: the briefing as shown, the cuts, the final HTML and layout."""

    briefing: Briefing
    omitted: tuple[str, ...]
    html: str
    document: Any
    layouts: int


def layout_pdf(
    briefing: Briefing, *, templates_dir: str | Path | None = None, page_size: str = "A4"
) -> FitOutcome:
    """Fit ``briefing`` on one page and lay it out (``render_pdf`` minus writing the bytes)."""
    css_size, width, height = _page(page_size)
    dirs = templates.template_dirs(templates_dir)
    return _fit(sanitize(briefing), dirs, css_size, width, height)


def _fit(
    briefing: Briefing, dirs: tuple[Path, ...], css_size: str, width: float, height: float
) -> FitOutcome:
    page_css = f"@page {{ size: {css_size}; }}"
    stories = briefing.stories
    units = fit.units_by_priority(stories)
    everything = fit.Plan.from_units(stories, units)

    def attempt(kept: list[fit.Unit]) -> tuple[Briefing, tuple[str, ...], str, Any]:
        plan = fit.Plan.from_units(stories, kept)
        omitted = tuple(fit.describe_cuts(stories, plan)) if plan != everything else ()
        fitted = fit.apply(briefing, plan, omitted)
        html = _html(fitted, dirs, pdf=True, page_css=page_css, note=fit.page_note(briefing, plan))
        return fitted, omitted, html, _layout(html, dirs)

    # 1. Lay out (a little more than) what can fit, on the real page: often that is the answer.
    estimate = fit.Estimate(content_width_pt=width / fit.PX_PER_PT - 80)
    capacity = height * ESTIMATE_CAPACITY
    candidates = fit.estimate_plan(stories, units, estimate, capacity_px=capacity)
    fitted, omitted, html, document = attempt(candidates)
    layouts = 1
    if len(document.pages) == 1 and len(candidates) == len(units):
        return FitOutcome(fitted, omitted, html, document, layouts)

    # 2. Read every unit's height off that layout (summing fragments across pages) and
    #    choose, by arithmetic, what fits in the first page's content height.
    boxes = fit.fragment_heights([page._page_box for page in document.pages], stories)
    if "story-0" not in boxes:
        return _fit_blind(briefing, dirs, page_css)
    first = document.pages[0]._page_box
    content_bottom = first.content_box_y() + first.height
    heights = _unit_heights(candidates, boxes)
    kept = fit.choose(units, heights.get, content_bottom - boxes["story-0"][0] - FIT_SLACK_PX)
    if len(document.pages) == 1 and set(kept) == set(candidates):
        return FitOutcome(fitted, omitted, html, document, layouts)

    # 3. The final layout (plus a correction pass should it still overflow).
    for _ in range(MAX_CORRECTIONS + 1):
        fitted, omitted, html, document = attempt(kept)
        layouts += 1
        if len(document.pages) == 1:
            return FitOutcome(fitted, omitted, html, document, layouts)
        kept = _shed(kept, heights, _overflow(document))
    raise RenderError("PDF", "the briefing does not fit on one page")


def _unit_heights(
    candidates: list[fit.Unit], boxes: dict[str, tuple[float, float]]
) -> dict[fit.Unit, float]:
    """Measured height of each laid-out unit; a base is its story minus its other units."""
    heights: dict[fit.Unit, float] = {}
    parts: dict[int, float] = {}
    for unit in candidates:
        ident = fit.element_id(unit)
        if unit.kind != "base" and ident in boxes:
            heights[unit] = boxes[ident][1]
            parts[unit.story] = parts.get(unit.story, 0.0) + boxes[ident][1]
    for unit in candidates:
        ident = fit.element_id(unit)
        if unit.kind == "base" and ident in boxes:
            heights[unit] = boxes[ident][1] - parts.get(unit.story, 0.0)
    return heights


def _overflow(document: Any) -> float:
    """How much content spilled past the first page, in CSS pixels (at least one line)."""
    spill = 0.0
    for page in document.pages[1:]:
        root = page._page_box.children[0] if page._page_box.children else None
        spill += float(root.margin_height()) if root is not None else 0.0
    return max(spill, 12.0)


def _shed(kept: list[fit.Unit], heights: dict[fit.Unit, float], overflow: float) -> list[fit.Unit]:
    """Drop the least important kept units until at least ``overflow`` pixels are freed."""
    kept = list(kept)
    freed = 0.0
    while len(kept) > 1 and freed < overflow:
        freed += heights.get(kept.pop(), 0.0)
    return kept


def _fit_blind(briefing: Briefing, dirs: tuple[Path, ...], page_css: str) -> FitOutcome:
    """Fit for a user template without the ids the measurement needs: drop whole stories."""
    stories = briefing.stories
    keep = len(stories)
    for attempt in range(1, 9):
        plan = fit.Plan(
            tuple((len(s.summary) or 1) if i < keep else 0 for i, s in enumerate(stories)),
            tuple(i < keep for i in range(len(stories))),
        )
        omitted = tuple(fit.describe_cuts(stories, plan))
        fitted = fit.apply(briefing, plan, omitted)
        html = _html(fitted, dirs, pdf=True, page_css=page_css, note=fit.page_note(briefing, plan))
        document = _layout(html, dirs)
        pages = len(document.pages)
        if pages == 1:
            return FitOutcome(fitted, omitted, html, document, attempt + 1)
        if keep <= 1:
            break
        keep = max(1, min(keep - 1, int(keep / pages)))
    raise RenderError("PDF", "the briefing does not fit on one page (template lacks fit ids)")


__all__ = [
    "FORMATS",
    "PAGE_SIZES",
    "FitOutcome",
    "PdfResult",
    "layout_pdf",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
    "render_text",
]
