"""The database handle every part of the core is given: SQL now, sqlite-utils when asked.

`Database` wraps one `sqlite3` connection. The SQL the core runs (`execute`, `atomic`)
goes straight to the connection; sqlite-utils' `Database`, with its
table API (`db.table("feeds").update(...)`, `db["items"]`, and `db.utils` for the rest), is
built over the same connection the first time one of those is used.

Why not sqlite-utils' `Database` itself: importing sqlite-utils costs ~75 ms of CPU (it loads
click, pluggy, dateutil and inspect), which every command and the app's first frame paid
before doing anything. Most commands, the daily refresh where every feed answers 304 among
them, never use the table API; they no longer load it.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.db import Table

    Parameters: TypeAlias = Sequence[Any] | dict[str, Any]

_SAVEPOINTS = itertools.count(1)  # savepoint names, unique in the process


class Database:
    """One SQLite connection, with sqlite-utils' API loaded on first use."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # As sqlite-utils' Database sets it: REPLACE fires the delete triggers (the search
        # index's among them).
        conn.execute("PRAGMA recursive_triggers = on")
        self._utils: sqlite_utils.Database | None = None

    @property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils' `Database` over this connection (imported and built once)."""
        if self._utils is None:
            self._utils = load_sqlite_utils().Database(self.conn, execute_plugins=False)
        return self._utils

    def execute(self, sql: str, parameters: Parameters | None = None) -> sqlite3.Cursor:
        """Run one statement; the connection is in autocommit mode outside `atomic`."""
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    @contextlib.contextmanager
    def atomic(self, immediate: bool = False) -> Iterator[Database]:
        """A transaction, or a savepoint inside one (as sqlite-utils' `atomic`); `immediate`
        takes the write lock as a top-level transaction begins (`BEGIN IMMEDIATE`)."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            return
        savepoint = f"curriculum_{next(_SAVEPOINTS)}"
        self.conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:  # a RAISE(ROLLBACK) may have ended it already
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            raise
        else:
            self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")

    def table(self, name: str, **options: Any) -> Table:
        """sqlite-utils' `Table` for `name`."""
        return self.utils.table(name, **options)

    def __getitem__(self, name: str) -> Any:
        """sqlite-utils' `Table` (or `View`) for `name`."""
        return self.utils[name]

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __repr__(self) -> str:
        return f"<Database {self.conn}>"


def load_sqlite_utils() -> Any:
    """Import sqlite-utils with numpy and pandas hidden from it.

    sqlite-utils imports numpy and pandas at import time whenever they are installed (to
    convert their values), and numpy is installed with scikit-learn (the learned ranking):
    that would cost ~0.1 s more. Curriculum never hands sqlite-utils numpy or pandas values,
    so its first import happens with both hidden; the ranking still imports numpy itself.
    """
    if "sqlite_utils" in sys.modules:
        return sys.modules["sqlite_utils"]
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return sqlite_utils
