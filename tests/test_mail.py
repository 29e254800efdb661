"""Email delivery against a real SMTP server (aiosmtpd) on loopback: message, ledger, failures."""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import sqlite3
import ssl
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pypdf import PdfReader

from newsbrief.errors import ConfigError, DeliveryError
from newsbrief.mail import (
    EmailSettings,
    build_message,
    deliver_briefing,
    email_settings_from_config,
    load_email_settings,
    safe_filename,
)
from newsbrief.state import State

USER = "mailer-user"
PASSWORD = "s3cret-Pa55word!"
ENV = {"NEWSBRIEF_SMTP_USER": USER, "NEWSBRIEF_SMTP_PASSWORD": PASSWORD}
REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


# --------------------------------------------------------------------------- fixtures


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Inbox:
    """What the test server received, and knobs to make it misbehave."""

    messages: list[tuple[list[str], bytes]] = field(default_factory=list)
    refuse_rcpt: dict[str, str] = field(default_factory=dict)  # address -> SMTP reply
    temp_fail_data: int = 0  # answer DATA with 451 this many times
    logins: int = 0

    def parsed(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default) for _, raw in self.messages]  # type: ignore[misc]

    def recipients(self) -> list[str]:
        return [r for rcpts, _ in self.messages for r in rcpts]


class Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.inbox.refuse_rcpt:
            return self.inbox.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.inbox.temp_fail_data > 0:
            self.inbox.temp_fail_data -= 1
            return "451 4.3.0 try again later"
        self.inbox.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def make_authenticator(inbox: Inbox) -> Callable[..., AuthResult]:
    def authenticator(
        server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login == USER.encode()
            and data.password == PASSWORD.encode()
        )
        if ok:
            inbox.logins += 1
        return AuthResult(success=ok, handled=False)

    return authenticator


