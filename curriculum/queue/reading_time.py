"""Time spent reading: an idle-aware timer, sessions in the reading log, personal reading speed.

A gap of more than five minutes between two signs of activity is idle time and does not
count. Measured speed — per kind of reading, learned in `reading_speed` — refines the
estimated minutes of unread readings whose length in words is known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from curriculum.clock import to_iso
from curriculum.store import Database, transaction

IDLE_SECONDS = 300
WPM_RANGE = (80, 1000)
MIN_TIMED_READS = 3
RECENT_READS = 20


@dataclass
class ActiveTimer:
    """Counts active seconds between `touch` calls, ignoring gaps over IDLE_SECONDS."""

    last: datetime | None = None
    seconds: float = 0.0

    def touch(self, now: datetime) -> None:
        """Note activity at `now`."""
        if self.last is not None:
            gap = (now - self.last).total_seconds()
            if 0 < gap <= IDLE_SECONDS:
                self.seconds += gap
        self.last = now

    def take(self, now: datetime) -> int:
        """Count up to `now`, return the whole seconds so far and start again from zero."""
        self.touch(now)
        whole = int(self.seconds)
        self.seconds -= whole
        return whole


def record_session(db: Database, item_id: int, seconds: int, now: datetime, day: str) -> None:
    """Add a reading session (time actually spent) to the log; call inside a transaction."""
    if seconds <= 0:
        return
    db.execute(
        "INSERT INTO reading_log (item_id, event, at, day, seconds, minutes)"
        " VALUES (?, 'session', ?, ?, ?, 0)",
        [item_id, to_iso(now), day, seconds],
    )


def unlogged_seconds(db: Database, item_id: int) -> int:
    """Session seconds of a reading not yet counted by a read or skip event."""
    row = db.execute(
        "SELECT COALESCE(SUM(CASE WHEN event = 'session' THEN seconds ELSE -seconds END), 0)"
        " FROM reading_log WHERE item_id = ?",
        [item_id],
    ).fetchone()
    return max(int(row[0]), 0)


def words_per_minute(samples: list[tuple[int, int]]) -> float | None:
    """Reading speed from (words, seconds) of timed reads; None with too few samples."""
    timed = [(w, s) for w, s in samples if w > 0 and s > 0]
    if len(timed) < MIN_TIMED_READS:
        return None
    words = sum(w for w, _ in timed)
    minutes = sum(s for _, s in timed) / 60
    low, high = WPM_RANGE
    return max(low, min(high, words / minutes))


def estimate_minutes(words: int, wpm: float) -> int:
    """Estimated whole minutes to read `words` at `wpm` (at least one)."""
    return max(1, math.ceil(words / wpm))


def personal_wpm(db: Database) -> float | None:
    """The reader's speed over their most recent timed reads of known length."""
    rows = db.execute(
        "SELECT i.words, r.seconds FROM reading_log r JOIN items i ON i.id = r.item_id"
        " WHERE r.event = 'read' AND r.seconds > 0 AND i.words > 0"
        " ORDER BY r.at DESC LIMIT ?",
        [RECENT_READS],
    ).fetchall()
    return words_per_minute([(int(w), int(s)) for w, s in rows])


def refresh_estimates(db: Database) -> float | None:
    """Re-estimate unread readings of known length at the reader's measured speed for their
    kind (`reading_speed`); returns the overall measured speed, if known."""
    from curriculum.queue import reading_speed

    model = reading_speed.speed_model(db)
    if not model.measured:
        return None
    with transaction(db):
        reading_speed.apply(db, model)
    return personal_wpm(db)
