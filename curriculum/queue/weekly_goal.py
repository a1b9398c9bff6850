"""The forgiving weekly goal beside the streak, and planned days off.

A week (Monday to Sunday, by study days) meets the goal when the daily target was met on
`goal.days_per_week` of its days. A planned day off lowers that week's goal by one (never
below zero days a week) and breaks no streak: one missed day is not a failure, and a day
planned away costs nothing. Days off are planned ahead: today or later, never the past.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from curriculum.clock import to_iso
from curriculum.errors import ConfigError, NotFoundError
from curriculum.store import Database, settings, transaction

WEEKS_LOOKED_BACK = 520  # a run of good weeks is counted back at most ten years


@dataclass(frozen=True)
class Week:
    """One week's standing against the goal."""

    start: date  # its Monday
    met: int  # days whose target was met
    off: int  # planned days off
    goal: int  # days needed this week (the setting, lowered by days off)

    @property
    def reached(self) -> bool:
        """Whether this week met its goal."""
        return self.met >= self.goal

    @property
    def left(self) -> int:
        """Days still needed to meet the goal."""
        return max(self.goal - self.met, 0)


@dataclass(frozen=True)
class WeeklyGoal:
    """This week so far, and the run of weeks that met the goal."""

    days_per_week: int
    this_week: Week
    weeks_in_a_row: int  # finished weeks that met the goal, plus this one once it has

    def as_json(self) -> dict[str, object]:
        """The `today --json` and `stats --json` shape."""
        week = self.this_week
        return {
            "days_per_week": self.days_per_week,
            "week_start": week.start.isoformat(),
            "met_days": week.met,
            "days_off": week.off,
            "goal": week.goal,
            "reached": week.reached,
            "weeks_in_a_row": self.weeks_in_a_row,
        }


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def week_of(start: date, met_days: Collection[date], off: Collection[date], per_week: int) -> Week:
    """The standing of the week starting `start`."""
    days = [start + timedelta(days=n) for n in range(7)]
    off_count = sum(day in off for day in days)
    met_count = sum(day in met_days for day in days)
    return Week(start, met_count, off_count, max(per_week - off_count, 0))


def weekly_goal(
    met_days: Collection[date], off: Collection[date], per_week: int, today: date
) -> WeeklyGoal:
    """This week's standing and how many weeks in a row met the goal.

    The current week counts in the run once it is reached; while it is still in progress it
    breaks nothing, as today never breaks the daily streak. A week planned wholly off (a
    goal of zero days) neither counts nor breaks the run.
    """
    this = week_of(week_start(today), met_days, off, per_week)
    run, start = 0, this.start
    for _ in range(WEEKS_LOOKED_BACK):
        start -= timedelta(days=7)
        week = week_of(start, met_days, off, per_week)
        if not week.reached:
            break
        run += week.goal > 0
    return WeeklyGoal(per_week, this, run + (this.reached and this.goal > 0))


def goal_of(db: Database, met_days: Collection[date], today: date) -> WeeklyGoal:
    """The store's weekly goal as of study day `today`."""
    per_week = int(settings.get(db, "goal.days_per_week"))
    return weekly_goal(met_days, days_off(db), per_week, today)


def days_off(db: Database) -> set[date]:
    """Every planned day off."""
    return {date.fromisoformat(day) for (day,) in db.execute("SELECT day FROM days_off")}


def upcoming_days_off(db: Database, today: date) -> list[date]:
    """Planned days off from `today` on, soonest first."""
    rows = db.execute(
        "SELECT day FROM days_off WHERE day >= ? ORDER BY day", [today.isoformat()]
    ).fetchall()
    return [date.fromisoformat(day) for (day,) in rows]


def add_day_off(db: Database, day: date, today: date, now: datetime) -> bool:
    """Plan `day` off; False when it already was. A past day cannot be planned."""
    if day < today:
        raise ConfigError(
            f"{day.isoformat()} has passed: a day off is planned ahead (today or later)."
        )
    with transaction(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO days_off (day, created_at) VALUES (?, ?)",
            [day.isoformat(), to_iso(now)],
        )
    return bool(cursor.rowcount)


def cancel_day_off(db: Database, day: date) -> None:
    """Take back a planned day off."""
    with transaction(db):
        cursor = db.execute("DELETE FROM days_off WHERE day = ?", [day.isoformat()])
    if not cursor.rowcount:
        raise NotFoundError(
            f"{day.isoformat()} is not a planned day off; `curriculum days-off` lists them."
        )
