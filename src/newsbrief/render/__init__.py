"""Render stage: Briefing -> Markdown, HTML, JSON or text (str), a one-page PDF or an EPUB (bytes).

Every format starts from ``text.sanitize(briefing)`` (control characters, ANSI and
bidi overrides stripped, titles clipped). Markdown/HTML/text come from the Jinja
templates (``templates.py``); the PDF is WeasyPrint over the HTML template with a
fetcher that loads nothing but template assets (``fetcher.py``), fitted to exactly
one page (``fit.py``); the EPUB is ebooklib over one template per story (``epub.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup

from ..errors import RenderError
from ..facts.box import box_facts
from ..types import Briefing, to_dict
from . import fit, glyphs, templates
from .fetcher import TemplateAssetFetcher
from .text import sanitize

FORMATS = ("md", "html", "json", "pdf", "epub")

#: Page sizes: CSS ``size`` value, width and height in CSS pixels.
PAGE_SIZES: dict[str, tuple[str, float, float]] = {
    "a4": ("A4", 210 / 25.4 * 96, 297 / 25.4 * 96),
    "letter": ("letter", 8.5 * 96, 11 * 96),
}
#: The stories' area as a share of the page height, before the first layout measures it.
ESTIMATE_CAPACITY = 0.85
#: A measuring layout holds what estimates say fits in this many times the stories' area:
#: enough that it overflows and measures every unit the page can take even when the
#: estimates run low, little enough to cost about one more page layout.
OVERFILL = 1.15
#: Units not measured yet join the second layout when their scaled estimates, this much
#: taller, fit the room left (erring tall keeps a third layout rare).
UNKNOWN_MARGIN = 1.1
#: Average character width of an "Also in the news" line, in ems of its 7.4pt type, erring
#: wide (capitals): how many characters a line holds in the PDF.
LINE_CHAR_EM = 0.55
LINE_PT = 7.4
#: Safety margin under the page's content bottom, in CSS pixels.
FIT_SLACK_PX = 2.0
#: Layouts the fit may use before giving up (normally one or two).
MAX_LAYOUTS = 5


@dataclass(frozen=True)
class PdfResult:
    """A rendered PDF, the briefing as it fitted on the page, and what was cut.

    ``missing_glyphs`` names characters no installed font has (printed as empty boxes),
    one line per story: ``"𖬀 (U+16B00) in story 'X'"``.
    """

    data: bytes
    briefing: Briefing
    omitted: tuple[str, ...] = ()
    missing_glyphs: tuple[str, ...] = ()


def render(
    briefing: Briefing,
    fmt: str,
    *,
    templates_dir: str | Path | None = None,
    page_size: str = "A4",
) -> str | bytes:
    """Render ``briefing`` as ``fmt`` (one of FORMATS); PDF and EPUB come back as bytes."""
    if fmt == "json":
        return render_json(briefing)
    if fmt == "md":
        return render_markdown(briefing, templates_dir=templates_dir)
    if fmt == "html":
        return render_html(briefing, templates_dir=templates_dir)
    if fmt == "pdf":
        return render_pdf(briefing, templates_dir=templates_dir, page_size=page_size).data
    if fmt == "epub":
        from .epub import render_epub

        return render_epub(briefing, templates_dir=templates_dir)
    raise RenderError(fmt, f"unknown format; choose from {', '.join(FORMATS)}")


def reader_view(briefing: Briefing) -> Briefing:
    """The briefing as a reader sees it: each key-facts box holds ``facts.box_facts`` only.

    Every page format (Markdown, text, HTML, PDF) renders this; JSON keeps all facts.
    """
    stories = tuple(replace(s, facts=box_facts(s.facts)) for s in briefing.stories)
    return replace(briefing, stories=stories)


def render_json(briefing: Briefing) -> str:
    """The briefing as JSON: ``dataclasses.asdict`` of the sanitised Briefing."""
    return json.dumps(to_dict(sanitize(briefing)), ensure_ascii=False, indent=2) + "\n"


def render_markdown(briefing: Briefing, *, templates_dir: str | Path | None = None) -> str:
    """The briefing as Markdown (every article string escaped to inert text)."""
    dirs = templates.template_dirs(templates_dir)
    briefing = sanitize(reader_view(briefing))
    return templates.render_template("briefing.md.j2", dirs, briefing=briefing)


def render_text(briefing: Briefing, *, templates_dir: str | Path | None = None) -> str:
    """The briefing as plain text (``email.txt.j2``), e.g. the text part of an email."""
    dirs = templates.template_dirs(templates_dir)
    briefing = sanitize(reader_view(briefing))
    return templates.render_template("email.txt.j2", dirs, briefing=briefing)


def render_html(briefing: Briefing, *, templates_dir: str | Path | None = None) -> str:
    """The briefing as a standalone HTML page (CSS inlined, every article string escaped)."""
    dirs = templates.template_dirs(templates_dir)
    return _html(sanitize(reader_view(briefing)), dirs, pdf=False)


def _html(
    briefing: Briefing,
    dirs: tuple[Path, ...],
    *,
    pdf: bool,
    page_css: str = "",
    note: tuple[str, ...] | list[str] = (),
    line_chars: int | None = None,
) -> str:
    return templates.render_template(
        "briefing.html.j2",
        dirs,
        briefing=briefing,
        css=templates.stylesheet(dirs),
        pdf=pdf,
        page_css=Markup(page_css),
        note=list(note),
        line_chars=line_chars,
    )


def _page(page_size: str) -> tuple[str, float, float]:
    try:
        return PAGE_SIZES[page_size.strip().lower()]
    except KeyError:
        raise RenderError(page_size, "unknown page size; choose from A4, letter") from None


def _layout(
    html: str, dirs: tuple[Path, ...], font_config: Any = None, stylesheet: Any = None
) -> Any:
    """Lay out ``html`` with WeasyPrint, fetching nothing but template assets.

    ``stylesheet`` (a parsed ``weasyprint.CSS``) is applied to the page; the fit passes
    the template's stylesheet parsed once, with the HTML's inlined copy taken out.
    """
    from weasyprint import HTML

    try:
        return HTML(
            string=html, base_url=dirs[0].as_uri() + "/", url_fetcher=TemplateAssetFetcher(dirs)
        ).render(font_config=font_config, stylesheets=[stylesheet] if stylesheet else None)
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
        with glyphs.NotdefWarnings() as notdefs:
            data = outcome.document.write_pdf()
    except Exception as exc:
        raise RenderError("PDF", f"WeasyPrint failed: {type(exc).__name__}: {exc}") from exc
    missing: dict[int | None, str] = {}
    if notdefs.count:  # only then: find which stories the boxes are in
        missing = glyphs.missing_characters(page._page_box for page in outcome.document.pages)
    return PdfResult(
        data=data or b"",
        briefing=outcome.briefing,
        omitted=outcome.omitted,
        missing_glyphs=glyphs.describe_missing(missing, outcome.briefing),
    )


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
    return _fit(sanitize(reader_view(briefing)), dirs, css_size, width, height)


def _fit(
    briefing: Briefing, dirs: tuple[Path, ...], css_size: str, width: float, height: float
) -> FitOutcome:
    """Measure, then choose by arithmetic: normally two layouts, the second final.

    The first layout holds a little more than estimates say fits (``OVERFILL``), so it
    normally overflows the page and measures every unit the page could take
    (``fit.fragment_heights``). The second is chosen on those measured heights; units the
    first did not hold but that the estimates (scaled by how far off they were, plus
    ``UNKNOWN_MARGIN``) say fit in the room left are taken too. If that second layout
    fits, it is the answer; if it overflows, a third is chosen on measured heights only,
    which fits (should a measurement still be short, again with a smaller budget).
    """
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()  # shared by the layouts of this one fit
    page_css = f"@page {{ size: {css_size}; }}"
    lay_out = _layout_with_parsed_css(dirs, fonts)
    stories = briefing.stories
    everything = fit.Plan.everything(stories)
    estimate = fit.Estimate(content_width_pt=width / fit.PX_PER_PT - 80)
    chars = int(estimate.content_width_pt / (LINE_CHAR_EM * LINE_PT))
    measured: dict[fit.Unit, float] = {}
    budget = height * ESTIMATE_CAPACITY  # until the first layout measures the real one
    kept = fit.choose(stories, _heights(measured, estimate, stories), budget * OVERFILL)
    step: Literal["measure", "mixed", "final"] = "measure"
    shrink = 0.0
    for layouts in range(1, MAX_LAYOUTS + 1):
        plan = fit.Plan.from_units(stories, kept)
        omitted = tuple(fit.describe_cuts(stories, plan, chars)) if plan != everything else ()
        fitted = fit.apply(briefing, plan, omitted)
        note = fit.page_note(briefing, plan)
        html = _html(fitted, dirs, pdf=True, page_css=page_css, note=note, line_chars=chars)
        document = lay_out(html)
        one_page = len(document.pages) == 1
        outcome = FitOutcome(fitted, omitted, html, document, layouts)
        if one_page and (step != "measure" or plan == everything):
            return outcome
        boxes = fit.fragment_heights([page._page_box for page in document.pages], stories)
        if fit.FLOW_ID not in boxes:
            return outcome if one_page else _fit_blind(briefing, dirs, page_css)
        first = document.pages[0]._page_box
        room = first.content_box_y() + first.height - boxes[fit.FLOW_ID][0] - FIT_SLACK_PX
        if step == "final":  # overflowed after all: the measured heights were a little short
            shrink += max(4.0, boxes[fit.FLOW_ID][1] - room)
        budget = room - shrink
        measured.update(fit.unit_heights(kept, boxes))
        known = _known(measured, estimate, stories)
        if step == "measure":
            heights = _heights(measured, estimate, stories, margin=UNKNOWN_MARGIN)
            kept = fit.choose(stories, heights, budget)
            if one_page and fit.Plan.from_units(stories, kept) == plan:
                return outcome  # it held less than the estimates meant, but all that fits
            step = "final" if all(known(unit) is not None for unit in kept) else "mixed"
        else:  # a layout chosen partly on estimates overflowed: measured heights only
            kept = fit.choose(stories, known, budget)
            step = "final"
    raise RenderError("PDF", "the briefing does not fit on one page")


def _layout_with_parsed_css(dirs: tuple[Path, ...], fonts: Any) -> Callable[[str], Any]:
    """``_layout`` for the fit's layouts: the template stylesheet is parsed once (as a user
    stylesheet, under the page's own ``<style>`` rules such as the page size) instead of
    once per layout. A template that does not inline ``css`` is laid out as it is."""
    from weasyprint import CSS

    css = str(templates.stylesheet(dirs))
    parsed: list[Any] = []

    def lay_out(html: str) -> Any:
        if not css.strip() or css not in html:
            return _layout(html, dirs, fonts)
        if not parsed:
            fetcher = TemplateAssetFetcher(dirs)
            base = dirs[0].as_uri() + "/"
            parsed.append(CSS(string=css, base_url=base, url_fetcher=fetcher, font_config=fonts))
        return _layout(html.replace(css, "", 1), dirs, fonts, parsed[0])

    return lay_out


def _line_height(measured: dict[fit.Unit, float]) -> float | None:
    """The height of a list line: every line is one line of text, so any measured one."""
    return max((h for u, h in measured.items() if u.kind == "line"), default=None)


def _known(measured: dict[fit.Unit, float], estimate: fit.Estimate, stories: Any) -> fit.Heights:
    """Measured heights only: a story's parts are known once laid out. Every list line is
    one line, so any measured one gives them all; when none was laid out (the measuring
    layout told every story), the list's line and heading are estimated from the type
    size (should that run short, the final layout overflows and is chosen again)."""
    line = _line_height(measured)

    def height(unit: fit.Unit) -> float | None:
        if unit in measured:
            return measured[unit]
        if unit.kind == "line":
            return line if line is not None else estimate.height_px(unit, stories)
        if unit.kind == "also" and line is None:
            return estimate.height_px(unit, stories)
        return None

    return height


def _heights(
    measured: dict[fit.Unit, float], estimate: fit.Estimate, stories: Any, margin: float = 1.0
) -> fit.Heights:
    """Measured heights, and for units not laid out yet estimates scaled by how far off the
    estimates of that kind of unit were (of all kinds, for a kind not measured yet), times
    ``margin``."""
    real: dict[str, float] = {}
    guessed: dict[str, float] = {}
    for unit, value in measured.items():
        real[unit.kind] = real.get(unit.kind, 0.0) + value
        guessed[unit.kind] = guessed.get(unit.kind, 0.0) + estimate.height_px(unit, stories)
    total = sum(guessed.values())
    overall = sum(real.values()) / total if total else 1.0
    scale = {kind: real[kind] / guessed[kind] if guessed[kind] else overall for kind in real}
    known = _known(measured, estimate, stories)

    def height(unit: fit.Unit) -> float:
        value = known(unit)
        if value is not None:
            return value
        factor = min(2.0, max(0.5, scale.get(unit.kind, overall)))
        return estimate.height_px(unit, stories) * factor * margin

    return height


def _fit_blind(briefing: Briefing, dirs: tuple[Path, ...], page_css: str) -> FitOutcome:
    """Fit for a user template without the ids the measurement needs: drop whole stories."""
    stories = briefing.stories
    keep = len(stories)
    for attempt in range(1, 9):
        plan = fit.Plan(
            tuple(len(s.summary) if i < keep else fit.LEFT_OUT for i, s in enumerate(stories)),
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
