"""Email under attack: header injection from titles, and credentials that must never leak.

A real aiosmtpd server on loopback with AUTH receives the mail. A subject
carrying CR/LF (as a feed title can) must become one clean header line with no
injected header or extra recipient; a wrong password or a dead server must fail
with one line that shows neither the password, the user name nor their base64
forms (what smtplib's debug output would print).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from newsbrief.errors import DeliveryError
from newsbrief.mail import EmailSettings, build_message, deliver_briefing

from .procs import ForkRunner, free_port

# loopback test server: AUTH without TLS is deliberate here
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

USER = "briefing-user"
PASSWORD = "Pa55-W0rd-XYZZY-7731"
INJECTED_SUBJECT = "Storm hits\r\nBcc: victim@example.org\r\n\r\nBody injected\x1b[31m \u202e"


def _secret_forms(user: str, password: str) -> tuple[str, ...]:
    plain = base64.b64encode(f"\0{user}\0{password}".encode()).decode()
    return (password, plain, base64.b64encode(password.encode()).decode())


@dataclass
class Inbox:
    messages: list[tuple[list[str], bytes]] = field(default_factory=list)


class _Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.inbox.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


@dataclass
class Smtp:
    inbox: Inbox
    port: int


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        _Handler(inbox), hostname="127.0.0.1", port=port, authenticator=_authenticator,
        auth_required=True, auth_require_tls=False,
    )  # fmt: skip
    controller.start()
    try:
        yield Smtp(inbox, port)
    finally:
        controller.stop()


def _settings(port: int) -> EmailSettings:
    return EmailSettings(
        smtp_host="127.0.0.1", smtp_port=port, security="none", sender="brief@example.org",
        to=("reader@example.org",), username_env="ADV_SMTP_USER", password_env="ADV_SMTP_PASS",
        timeout=5.0, retries=1, backoff=0.0,
    )  # fmt: skip


def _parse(data: bytes) -> Any:
    return BytesParser(policy=policy.default).parsebytes(data)


def test_crlf_subject_is_one_clean_header() -> None:
    message = build_message(
        _settings(25), to="reader@example.org", subject=INJECTED_SUBJECT, html="<p>hi</p>",
        text="hi", pdf=b"%PDF-1.4\n%%EOF\n", pdf_name="../../etc/passwd\r\nX-Evil: 1",
    )  # fmt: skip
    parsed = _parse(message.as_bytes())
    assert parsed.get_all("Subject") and len(parsed.get_all("Subject")) == 1
    subject = str(parsed["Subject"])
    assert "\r" not in subject and "\n" not in subject and "\x1b" not in subject, subject
    assert "\u202e" not in subject
    assert "Storm hits" in subject
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None
    names = [part.get_filename() for part in parsed.iter_attachments()]
    assert names and all("/" not in n and "\n" not in n for n in names), names


def test_crlf_subject_through_a_real_server(smtp: Smtp) -> None:
    sent = deliver_briefing(
        _settings(smtp.port), subject=INJECTED_SUBJECT, html="<p>hi</p>", text="hi", pdf=None,
        pdf_name="briefing.pdf", ledger=None, key="k",
        environ={"ADV_SMTP_USER": USER, "ADV_SMTP_PASS": PASSWORD},
    )  # fmt: skip
    assert sent == ["reader@example.org"]
    assert len(smtp.inbox.messages) == 1
    rcpts, data = smtp.inbox.messages[0]
    assert rcpts == ["reader@example.org"], "a header injection added a recipient"
    parsed = _parse(data)
    assert parsed["Bcc"] is None
    assert "\n" not in str(parsed["Subject"])
    assert "Body injected" not in str(parsed.get_body(("plain",)).get_content())


@pytest.mark.parametrize("case", ["wrong_password", "dead_server"])
def test_credentials_never_leak_from_the_api(
    case: str, smtp: Smtp, capfd: pytest.CaptureFixture[str]
) -> None:
    port = smtp.port if case == "wrong_password" else free_port()
    given = PASSWORD + "-wrong" if case == "wrong_password" else PASSWORD
    logged: list[str] = []
    with pytest.raises(DeliveryError) as caught:
        deliver_briefing(
            _settings(port), subject="Briefing", html="<p>x</p>", text="x", pdf=None,
            pdf_name="b.pdf", ledger=None, key="k", sleep=lambda _s: None,
            environ={"ADV_SMTP_USER": USER, "ADV_SMTP_PASS": given}, log=logged.append,
        )  # fmt: skip
    message = str(caught.value)
    assert "\n" not in message
    out, err = capfd.readouterr()
    everything = "\n".join([message, out, err, *logged])
    leaked = [form for form in _secret_forms(USER, given) if form in everything]
    assert not leaked, f"credentials leaked: {everything!r}"
    assert not smtp.inbox.messages


def _pdf(folder: Path) -> Path:
    from weasyprint import HTML

    path = folder / "briefing.pdf"
    path.write_bytes(HTML(string="<p>Briefing</p>").write_pdf() or b"")
    return path


@pytest.mark.parametrize("case", ["wrong_password", "dead_server"])
def test_send_command_fails_in_one_line_without_secrets(
    case: str, smtp: Smtp, tmp_path: Path, forks: ForkRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = smtp.port if case == "wrong_password" else free_port()
    given = PASSWORD + "-wrong" if case == "wrong_password" else PASSWORD
    config = tmp_path / "mail.toml"
    config.write_text(
        '[email]\nsmtp_host = "127.0.0.1"\n'
        f'smtp_port = {port}\nsecurity = "none"\nsender = "brief@example.org"\n'
        'to = ["reader@example.org"]\nusername_env = "ADV_SMTP_USER"\n'
        'password_env = "ADV_SMTP_PASS"\nretries = 1\nbackoff = 0\ntimeout = 5\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("ADV_SMTP_USER", USER)
    monkeypatch.setenv("ADV_SMTP_PASS", given)
    run = forks.run(["send", str(_pdf(tmp_path)), "--config", str(config),
                     "--subject", INJECTED_SUBJECT], cwd=tmp_path)  # fmt: skip
    assert run.returncode == 1, run.describe()
    assert "Traceback" not in run.err
    errors = [line for line in run.err.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, run.describe()
    leaked = [form for form in _secret_forms(USER, given) if form in run.out + run.err]
    assert not leaked, f"credentials leaked: {run.err!r}"
    assert not smtp.inbox.messages
