"""The error family of the core; each edge (CLI, TUI) translates it once.

CurriculumError            any failure a user can act on; str() is one plain sentence
├── ConfigError            an unknown setting or a bad value
├── CatalogError           a malformed feeds.yaml (names the file and line)
├── StoreError             a database that cannot be opened, read or written
├── NotFoundError          no such reading, feed, card or track
└── NotAvailableError      a command whose feature has not landed yet
"""

from __future__ import annotations


class CurriculumError(Exception):
    """A failure with a message meant for the user."""

    def __init__(self, message: str, title: str = "Error") -> None:
        super().__init__(message)
        self.message = message
        self.title = title

    def __str__(self) -> str:
        return self.message


class ConfigError(CurriculumError):
    """An unknown setting or a value that does not validate."""


class CatalogError(CurriculumError):
    """A feeds.yaml that does not validate."""


class StoreError(CurriculumError):
    """The database cannot be opened, read or written."""


class NotFoundError(CurriculumError):
    """No such object."""


class NotAvailableError(CurriculumError):
    """A feature that is not built yet."""
