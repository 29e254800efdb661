"""One mail message per recipient, and its Message-ID.

``build_message`` makes the mail: plain text with an HTML alternative and the PDF
attached, every header a single clean line. ``message_id_for`` derives the
Message-ID from what is sent (RFC 5322 §3.6.4): the ledger's id, the mail's key
(the digest id) and the recipient, so a copy resent after a crash is the same
message, which servers and mail clients drop.
"""

from __future__ import annotations

import hashlib
import re
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Protocol

from .settings import EmailSettings, addr_spec
from .text import encodable, header_text, safe_filename


class Ledger(Protocol):
    """Where accepted messages are recorded (``newsbrief.state.State`` is one).

    ``instance`` is a stable random id of the ledger; it keeps the Message-IDs of two
    digests with the same title and day (two state files) apart.
    """

    @property
    def instance(self) -> str: ...

    def sent_to(self, key: str) -> set[str]: ...

    def record_sent(self, key: str, recipient: str, message_id: str) -> None: ...


def message_id_for(ledger: Ledger, key: str, recipient: str, sender: str) -> str:
    """The Message-ID of mail ``key`` to ``recipient``: the same on every try and after a crash.

    RFC 5322 §3.6.4: ``<id-left@id-right>``, unique per message; here the left part is
    a hash of the ledger's id, the key and the bare recipient address.
    """
    mailbox = addr_spec(recipient).casefold()
    digest = hashlib.sha256(f"{ledger.instance}\0{key}\0{mailbox}".encode()).hexdigest()[:32]
    return f"<newsbrief.{digest}@{_id_domain(sender) or 'newsbrief.invalid'}>"


def _id_domain(sender: str) -> str | None:
    """The sender's domain if it can be the right part of a Message-ID, else None."""
    domain = addr_spec(header_text(sender)).rpartition("@")[2]
    return domain if re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?", domain) else None


def build_message(
    settings: EmailSettings,
    *,
    to: str,
    subject: str,
    html: str,
    text: str,
    pdf: bytes | None,
    pdf_name: str,
    message_id: str | None = None,
) -> EmailMessage:
    """One mail: plain-text body with an HTML alternative, and the PDF attached (an EPUB
    when ``pdf_name`` ends in ``.epub``: ``newsbrief send`` to an e-reader's address).

    Every header value is a single clean line, so CR/LF in a feed title can neither
    crash ``EmailMessage`` nor inject headers. ``message_id`` defaults to a random one.
    """
    message = EmailMessage()
    message["Subject"] = header_text(subject) or "News briefing"
    message["From"] = _clean_address(settings.sender)
    message["To"] = _clean_address(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id or make_msgid(domain=_id_domain(settings.sender))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(encodable(text) or " ")
    message.add_alternative(encodable(html) or "<p></p>", subtype="html")
    if pdf is not None:
        name = safe_filename(pdf_name)
        subtype = "epub+zip" if name.lower().endswith(".epub") else "pdf"
        message.add_attachment(pdf, maintype="application", subtype=subtype, filename=name)
    return message


def _clean_address(address: str) -> str:
    name, spec = parseaddr(header_text(address))
    name = name.replace('"', "'")
    return f'"{name}" <{spec}>' if name else spec
