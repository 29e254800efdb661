"""Email settings: the ``[email]`` table of a digest config, checked into ``EmailSettings``.

The table is read through the one config validator (``configfile.Table``), so every
problem is one line naming the file and the key. Secrets are never read from the
file: the table names the environment variables that hold them. Addresses are
plain mailboxes (``Name <user@host>`` or ``user@host``) without line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Literal

from ..configfile import Table, read_toml
from ..errors import ConfigError, DeliveryError
from .text import HEADER_UNSAFE, header_text

Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[Security, ...] = ("starttls", "ssl", "none")
DEFAULT_PORTS: Mapping[str, int] = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_USERNAME_ENV = "NEWSBRIEF_SMTP_USER"
DEFAULT_PASSWORD_ENV = "NEWSBRIEF_SMTP_PASSWORD"

_KNOWN = (
    "smtp_host, smtp_port, security, sender, to, username_env, password_env, timeout, "
    "retries, backoff, ca_file"
)
_SECRET_KEYS = frozenset({"password", "pass", "passwd", "secret", "smtp_password", "username"})
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class EmailSettings:
    """Where and how to send. Holds the *names* of the credential variables, never values.

    ``retries`` is how many times a transient failure is retried after the first try;
    the n-th retry waits ``backoff * 2**(n-1)`` seconds. ``ca_file`` adds a CA bundle to
    the verifying TLS context (for a private relay); verification is never switched off.
    ``to`` may be empty in a config that is only used with ``send --to``.
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


def email_settings(
    table: Table, *, base_dir: Path | None = None, require_to: bool = False
) -> EmailSettings:
    """Check an ``[email]`` table; ``ca_file`` is resolved against ``base_dir`` (config's folder).

    A secret in the file (``password`` and the like) is an error: credentials are read
    only from the environment variables named by ``username_env`` / ``password_env``.
    """
    secrets = sorted(k for k in table.data if str(k).lower() in _SECRET_KEYS)
    if secrets:
        raise table.error(
            secrets[0],
            "secrets are never read from the config file; "
            "name an environment variable with username_env / password_env",
        )
    security = _security(table)
    to = _recipients(table)
    if require_to and not to:
        raise table.error("to", "at least one recipient is required")
    settings = EmailSettings(
        smtp_host=_host(table),
        smtp_port=table.integer("smtp_port", DEFAULT_PORTS[security], minimum=1, maximum=65535),
        security=security,
        sender=_config_address(table, "sender", table.raw("sender")),
        to=to,
        username_env=_env_name(table, "username_env", DEFAULT_USERNAME_ENV),
        password_env=_env_name(table, "password_env", DEFAULT_PASSWORD_ENV),
        timeout=table.number("timeout", 30.0, minimum=0.01),
        retries=table.integer("retries", 3, minimum=0, maximum=20),
        backoff=table.number("backoff", 2.0, minimum=0.0),
        ca_file=_ca_file(table, base_dir),
    )
    table.reject_unknown(_KNOWN)
    return settings


def email_settings_from_config(
    table: Mapping[str, object],
    *,
    source: str,
    base_dir: Path | None = None,
    require_to: bool = True,
) -> EmailSettings:
    """``email_settings`` of a raw mapping (``source`` names the file in errors)."""
    return email_settings(Table(source, table, "email."), base_dir=base_dir, require_to=require_to)


def load_email_settings(config_path: str | Path, *, require_to: bool = True) -> EmailSettings:
    """Read only the ``[email]`` table of a digest config file (for one-off ``send``)."""
    path = Path(config_path)
    table = Table(path, read_toml(path)).table("email")
    if table is None:
        raise ConfigError(str(path), "no [email] table")
    return email_settings(table, base_dir=path.parent, require_to=require_to)


def require_recipients(settings: EmailSettings, where: str) -> EmailSettings:
    """``settings`` if it names a recipient, else ``ConfigError`` naming the file ``where``."""
    if not settings.to:
        raise ConfigError(where, "email.to: at least one recipient is required")
    return settings


def _security(table: Table) -> Security:
    value = table.raw("security")
    if value is None:
        return "starttls"
    for option in SECURITIES:
        if value == option:
            return option
    raise table.error("security", f"must be one of {', '.join(SECURITIES)}")


def _host(table: Table) -> str:
    value = table.raw("smtp_host")
    if not isinstance(value, str) or not value.strip() or HEADER_UNSAFE.search(value):
        raise table.error("smtp_host", "a host name is required")
    if any(c.isspace() for c in value.strip()):
        raise table.error("smtp_host", "must not contain spaces")
    return value.strip()


def _env_name(table: Table, key: str, default: str) -> str | None:
    value = table.raw(key)
    if value is None:
        return default
    if value == "":
        return None
    if not isinstance(value, str) or not _ENV_NAME.match(value):
        raise table.error(key, "must name an environment variable")
    return value


def _ca_file(table: Table, base_dir: Path | None) -> str | None:
    value = table.raw("ca_file")
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise table.error("ca_file", "must be a path")
    path = Path(value).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if not path.is_file():
        raise table.error("ca_file", f"{value!r} does not exist")
    return str(path)


def _recipients(table: Table) -> tuple[str, ...]:
    value = table.raw("to")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise table.error("to", "must be an address or a list of addresses")
    return unique_addresses(_config_address(table, "to", v) for v in items)


def _config_address(table: Table, key: str, value: object) -> str:
    problem = address_problem(value)
    if problem:
        raise table.error(key, problem)
    assert isinstance(value, str)
    return value.strip()


def address_problem(value: object) -> str | None:
    """Why ``value`` is not one plain mail address, or None when it is one."""
    if not isinstance(value, str) or not value.strip():
        return "an email address is required"
    if HEADER_UNSAFE.search(value):
        return "address contains control characters or line breaks"
    _name, addr = parseaddr(value.strip())
    local, at, domain = addr.rpartition("@")
    if not (at and local and domain) or any(c.isspace() or c in "<>,;" for c in addr):
        return f"{header_text(value)!r} is not a valid email address"
    return None


def check_address(value: str, subject: str) -> str:
    """Return ``value`` if it is one plain mail address, else raise ``DeliveryError``."""
    problem = address_problem(value)
    if problem:
        raise DeliveryError(subject, problem)
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
