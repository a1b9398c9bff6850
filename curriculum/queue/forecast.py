"""Forecast: when each active track will be finished, at the planned pace and the real one.

People over-plan; the real pace (the reading log of the last 14 days) keeps them honest.
On the first days a handful of readings would swing it from day to day, so until 14 days of
history exist the missing days count at the planned pace (the estimate is shrunk toward the
plan) and the forecast says how many days it rests on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from curriculum.queue.picking import Targets
from curriculum.store import Database

PACE_WINDOW_DAYS = 14
UNKNOWN_PACE = "not known yet"  # the one phrase, after "at your pace:", for a pace with no history


@dataclass(frozen=True)
class TrackLeft:
    """What is left of one active track."""

    track: str
    remaining: int
    minutes: int


@dataclass(frozen=True)
class Pace:
    """Readings and estimated minutes per day, over `days` days of history (0: nothing read
    yet, so not known) out of the `window` a settled pace needs."""

    items: float
    minutes: float
    days: int = PACE_WINDOW_DAYS
    window: int = PACE_WINDOW_DAYS

    @property
    def known(self) -> bool:
        """Whether anything was ever read."""
        return self.days > 0

    @property
    def settled(self) -> bool:
        """Whether the pace rests on a whole window of history."""
        return self.days >= self.window


def pace_note(days: int, window: int = PACE_WINDOW_DAYS) -> str:
    """Says when a real-pace date leans on the plan: `3 of 14 days, rest as planned`."""
    return f"{days} of {window} days, rest as planned" if 0 < days < window else ""


def shrink(real: Pace, plan: Pace) -> Pace:
    """The real pace with the days of history it lacks counted at the planned pace."""
    if not real.known or real.settled:
        return real
    weight = real.days / real.window
    return Pace(
        real.items * weight + plan.items * (1 - weight),
        real.minutes * weight + plan.minutes * (1 - weight),
        real.days,
        real.window,
    )


@dataclass(frozen=True)
class TrackForecast:
    """One track's remaining work and its two finish dates (None: never, or nothing left)."""

    track: str
    remaining: int
    minutes: int
    planned_finish: date | None
    expected_finish: date | None
    pace_days: int = PACE_WINDOW_DAYS  # days of history behind the real pace (0: not known)

    @property
    def estimated(self) -> bool:
        """Whether the real-pace date still leans on the plan (fewer than 14 days known)."""
        return 0 < self.pace_days < PACE_WINDOW_DAYS

    def as_json(self) -> dict[str, object]:
        """The `today --json` shape."""
        return {
            "track": self.track,
            "remaining": self.remaining,
            "planned_finish": _iso(self.planned_finish),
            "expected_finish": _iso(self.expected_finish),
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def planned_days(remaining: int, minutes: int, targets: Targets) -> int | None:
    """Days to read `remaining` readings of `minutes` when each day fills both targets.

    A day is filled until every enabled target is met, so the faster target decides.
    """
    options = []
    if targets.items > 0:
        options.append(math.ceil(remaining / targets.items))
    if targets.minutes > 0:
        options.append(math.ceil(minutes / targets.minutes))
    return min(options) if options and remaining > 0 else None


def expected_days(remaining: int, minutes: int, pace: Pace) -> int | None:
    """Days at the real pace: by minutes when known (lengths vary), else by readings."""
    if remaining <= 0:
        return None
    if pace.minutes > 0 and minutes > 0:
        return math.ceil(minutes / pace.minutes)
    if pace.items > 0:
        return math.ceil(remaining / pace.items)
    return None


def _finish(start: date, days: int | None) -> date | None:
    return None if days is None else start + timedelta(days=max(days, 1) - 1)


def _expected(items: int, minutes: int, planned: int | None, real: Pace) -> int | None:
    """Days at the real pace, shrunk toward the plan while history is short."""
    if not real.known:
        return None
    if planned is not None:
        real = shrink(real, Pace(items / planned, minutes / planned))
    return expected_days(items, minutes, real)


def forecast(
    tracks: list[TrackLeft], planned: Targets, real: Pace, start: date
) -> list[TrackForecast]:
    """Finish dates for tracks read one after another (queue order), from study day `start`."""
    result = []
    before_items = before_minutes = 0
    for left in tracks:
        items, minutes = before_items + left.remaining, before_minutes + left.minutes
        plan_days = planned_days(items, minutes, planned)
        done = left.remaining == 0
        result.append(
            TrackForecast(
                track=left.track,
                remaining=left.remaining,
                minutes=left.minutes,
                planned_finish=None if done else _finish(start, plan_days),
                expected_finish=None
                if done
                else _finish(start, _expected(items, minutes, plan_days, real)),
                pace_days=real.days,
            )
        )
        before_items, before_minutes = items, minutes
    return result


def pace(read_items: int, read_minutes: int, days: int) -> Pace:
    """Average readings and minutes per day over `days` days."""
    span = max(days, 1)
    return Pace(items=read_items / span, minutes=read_minutes / span)


def recent_pace(db: Database, today: date, window: int = PACE_WINDOW_DAYS) -> Pace:
    """The real pace over the last `window` study days (fewer for a new user), today included;
    `days` is 0 while nothing was ever read."""
    first_day = (today - timedelta(days=window - 1)).isoformat()
    row = db.execute(
        "SELECT COALESCE(SUM(event = 'read'), 0), COALESCE(SUM(minutes), 0) FROM reading_log"
        " WHERE event IN ('read', 'session') AND day >= ? AND day <= ?",
        [first_day, today.isoformat()],
    ).fetchone()
    earliest = db.execute(
        "SELECT MIN(day) FROM (SELECT day FROM days UNION ALL SELECT day FROM reading_log)"
    ).fetchone()[0]
    ever = db.execute("SELECT 1 FROM reading_log WHERE event = 'read' LIMIT 1").fetchone()
    used = (today - date.fromisoformat(earliest)).days + 1 if earliest else window
    days = min(window, max(used, 1)) if ever else 0
    average = pace(int(row[0]), int(row[1]), max(days, 1))
    return Pace(average.items, average.minutes, days, window)


def tracks_left(db: Database) -> list[TrackLeft]:
    """Unfinished readings (not read, not skipped) of each active track, in track order."""
    rows = db.execute(
        """
        SELECT t.name,
               COALESCE(SUM(i.status NOT IN ('read', 'skipped')), 0),
               COALESCE(SUM(CASE WHEN i.status NOT IN ('read', 'skipped')
                            THEN i.minutes ELSE 0 END), 0)
        FROM tracks t LEFT JOIN track_items ti ON ti.track_id = t.id
        LEFT JOIN items i ON i.id = ti.item_id
        WHERE t.active = 1 GROUP BY t.id ORDER BY t.id
        """
    ).fetchall()
    return [TrackLeft(str(r[0]), int(r[1]), int(r[2])) for r in rows]
