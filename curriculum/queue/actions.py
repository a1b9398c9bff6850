"""Reading actions — done, skip, snooze, back to inbox, priority, one more — and undo.

Each action is one transaction that first records what it changes (the reading's fields and
its row in today's queue) in the `actions` table, so `undo` can put everything back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from curriculum.clock import parse_day, to_iso
from curriculum.errors import ConfigError, CurriculumError, NotFoundError
from curriculum.queue import daily, partial, reading_time
from curriculum.store import Database, transaction

ITEM_FIELDS = ("status", "snoozed_until", "read_at", "priority", "triage")
QUEUE_FIELDS = ("day", "item_id", "position", "reason", "status", "added_at")
UNDO_DEPTH = 200
PRIORITY_RANGE = (-3, 3)


class ActionError(CurriculumError):
    """An action that does not apply to this reading right now."""


@dataclass(frozen=True)
class Done:
    """What an action did, in one sentence for the user."""

    item_id: int
    message: str


def _item(db: Database, item_id: int) -> dict[str, Any]:
    row = db.execute(
        f"SELECT id, title, minutes, {', '.join(ITEM_FIELDS)} FROM items WHERE id = ?",
        [item_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(
            f"There is no reading with id {item_id}; `curriculum items` lists them."
        )
    return dict(zip(("id", "title", "minutes", *ITEM_FIELDS), row, strict=True))


def _queue_row(db: Database, day: str, item_id: int) -> dict[str, Any] | None:
    row = db.execute(
        f"SELECT {', '.join(QUEUE_FIELDS)} FROM queue WHERE day = ? AND item_id = ?",
        [day, item_id],
    ).fetchone()
    return None if row is None else dict(zip(QUEUE_FIELDS, row, strict=True))


def _record(db: Database, kind: str, now: datetime, payload: dict[str, Any]) -> None:
    db.execute(
        "INSERT INTO actions (at, kind, payload) VALUES (?, ?, ?)",
        [to_iso(now), kind, json.dumps(payload)],
    )
    db.execute("DELETE FROM actions WHERE id <= (SELECT MAX(id) FROM actions) - ?", [UNDO_DEPTH])


def _act(
    db: Database,
    kind: str,
    item_id: int,
    now: datetime,
    change: Callable[[dict[str, Any], str], list[int]],
) -> dict[str, Any]:
    """Run `change(item, day)` in one transaction, saving what undo needs first."""
    day = daily.ensure_day(db, now)
    with transaction(db):
        item = _item(db, item_id)
        before = {
            "item_id": item_id,
            "title": item["title"],
            "day": day,
            "item": {k: item[k] for k in ITEM_FIELDS},
            "queue": _queue_row(db, day, item_id),
        }
        before["log_ids"] = change(item, day)
        _record(db, kind, now, before)
    return item


def _set_queue_status(db: Database, day: str, item_id: int, status: str, now: datetime) -> None:
    """Mark the reading in today's queue, adding it (as 'extra') if it was not there."""
    if _queue_row(db, day, item_id) is None:
        db.execute(
            "INSERT INTO queue (day, item_id, position, reason, status, added_at)"
            " SELECT ?, ?, COALESCE(MAX(position), -1) + 1, 'extra', ?, ? FROM queue"
            " WHERE day = ?",
            [day, item_id, status, to_iso(now), day],
        )
    else:
        db.execute(
            "UPDATE queue SET status = ? WHERE day = ? AND item_id = ?", [status, day, item_id]
        )


def _log(db: Database, item: dict[str, Any], event: str, day: str, now: datetime) -> int:
    seconds = reading_time.unlogged_seconds(db, item["id"])
    minutes = 0
    if event == "read":  # what partial reads already credited is not counted twice
        minutes = max(item["minutes"] - partial.credited_minutes(db, item["id"]), 0)
    cursor = db.execute(
        "INSERT INTO reading_log (item_id, event, at, day, seconds, minutes)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [item["id"], event, to_iso(now), day, seconds, minutes],
    )
    return int(cursor.lastrowid or 0)


def done(db: Database, item_id: int, now: datetime) -> Done:
    """Mark a reading read: today's queue, the item and the reading log (with time spent)."""

    def change(item: dict[str, Any], day: str) -> list[int]:
        if item["status"] == "read":
            raise ActionError(f"Reading {item_id} is already read; `curriculum undo` reverts it.")
        db.execute(
            "UPDATE items SET status = 'read', read_at = ?, snoozed_until = NULL WHERE id = ?",
            [to_iso(now), item_id],
        )
        _set_queue_status(db, day, item_id, "read", now)
        return [_log(db, item, "read", day, now)]

    item = _act(db, "done", item_id, now, change)
    reading_time.refresh_estimates(db)
    return Done(item_id, f"Read: {item['title']}")


