"""Config files: TOML read once, checked by one validator with one-line errors.

``read_toml(path)`` reads a config file (size-capped, UTF-8, TOML) and ``Table``
gives typed, checked access to one of its tables. Every problem is a
``ConfigError`` whose one line names the file and the key, e.g.
``digest.toml: email.smtp_port: must be a whole number from 1 to 65535``.
Used for the digest config (``digest.config``) and its ``[email]`` table
(``mail.settings``); a new section gets a ``Table`` and the same checks.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from .errors import ConfigError, LoadError
from .limits import MAX_PATTERN_CHARS
from .load import read_capped


def read_toml(file: Path) -> dict[str, object]:
    """The top-level table of TOML file ``file`` (never more than the input cap is read)."""
    try:
        with file.open("rb") as stream:
            raw = read_capped(stream, str(file))
    except LoadError:
        raise ConfigError(str(file), "config file is too large") from None
    except FileNotFoundError:
        raise ConfigError(str(file), "config file not found") from None
    except IsADirectoryError:
        raise ConfigError(str(file), "is a folder, not a config file") from None
    except OSError as exc:
        raise ConfigError(str(file), exc.strerror or str(exc)) from None
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(str(file), "config file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(file), f"invalid TOML ({exc})") from None


class Table:
    """Checked access to one TOML table; remembers which keys were read.

    ``where`` names the file in errors; ``prefix`` the table (``"email."``,
    ``"sources[2]."``). Booleans are never accepted where a number is meant.
    """

    def __init__(self, where: str | Path, data: Mapping[str, object], prefix: str = "") -> None:
        self.where = str(where)
        self.data = data
        self.prefix = prefix
        self.used: set[str] = set()

    def error(self, key: str, problem: str) -> ConfigError:
        """``ConfigError`` naming the file and ``key``: ``FILE: PREFIX.KEY: problem``."""
        return ConfigError(self.where, f"{self.prefix}{key}: {problem}")

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> object:
        """The value as TOML gave it (``None`` when absent); marks the key as known."""
        self.used.add(key)
        return self.data.get(key)

    def text(self, key: str, default: str | None = None) -> str | None:
        """A non-empty string (``default`` when absent)."""
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.error(key, f"expected a string, got {_kind(value)}")
        if not value.strip():
            raise self.error(key, "must not be empty")
        return value

    def string(self, key: str, default: str) -> str:
        """Like ``text``, with a default that is always a string."""
        value = self.text(key, default)
        return default if value is None else value

    def integer(self, key: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
        """A whole number in ``minimum..maximum``."""
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected a whole number, got {_kind(value)}")
        _check_range(self, key, value, minimum, maximum, whole=True)
        return value

    def optional_integer(self, key: str, *, minimum: int, maximum: int | None = None) -> int | None:
        return self.integer(key, 0, minimum=minimum, maximum=maximum) if self.has(key) else None

    def number(
        self, key: str, default: float, *, minimum: float, maximum: float | None = None
    ) -> float:
        """A number (integer or float) in ``minimum..maximum``."""
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, f"expected a number, got {_kind(value)}")
        _check_range(self, key, value, minimum, maximum, whole=False)
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {_kind(value)}")
        return value

    def choice(self, key: str, default: str, choices: Collection[str]) -> str:
        """One of ``choices`` (compared case-insensitively; returned as spelt in ``choices``)."""
        value = self.string(key, default)
        for option in choices:
            if value.lower() == option.lower():
                return option
        raise self.error(key, f"{value!r} is not one of {', '.join(choices)}")

    def strings(self, key: str, default: list[str] | None = None) -> list[str] | None:
        """A list of strings; a single string counts as a list of one."""
        value = self.raw(key)
        if value is None:
            return default
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise self.error(key, f"expected a list of strings, got {_kind(value)}")
        return [str(v) for v in items]

    def patterns(self, key: str, *, case_sensitive: bool = False) -> tuple[Any, ...] | None:
        """Regular expressions (a string or a list), compiled with the ``regex`` package.

        Case-insensitive unless ``case_sensitive``; a pattern that does not compile or
        is too long is an error naming the key and the pattern. Run them with a time
        bound (``timeout=``), since a pattern can be slow on long text.
        """
        import regex

        values = self.strings(key)
        if values is None:
            return None
        if not values:
            raise self.error(key, "give at least one pattern")
        flags = regex.V0 if case_sensitive else regex.V0 | regex.IGNORECASE
        out = []
        for value in values:
            if not value.strip():
                raise self.error(key, "a pattern must not be empty")
            if len(value) > MAX_PATTERN_CHARS:
                raise self.error(key, f"pattern longer than {MAX_PATTERN_CHARS} characters")
            try:
                out.append(regex.compile(value, flags))
            except (regex.error, ValueError, OverflowError) as exc:
                raise self.error(key, f"bad regular expression {value[:80]!r} ({exc})") from None
        return tuple(out)

    def table(self, key: str) -> Table | None:
        """A sub-table (``[key]``), or None when absent."""
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.error(key, f"expected a table ([{key}]), got {_kind(value)}")
        return Table(self.where, value, f"{self.prefix}{key}.")

    def tables(self, key: str) -> list[Table]:
        """An array of tables (``[[key]]``); empty when absent."""
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(key, f"expected tables ([[{key}]]), got {_kind(value)}")
        out: list[Table] = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.error(f"{key}[{i}]", f"must be a table ([[{key}]])")
            out.append(Table(self.where, item, f"{self.prefix}{key}[{i}]."))
        return out

    def unknown(self) -> list[str]:
        """Keys present but never read, in file order."""
        return [k for k in self.data if k not in self.used]

    def reject_unknown(self, known: str) -> None:
        """``ConfigError`` for the first key never read; ``known`` lists the valid ones."""
        extra = self.unknown()
        if extra:
            raise self.error(extra[0], f"unknown key (use {known})")


def _check_range(
    table: Table, key: str, value: float, minimum: float, maximum: float | None, *, whole: bool
) -> None:
    if value >= minimum and (maximum is None or value <= maximum):
        return
    what = "a whole number" if whole else "a number"
    if maximum is None:
        raise table.error(key, f"must be {what} of at least {minimum:g}")
    raise table.error(key, f"must be {what} from {minimum:g} to {maximum:g}")


def _kind(value: object) -> str:
    names = {
        "str": "a string",
        "int": "a whole number",
        "float": "a number",
        "bool": "a boolean",
        "list": "a list",
        "dict": "a table",
    }
    return names.get(type(value).__name__, type(value).__name__)
