"""One exception hierarchy for the library; exit codes are decided only by the CLI.

Every error carries the thing it is about (a file, URL, template, recipient)
and ``str(error)`` is a single line fit for a user: ``<subject>: <problem>``.
"""

from __future__ import annotations


class NewsbriefError(Exception):
    """Base class: ``subject`` is what the error is about, ``message`` the problem."""

    def __init__(self, subject: str, message: str) -> None:
        self.subject = subject
        self.message = message
        super().__init__(f"{subject}: {message}" if subject else message)


class LoadError(NewsbriefError):
    """A source could not be read or decoded (missing, empty, binary, too big...)."""


class CleanError(NewsbriefError):
    """A source was read but holds no usable article text."""


class RankError(NewsbriefError):
    """Unknown ranking method or bad length settings."""


class RenderError(NewsbriefError):
    """A briefing could not be rendered (bad template, PDF failure)."""


class DeliveryError(NewsbriefError):
    """Writing a file or sending an email failed."""


class ConfigError(NewsbriefError):
    """The digest config file is missing, malformed or inconsistent."""


class FetchError(NewsbriefError):
    """A network fetch failed (timeout, refused, too large, disallowed address)."""


class LockedError(NewsbriefError):
    """Another run holds the lock on the same state file."""


class StateError(NewsbriefError):
    """The state file could not be read or written."""
