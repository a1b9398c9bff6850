"""The Stats report: fetch the rows, run the arithmetic of `stats`, shape `stats --json`."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from curriculum import clock
from curriculum.clock import from_iso, study_day, to_iso
from curriculum.progress import coverage, stats
from curriculum.queue import calibration, forecast, plans, reading_speed, streaks, weekly_goal
from curriculum.queue.picking import Targets
from curriculum.store import Database, settings

ISO_LENGTH = len("2026-01-01T00:00:00.000Z")  # clock.to_iso's fixed width


@dataclass(frozen=True)
class Frame:
    """Where the report stands: now, the study-day rule and today's study day."""

    now: datetime
    day_starts: Any
    tz: tzinfo | None
    today: date

    def day_of(self, stamp: str) -> date:
        """The study day of a stored timestamp."""
        return study_day(from_iso(stamp), self.day_starts, self.tz)

    def days_of(self, stamps: Iterable[str], first: date, last: date) -> Iterator[date]:
        """The study days of many stored timestamps, fast between `first` and `last`.

        Stored times are `clock.to_iso` text, which sorts as time does, so each is placed by
        a binary search among the days' start instants; any other text is parsed.
        """
        count = (last - first).days + 1
        starts = [to_iso(clock.day_start(first + timedelta(n), self.day_starts, self.tz))
                  for n in range(count + 1)]  # fmt: skip
        for stamp in stamps:
            index = bisect_right(starts, stamp) - 1
            if 0 <= index < count and len(stamp) == ISO_LENGTH and stamp.endswith("Z"):
                yield first + timedelta(index)
            else:
                yield self.day_of(stamp)


def frame(db: Database, now: datetime, tz: tzinfo | None = None) -> Frame:
    """The frame for `now` under the `day.starts` setting."""
    starts = settings.day_starts(db)
    return Frame(now, starts, tz, study_day(now, starts, tz))


def reading_days(db: Database, first: date) -> dict[date, tuple[int, int]]:
    """Readings and their minutes per study day since `first`, from the reading log."""
    rows = db.execute(
        "SELECT day, COALESCE(SUM(event = 'read'), 0), COALESCE(SUM(minutes), 0)"
        " FROM reading_log WHERE event IN ('read', 'session') AND day >= ? GROUP BY day",
        [first.isoformat()],
    )
    return {date.fromisoformat(day): (int(n), int(m)) for day, n, m in rows}


def targets(db: Database) -> Targets:
    """Today's daily targets from the settings."""
    values = settings.get_all(db)
    return Targets(int(values["daily.items"]), int(values["daily.minutes"]))


def reading_section(db: Database, f: Frame) -> dict[str, Any]:
    """The calendar, totals, streaks and target completion over the last 30 days."""
    all_days = reading_days(db, date.min)
    met = streaks.met_days(db, targets(db))
    streak = streaks.streaks(met, f.today, weekly_goal.days_off(db))
    cells = stats.calendar(all_days, f.today)
    last30 = [f.today - timedelta(days=n) for n in range(30)]
    return {
        "calendar": [
            {"day": c.day.isoformat(), "items": c.items, "minutes": c.minutes} for c in cells
        ],
        "total": {
            "items": sum(n for n, _ in all_days.values()),
            "minutes": sum(m for _, m in all_days.values()),
        },
        "streak": {"current": streak.current, "longest": streak.best},
        "target": {
            "items": settings.get(db, "daily.items"),
            "minutes": settings.get(db, "daily.minutes"),
            "met_last_30": sum(d in met for d in last30),
        },
        "week": weekly_goal.goal_of(db, met, f.today).as_json(),
    }


def _review_rows(db: Database, since: datetime) -> list[tuple[str, int, str]]:
    return db.execute(
        "SELECT reviewed_at, rating, COALESCE(json_extract(state_before, '$.state'), '')"
        " FROM review_log WHERE reviewed_at >= ?",
        [to_iso(since)],
    ).fetchall()


