"""The readings that could enter a day's queue, read from the store in queue order.

Order of a new day: snoozed readings whose date has come, readings carried over from
earlier days, the next unread readings of the active tracks, then ranked feed readings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from curriculum.clock import from_iso
from curriculum.queue import partial
from curriculum.queue.picking import Candidate, FeedReading, weak_concept
from curriculum.store import Database

CARRY_LIMIT = 3  # days an unfinished reading is offered before it returns to the inbox


def snoozed_due(db: Database, day: str) -> list[Candidate]:
    """Snoozed readings whose date is `day` or earlier; they must come back."""
    rows = db.execute(
        f"SELECT i.id, {partial.remaining_sql()}, i.feed_id, EXISTS (SELECT 1 FROM"
        " reading_positions p WHERE p.item_id = i.id AND p.fraction > 0) FROM items i"
        " WHERE i.status = 'snoozed' AND (i.snoozed_until IS NULL OR i.snoozed_until <= ?)"
        " ORDER BY i.snoozed_until, i.id",
        [day],
    ).fetchall()
    return [
        Candidate(r[0], r[1], "later" if r[3] else "snooze", r[2], mandatory=True) for r in rows
    ]


def times_offered(db: Database, item_id: int, day: str) -> int:
    """Days before `day` this reading sat unfinished in the queue since it was last picked."""
    row = db.execute(
        """
        SELECT COUNT(*) FROM queue q WHERE q.item_id = :item AND q.day < :day
        AND q.day >= COALESCE((SELECT MAX(day) FROM queue WHERE item_id = :item
                               AND day < :day AND reason != 'carry'), '')
        """,
        {"item": item_id, "day": day},
    ).fetchone()
    return int(row[0])


def unfinished(db: Database, day: str) -> list[Candidate]:
    """Queued readings not in `day`'s queue, oldest queue first (not yet checked for age)."""
    rows = db.execute(
        f"""
        SELECT i.id, {partial.remaining_sql()}, i.feed_id,
               (SELECT MAX(q.day) FROM queue q WHERE q.item_id = i.id) AS last_day,
               (SELECT MIN(q.position) FROM queue q WHERE q.item_id = i.id
                AND q.day = (SELECT MAX(day) FROM queue WHERE item_id = i.id)) AS pos
        FROM items i
        WHERE i.status = 'queued'
          AND NOT EXISTS (SELECT 1 FROM queue t WHERE t.item_id = i.id AND t.day = ?)
        ORDER BY last_day, pos, i.id
        """,
        [day],
    ).fetchall()
    return [Candidate(r[0], r[1], "carry", r[2]) for r in rows]


def track_next(db: Database) -> list[Candidate]:
    """The unread readings of the active tracks still in the inbox, in track order."""
    rows = db.execute(
        """
        SELECT i.id, i.minutes, i.feed_id FROM track_items ti
        JOIN tracks t ON t.id = ti.track_id AND t.active = 1
        JOIN items i ON i.id = ti.item_id
        WHERE i.status = 'inbox'
        ORDER BY t.id, ti.position
        """
    ).fetchall()
    return [Candidate(r[0], r[1], "track", r[2]) for r in rows]


def track_item_ids(db: Database) -> set[int]:
    """Every reading of an active track (read or not)."""
    rows = db.execute(
        "SELECT ti.item_id FROM track_items ti JOIN tracks t ON t.id = ti.track_id"
        " WHERE t.active = 1"
    )
    return {int(r[0]) for r in rows}


def feed_readings(db: Database) -> list[FeedReading]:
    """Inbox readings that come from feeds or were added by hand (not track readings)."""
    rows = db.execute(
        """
        SELECT i.id, i.minutes, i.feed_id, COALESCE(f.priority, 0), i.priority,
               COALESCE(i.published, i.first_seen), i.tags, r.score
        FROM items i LEFT JOIN feeds f ON f.id = i.feed_id LEFT JOIN ranks r ON r.item_id = i.id
        WHERE i.status = 'inbox'
          AND (i.feed_id IS NOT NULL OR i.origin != 'track')
          AND NOT EXISTS (SELECT 1 FROM track_items ti JOIN tracks t ON t.id = ti.track_id
                          WHERE ti.item_id = i.id AND t.active = 1)
        """
    ).fetchall()
    return [
        FeedReading(r[0], r[1], r[2], r[3], r[4], _moment(r[5]), _tags(r[6]), r[7]) for r in rows
    ]


def _tags(text: str | None) -> tuple[str, ...]:
    if not text or text == "[]":
        return ()
    try:
        tags = json.loads(text)
    except ValueError:
        return ()
    return tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else ()


def _moment(text: str) -> datetime:
    try:
        return from_iso(text)
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)


def as_candidates(readings: list[FeedReading], weak: Sequence[str] = ()) -> list[Candidate]:
    """Ranked feed readings as queue candidates (reason `weak` for those on a weak concept)."""
    chosen = []
    for r in readings:
        concept = weak_concept(r, weak)
        chosen.append(
            Candidate(r.id, r.minutes, "weak" if concept else "feed", r.feed_id, concept=concept)
        )
    return chosen
