"""Sending: one message per recipient over SMTP, retried, recorded, never leaking a secret.

``deliver_briefing`` sends to every recipient not yet in the ledger, records each
message the server accepted at once, retries transient failures (refused or reset
connections, timeouts, 4xx replies) with exponential backoff, and raises
``DeliveryError`` with one line that never holds a credential.
"""

from __future__ import annotations

import base64
import os
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import DeliveryError, NewsbriefError
from .message import Ledger, build_message, message_id_for
from .settings import EmailSettings, addr_spec, unique_addresses
from .text import header_text

#: Largest PDF we attach (mail servers commonly refuse messages over 25 MB).
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

Sleep = Callable[[float], None]


# --------------------------------------------------------------------------- sending


class _Transient(Exception):
    """A failure worth retrying; ``subject`` and ``line`` make the final error."""

    def __init__(self, subject: str, line: str) -> None:
        super().__init__(line)
        self.subject = subject
        self.line = line


@dataclass(frozen=True)
class _Credentials:
    username: str
    password: str

    def secrets(self) -> tuple[str, ...]:
        plain = f"\0{self.username}\0{self.password}".encode()
        forms = [self.username, self.password, base64.b64encode(plain).decode()]
        forms += [base64.b64encode(s.encode()).decode() for s in (self.username, self.password)]
        return tuple(f for f in forms if len(f) >= 3)


def _credentials(settings: EmailSettings, environ: Mapping[str, str]) -> _Credentials | None:
    user = environ.get(settings.username_env or "", "") if settings.username_env else ""
    password = environ.get(settings.password_env or "", "") if settings.password_env else ""
    if user and password:
        return _Credentials(user, password)
    if user or password:
        missing = settings.password_env if user else settings.username_env
        raise DeliveryError(
            settings.server,
            f"environment variable {missing} is not set (both username and password are needed)",
        )
    return None


def tls_context(settings: EmailSettings) -> ssl.SSLContext:
    """A verifying TLS context (system CAs, plus ``ca_file`` when configured)."""
    context = ssl.create_default_context()
    if settings.ca_file:
        context.load_verify_locations(cafile=settings.ca_file)
    return context


def deliver_briefing(
    settings: EmailSettings,
    *,
    subject: str,
    html: str,
    text: str,
    pdf: bytes | None,
    pdf_name: str,
    ledger: Ledger | None,
    key: str,
    environ: Mapping[str, str] | None = None,
    sleep: Sleep = time.sleep,
    log: Callable[[str], None] | None = None,
) -> list[str]:
    """Send the briefing to every recipient not yet recorded as sent for ``key``.

    With a ``ledger``, each accepted message is recorded there at once and its
    Message-ID is derived from the ledger, ``key`` and the recipient, so a resend
    after a crash is the same message; without one (``send``), every run mails anew.
    Returns the recipients sent now (empty on a rerun). Transient failures (refused or
    reset connections, timeouts, 4xx replies) are retried with exponential backoff;
    permanent ones (535 auth refused, other 5xx, bad TLS) fail at once. Raises
    ``DeliveryError`` naming the recipient or server; credentials never appear in it.
    """
    if pdf is not None and len(pdf) > MAX_ATTACHMENT_BYTES:
        raise DeliveryError(pdf_name, f"attachment is larger than {MAX_ATTACHMENT_BYTES} bytes")
    credentials = _credentials(settings, os.environ if environ is None else environ)
    done = _sent(ledger, key) if ledger is not None else set()
    pending = [r for r in unique_addresses(settings.to) if addr_spec(r).casefold() not in done]
    sent: list[str] = []
    refused: list[tuple[str, str]] = []
    secrets = credentials.secrets() if credentials else ()

    def send_one(smtp: smtplib.SMTP, recipient: str) -> None:
        message_id = None
        if ledger is not None:
            message_id = message_id_for(ledger, key, recipient, settings.sender)
        message = build_message(
            settings, to=recipient, subject=subject, html=html, text=text, pdf=pdf,
            pdf_name=pdf_name, message_id=message_id,
        )  # fmt: skip
        smtp.send_message(message, from_addr=addr_spec(settings.sender), to_addrs=[recipient])
        if ledger is not None:
            _record(ledger, key, recipient, message["Message-ID"])
        sent.append(recipient)
        if log is not None:
            log(f"sent to {addr_spec(recipient)}")

    attempt = 0
    while pending:
        try:
            with _connect(settings, credentials) as smtp:
                while pending:
                    recipient = pending[0]
                    try:
                        send_one(smtp, recipient)
                    except smtplib.SMTPRecipientsRefused as exc:
                        code, reply = next(iter(exc.recipients.values()), (550, b""))
                        if 400 <= code < 500:
                            raise _Transient(recipient, _reply_line(code, reply)) from None
                        refused.append((recipient, _reply_line(code, reply)))
                    pending.pop(0)
        except _Transient as exc:
            attempt += 1
            if attempt > settings.retries:
                tries = f" (after {attempt} tries)" if attempt > 1 else ""
                raise _failure(exc.subject, exc.line + tries, secrets) from None
            delay = settings.backoff * 2 ** (attempt - 1)
            if log is not None:
                log(f"{_scrub(exc.line, secrets)}; retrying in {delay:g} s")
            sleep(delay)
        except DeliveryError as exc:
            raise _failure(exc.subject, exc.message, secrets) from None
    if refused:
        recipient, line = refused[0]
        more = f" (and {len(refused) - 1} more refused)" if len(refused) > 1 else ""
        raise _failure(recipient, f"refused by the server: {line}{more}", secrets)
    return sent