def reviews_section(db: Database, f: Frame) -> dict[str, Any]:
    """Reviews per day, true retention, the due forecast and cards by state."""
    rows = _review_rows(db, f.now - timedelta(days=32))
    on = list(f.days_of((at for at, _, _ in rows), f.today - timedelta(33), f.today))
    days = stats.reviews_per_day(
        ((day, r) for day, (_, r, _) in zip(on, rows, strict=True)), f.today
    )
    first = days[0].day  # true retention counts the very days the reviews chart shows
    recent = [
        (state, r) for day, (_, r, state) in zip(on, rows, strict=True) if first <= day <= f.today
    ]
    retention = stats.true_retention(recent)
    forecast = stats.due_forecast(_due_days(db, f), f.today)
    states = db.execute("SELECT state, suspended FROM cards").fetchall()
    return {
        "per_day": [{"day": d.day.isoformat(), "count": d.count, "passed": d.passed} for d in days],
        "true_retention": {
            "value": retention.value,
            "passed": retention.passed,
            "reviews": retention.total,
            "desired": settings.get(db, "cards.retention"),
        },
        "forecast": [{"day": d.isoformat(), "due": n} for d, n in forecast],
        "by_state": stats.cards_by_state((s, bool(x)) for s, x in states),
    }


def _due_days(db: Database, f: Frame, days: int = 30) -> list[date]:
    """The study days of cards due before the forecast's end (overdue ones as today)."""
    start = to_iso(clock.day_start(f.today, f.day_starts, f.tz))
    end = to_iso(clock.day_start(f.today + timedelta(days), f.day_starts, f.tz))
    active = (
        "FROM cards WHERE suspended = 0 AND state != 'new'"
        " AND (buried_until IS NULL OR buried_until <= :now)"
    )
    marks = {"now": to_iso(f.now), "start": start, "end": end}
    overdue = db.execute(f"SELECT COUNT(*) {active} AND due < :start", marks).fetchone()[0]
    coming = (
        due for (due,) in db.execute(f"SELECT due {active} AND due >= :start AND due < :end", marks)
    )
    return [f.today] * int(overdue) + list(f.days_of(coming, f.today, f.today + timedelta(days)))


def tracks_section(db: Database, f: Frame) -> list[dict[str, Any]]:
    """Each track's progress, and the queue's forecast of when active ones will be done."""
    finish = {
        t.track: t
        for t in forecast.forecast(
            forecast.tracks_left(db), targets(db), forecast.recent_pace(db, f.today), f.today
        )
    }
    rows = db.execute(
        """
        SELECT t.name, t.active, COUNT(i.id), COALESCE(SUM(i.status = 'read'), 0),
               COALESCE(SUM(CASE WHEN i.status NOT IN ('read', 'skipped') THEN i.minutes END), 0)
        FROM tracks t JOIN track_items ti ON ti.track_id = t.id JOIN items i ON i.id = ti.item_id
        GROUP BY t.id ORDER BY t.active DESC, t.id
        """
    )
    result = []
    overrun = plans.calibration_of(db).overrun
    for name, active, total, read, minutes in rows:
        plan = finish.get(name) if active else None
        planned = plan.planned_finish if plan else None
        result.append(
            {
                "name": name,
                "active": bool(active),
                "read": int(read),
                "total": int(total),
                "remaining_minutes": int(minutes),
                "planned_finish": _iso(plan.planned_finish if plan else None),
                "expected_finish": _iso(plan.expected_finish if plan else None),
                "overrun": overrun,
                "overrun_finish": _iso(calibration.stretched_finish(f.today, planned, overrun)),
                "pace_days": plan.pace_days if plan else 0,
            }
        )
    return result


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def report(db: Database, now: datetime, tz: tzinfo | None = None) -> dict[str, Any]:
    """Everything the Stats screen and `stats --json` show."""
    f = frame(db, now, tz)
    return {
        "generated_at": to_iso(now),
        "today": f.today.isoformat(),
        "reading": reading_section(db, f),
        "reviews": reviews_section(db, f),
        "tracks": tracks_section(db, f),
        "concepts": coverage.concepts_section(db, now),
        "calibration": plans.calibration_of(db).as_json(),
        "reading_speed": reading_speed.speed_model(db).as_json(),
    }