def skip(db: Database, item_id: int, now: datetime) -> Done:
    """Skip a reading for good (undo brings it back)."""

    def change(item: dict[str, Any], day: str) -> list[int]:
        if item["status"] in ("read", "skipped"):
            raise ActionError(f"Reading {item_id} is already {item['status']}.")
        db.execute(
            "UPDATE items SET status = 'skipped', snoozed_until = NULL WHERE id = ?", [item_id]
        )
        if _queue_row(db, day, item_id) is not None:
            _set_queue_status(db, day, item_id, "skipped", now)
        return [_log(db, item, "skip", day, now)]

    item = _act(db, "skip", item_id, now, change)
    return Done(item_id, f"Skipped: {item['title']}")


def parse_until(text: str, today: date) -> date:
    """A snooze date: YYYY-MM-DD, 'tomorrow', Nd or Nw (counted from study day `today`)."""
    day = parse_day(text, today)
    if day is None:
        raise ConfigError(
            f"'{text}' is not a date; use YYYY-MM-DD, 'tomorrow', or a count such as 3d or 2w."
        )
    return day


def snooze(db: Database, item_id: int, until: date, now: datetime) -> Done:
    """Hide a reading until study day `until`, when it returns to the queue."""
    today = daily.current_day(db, now)
    if until <= today:
        raise ActionError(f"Snooze until a day after today ({today.isoformat()}).")

    def change(item: dict[str, Any], day: str) -> list[int]:
        if item["status"] == "read":
            raise ActionError(f"Reading {item_id} is already read.")
        db.execute(
            "UPDATE items SET status = 'snoozed', snoozed_until = ? WHERE id = ?",
            [until.isoformat(), item_id],
        )
        if _queue_row(db, day, item_id) is not None:
            _set_queue_status(db, day, item_id, "snoozed", now)
        return []

    item = _act(db, "snooze", item_id, now, change)
    return Done(item_id, f"Snoozed until {until.isoformat()}: {item['title']}")


def later(
    db: Database, item_id: int, now: datetime, offset: int = 0, fraction: float = 0.0
) -> Done:
    """Stop reading for now: keep the place (`offset`, `fraction` read), leave the reading
    unfinished and bring it back on the next study day; the part read counts today."""
    from curriculum.library import positions

    tomorrow = daily.current_day(db, now) + timedelta(days=1)

    def change(item: dict[str, Any], day: str) -> list[int]:
        if item["status"] in ("read", "skipped"):
            raise ActionError(f"Reading {item_id} is already {item['status']}.")
        positions.save(db, item_id, offset, fraction, now)
        db.execute(
            "UPDATE items SET status = 'snoozed', snoozed_until = ? WHERE id = ?",
            [tomorrow.isoformat(), item_id],
        )
        _set_queue_status(db, day, item_id, "later", now)
        credit = partial.credit_for(
            item["minutes"], fraction, partial.credited_minutes(db, item_id)
        )
        if credit <= 0:
            return []
        cursor = db.execute(
            "INSERT INTO reading_log (item_id, event, at, day, seconds, minutes)"
            " VALUES (?, 'session', ?, ?, 0, ?)",
            [item_id, to_iso(now), day, credit],
        )
        return [int(cursor.lastrowid or 0)]

    item = _act(db, "later", item_id, now, change)
    left = max(int(item["minutes"]) - partial.credited_minutes(db, item_id), 1)
    return Done(
        item_id,
        f"Later: {item['title']} — {fraction:.0%} read; the rest ({left} min) comes back "
        f"on {tomorrow.isoformat()}.",
    )


def to_inbox(db: Database, item_id: int, now: datetime) -> Done:
    """Put a reading back in the inbox, out of today's queue."""

    def change(item: dict[str, Any], day: str) -> list[int]:
        db.execute(
            "UPDATE items SET status = 'inbox', snoozed_until = NULL, read_at = NULL WHERE id = ?",
            [item_id],
        )
        db.execute("DELETE FROM queue WHERE day = ? AND item_id = ?", [day, item_id])
        return []

    item = _act(db, "inbox", item_id, now, change)
    return Done(item_id, f"Back to the inbox: {item['title']}")


def bump(db: Database, item_id: int, delta: int, now: datetime) -> Done:
    """Raise or lower a reading's priority by `delta` (kept within -3..3)."""
    low, high = PRIORITY_RANGE

    def change(item: dict[str, Any], day: str) -> list[int]:
        value = max(low, min(high, int(item["priority"]) + delta))
        db.execute("UPDATE items SET priority = ? WHERE id = ?", [value, item_id])
        return []

    item = _act(db, "priority", item_id, now, change)
    value = max(low, min(high, int(item["priority"]) + delta))
    return Done(item_id, f"Priority {value:+d}: {item['title']}")


