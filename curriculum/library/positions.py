"""Where the reader stopped in each reading, and how much of it they have read.

The position is a plain-text offset of the reading's document (the first line on screen),
so it survives a narrower or wider terminal; `fraction` is the share of its words before
that point, the Reader's "% read".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from curriculum.clock import to_iso
from curriculum.store import Database, transaction


@dataclass(frozen=True)
class Position:
    """A saved place in a reading."""

    offset: int
    fraction: float
    updated_at: str


def get(db: Database, item_id: int) -> Position | None:
    """Where the reader stopped in a reading, if anywhere."""
    row = db.execute(
        "SELECT text_offset, fraction, updated_at FROM reading_positions WHERE item_id = ?",
        [item_id],
    ).fetchone()
    return None if row is None else Position(int(row[0]), float(row[1]), str(row[2]))


def save(db: Database, item_id: int, offset: int, fraction: float, now: datetime) -> None:
    """Remember a place in a reading (one transaction; a nested call joins the caller's)."""
    fraction = min(max(fraction, 0.0), 1.0)
    with transaction(db):
        db.execute(
            "INSERT INTO reading_positions (item_id, text_offset, fraction, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(item_id) DO UPDATE SET"
            " text_offset = excluded.text_offset, fraction = excluded.fraction,"
            " updated_at = excluded.updated_at",
            [item_id, max(offset, 0), fraction, to_iso(now)],
        )
