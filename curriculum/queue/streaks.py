"""Streaks: consecutive study days whose target was met; today in progress never breaks one."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from curriculum.queue.picking import Progress, Targets, met
from curriculum.queue.weekly_goal import days_off
from curriculum.store import Database


@dataclass(frozen=True)
class Streak:
    """The current run of met days and the best run ever."""

    current: int
    best: int


def day_met(read: Progress, targets: Targets) -> bool:
    """A day counts when something was read and every enabled target was reached."""
    return read.items > 0 and met(read, targets)


def _run_back(met_days: Collection[date], last: date, off: Collection[date] = ()) -> int:
    """Met days in a row ending at `last`; planned days off in between neither count nor break."""
    count, day = 0, last
    while day in met_days or day in off:
        count += day in met_days
        day -= timedelta(days=1)
    return count


def _longest(met_days: Collection[date], off: Collection[date] = ()) -> int:
    best = 0
    for day in met_days:
        before = day - timedelta(days=1)
        while before in off:
            before -= timedelta(days=1)
        if before in met_days:
            continue
        length, after = 1, day + timedelta(days=1)
        while after in met_days or after in off:
            length += after in met_days
            after += timedelta(days=1)
        best = max(best, length)
    return best


def streaks(met_days: Collection[date], today: date, off: Collection[date] = ()) -> Streak:
    """Current streak (ending today if met, else yesterday) and the best streak.

    Days after `today` are ignored. A planned day off (`off`) breaks nothing: the run goes on
    across it, and it adds no day to the count.
    """
    days = {d for d in met_days if d <= today}
    last = today if today in days else today - timedelta(days=1)
    while last in off and last not in days:
        last -= timedelta(days=1)
    current = _run_back(days, last, off)
    return Streak(current=current, best=max(current, _longest(days, off)))


def daily_reading(db: Database) -> dict[date, Progress]:
    """Readings and estimated minutes marked read on each study day."""
    rows = db.execute(
        "SELECT day, COALESCE(SUM(event = 'read'), 0), COALESCE(SUM(minutes), 0)"
        " FROM reading_log WHERE event IN ('read', 'session') GROUP BY day"
    ).fetchall()
    return {date.fromisoformat(r[0]): Progress(int(r[1]), int(r[2])) for r in rows}


def met_days(db: Database, fallback: Targets) -> set[date]:
    """Study days whose target (as stored for that day, else `fallback`) was met."""
    stored = {
        date.fromisoformat(r[0]): Targets(int(r[1]), int(r[2]))
        for r in db.execute("SELECT day, target_items, target_minutes FROM days")
    }
    return {
        day for day, read in daily_reading(db).items() if day_met(read, stored.get(day, fallback))
    }


def streak_of(db: Database, today: date, fallback: Targets) -> Streak:
    """The store's current and best streak as of study day `today` (days off break nothing)."""
    return streaks(met_days(db, fallback), today, days_off(db))
