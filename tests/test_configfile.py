"""One config validator: typed settings, one-line errors naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.configfile import Table, read_toml
from newsbrief.digest.config import load_config
from newsbrief.errors import ConfigError
from newsbrief.mail import EmailSettings, require_recipients

SOURCE = '[[sources]]\nname = "Desk"\npath = "in"\n'


def error_of(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("max_stories = true\n", "max_stories: expected a whole number, got a boolean"),
        ("window_hours = 'long'\n", "window_hours: expected a number, got a string"),
        ("allow_private_hosts = 1\n", "allow_private_hosts: expected true or false"),
        ("workers = 99\n", "workers: must be a whole number from 0 to 16"),
        ("formats = 'pdf'\n[email]\nsmtp_host = 'h'\n", "email.sender: an email address"),
        ("[email]\nsmtp_host = 'h'\nsender = 'a@b.org'\nsmtp_port = 'x'\n", "email.smtp_port"),
        ("[email]\nsmtp_host = 'h'\nsender = 'a@b.org'\npassword = 'pw123'\n", "email.password"),
        ("email = 3\n", "email: expected a table ([email]), got a whole number"),
        ("sources = 3\n", "sources: expected tables ([[sources]])"),
    ],
)
def test_errors_name_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "digest.toml"
    sources = "" if text.startswith("sources") else SOURCE
    path.write_text(text.replace("[email]", sources + "[email]", 1) if "[email]" in text
                    else text + sources, encoding="utf-8")  # fmt: skip
    message = error_of(path)
    assert message.startswith(f"{path}: ") and expected in message
    assert "pw123" not in message


def test_email_table_is_typed_settings_read_once(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("x", encoding="utf-8")
    path = tmp_path / "digest.toml"
    path.write_text(
        SOURCE + "[email]\nsmtp_host = 'relay.local'\nsecurity = 'ssl'\n"
        "sender = 'Brief <b@example.org>'\nto = 'r@example.org'\nca_file = 'ca.pem'\n",
        encoding="utf-8",
    )
    email = load_config(path).email
    assert isinstance(email, EmailSettings)
    assert (email.smtp_port, email.to, email.ca_file) == (
        465,
        ("r@example.org",),
        str(tmp_path / "ca.pem"),
    )


def test_recipients_are_required_only_to_mail(tmp_path: Path) -> None:
    path = tmp_path / "digest.toml"
    path.write_text(SOURCE + "[email]\nsmtp_host = 'h'\nsender = 'b@example.org'\n", "utf-8")
    config = load_config(path)  # a config used with `send --to` needs no `to`
    assert config.email is not None and config.email.to == ()
    with pytest.raises(ConfigError, match=r"email\.to: at least one recipient is required"):
        require_recipients(config.email, str(path))


def test_table_reads_each_type_and_reports_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text("n = 2\nf = 1.5\nb = true\ns = 'x'\nl = ['a']\n[t]\nk = 1\n", "utf-8")
    table = Table(path, read_toml(path))
    assert table.integer("n", 0, minimum=0) == 2
    assert table.number("f", 0, minimum=0) == 1.5 and table.number("n", 0, minimum=0) == 2.0
    assert table.flag("b", False) is True and table.string("s", "") == "x"
    assert table.strings("l") == ["a"] and table.strings("s") == ["x"]
    inner = table.table("t")
    assert inner is not None and inner.integer("k", 0, minimum=0) == 1
    assert table.integer("missing", 7, minimum=0) == 7 and table.unknown() == []
    with pytest.raises(ConfigError, match=r"x\.toml: t\.k: must be a whole number of at least 5"):
        inner.integer("k", 0, minimum=5)
    loose = Table(path, {"colour": "red"}, "sources[0].")
    with pytest.raises(ConfigError, match=r"sources\[0\]\.colour: unknown key \(use name\)"):
        loose.reject_unknown("name")