@dataclass
class Server:
    inbox: Inbox
    port: int


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    """A plain SMTP server on loopback that requires AUTH (allowed without TLS on loopback)."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        Handler(inbox),
        hostname="127.0.0.1",
        port=port,
        authenticator=make_authenticator(inbox),
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield Server(inbox, port)
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def one_page_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>Morning briefing</h1><p>Three stories today.</p>").write_pdf() or b""


def settings_for(port: int, **overrides: Any) -> EmailSettings:
    base = EmailSettings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        security="none",
        sender="Newsbrief <briefing@example.org>",
        to=("reader@example.org", "Second Reader <second@example.org>"),
        timeout=5.0,
        retries=2,
        backoff=0.01,
    )
    return replace(base, **overrides)


def deliver(settings: EmailSettings, pdf: bytes, ledger: Path | None, **kw: Any) -> list[str]:
    args: dict[str, Any] = {
        "subject": "Morning briefing — 2026-11-16",
        "html": "<html><body><h1>Morning briefing</h1><p>Story <b>one</b>.</p></body></html>",
        "text": "Morning briefing\n\nStory one.\n",
        "pdf": pdf,
        "pdf_name": "2026-11-16-morning-briefing.pdf",
        "key": "digest:2026-11-16",
        "environ": ENV,
        "sleep": lambda _s: None,
    }
    args.update(kw)
    if ledger is None:
        return deliver_briefing(settings, ledger=None, **args)
    with State(ledger) as state:
        return deliver_briefing(settings, ledger=state, **args)


def already_sent(ledger: Path, key: str) -> set[str]:
    with State(ledger) as state:
        return state.sent_to(key)


# --------------------------------------------------------------------------- settings


def test_settings_defaults_and_port_by_security() -> None:
    table = {"smtp_host": "smtp.example.org", "sender": "b@example.org", "to": "r@example.org"}
    s = email_settings_from_config(table, source="digest.toml")
    assert (s.security, s.smtp_port, s.to) == ("starttls", 587, ("r@example.org",))
    assert s.username_env == "NEWSBRIEF_SMTP_USER"
    assert email_settings_from_config({**table, "security": "ssl"}, source="x").smtp_port == 465
    assert email_settings_from_config({**table, "security": "none"}, source="x").smtp_port == 25


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"password": "hunter2-secret"}, "email.password: secrets are never read"),
        ({"smtp_pasword": 1}, "email.smtp_pasword: unknown key"),
        ({"security": "tls"}, "email.security: must be one of starttls, ssl, none"),
        ({"smtp_port": 0}, "email.smtp_port: must be a whole number from 1 to 65535"),
        ({"smtp_port": True}, "email.smtp_port: expected a whole number, got a boolean"),
        ({"to": []}, "email.to: at least one recipient"),
        ({"to": ["ok@example.org", "not-an-address"]}, "email.to: 'not-an-address' is not a valid"),
        ({"to": ["a@example.org\r\nBcc: evil@example.org"]}, "email.to: address contains control"),
        ({"sender": None}, "email.sender: an email address is required"),
        ({"smtp_host": ""}, "email.smtp_host: a host name is required"),
        ({"username_env": "NOT A NAME"}, "email.username_env: must name an environment variable"),
        ({"retries": -1}, "email.retries: must be a whole number from 0 to 20"),
        ({"ca_file": "missing.pem"}, "email.ca_file: 'missing.pem' does not exist"),
    ],
)
def test_bad_settings_are_config_errors(change: dict[str, Any], needle: str) -> None:
    table = {"smtp_host": "smtp.example.org", "sender": "b@example.org", "to": ["r@example.org"]}
    table.update(change)
    table = {k: v for k, v in table.items() if v is not None}
    with pytest.raises(ConfigError) as info:
        email_settings_from_config(table, source="digest.toml")
    message = str(info.value)
    assert message.startswith("digest.toml: ") and needle in message
    assert "\n" not in message and "hunter2" not in message


def test_load_email_settings_reads_only_the_email_table(tmp_path: Path) -> None:
    config = tmp_path / "digest.toml"
    config.write_text(
        'title = "x"\n[email]\nsmtp_host = "relay.local"\nsecurity = "none"\n'
        'sender = "b@example.org"\nto = ["r@example.org", "R@Example.org"]\n',
        encoding="utf-8",
    )
    s = load_email_settings(config)
    assert (s.smtp_host, s.smtp_port, s.to) == ("relay.local", 25, ("r@example.org",))
    (tmp_path / "no-email.toml").write_text('title = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no \[email\] table"):
        load_email_settings(tmp_path / "no-email.toml")


# --------------------------------------------------------------------------- message


def test_message_structure_and_single_line_headers(one_page_pdf: bytes) -> None:
    settings = settings_for(25)
    message = build_message(
        settings,
        to="Reader <reader@example.org>",
        subject="Breaking\r\nBcc: victim@example.org\r\n\r\nInjected body\x1b[31m — 2026",
        html="<p>Hello</p>",
        text="Hello",
        pdf=one_page_pdf,
        pdf_name='../../etc/"evil"\r\nname',
    )
    raw = message.as_bytes()
    back = message_from_bytes(raw, policy=policy.default)
    assert back["Subject"] == "Breaking Bcc: victim@example.org Injected body [31m — 2026"
    assert back["Bcc"] is None and b"\r\nBcc:" not in raw and b"\nBcc:" not in raw
    assert back.get_content_type() == "multipart/mixed"
    plain = back.get_body(preferencelist=("plain",))
    html = back.get_body(preferencelist=("html",))
    assert plain is not None and plain.get_content().strip() == "Hello"
    assert html is not None and "<p>Hello</p>" in html.get_content()
    attachments = list(back.iter_attachments())
    assert len(attachments) == 1
    assert attachments[0].get_content_type() == "application/pdf"
    assert attachments[0].get_filename() == "evil- name.pdf"
    assert attachments[0].get_content() == one_page_pdf


def test_hostile_subject_and_body_reach_the_server_as_data(
    smtp_server: Server, one_page_pdf: bytes
) -> None:
    settings = settings_for(smtp_server.port, to=("reader@example.org",))
    subject = "Feed title\r\nBcc: victim@example.org\r\nX-Evil: 1\u202e\udcff — 2026-11-16"
    body = "Line one\r\n.\r\nQUIT\r\nRCPT TO:<victim@example.org>\x00 \udcff end"
    sent = deliver(settings, one_page_pdf, None, subject=subject, text=body, html=f"<p>{body}</p>")
    assert sent == ["reader@example.org"]
    assert smtp_server.inbox.recipients() == ["reader@example.org"]  # nothing injected
    (message,) = smtp_server.inbox.parsed()
    assert message["Subject"] == "Feed title Bcc: victim@example.org X-Evil: 1 ? — 2026-11-16"
    assert message["Bcc"] is None and message["X-Evil"] is None
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None and "RCPT TO:<victim@example.org> ? end" in plain.get_content()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2026-11-16-morning.pdf", "2026-11-16-morning.pdf"),
        ("/tmp/x/briefing", "briefing.pdf"),
        ("..\\..\\win.pdf", "win.pdf"),
        ("\r\n", "briefing.pdf"),
        ('a"b<c>.pdf', "a-b-c-.pdf"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


# --------------------------------------------------------------------------- delivery


def test_delivers_one_mail_per_recipient_and_rerun_sends_nothing(
    smtp_server: Server, one_page_pdf: bytes, tmp_path: Path
) -> None:
    ledger = tmp_path / "state.sqlite"
    settings = settings_for(smtp_server.port)
    sent = deliver(settings, one_page_pdf, ledger)
    assert sent == list(settings.to)
    inbox = smtp_server.inbox
    assert sorted(inbox.recipients()) == ["reader@example.org", "second@example.org"]
    assert inbox.logins == 1  # one session for both recipients
    for message in inbox.parsed():
        assert message["Subject"] == "Morning briefing — 2026-11-16"
        assert message["From"].addresses[0].addr_spec == "briefing@example.org"
        html = message.get_body(preferencelist=("html",))
        text = message.get_body(preferencelist=("plain",))
        assert html is not None and "<b>one</b>" in html.get_content()
        assert text is not None and "Story one." in text.get_content()
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == "2026-11-16-morning-briefing.pdf"
        reader = PdfReader(io.BytesIO(attachment.get_content()))
        assert len(reader.pages) == 1
        assert "Morning briefing" in reader.pages[0].extract_text()
    with sqlite3.connect(ledger) as conn:
        rows = conn.execute("SELECT key, recipient, message_id FROM sent ORDER BY 2").fetchall()
    ids = {str(m["Message-ID"]) for m in inbox.parsed()}
    assert [(k, r) for k, r, _ in rows] == [
        ("digest:2026-11-16", "reader@example.org"),
        ("digest:2026-11-16", "second@example.org"),
    ]
    assert {m for _, _, m in rows} == ids
    assert deliver(settings, one_page_pdf, ledger) == []
    assert len(inbox.messages) == 2
    # a different key (another day's digest) is sent again
    assert len(deliver(settings, one_page_pdf, ledger, key="digest:2026-11-17")) == 2
    assert len(inbox.messages) == 4


def test_message_id_is_derived_from_ledger_key_and_recipient(
    smtp_server: Server, one_page_pdf: bytes, tmp_path: Path
) -> None:
    """The same digest to the same reader is the same message, whenever it is sent again."""
    settings = settings_for(smtp_server.port)
    inbox = smtp_server.inbox

    def ids_after(ledger: Path | None, key: str = "digest:2026-11-16") -> dict[str, str]:
        before = len(inbox.messages)
        deliver(settings, one_page_pdf, ledger, key=key)
        new = inbox.parsed()[before:]
        return {m["To"].addresses[0].addr_spec: str(m["Message-ID"]) for m in new}

    first = ids_after(tmp_path / "a.sqlite")
    assert len(set(first.values())) == 2  # one per recipient
    for value in first.values():
        assert re.fullmatch(r"<newsbrief\.[0-9a-f]{32}@example\.org>", value)
    # a crash before the ledger write means a resend: model it with a fresh copy of the
    # ledger file taken before the first send — same file id, nothing recorded yet
    with State(tmp_path / "c.sqlite"):
        pass
    copy = tmp_path / "c-copy.sqlite"
    copy.write_bytes((tmp_path / "c.sqlite").read_bytes())
    sent_c = ids_after(tmp_path / "c.sqlite")
    assert ids_after(copy) == sent_c  # the resend carries the very same Message-IDs
    assert ids_after(tmp_path / "c.sqlite", key="digest:2026-11-17") != sent_c  # another day
    assert set(sent_c.values()).isdisjoint(first.values())  # another state file, another digest
    # without a ledger (`newsbrief send`), every run is a new message
    assert ids_after(None) != ids_after(None)


def test_wrong_password_fails_cleanly_then_correct_run_sends(
    smtp_server: Server, one_page_pdf: bytes, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ledger = tmp_path / "state.sqlite"
    settings = settings_for(smtp_server.port)
    bad_env = {**ENV, "NEWSBRIEF_SMTP_PASSWORD": "wrong-" + PASSWORD}
    sleeps: list[float] = []
    logged: list[str] = []
    with pytest.raises(DeliveryError) as info:
        deliver(
            settings, one_page_pdf, ledger, environ=bad_env, sleep=sleeps.append, log=logged.append
        )
    message = str(info.value)
    assert message.startswith(f"127.0.0.1:{smtp_server.port}: authentication refused: 535")
    everything = message + repr(info.value.args) + "".join(logged) + caplog.text
    assert PASSWORD not in everything and USER not in everything and "\n" not in message
    assert sleeps == []  # permanent: no retries
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert smtp_server.inbox.messages == []
    assert already_sent(ledger, "digest:2026-11-16") == set()
    assert len(deliver(settings, one_page_pdf, ledger)) == 2
    assert deliver(settings, one_page_pdf, ledger) == []
    assert len(smtp_server.inbox.messages) == 2


def test_missing_credentials_means_server_refuses(smtp_server: Server, one_page_pdf: bytes) -> None:
    with pytest.raises(DeliveryError, match="refused"):
        deliver(settings_for(smtp_server.port), one_page_pdf, None, environ={})
    with pytest.raises(DeliveryError, match="NEWSBRIEF_SMTP_PASSWORD is not set"):
        deliver(
            settings_for(smtp_server.port), one_page_pdf, None,
            environ={"NEWSBRIEF_SMTP_USER": USER},
        )  # fmt: skip
    assert smtp_server.inbox.messages == []


def test_refused_connection_retries_with_backoff_then_fails(
    one_page_pdf: bytes, tmp_path: Path
) -> None:
    port = free_port()  # nothing listens here
    sleeps: list[float] = []
    settings = settings_for(port, retries=3, backoff=0.5)
    with pytest.raises(DeliveryError) as info:
        deliver(settings, one_page_pdf, tmp_path / "s.sqlite", sleep=sleeps.append)
    assert str(info.value) == f"127.0.0.1:{port}: connection refused (after 4 tries)"
    assert sleeps == [0.5, 1.0, 2.0]
    assert already_sent(tmp_path / "s.sqlite", "digest:2026-11-16") == set()


def test_temporary_4xx_is_retried_and_delivered_once(
    smtp_server: Server, one_page_pdf: bytes, tmp_path: Path
) -> None:
    smtp_server.inbox.temp_fail_data = 2
    sleeps: list[float] = []
    settings = settings_for(smtp_server.port, to=("reader@example.org",), backoff=0.25)
    assert deliver(settings, one_page_pdf, tmp_path / "s.sqlite", sleep=sleeps.append) == [
        "reader@example.org"
    ]
    assert sleeps == [0.25, 0.5]
    assert smtp_server.inbox.recipients() == ["reader@example.org"]


def test_permanent_refusal_of_one_recipient_does_not_block_others(
    smtp_server: Server, one_page_pdf: bytes, tmp_path: Path
) -> None:
    ledger = tmp_path / "s.sqlite"
    smtp_server.inbox.refuse_rcpt["second@example.org"] = "550 5.1.1 no such user"
    settings = settings_for(smtp_server.port)
    with pytest.raises(DeliveryError) as info:
        deliver(settings, one_page_pdf, ledger)
    assert str(info.value) == (
        "Second Reader <second@example.org>: refused by the server: 550 5.1.1 no such user"
    )
    assert smtp_server.inbox.recipients() == ["reader@example.org"]
    assert already_sent(ledger, "digest:2026-11-16") == {"reader@example.org"}
    # the mailbox is fixed: the next run sends only to the one still owed
    smtp_server.inbox.refuse_rcpt.clear()
    assert deliver(settings, one_page_pdf, ledger) == ["Second Reader <second@example.org>"]
    assert sorted(smtp_server.inbox.recipients()) == ["reader@example.org", "second@example.org"]


def test_exhausted_temporary_failure_keeps_what_was_sent(
    smtp_server: Server, one_page_pdf: bytes, tmp_path: Path
) -> None:
    ledger = tmp_path / "s.sqlite"
    smtp_server.inbox.refuse_rcpt["second@example.org"] = "452 4.2.2 mailbox full"
    settings = settings_for(smtp_server.port, retries=1)
    with pytest.raises(DeliveryError, match=r"452 4\.2\.2 mailbox full \(after 2 tries\)"):
        deliver(settings, one_page_pdf, ledger)
    assert smtp_server.inbox.recipients() == ["reader@example.org"]  # not sent twice on retry
    smtp_server.inbox.refuse_rcpt.clear()
    assert deliver(settings, one_page_pdf, ledger) == ["Second Reader <second@example.org>"]


# --------------------------------------------------------------------------- TLS


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 made with the openssl CLI."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl CLI not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certificate[0]), str(certificate[1]))
    return context


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_verifies_the_server_certificate(
    security: str, certificate: tuple[Path, Path], one_page_pdf: bytes, tmp_path: Path
) -> None:
    inbox = Inbox()
    port = free_port()
    server_ctx = _server_context(certificate)
    tls: dict[str, Any] = (
        {"tls_context": server_ctx, "require_starttls": True}
        if security == "starttls"
        # aiosmtpd only counts STARTTLS as TLS for AUTH; with implicit TLS the link is TLS anyway
        else {"ssl_context": server_ctx, "auth_require_tls": False}
    )
    controller = Controller(
        Handler(inbox), hostname="127.0.0.1", port=port,
        authenticator=make_authenticator(inbox), auth_required=True, **tls,
    )  # fmt: skip
    controller.start()
    try:
        untrusted = settings_for(port, security=security, to=("reader@example.org",))
        sleeps: list[float] = []
        with pytest.raises(DeliveryError, match="certificate not trusted") as info:
            deliver(untrusted, one_page_pdf, tmp_path / "s.sqlite", sleep=sleeps.append)
        assert sleeps == [] and PASSWORD not in str(info.value)
        trusted = replace(untrusted, ca_file=str(certificate[0]))
        assert deliver(trusted, one_page_pdf, tmp_path / "s.sqlite") == ["reader@example.org"]
    finally:
        controller.stop()
    assert inbox.logins == 1 and inbox.recipients() == ["reader@example.org"]


def test_starttls_refuses_to_downgrade(smtp_server: Server, one_page_pdf: bytes) -> None:
    settings = settings_for(smtp_server.port, security="starttls")
    with pytest.raises(DeliveryError, match="does not offer STARTTLS"):
        deliver(settings, one_page_pdf, None)
    assert smtp_server.inbox.logins == 0


# --------------------------------------------------------------------------- CLI


def _run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The real command in a child process (slow start-up: used once per scenario)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_SMTP")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "newsbrief", *args],
        capture_output=True, text=True, env=full_env, timeout=120, cwd=REPO,
    )  # fmt: skip


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def _invoke(args: list[str], env: dict[str, str]) -> CliResult:
    """The CLI in-process (Typer's CliRunner), with exactly ``env``'s SMTP variables set."""
    from typer.testing import CliRunner

    from newsbrief.cli import app

    unset: dict[str, str | None] = {k: None for k in os.environ if k.startswith("NEWSBRIEF_SMTP")}
    result = CliRunner().invoke(app, args, env={**unset, **env})
    return CliResult(result.exit_code, result.stdout, result.stderr)


def _config(tmp_path: Path, port: int) -> Path:
    config = tmp_path / "digest.toml"
    config.write_text(
        'title = "Morning briefing"\n'
        "[email]\n"
        'smtp_host = "127.0.0.1"\n'
        f"smtp_port = {port}\n"
        'security = "none"\n'
        'sender = "briefing@example.org"\n'
        'to = ["reader@example.org"]\n'
        "retries = 1\n"
        "backoff = 0.01\n"
        "timeout = 5\n",
        encoding="utf-8",
    )
    return config


def test_send_command_mails_a_pdf_and_fails_in_one_line(
    smtp_server: Server, one_page_pdf: bytes, tmp_path: Path
) -> None:
    config = _config(tmp_path, smtp_server.port)
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(one_page_pdf)
    (tmp_path / "briefing.html").write_text("<p>Sibling <i>HTML</i> body</p>", encoding="utf-8")
    bad = _invoke(
        ["send", str(pdf), "--config", str(config)],
        {"NEWSBRIEF_SMTP_USER": USER, "NEWSBRIEF_SMTP_PASSWORD": "nope-" + PASSWORD},
    )
    assert bad.returncode == 1, bad.stderr
    assert bad.stderr.count("\n") == 1 and "authentication refused" in bad.stderr
    assert PASSWORD not in bad.stderr + bad.stdout and USER not in bad.stderr
    assert "Traceback" not in bad.stderr
    good = _invoke(
        ["send", str(pdf), "--config", str(config), "--to", "a@example.org",
         "--to", "b@example.org", "--subject", "Hand-picked\nstories"],
        ENV,
    )  # fmt: skip
    assert good.returncode == 0, good.stderr
    assert good.stdout.split() == ["a@example.org", "b@example.org"]
    messages = smtp_server.inbox.parsed()
    assert sorted(smtp_server.inbox.recipients()) == ["a@example.org", "b@example.org"]
    assert {m["Subject"] for m in messages} == {"Hand-picked stories"}
    html = messages[0].get_body(preferencelist=("html",))
    assert html is not None and "Sibling <i>HTML</i> body" in html.get_content()
    (attachment,) = list(messages[0].iter_attachments())
    assert len(PdfReader(io.BytesIO(attachment.get_content())).pages) == 1


def test_send_command_rejects_bad_input(tmp_path: Path, smtp_server: Server) -> None:
    config = _config(tmp_path, smtp_server.port)
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("hello", encoding="utf-8")
    for args, needle in [
        (["send", str(tmp_path / "missing.pdf"), "--config", str(config)], "not found"),
        (["send", str(not_pdf), "--config", str(config)], "not a PDF or EPUB"),
        (["send", str(not_pdf), "--config", str(tmp_path / "none.toml")], "config file not found"),
    ]:
        result = _invoke(args, ENV)
        assert result.returncode == 1, result.stderr
        assert needle in result.stderr and result.stderr.count("\n") == 1
    bad_to = _invoke(["send", str(not_pdf), "--config", str(config), "--to", "x\r\nBcc: y"], ENV)
    assert bad_to.returncode == 2 and "Traceback" not in bad_to.stderr
    assert smtp_server.inbox.messages == []


# --------------------------------------------------------------------------- digest --email


ARTICLES = {
    "park.txt": (
        "Council approves new riverside park\n\n"
        "The city council on Monday approved plans for a new riverside park in the east of the "
        "city. The park will cover 12 hectares of former industrial land. Work is due to start "
        "in the spring and finish within two years.\n\n"
        'Mayor Jane Holt said the park would "give families a green space they have waited '
        'decades for". Opposition councillors questioned the cost, estimated at 8 million pounds.\n'
    ),
    "storm.txt": (
        "Storm closes coastal roads\n\n"
        "Heavy rain and strong winds closed several coastal roads on Sunday night. Police "
        "advised drivers to avoid the area until the morning. Two people were rescued from a "
        "flooded car near the harbour.\n\nThe weather service said the storm would move north.\n"
    ),
}


def _digest_config(tmp_path: Path, port: int) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    config = tmp_path / "digest.toml"
    config.write_text(
        'title = "Morning briefing"\ntimezone = "Europe/London"\nstate = "state.sqlite"\n'
        'output_dir = "out"\nformats = ["pdf", "md"]\n'
        '[[sources]]\nname = "Desk"\npath = "articles"\n'
        "[email]\n"
        f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsecurity = "none"\n'
        'sender = "Newsbrief <briefing@example.org>"\n'
        'to = ["reader@example.org", "second@example.org"]\n'
        "retries = 1\nbackoff = 0.01\ntimeout = 10\n",
        encoding="utf-8",
    )
    return config


@pytest.mark.slow
def test_digest_email_end_to_end(
    smtp_server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wrong password fails and sends nothing; `digest --email` then sends; a rerun sends nothing.

    The failing run and the rerun call ``run_digest`` in-process (the CLI start-up is slow);
    the run that delivers is the real command in a child process.
    """
    from newsbrief.digest.config import load_config
    from newsbrief.digest.run import run_digest

    config = _digest_config(tmp_path, smtp_server.port)
    day = date(2026, 11, 16)
    monkeypatch.setenv("NEWSBRIEF_SMTP_USER", USER)
    monkeypatch.setenv("NEWSBRIEF_SMTP_PASSWORD", "wrong-" + PASSWORD)
    with pytest.raises(DeliveryError) as info:
        run_digest(load_config(config), date=day, email=True)
    assert str(info.value).startswith(f"127.0.0.1:{smtp_server.port}: authentication refused")
    assert PASSWORD not in str(info.value) and USER not in str(info.value)
    assert smtp_server.inbox.messages == []

    good = _run_cli(["digest", "--config", str(config), "--date", "2026-11-16", "--email"], ENV)
    assert good.returncode == 0, good.stderr
    assert PASSWORD not in good.stderr + good.stdout and USER not in good.stderr + good.stdout
    inbox = smtp_server.inbox
    assert sorted(inbox.recipients()) == ["reader@example.org", "second@example.org"]
    for message in inbox.parsed():
        assert message["Subject"] == "Morning briefing — 2026-11-16"
        html = message.get_body(preferencelist=("html",))
        text = message.get_body(preferencelist=("plain",))
        assert html is not None and "Council approves new riverside park" in html.get_content()
        assert text is not None and "Storm closes coastal roads" in text.get_content()
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == "2026-11-16-morning-briefing.pdf"
        reader = PdfReader(io.BytesIO(attachment.get_content()))
        assert len(reader.pages) == 1
        assert "riverside park" in reader.pages[0].extract_text()
        assert (
            attachment.get_content()
            == (tmp_path / "out" / "2026-11-16-morning-briefing.pdf").read_bytes()
        )

    monkeypatch.setenv("NEWSBRIEF_SMTP_PASSWORD", PASSWORD)
    again = run_digest(load_config(config), date=day, email=True)
    assert again.emailed == () and len(inbox.messages) == 2  # a rerun sends nothing
    state = tmp_path / "state.sqlite"
    assert already_sent(state, again.digest_id) == {"reader@example.org", "second@example.org"}
    assert PASSWORD.encode() not in state.read_bytes()