def more(db: Database, now: datetime) -> Done:
    """Pull one more reading into today's queue (undoable)."""
    day = daily.ensure_day(db, now)
    with transaction(db):
        item_id = daily.pull_one(db, now)
        item = _item(db, item_id)
        before = {
            "item_id": item_id,
            "title": item["title"],
            "day": day,
            "item": {**{k: item[k] for k in ITEM_FIELDS}, "status": "inbox"},
            "queue": None,
            "log_ids": [],
        }
        _record(db, "more", now, before)
    return Done(item_id, f"Added: {item['title']}")


def _restore(db: Database, payload: dict[str, Any]) -> None:
    item_id, day = payload["item_id"], payload["day"]
    fields = payload["item"]
    db.execute(
        f"UPDATE items SET {', '.join(f'{k} = ?' for k in fields)} WHERE id = ?",
        [*fields.values(), item_id],
    )
    db.execute("DELETE FROM queue WHERE day = ? AND item_id = ?", [day, item_id])
    row = payload["queue"]
    if row is not None:
        db.execute(
            f"INSERT INTO queue ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
    for log_id in payload["log_ids"]:
        db.execute("DELETE FROM reading_log WHERE id = ?", [log_id])


def dismiss(db: Database, item_id: int, now: datetime) -> Done:
    """Not for me: the reading leaves the Inbox (skipped, not logged as a skip of the day)
    and teaches the learned ranking what the reader passes over."""

    def change(item: dict[str, Any], day: str) -> list[int]:
        if item["status"] == "read":
            raise ActionError(f"Reading {item_id} is already read.")
        db.execute(
            "UPDATE items SET status = 'skipped', snoozed_until = NULL, triage = 'dismissed'"
            " WHERE id = ?",
            [item_id],
        )
        if _queue_row(db, day, item_id) is not None:
            _set_queue_status(db, day, item_id, "skipped", now)
        return []

    item = _act(db, "dismiss", item_id, now, change)
    return Done(item_id, f"Dismissed: {item['title']}")


def keep(db: Database, item_id: int, now: datetime) -> Done:
    """Keep for later: the reading leaves the Inbox with its priority raised by one, so a
    coming day picks it sooner."""
    high = PRIORITY_RANGE[1]

    def change(item: dict[str, Any], day: str) -> list[int]:
        if item["status"] in ("read", "skipped"):
            raise ActionError(f"Reading {item_id} is already {item['status']}.")
        value = min(high, int(item["priority"]) + 1)
        db.execute("UPDATE items SET priority = ?, triage = 'kept' WHERE id = ?", [value, item_id])
        return []

    item = _act(db, "keep", item_id, now, change)
    return Done(item_id, f"Kept for later: {item['title']}")


def queue_now(db: Database, item_id: int, now: datetime) -> Done:
    """Add this reading to today's queue (as an extra)."""

    def change(item: dict[str, Any], day: str) -> list[int]:
        if item["status"] in ("read", "queued"):
            raise ActionError(f"Reading {item_id} is already {item['status']}.")
        db.execute(
            "UPDATE items SET status = 'queued', snoozed_until = NULL, triage = 'kept'"
            " WHERE id = ?",
            [item_id],
        )
        _set_queue_status(db, day, item_id, "queued", now)
        return []

    item = _act(db, "queue", item_id, now, change)
    return Done(item_id, f"Added to today: {item['title']}")


UNDONE = {
    "done": "marked read",
    "skip": "skipped",
    "snooze": "snoozed",
    "later": "left for later",
    "inbox": "put back in the inbox",
    "priority": "reprioritised",
    "more": "added",
    "dismiss": "dismissed",
    "keep": "kept",
    "queue": "added to today",
}


def latest_at(db: Database) -> str | None:
    """When the most recent undoable reading action was done (None when there is none)."""
    row = db.execute("SELECT at FROM actions ORDER BY id DESC LIMIT 1").fetchone()
    return None if row is None else str(row[0])


def undo(db: Database) -> Done:
    """Revert the most recent reading action; raises when there is nothing to undo."""
    with transaction(db):
        row = db.execute(
            "SELECT id, kind, payload FROM actions ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise ActionError("There is nothing to undo.")
        payload = json.loads(row[2])
        _restore(db, payload)
        db.execute("DELETE FROM actions WHERE id = ?", [row[0]])
    what = UNDONE.get(row[1], row[1])
    return Done(payload["item_id"], f"Undone ({what}): {payload['title']}")
