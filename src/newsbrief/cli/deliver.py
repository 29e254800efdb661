"""Delivery commands: ``send`` (mail a PDF or EPUB now) and ``schedule`` (digest on its cron)."""

from __future__ import annotations

import hashlib
import html as html_lib
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from ..errors import DeliveryError, LoadError
from ..mail import (
    MAX_ATTACHMENT_BYTES,
    check_address,
    deliver_briefing,
    header_text,
    load_email_settings,
    unique_addresses,
)
from ._common import ConfigOpt, TracebackOpt, app, errors_as_exit, warn


def _read_attachment(path: Path) -> bytes:
    """A PDF or an EPUB (a zip whose first entry is the stored ``mimetype``) to mail."""
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise LoadError(str(path), f"larger than {MAX_ATTACHMENT_BYTES} bytes; too big to mail")
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(str(path), "file not found") from None
    except IsADirectoryError:
        raise LoadError(str(path), "is a folder, not a PDF or EPUB") from None
    except OSError as exc:
        raise LoadError(str(path), exc.strerror or str(exc)) from None
    if not data.startswith(b"%PDF-") and not is_epub(data):
        raise LoadError(str(path), "not a PDF or EPUB file")
    return data


def is_epub(data: bytes) -> bool:
    """An EPUB's container: a zip whose first entry is ``mimetype``, stored, of the EPUB type."""
    return (
        data.startswith(b"PK\x03\x04")
        and data[30:38] == b"mimetype"
        and data[38:58] == b"application/epub+zip"
    )


def _sibling_text(pdf: Path, suffix: str) -> str | None:
    """The ``.html`` / ``.md`` that ``brief -f pdf -f html -f md`` wrote beside the PDF."""
    sibling = pdf.with_suffix(suffix)
    try:
        if sibling.is_file() and sibling.stat().st_size <= MAX_ATTACHMENT_BYTES:
            return sibling.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _bodies(pdf: Path, subject: str) -> tuple[str, str]:
    """HTML and plain-text bodies: the sibling renderings when present, else a short note."""
    note = f"{subject}\n\nThe briefing is attached as {pdf.name}.\n"
    text = _sibling_text(pdf, ".md") or _sibling_text(pdf, ".txt") or note
    html = _sibling_text(pdf, ".html")
    if html is None:
        html = (
            f"<html><body><h1>{html_lib.escape(subject)}</h1>"
            f"<p>The briefing is attached as <b>{html_lib.escape(pdf.name)}</b>.</p></body></html>"
        )
    return html, text


def _recipients(to: list[str] | None) -> tuple[str, ...] | None:
    if not to:
        return None
    try:
        return unique_addresses(check_address(a, "--to") for a in to)
    except DeliveryError as exc:
        raise typer.BadParameter(exc.message, param_hint="--to") from None


@app.command()
def send(
    pdf: Annotated[
        Path,
        typer.Argument(
            help="The PDF or EPUB to mail (e.g. outputs/briefing.pdf, outputs/briefing.epub)."
        ),
    ],
    config: ConfigOpt,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to", help="Recipient; repeat for several. Default: the config's email to list."
        ),
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option("--subject", "-s", help="Subject line. Default: the file name."),
    ] = None,
    traceback: TracebackOpt = False,
) -> None:
    """Mail one PDF or EPUB now, with the email settings of a digest config.

    An EPUB (`brief -f epub`, or a digest with "epub" in formats) can go to an e-reader's
    mail-in address, e.g. --to name@kindle.com (the reader's service must accept the sender).

    The body is the HTML (and Markdown) file of the same name next to the PDF when there is one, as `brief -f pdf -f html -f md -o outputs/briefing` writes them.

    One-off: no ledger, so running it again mails again. Prints each recipient mailed, one per line. Credentials come only from the environment variables the config names.
    """  # noqa: E501
    recipients = _recipients(to)
    with errors_as_exit(traceback):
        settings = load_email_settings(config, require_to=recipients is None)
        if recipients is not None:
            settings = replace(settings, to=recipients)
        data = _read_attachment(pdf)
        title = header_text(subject) if subject else f"Briefing: {pdf.name}"
        html, text = _bodies(pdf, title)
        sent = deliver_briefing(
            settings,
            subject=title,
            html=html,
            text=text,
            pdf=data,
            pdf_name=pdf.name,
            ledger=None,
            key=f"send:{hashlib.sha256(data).hexdigest()}",
            log=warn,
        )
    for address in sent:
        print(address)


@app.command()
def schedule(
    config: ConfigOpt,
    traceback: TracebackOpt = False,
) -> None:
    """Run the digest (and mail it when the config has an email table) on its `schedule` cron line.

    Runs in the foreground in the config's timezone, logs one line per run on stderr, and stops cleanly on Ctrl-C or SIGTERM.

    Catch-up: a run missed while the machine slept is made up on waking (within 12 hours); on start, today's run is made up if its time has passed and this scheduler has not completed it. A failed run is retried after 15, 30, 60 and 120 minutes. A run that finds another digest run holding the lock is skipped.
    """  # noqa: E501
    from ..schedule import run_schedule_from_config

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    logger = logging.getLogger("newsbrief.schedule")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        with errors_as_exit(traceback):
            code = run_schedule_from_config(config)
    finally:
        logger.removeHandler(handler)
    raise typer.Exit(code)
