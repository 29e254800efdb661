"""Email delivery: the briefing as an HTML mail with its one-page PDF, sent once per recipient.

Settings come from the ``[email]`` table of the digest config; secrets only from the
environment variables that table names. ``deliver_briefing`` sends one message per
recipient, records each accepted message in a ledger (the state file's ``sent`` table,
so a rerun sends nothing), retries transient failures with exponential backoff and
raises ``DeliveryError`` with one line that never holds a credential.

Idempotent across a crash: with a ledger, each message's Message-ID is derived from
what is sent — the ledger, the digest's key and the recipient (RFC 5322 §3.6.4) —
so if the process dies after the server accepted a message but before the ledger
recorded it, the rerun's copy is the same message, which servers and mail clients
drop as a duplicate.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import smtplib
import socket
import ssl
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any, Literal, Protocol

from .errors import ConfigError, DeliveryError, NewsbriefError

Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[str, ...] = ("starttls", "ssl", "none")
DEFAULT_PORTS: Mapping[str, int] = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_USERNAME_ENV = "NEWSBRIEF_SMTP_USER"
DEFAULT_PASSWORD_ENV = "NEWSBRIEF_SMTP_PASSWORD"
#: Longest Subject we send (characters, after cleaning).
MAX_SUBJECT_CHARS = 250
#: Largest PDF we attach (mail servers commonly refuse messages over 25 MB).
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

_KNOWN_KEYS = frozenset(
    {
        "smtp_host",
        "smtp_port",
        "security",
        "sender",
        "to",
        "username_env",
        "password_env",
        "timeout",
        "retries",
        "backoff",
        "ca_file",
    }
)
_SECRET_KEYS = frozenset({"password", "pass", "passwd", "secret", "smtp_password", "username"})
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# C0/C1 controls (CR and LF included), DEL, bidi overrides and isolates.
_HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_FILENAME_UNSAFE = re.compile(r'[\\/:*?"<>|;]')

Sleep = Callable[[float], None]


@dataclass(frozen=True)
class EmailSettings:
    """Where and how to send. Holds the *names* of the credential variables, never values.

    ``retries`` is how many times a transient failure is retried after the first try;
    the n-th retry waits ``backoff * 2**(n-1)`` seconds. ``ca_file`` adds a CA bundle to
    the verifying TLS context (for a private relay); verification is never switched off.
    """

    smtp_host: str
    smtp_port: int = 587
    security: Security = "starttls"
    sender: str = ""
    to: tuple[str, ...] = ()
    username_env: str | None = DEFAULT_USERNAME_ENV
    password_env: str | None = DEFAULT_PASSWORD_ENV
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0
    ca_file: str | None = None

    @property
    def server(self) -> str:
        """``host:port``, the subject of connection errors."""
        return f"{self.smtp_host}:{self.smtp_port}"


# --------------------------------------------------------------------------- settings


def email_settings_from_config(
    table: Mapping[str, Any],
    *,
    source: str,
    base_dir: Path | None = None,
    require_to: bool = True,
) -> EmailSettings:
    """Validate the raw ``[email]`` table; ``ConfigError(source, ...)`` names the bad key.

    A secret in the file (``password`` and the like) is an error: credentials are read
    only from the environment variables named by ``username_env`` / ``password_env``.
    ``ca_file`` is resolved against ``base_dir`` (the config's folder) when relative.
    """
    if not isinstance(table, Mapping):
        raise ConfigError(source, "[email] must be a table")
    secrets = sorted(k for k in table if str(k).lower() in _SECRET_KEYS)
    if secrets:
        raise ConfigError(
            source,
            f"[email] {secrets[0]}: secrets are never read from the config file; "
            "name an environment variable with username_env / password_env",
        )
    unknown = sorted(str(k) for k in table if k not in _KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            source, f"[email] unknown key {unknown[0]!r}; known: {', '.join(sorted(_KNOWN_KEYS))}"
        )
    security = _security(table.get("security", "starttls"), source)
    to = _recipients(table.get("to", []), source)
    if require_to and not to:
        raise ConfigError(source, "[email] to: at least one recipient is required")
    return EmailSettings(
        smtp_host=_host(table.get("smtp_host"), source),
        smtp_port=_int(table, "smtp_port", DEFAULT_PORTS[security], 1, 65535, source),
        security=security,
        sender=_address(table.get("sender"), f"{source}: [email] sender", ConfigError),
        to=to,
        username_env=_env_name(table, "username_env", DEFAULT_USERNAME_ENV, source),
        password_env=_env_name(table, "password_env", DEFAULT_PASSWORD_ENV, source),
        timeout=_number(table, "timeout", 30.0, 0.01, source),
        retries=_int(table, "retries", 3, 0, 20, source),
        backoff=_number(table, "backoff", 2.0, 0.0, source),
        ca_file=_ca_file(table.get("ca_file"), base_dir, source),
    )


def load_email_settings(config_path: str | Path, *, require_to: bool = True) -> EmailSettings:
    """Read only the ``[email]`` table of a digest config file (for one-off ``send``)."""
    path = Path(config_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), "config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"not valid TOML: {exc}") from None
    table = data.get("email")
    if table is None:
        raise ConfigError(str(path), "no [email] table")
    return email_settings_from_config(
        table, source=str(path), base_dir=path.parent, require_to=require_to
    )


def _security(value: Any, source: str) -> Security:
    if value not in SECURITIES:
        raise ConfigError(source, f"[email] security must be one of {', '.join(SECURITIES)}")
    return value  # type: ignore[no-any-return]


def _host(value: Any, source: str) -> str:
    if not isinstance(value, str) or not value.strip() or _HEADER_UNSAFE.search(value):
        raise ConfigError(source, "[email] smtp_host: a host name is required")
    if any(c.isspace() for c in value.strip()):
        raise ConfigError(source, "[email] smtp_host: must not contain spaces")
    return value.strip()


def _int(table: Mapping[str, Any], key: str, default: int, lo: int, hi: int, source: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ConfigError(source, f"[email] {key} must be a whole number from {lo} to {hi}")
    return value


def _number(table: Mapping[str, Any], key: str, default: float, lo: float, source: str) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= lo:
        raise ConfigError(source, f"[email] {key} must be a number >= {lo:g}")
    return float(value)


def _env_name(table: Mapping[str, Any], key: str, default: str, source: str) -> str | None:
    value = table.get(key, default)
    if value == "":
        return None
    if not isinstance(value, str) or not _ENV_NAME.match(value):
        raise ConfigError(source, f"[email] {key} must name an environment variable")
    return value


def _ca_file(value: Any, base_dir: Path | None, source: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(source, "[email] ca_file must be a path")
    path = Path(value).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if not path.is_file():
        raise ConfigError(source, f"[email] ca_file {value!r} does not exist")
    return str(path)


def _recipients(value: Any, source: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ConfigError(source, "[email] to must be an address or a list of addresses")
    return unique_addresses(_address(v, f"{source}: [email] to", ConfigError) for v in items)


def check_address(value: str, subject: str) -> str:
    """Return ``value`` if it is one plain mail address, else raise ``DeliveryError``."""
    return _address(value, subject, DeliveryError)


def _address(value: Any, where: str, error: type[ConfigError | DeliveryError]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise error(where, "an email address is required")
    if _HEADER_UNSAFE.search(value):
        raise error(where, "address contains control characters or line breaks")
    _name, addr = parseaddr(value.strip())
    local, at, domain = addr.rpartition("@")
    if not (at and local and domain) or any(c.isspace() or c in "<>,;" for c in addr):
        raise error(where, f"{_header_text(value)!r} is not a valid email address")
    return value.strip()


def addr_spec(address: str) -> str:
    """The bare ``user@host`` of ``Name <user@host>``."""
    return parseaddr(address)[1]


def unique_addresses(addresses: Iterable[str]) -> tuple[str, ...]:
    """Addresses in order, each mailbox once (compared case-insensitively)."""
    seen: set[str] = set()
    out: list[str] = []
    for address in addresses:
        spec = addr_spec(address).casefold()
        if spec not in seen:
            seen.add(spec)
            out.append(address)
    return tuple(out)


# --------------------------------------------------------------------------- message


def header_text(value: str, limit: int = MAX_SUBJECT_CHARS) -> str:
    """One header-safe line: controls (CR/LF too) and bidi overrides gone, spaces collapsed."""
    return _header_text(value, limit)


def _header_text(value: str, limit: int = MAX_SUBJECT_CHARS) -> str:
    text = " ".join(_HEADER_UNSAFE.sub(" ", _encodable(value)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _encodable(text: str) -> str:
    """``text`` without lone surrogates (they cannot be encoded) or NUL characters."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def safe_filename(name: str, default: str = "briefing.pdf") -> str:
    """An attachment file name without paths, controls or quoting characters, ending in .pdf."""
    base = _FILENAME_UNSAFE.sub("-", _header_text(name.replace("\\", "/").rsplit("/", 1)[-1], 100))
    base = base.strip(" .-")
    if not base:
        return default
    return base if base.lower().endswith(".pdf") else f"{base}.pdf"


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
    """One mail: plain-text body with an HTML alternative, and the PDF attached.

    Every header value is a single clean line, so CR/LF in a feed title can neither
    crash ``EmailMessage`` nor inject headers. ``message_id`` defaults to a random one.
    """
    message = EmailMessage()
    message["Subject"] = _header_text(subject) or "News briefing"
    message["From"] = _clean_address(settings.sender)
    message["To"] = _clean_address(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id or make_msgid(domain=_id_domain(settings.sender))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(_encodable(text) or " ")
    message.add_alternative(_encodable(html) or "<p></p>", subtype="html")
    if pdf is not None:
        message.add_attachment(
            pdf, maintype="application", subtype="pdf", filename=safe_filename(pdf_name)
        )
    return message


def _clean_address(address: str) -> str:
    name, spec = parseaddr(_header_text(address))
    name = name.replace('"', "'")
    return f'"{name}" <{spec}>' if name else spec


# --------------------------------------------------------------------------- ledger


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
    domain = addr_spec(_header_text(sender)).rpartition("@")[2]
    return domain if re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?", domain) else None


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
        raise DeliveryError(pdf_name, f"PDF is larger than {MAX_ATTACHMENT_BYTES} bytes")
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
    return f"{code} {_header_text(text, 160)}".strip()


def _one_line(exc: BaseException) -> str:
    return _header_text(str(exc), 200) or type(exc).__name__


__all__ = [
    "EmailSettings",
    "Ledger",
    "build_message",
    "check_address",
    "deliver_briefing",
    "email_settings_from_config",
    "header_text",
    "load_email_settings",
    "message_id_for",
    "safe_filename",
    "tls_context",
]
