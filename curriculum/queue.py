"""Today's readings. Foundation version: the next unread readings of the active tracks.

(The queue issue replaces this with stored daily queues, targets, carry-over and ranking.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from curriculum import settings
from curriculum.clock import parse_day_starts, study_day


@dataclass(frozen=True)
class Reading:
    """A reading as lists show it."""

    id: int
    title: str
    url: str | None
    source: str
    authors: list[str]
    minutes: int
    status: str


def _reading(row: tuple[object, ...]) -> Reading:
    item_id, title, url, source, authors, minutes, status = row
    return Reading(
        id=int(str(item_id)),
        title=str(title),
        url=None if url is None else str(url),
        source=str(source or ""),
        authors=json.loads(str(authors)),
        minutes=int(str(minutes)),
        status=str(status),
    )


def next_track_readings(db: Database, limit: int) -> list[Reading]:
    """The next unread readings of the active tracks, in track order."""
    rows = db.execute(
        """
        SELECT i.id, i.title, i.url, t.name, i.authors, i.minutes, i.status
        FROM track_items ti
        JOIN tracks t ON t.id = ti.track_id AND t.active = 1
        JOIN items i ON i.id = ti.item_id
        WHERE i.status IN ('inbox', 'queued')
        ORDER BY t.id, ti.position
        LIMIT ?
        """,
        [limit],
    ).fetchall()
    return [_reading(row) for row in rows]


def today(db: Database, now: datetime) -> dict[str, object]:
    """Today's queue as the `today --json` contract shapes it."""
    values = settings.get_all(db)
    day = study_day(now, parse_day_starts(str(values["day.starts"])))
    target_items = int(values["daily.items"]) or 1
    readings = next_track_readings(db, target_items)
    return {
        "date": day.isoformat(),
        "day_starts": values["day.starts"],
        "target": {"items": values["daily.items"], "minutes": values["daily.minutes"]},
        "done": {"items": 0, "minutes": 0},
        "items": [
            {
                "id": r.id,
                "title": r.title,
                "url": r.url,
                "source": r.source,
                "minutes": r.minutes,
                "status": "queued",
            }
            for r in readings
        ],
    }
