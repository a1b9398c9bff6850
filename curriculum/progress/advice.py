"""Advice from a meeting, recorded as actions that come back until done or dropped.

Each piece comes back the study day after it was recorded, then — each time the reader says
"not yet" — after twice as long as the time before (2, 4, 8, 16 days, at most 30), the way a
recall card's intervals grow. It shows in the next brief with its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from curriculum.clock import to_iso
from curriculum.errors import ConfigError, CurriculumError, NotFoundError
from curriculum.queue import daily
from curriculum.store import Database, transaction
from curriculum.text import required_line

MAX_TEXT = 1000
MAX_INTERVAL_DAYS = 30
STATUSES = ("open", "done", "dropped")
FOLLOW_UPS = ("done", "later", "drop")

SELECT = """
SELECT a.id, a.meeting_id, m.held_on, a.text, a.status, a.due, a.follow_ups, a.created_at,
       a.closed_at
FROM advice a LEFT JOIN meetings m ON m.id = a.meeting_id
"""


def interval_days(follow_ups: int) -> int:
    """Days until a piece of advice comes back after it was put off `follow_ups` times."""
    return min(2 ** max(follow_ups, 0), MAX_INTERVAL_DAYS)


@dataclass(frozen=True)
class Advice:
    """One piece of advice and where it stands."""

    id: int
    meeting_id: int | None
    meeting_day: date | None
    text: str
    status: str
    due: date
    follow_ups: int
    created_at: str
    closed_at: str | None

    def is_due(self, today: date) -> bool:
        """Open and back today (or overdue)."""
        return self.status == "open" and self.due <= today

    def as_json(self) -> dict[str, object]:
        """The `advice --json` shape."""
        return {
            "id": self.id,
            "meeting": None if self.meeting_day is None else self.meeting_day.isoformat(),
            "text": self.text,
            "status": self.status,
            "due": self.due.isoformat() if self.status == "open" else None,
            "follow_ups": self.follow_ups,
            "created_at": self.created_at,
            "closed_at": self.closed_at,
        }


def _row(row: Any) -> Advice:
    aid, meeting_id, held_on, text, status, due, follow_ups, created, closed = row
    return Advice(
        aid, meeting_id, None if held_on is None else date.fromisoformat(held_on), text,
        status, date.fromisoformat(due), follow_ups, created, closed,
    )  # fmt: skip


def clean_advice(text: str) -> str:
    """One piece of advice as one line; refuses an empty or over-long one."""
    return required_line(
        text,
        MAX_TEXT,
        "Advice needs some words: write what was advised.",
        f"A piece of advice is at most {MAX_TEXT} characters.",
    )


def insert_advice(
    db: Database, text: str, meeting_id: int | None, today: date, now: datetime
) -> int:
    """Store one piece of advice, back tomorrow; call inside a transaction."""
    cursor = db.execute(
        "INSERT INTO advice (meeting_id, text, due, created_at) VALUES (?, ?, ?, ?)",
        [meeting_id, clean_advice(text), (today + timedelta(days=1)).isoformat(), to_iso(now)],
    )
    return int(cursor.lastrowid or 0)


def add_advice(db: Database, text: str, now: datetime) -> Advice:
    """Record advice from the last meeting held (or from no meeting, before the first)."""
    today = daily.current_day(db, now)
    with transaction(db):
        row = db.execute(
            "SELECT id FROM meetings WHERE held_on IS NOT NULL ORDER BY held_on DESC, id DESC"
        ).fetchone()
        advice_id = insert_advice(db, text, None if row is None else row[0], today, now)
    return get_advice(db, advice_id)


def get_advice(db: Database, advice_id: int) -> Advice:
    """One piece of advice, or NotFoundError."""
    row = db.execute(SELECT + " WHERE a.id = ?", [advice_id]).fetchone()
    if row is None:
        raise NotFoundError(f"There is no advice {advice_id}; `curriculum advice --all` lists it.")
    return _row(row)


def list_advice(db: Database, include_closed: bool = False) -> list[Advice]:
    """Open advice, soonest back first; with `include_closed`, done and dropped after it."""
    where = "" if include_closed else " WHERE a.status = 'open'"
    rows = db.execute(f"{SELECT}{where} ORDER BY a.status != 'open', a.due, a.id").fetchall()
    return [_row(row) for row in rows]


def due_advice(db: Database, today: date) -> list[Advice]:
    """Open advice back today or earlier."""
    rows = db.execute(
        SELECT + " WHERE a.status = 'open' AND a.due <= ? ORDER BY a.due, a.id",
        [today.isoformat()],
    ).fetchall()
    return [_row(row) for row in rows]


def of_meeting(db: Database, meeting_id: int) -> list[Advice]:
    """The advice recorded at one meeting, in the order given."""
    rows = db.execute(SELECT + " WHERE a.meeting_id = ? ORDER BY a.id", [meeting_id]).fetchall()
    return [_row(row) for row in rows]


def follow_up(db: Database, advice_id: int, answer: str, now: datetime) -> Advice:
    """Answer a piece of advice that came back: `done`, `drop`, or `later` (it comes back
    after twice the last interval)."""
    if answer not in FOLLOW_UPS:
        raise ConfigError(f"'{answer}' is not a follow-up; use done, later or drop.")
    today = daily.current_day(db, now)
    with transaction(db):
        advice = get_advice(db, advice_id)
        if advice.status != "open":
            raise CurriculumError(f"Advice {advice_id} is already {advice.status}.")
        if answer == "later":
            put_off = advice.follow_ups + 1
            due = today + timedelta(days=interval_days(put_off))
            db.execute(
                "UPDATE advice SET follow_ups = ?, due = ? WHERE id = ?",
                [put_off, due.isoformat(), advice_id],
            )
        else:
            status = "done" if answer == "done" else "dropped"
            db.execute(
                "UPDATE advice SET status = ?, closed_at = ? WHERE id = ?",
                [status, to_iso(now), advice_id],
            )
    return get_advice(db, advice_id)
