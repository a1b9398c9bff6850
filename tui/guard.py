"""Keeping the open app honest and calm: notice other processes' commits (a cron fetch, the
CLI) and turn a storage failure into one sentence instead of a traceback."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from sqlite_utils import Database
from textual.css.query import NoMatches
from textual.screen import Screen

from curriculum import store
from curriculum.errors import CurriculumError

DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def db_file(db: Database) -> Path:
    """The file behind a connection."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2] if row and row[2] else "curriculum.db")


def data_version(db: Database) -> int:
    """SQLite's counter of commits made by other connections to this database."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])


class DataWatch:
    """Tells whether another connection committed since the last look (cheap to poll)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.seen = data_version(db)

    def changed(self) -> bool:
        """True once after each batch of outside commits."""
        current = data_version(self.db)
        changed, self.seen = current != self.seen, current
        return changed


def reload_screen(screen: Screen[object]) -> bool:
    """Redraw a screen from the store if it knows how; True when it did. A screen still being
    built (its widgets not all mounted yet) is left alone: it loads itself when mounted."""
    if not screen.is_mounted:
        return False
    for name in ("reload", "action_reload"):
        method = getattr(type(screen), name, None)
        if callable(method) and not getattr(method, "__isabstractmethod__", False):
            try:
                getattr(screen, name)()
            except NotImplementedError:
                return False
            except NoMatches:
                return False  # mounted, but its children are still being composed
            return True
    return False


def failure_sentence(error: BaseException, db: Database) -> str | None:
    """One sentence for a failure the user can act on; None for a programming error."""
    if isinstance(error, CurriculumError):
        return str(error)
    if isinstance(error, sqlite3.Error):
        try:
            path = db_file(db)
        except sqlite3.Error:
            path = Path("the database")
        return store.describe(path, error)
    if isinstance(error, OSError) and error.errno in DISK_FULL:
        return "The disk is full; free some space and open Curriculum again."
    return None
