"""First launch: choose a track and the daily targets, then start today's queue afresh."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from curriculum.queue import daily
from curriculum.store import Database, get_meta, set_meta, settings, transaction

WELCOMED = "welcomed"


@dataclass(frozen=True)
class TrackChoice:
    """A track the user can pick."""

    slug: str
    name: str
    readings: int
    active: bool


def needs_welcome(db: Database) -> bool:
    """Whether the first-launch welcome has not been shown yet."""
    return get_meta(db, WELCOMED) is None


def track_choices(db: Database) -> list[TrackChoice]:
    """Every track with its number of readings, in catalog order."""
    rows = db.execute(
        "SELECT t.slug, t.name, COUNT(ti.item_id), t.active FROM tracks t"
        " LEFT JOIN track_items ti ON ti.track_id = t.id GROUP BY t.id ORDER BY t.id"
    ).fetchall()
    return [TrackChoice(r[0], r[1], int(r[2]), bool(r[3])) for r in rows]


def _requeue_today(db: Database, now: datetime) -> None:
    """Forget today's untouched queue so it is chosen again with the new choices."""
    day = daily.current_day(db, now).isoformat()
    touched = db.execute(
        "SELECT COUNT(*) FROM queue WHERE day = ? AND status != 'queued'", [day]
    ).fetchone()[0]
    if touched:
        return
    db.execute(
        "UPDATE items SET status = 'inbox' WHERE id IN (SELECT item_id FROM queue WHERE day = ?)",
        [day],
    )
    db.execute("DELETE FROM days WHERE day = ?", [day])


def finish(
    db: Database, track: str | None, items: str, minutes: str, now: datetime, interests: str = ""
) -> None:
    """Activate only `track` (None: feeds only), store the targets and the concepts the reader
    cares about (they guide the learned ranking until it has the reader's own signals),
    remember the welcome."""
    items_value = settings.validate("daily.items", items)
    minutes_value = settings.validate("daily.minutes", minutes)
    interests_value = settings.validate("ranking.interests", interests)
    with transaction(db):
        db.execute("UPDATE tracks SET active = COALESCE(slug = ?, 0)", [track])
        settings.set_value(db, "daily.items", str(items_value))
        settings.set_value(db, "daily.minutes", str(minutes_value))
        settings.set_value(db, "ranking.interests", str(interests_value))
        _requeue_today(db, now)
        set_meta(db, WELCOMED, True)


def skip(db: Database) -> None:
    """Keep the defaults and do not ask again."""
    with transaction(db):
        set_meta(db, WELCOMED, True)
