"""The store: the one SQLite database and everything that keeps it sound.

Holds: opening a database (pragmas, WAL, the newer-version guard), transactions and the
meta table (`db`), the append-only schema migrations (`migrations`) and the cleaning of
values older versions stored (`cleaning`, run by migration 0009), user settings
(`settings`), backups (`backup`) and where files live (`paths`).

May import: the shared top-level modules (`clock`, `errors`, `text`, `urls`) and sqlite-utils
(only where its table API or migrations are used: `database`, `migrations`).
Must not import: any other part of the core (feeds, library, queue, cards, progress,
exchange, cli), nor textual, rich or tui. One exception is written down in the import
contract in pyproject.toml: the shipped migration 0004 tags older readings with the
library's concept matcher, and a shipped migration is never rewritten.

The database API is re-exported here: `from curriculum import store; store.transaction(db)`;
`store.Database` is the handle every part is given (`database`: plain SQL, sqlite-utils'
table API loaded on first use).
"""

from __future__ import annotations

from curriculum.store.database import Database
from curriculum.store.db import (
    BUSY_TIMEOUT_MS,
    check,
    connect,
    copy_to,
    describe,
    get_meta,
    migrate,
    open_db,
    refuse_newer,
    set_meta,
    transaction,
    use_wal,
)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "Database",
    "check",
    "connect",
    "copy_to",
    "describe",
    "get_meta",
    "migrate",
    "open_db",
    "refuse_newer",
    "set_meta",
    "transaction",
    "use_wal",
]
