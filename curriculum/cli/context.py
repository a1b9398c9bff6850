"""What every command gets: the home folder, the clock reading, and a lazily opened store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from curriculum.library.home import open_home
from curriculum.store import Database


@dataclass
class Context:
    """The home and the time of this invocation; `db` opens the database on first use."""

    home: Path
    now: datetime
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_home(self.home)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
