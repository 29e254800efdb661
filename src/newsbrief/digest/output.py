"""Output: the day's digest rendered in every configured format, written, and emailed.

``render_outputs`` makes every file in memory (nothing is written yet);
``write_outputs`` writes them atomically; ``email_digest`` sends the digest through
``newsbrief.mail`` with the state file as its ledger. File names come from the
config's title and the day (``output_paths``); ``digest_id`` names the digest in
the state and in the Message-ID of its mail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..deliver import write_atomic
from ..errors import ConfigError
from ..mail.settings import EmailSettings, require_recipients
from ..render import PdfResult, render, render_pdf
from ..render.epub import render_epub
from ..types import Briefing
from .config import DigestConfig
from .fates import LeftOut

if TYPE_CHECKING:
    from ..mail.message import Ledger

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Rendered:
    """Every output of one digest in memory, by path, and the forms the email reuses."""

    files: Mapping[Path, str | bytes]
    html: str
    json: str
    pdf: PdfResult | None


def slug(text: str) -> str:
    """File-name-safe lower-case slug of a title ("Morning briefing" -> "morning-briefing")."""
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value[:60].rstrip("-") or "digest"


def digest_id(config: DigestConfig, day: date) -> str:
    """Stable id of the digest of ``config`` for ``day`` (the mail ledger's key)."""
    return f"{slug(config.title)}:{day.isoformat()}"


def output_paths(config: DigestConfig, day: date, watch: str | None = None) -> dict[str, Path]:
    """Where each configured format of ``day``'s digest (or of its ``watch`` alert) is written."""
    stem = f"{day.isoformat()}-{slug(config.title)}"
    if watch is not None:
        stem += f"-watch-{slug(watch)}"
    return {fmt: config.output_dir / f"{stem}.{fmt}" for fmt in config.formats}


def render_outputs(
    config: DigestConfig,
    day: date,
    briefing: Briefing,
    left_out: Sequence[LeftOut],
    say: Progress,
    watch: str | None = None,
) -> Rendered:
    """Every configured format in memory (the PDF also when the config can email it)."""
    paths = output_paths(config, day, watch)
    say(f"rendering {', '.join(config.formats)}")
    pdf_result = None
    if "pdf" in config.formats or config.email is not None:
        pdf_result = render_pdf(
            briefing, templates_dir=config.templates, page_size=config.page_size
        )
    html = str(render(briefing, "html", templates_dir=config.templates))
    data = digest_json(briefing, left_out)
    files: dict[Path, str | bytes] = {}
    for fmt, path in paths.items():
        if fmt == "pdf" and pdf_result is not None:
            files[path] = pdf_result.data
        elif fmt == "json":
            files[path] = data
        elif fmt == "html":
            files[path] = html
        elif fmt == "epub":
            files[path] = render_epub(briefing, templates_dir=config.templates)
        else:
            files[path] = str(render(briefing, fmt, templates_dir=config.templates))
    return Rendered(files=files, html=html, json=data, pdf=pdf_result)


def digest_json(briefing: Briefing, left_out: Sequence[LeftOut]) -> str:
    """The digest as JSON: the briefing's own JSON shape plus ``left_out``.

    Each story's ``sources`` say which reports had text (``has_text``; a story whose
    sources all lack it is a headline line); a left-out article names the ``story`` it
    belongs to, if any (over ``max_stories``, or briefed on an earlier day), and the
    ``rule`` that blocked it, if one did.
    """
    data: dict[str, object] = json.loads(str(render(briefing, "json")))
    data["left_out"] = [
        {
            "title": x.title,
            "source": x.source,
            "reason": x.reason,
            "url": x.url,
            "story": x.story,
            "rule": x.rule,
        }
        for x in left_out
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_outputs(files: Mapping[Path, str | bytes], say: Progress) -> tuple[Path, ...]:
    """Write every output atomically (temp file + rename), in a stable order."""
    written = tuple(write_atomic(path, data) for path, data in files.items())
    say(f"wrote {len(written)} files")
    return written


def mail_settings(config: DigestConfig) -> EmailSettings:
    """The ``[email]`` settings of ``config``, with a recipient (``ConfigError`` otherwise)."""
    if config.email is None:
        raise ConfigError(str(config.path), "--email needs an [email] table in the config")
    return require_recipients(config.email, str(config.path))


def email_digest(
    config: DigestConfig,
    day: date,
    briefing: Briefing,
    rendered: Rendered,
    settings: EmailSettings,
    ledger: Ledger,
    say: Progress,
    watch: str | None = None,
    key: str | None = None,
) -> tuple[str, ...]:
    """Mail the digest (or a ``watch`` alert, ledger ``key``) to every recipient not yet in
    ``ledger``; returns those mailed now."""
    from ..mail import deliver_briefing
    from ..render import render_text

    say("sending the digest by email")
    pdf_name = output_paths(replace(config, formats=("pdf",)), day, watch)["pdf"].name
    sent = deliver_briefing(
        settings,
        subject=f"{briefing.title} — {day.isoformat()}",
        html=rendered.html,
        text=render_text(briefing, templates_dir=config.templates),
        pdf=rendered.pdf.data if rendered.pdf else None,
        pdf_name=pdf_name,
        ledger=ledger,
        key=key or digest_id(config, day),
        log=say,
    )
    return tuple(sent)
