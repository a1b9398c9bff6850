"""Backups with SQLite's online backup API: consistent while the app is writing.

`backup_to` copies the live database to a file (one snapshot, committed data only).
`auto_backup` makes at most one automatic backup per study day into the home's backups
folder, keeping the newest `KEEP`; the CLI and TUI call it at their edges.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from curriculum import store
from curriculum.clock import study_day
from curriculum.errors import StoreError
from curriculum.store import paths, settings
from curriculum.store.database import Database

KEEP = 7
AUTO_PREFIX = "auto-"
META_KEY = "backup.last"


def backup_to(db: Database, target: Path) -> Path:
    """Copy the database to `target` (a file, or a folder to hold a dated file)."""
    if target.is_dir():
        raise StoreError(f"{target} is a folder; give a file name for the backup.")
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        copy = sqlite3.connect(partial)
        try:
            db.conn.backup(copy)
        finally:
            copy.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        reason = getattr(error, "strerror", None) or str(error)
        raise StoreError(f"Cannot write the backup {target}: {reason}.") from None
    return target


def manual_name(now: datetime) -> str:
    """The file name of an on-demand backup."""
    return f"curriculum-{now.strftime('%Y%m%d-%H%M%S')}.db"


def pre_import_path(home: Path, now: datetime) -> Path:
    """Where the database is saved just before an import."""
    return paths.backups_dir(home) / f"pre-import-{now.strftime('%Y%m%d-%H%M%S')}.db"


def backup_now(db: Database, home: Path, now: datetime, target: Path | None = None) -> Path:
    """`curriculum backup [PATH]`: to PATH, or into the backups folder with the time in its name."""
    if target is not None and target.is_dir():
        target = target / manual_name(now)
    return backup_to(db, target or paths.backups_dir(home) / manual_name(now))


def automatic_backups(home: Path) -> list[Path]:
    """The automatic backups, oldest first."""
    folder = paths.backups_dir(home)
    return sorted(folder.glob(f"{AUTO_PREFIX}*.db")) if folder.is_dir() else []


def prune(home: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` automatic backups; returns what was deleted."""
    old = automatic_backups(home)[:-keep] if keep > 0 else automatic_backups(home)
    for path in old:
        path.unlink(missing_ok=True)
    return old


def auto_backup(db: Database, home: Path, now: datetime) -> Path | None:
    """Back up once per study day (meta `backup.last`); returns the new file, else None."""
    day = study_day(now, settings.day_starts(db)).isoformat()
    if store.get_meta(db, META_KEY) == day:
        return None
    path = backup_to(db, paths.backups_dir(home) / f"{AUTO_PREFIX}{day}.db")
    with store.transaction(db):
        store.set_meta(db, META_KEY, day)
    prune(home)
    return path
