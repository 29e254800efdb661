"""Email delivery: the briefing as an HTML mail with its one-page PDF, sent once per recipient.

- ``settings``: the ``[email]`` table of the digest config, checked into ``EmailSettings``
  (secrets only from the environment variables it names);
- ``message``: one message per recipient, and its Message-ID, derived from what is sent
  when there is a ledger, so a copy resent after a crash is the same message;
- ``send``: SMTP with TLS, retries with backoff, each accepted message recorded in the
  ledger (the state file) at once, so a rerun sends nothing; errors are one line that
  never holds a credential.
"""

from __future__ import annotations

from .message import Ledger, build_message, message_id_for
from .send import MAX_ATTACHMENT_BYTES, deliver_briefing, tls_context
from .settings import (
    DEFAULT_PORTS,
    SECURITIES,
    EmailSettings,
    Security,
    addr_spec,
    check_address,
    email_settings,
    email_settings_from_config,
    load_email_settings,
    require_recipients,
    unique_addresses,
)
from .text import MAX_SUBJECT_CHARS, header_text, safe_filename

__all__ = [
    "DEFAULT_PORTS",
    "MAX_ATTACHMENT_BYTES",
    "MAX_SUBJECT_CHARS",
    "SECURITIES",
    "EmailSettings",
    "Ledger",
    "Security",
    "addr_spec",
    "build_message",
    "check_address",
    "deliver_briefing",
    "email_settings",
    "email_settings_from_config",
    "header_text",
    "load_email_settings",
    "message_id_for",
    "require_recipients",
    "safe_filename",
    "tls_context",
    "unique_addresses",
]