def _sent(ledger: Ledger, key: str) -> set[str]:
    try:
        return ledger.sent_to(key)
    except NewsbriefError as exc:
        raise DeliveryError(
            exc.subject, f"cannot read the sent-mail ledger: {exc.message}"
        ) from None


def _record(ledger: Ledger, key: str, recipient: str, message_id: str) -> None:
    try:
        ledger.record_sent(key, addr_spec(recipient).casefold(), message_id)
    except NewsbriefError as exc:
        raise DeliveryError(exc.subject, f"sent, but could not record it: {exc.message}") from None


def _failure(subject: str, line: str, secrets: Sequence[str]) -> DeliveryError:
    return DeliveryError(_scrub(subject, secrets), _scrub(line, secrets))


def _scrub(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return " ".join(text.split())


class _Session:
    """An open, logged-in SMTP session; errors inside become ``_Transient`` or ``DeliveryError``."""

    def __init__(self, settings: EmailSettings, credentials: _Credentials | None) -> None:
        self.settings = settings
        self.credentials = credentials
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> smtplib.SMTP:
        try:
            self.smtp = _open(self.settings)
            if self.credentials is not None:
                self.smtp.login(self.credentials.username, self.credentials.password)
            return self.smtp
        except BaseException as exc:
            self._close()
            raise _classify(exc, self.settings.server) from None

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        self._close(polite=exc is None)
        if exc is not None and not isinstance(exc, _Transient | DeliveryError):
            raise _classify(exc, self.settings.server) from None

    def _close(self, polite: bool = False) -> None:
        if self.smtp is None:
            return
        try:
            if polite:
                self.smtp.quit()
            else:
                self.smtp.close()
        except (OSError, smtplib.SMTPException):
            self.smtp.close()
        self.smtp = None


def _connect(settings: EmailSettings, credentials: _Credentials | None) -> _Session:
    return _Session(settings, credentials)


def _open(settings: EmailSettings) -> smtplib.SMTP:
    host, port, timeout = settings.smtp_host, settings.smtp_port, settings.timeout
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=tls_context(settings))
    smtp = smtplib.SMTP(host, port, timeout=timeout)
    if settings.security == "starttls":
        smtp.ehlo()
        if not smtp.has_extn("starttls"):
            smtp.close()
            raise DeliveryError(settings.server, "server does not offer STARTTLS")
        smtp.starttls(context=tls_context(settings))
        smtp.ehlo()
    return smtp


def _classify(exc: BaseException, server: str) -> BaseException:
    """Map a low-level failure to ``_Transient`` (retry) or ``DeliveryError`` (give up)."""
    if isinstance(exc, _Transient | DeliveryError | KeyboardInterrupt | SystemExit):
        return exc
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        line = _reply_line(exc.smtp_code, exc.smtp_error)
        return DeliveryError(server, f"authentication refused: {line}")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return DeliveryError(server, f"server does not support this: {_one_line(exc)}")
    if isinstance(exc, smtplib.SMTPResponseException):
        line = _reply_line(exc.smtp_code, exc.smtp_error)
        if 400 <= exc.smtp_code < 500:
            return _Transient(server, f"temporary failure: {line}")
        return DeliveryError(server, f"server refused: {line}")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return _Transient(server, "server closed the connection")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return DeliveryError(server, f"TLS certificate not trusted: {exc.verify_message}")
    if isinstance(exc, ssl.SSLError):
        return DeliveryError(server, f"TLS failed: {exc.reason or 'handshake error'}")
    if isinstance(exc, socket.gaierror):
        return DeliveryError(server, f"cannot resolve host: {exc.strerror or exc}")
    if isinstance(exc, TimeoutError):
        return _Transient(server, "connection timed out")
    if isinstance(exc, ConnectionRefusedError):
        return _Transient(server, "connection refused")
    if isinstance(exc, ConnectionError | OSError):
        return _Transient(server, f"connection failed: {exc.strerror or type(exc).__name__}")
    if isinstance(exc, smtplib.SMTPException):
        return DeliveryError(server, _one_line(exc))
    return DeliveryError(server, f"unexpected error: {type(exc).__name__}")


def _reply_line(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {header_text(text, 160)}".strip()


def _one_line(exc: BaseException) -> str:
    return header_text(str(exc), 200) or type(exc).__name__
