"""Where templates come from and the one Jinja environment that renders them.

Resolution order: a user ``templates_dir`` (only the files it holds; the rest fall
back), then the packaged ``newsbrief/templates`` (installed wheel), then the
repository's top-level ``templates/`` (source or editable checkout).

Autoescaping is decided by us, not by the last file suffix: every template is
HTML-escaped unless its name says Markdown or plain text (``.md``/``.txt`` before
an optional ``.j2``). Undefined names fail loudly (``StrictUndefined``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..errors import RenderError
from ..language import main_language, text_direction
from ..types import Briefing
from . import text

#: Suffixes (before an optional ``.j2``) of templates rendered without HTML escaping.
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text"})
#: The stylesheet inlined into HTML output (so WeasyPrint needs to fetch nothing).
CSS_NAME = "briefing.css"


def builtin_dir() -> Path:
    """The built-in templates folder: packaged copy first, then the repository's."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent.parent / "templates"):
        if (candidate / "briefing.html.j2").is_file():
            return candidate
    raise RenderError("templates", "built-in templates not found (broken installation)")


def template_dirs(templates_dir: str | Path | None) -> tuple[Path, ...]:
    """The folders searched, user override first."""
    dirs: list[Path] = []
    if templates_dir is not None:
        user = Path(templates_dir).expanduser()
        if not user.is_dir():
            raise RenderError(str(templates_dir), "templates folder not found")
        dirs.append(user.resolve())
    dirs.append(builtin_dir())
    return tuple(dirs)


def autoescape(name: str | None) -> bool:
    """HTML-escape every template except those named ``*.md[.j2]`` or ``*.txt[.j2]``."""
    if name is None:
        return True
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".j2":
        suffixes.pop()
    return not (suffixes and suffixes[-1] in TEXT_SUFFIXES)


@lru_cache(maxsize=8)
def environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    """The Jinja environment for these folders (cached: one per template set)."""
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in dirs])
    env = jinja2.Environment(
        loader=loader,
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        md=text.md_escape,
        md_url=text.md_url,
        http_url=text.http_url,
        human_date=text.human_date,
        weekday_date=text.weekday_date,
        iso_date=text.iso_date,
        fact_label=text.fact_label,
        facts_row=text.facts_row,
        quote_text=text.quote_text,
        clip_line=text.clip_line,
        listed_headline=text.listed_headline,
        timestamp=text.timestamp,
        page_language=page_language,
        section_label=section_label,
        text_direction=text_direction,
    )
    return env


def page_language(briefing: Briefing) -> str:
    """The page's ``lang``: the most common language of its stories (``en`` if none is known)."""
    return main_language(story.language for story in briefing.stories)


def section_label(briefing: Briefing, index: int) -> str | None:
    """The topic section to name above story ``index``: its section when it is the first
    story told (with a summary) of that section, else None."""
    story = briefing.stories[index]
    if story.section is None or not story.summary:
        return None
    first = next(
        i for i, s in enumerate(briefing.stories) if s.section == story.section and s.summary
    )
    return story.section if first == index else None


def stylesheet(dirs: tuple[Path, ...]) -> Markup:
    """The CSS to inline in a ``<style>`` element; refuses text that could close the element."""
    env = environment(dirs)
    try:
        source, filename, _ = env.loader.get_source(env, CSS_NAME)  # type: ignore[union-attr]
    except jinja2.TemplateNotFound as exc:
        raise RenderError(CSS_NAME, "stylesheet not found") from exc
    if "</" in source or "<!--" in source:
        raise RenderError(filename or CSS_NAME, "stylesheet must not contain '</' or '<!--'")
    return Markup(source)


def render_template(name: str, dirs: tuple[Path, ...], **context: Any) -> str:
    """Render one template; any template problem becomes a one-line RenderError."""
    env = environment(dirs)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name or name}, line {exc.lineno}"
        raise RenderError(where, f"template syntax error: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise RenderError(str(exc.name or name), "template not found") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(name, f"template error: {exc}") from exc
