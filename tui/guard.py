"""Keeping the open app honest and calm: notice other processes' commits (a cron fetch, the
CLI), wait for another process's write lock without freezing (a message and a retry), and
turn a storage failure into one sentence instead of a traceback."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from textual.css.query import NoMatches
from textual.screen import Screen

from curriculum import store
from curriculum.errors import CurriculumError
from curriculum.store import Database

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


QUICK_WAIT_MS = 250  # an interactive write waits this long for the lock, then retries later
RETRY_EVERY = 0.5  # seconds between retries of a write that met a held lock
RETRY_FOR = 15.0  # seconds before a waiting write gives up (the CLI's writers wait as long)
QUIET_RETRY_EVERY = 0.1  # seconds between tries of a background write that met the lock


def is_busy(error: BaseException) -> bool:
    """True for SQLite's 'database is locked' or 'busy': another process is writing."""
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


@contextlib.contextmanager
def quick_lock(db: Database, wait_ms: int = QUICK_WAIT_MS) -> Iterator[None]:
    """Writes inside wait at most `wait_ms` for another process's lock (the UI thread must
    not hang on it); the connection's own patience comes back afterwards."""
    previous = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
    db.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA busy_timeout = {previous}")


class PatientWrite:
    """One user action that writes, tried now and, while another process holds the write
    lock, again every `RETRY_EVERY` seconds for up to `RETRY_FOR`: the app says it is
    waiting, never freezes, never closes. The action is one transaction, so a try that met
    the lock changed nothing."""

    def __init__(self, app: Any, db: Database, action: Callable[[], object]) -> None:
        self.app, self.db, self.action = app, db, action
        self.started = time.monotonic()
        self.warned = False

    def attempt(self) -> None:
        """Try the action once; on a held lock, schedule the next try (or give up)."""
        try:
            with quick_lock(self.db):
                self.action()
        except sqlite3.OperationalError as error:
            if is_busy(error):
                self._wait()
                return
            self._finish()
            raise
        except BaseException:
            self._finish()
            raise
        self._finish()

    def _wait(self) -> None:
        if time.monotonic() - self.started >= RETRY_FOR:
            self._finish()
            self.app.notify(
                f"Another Curriculum process kept the database busy for {RETRY_FOR:g} seconds, so "
                "nothing was changed; try again in a moment.",
                severity="error",
                timeout=8,
            )
            return
        if not self.warned:
            self.warned = True
            self.app.notify(
                "Another Curriculum process is writing (a fetch?); "
                "your change will be saved as soon as it finishes.",
                severity="warning",
            )
        self.app.set_timer(RETRY_EVERY, self.attempt)

    def _finish(self) -> None:
        if getattr(self.app, "pending_write", None) is self:
            self.app.pending_write = None


def patient_write(app: Any, db: Database, action: Callable[[], object]) -> None:
    """Run a user's write now, or as soon as another process releases the database (see
    `PatientWrite`); while one is waiting, another is refused with a message."""
    if getattr(app, "pending_write", None) is not None:
        app.notify("Still waiting to save your last change; one moment.", severity="warning")
        return
    write = PatientWrite(app, db, action)
    app.pending_write = write
    write.attempt()


def without_waiting(db: Database, action: Callable[[], Any]) -> tuple[bool, Any]:
    """Run `action` only if the write lock is free now: (True, its result), or (False, None)
    when another process holds it (the app's own refresh storing a batch, a cron fetch). The
    action is one transaction, so a try that met the lock changed nothing."""
    try:
        with quick_lock(db, 0):
            return True, action()
    except sqlite3.OperationalError as error:
        if is_busy(error):
            return False, None
        raise


def write_when_free(app: Any, db: Database, action: Callable[[], object]) -> None:
    """A write the user did not ask for (the Reader's place and time): done now if the lock
    is free, else retried in the background every `QUIET_RETRY_EVERY` seconds, so leaving a
    screen never waits for another process's write. After `RETRY_FOR` seconds it is given
    up with a message; one still waiting when the app closes is done then (`flush_writes`)."""
    started = time.monotonic()
    waiting = _waiting_writes(app)
    queued = False

    def attempt() -> None:
        nonlocal queued
        if queued and action not in waiting:
            return  # done meanwhile: the app closed (`flush_writes`)
        done, _ = without_waiting(db, action)
        if done or time.monotonic() - started >= RETRY_FOR:
            if action in waiting:
                waiting.remove(action)
            if not done:
                app.notify(
                    f"Another Curriculum process kept the database busy for {RETRY_FOR:g} "
                    "seconds, so your place in the reading was not saved.",
                    severity="warning",
                )
            return
        if not queued:
            waiting.append(action)
            queued = True
        app.set_timer(QUIET_RETRY_EVERY, attempt)

    attempt()


def _waiting_writes(app: Any) -> list[Callable[[], object]]:
    """The app's background writes still waiting for the lock."""
    waiting = getattr(app, "waiting_writes", None)
    if waiting is None:
        waiting = app.waiting_writes = []
    return waiting


CLOSING_WAIT_MS = 3000  # how long closing the app waits for the lock, for each such write


def flush_writes(app: Any, db: Database) -> None:
    """Do the background writes still waiting for the lock, waiting up to `CLOSING_WAIT_MS`
    for it now: the app is closing, and its own refresh, which held it, has been stopped."""
    waiting = _waiting_writes(app)
    while waiting:
        action = waiting.pop(0)
        with contextlib.suppress(sqlite3.OperationalError), quick_lock(db, CLOSING_WAIT_MS):
            action()
