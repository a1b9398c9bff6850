"""Opening the one SQLite database: pragmas, migrations, version guard, transactions."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from curriculum.errors import StoreError
from curriculum.store import migrations
from curriculum.store.database import Database

BUSY_TIMEOUT_MS = 15_000


def connect(path: Path, wal: bool = True) -> Database:
    """Open (creating if needed) a database file with WAL, a busy timeout and foreign keys."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if wal:
            use_wal(conn)
    except sqlite3.DatabaseError as error:
        raise StoreError(describe(path, error)) from None
    except FileExistsError:
        raise StoreError(
            f"{path.parent} is a file, not a folder; choose another data folder."
        ) from None
    except OSError as error:
        raise StoreError(f"Cannot open the data folder {path.parent}: {error.strerror}.") from None
    return Database(conn)


def use_wal(conn: sqlite3.Connection) -> None:
    """WAL journaling (readers never block the writer), synced at each checkpoint."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


def describe(path: Path, error: sqlite3.Error) -> str:
    """One plain sentence for an SQLite failure on the database at `path`."""
    text = str(error)
    damaged = ("not a database", "malformed", "Could not decode")  # the last: scribbled text
    if any(sign in text for sign in damaged):
        return (
            f"{path} is not a readable Curriculum database (it may be damaged); "
            "restore a backup or move it aside."
        )
    if "readonly" in text or "unable to open" in text:
        return f"Cannot write to {path}; check its permissions."
    if "disk is full" in text or "disk I/O error" in text:
        return (
            f"Could not write to {path}: the disk is full or failing; "
            "free some space and try again."
        )
    if "locked" in text or "busy" in text:
        return "The database is busy with another Curriculum command; try again in a moment."
    return f"The database {path} cannot be used: {text}."


def refuse_newer(db: Database) -> list[str]:
    """The applied migrations; raises, writing nothing, when a newer version wrote the file."""
    applied = migrations.applied_names(db)
    known = set(migrations.known_names())
    if any(name not in known for name in applied):
        raise StoreError(
            "This database was written by a newer version of Curriculum; "
            "upgrade Curriculum to open it (the file was left untouched)."
        )
    return applied


def migrate(db: Database, backups: Path | None = None) -> None:
    """Apply pending migrations; refuse a database written by a newer version.

    An existing database is first copied into `backups` (SQLite's online backup).
    """
    applied = refuse_newer(db)
    pending = [name for name in migrations.known_names() if name not in applied]
    if not pending:
        return  # the usual case, decided without loading sqlite-utils
    if applied and backups is not None:
        copy_to(db, backups / f"before-{pending[0]}.db")
    migrations.plan().apply(db)


def copy_to(db: Database, destination: Path) -> Path:
    """A consistent copy of the database, safe while others read and write it."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(destination)
    try:
        db.conn.backup(target)
    finally:
        target.close()
    return destination


def open_db(path: Path) -> Database:
    """Connect and bring the schema up to date."""
    db = connect(path, wal=False)  # switching to WAL writes: first make sure we may
    try:
        refuse_newer(db)
        use_wal(db.conn)
        migrate(db, backups=path.parent / "backups")
    except sqlite3.DatabaseError as error:
        db.close()
        raise StoreError(describe(path, error)) from None
    except BaseException:
        db.close()
        raise
    return db


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One user action as one transaction.

    At top level this is `BEGIN IMMEDIATE`, which takes the write lock up front and so
    waits on the busy timeout instead of failing when a reader upgrades; nested, a savepoint.
    """
    with db.atomic(immediate=True):
        yield db


def get_meta(db: Database, key: str) -> Any:
    """An internal value from the meta table, or None."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return None if row is None else json.loads(row[0])


def set_meta(db: Database, key: str, value: Any) -> None:
    """Store an internal value (call inside a transaction for atomic actions)."""
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value)],
    )


def check(db: Database) -> list[str]:
    """Integrity and foreign-key problems, as sentences; empty when all is well."""
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [f"integrity: {error}"]
    problems = [f"integrity: {row[0]}" for row in rows if row[0] != "ok"]
    if problems:
        return problems
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {rowid} points to a missing {parent} row")
    try:
        db.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as error:
        if "readonly" not in str(error):  # a read-only file cannot run this check; not a fault
            problems.append(f"search index: {error}")
    return problems
