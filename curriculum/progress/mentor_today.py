"""What the mentor loop adds to Today: the weekly goal, reading-time ranges, advice that is
back, plans whose date has come, and the count of open questions.

Today's queue itself is `queue.daily`'s; this gathers the rest for `today` and the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from curriculum.progress import advice as advice_store
from curriculum.progress import questions
from curriculum.progress.advice import Advice
from curriculum.queue import calibration, plans, reading_speed, streaks, weekly_goal
from curriculum.queue.daily import Today
from curriculum.queue.plans import Plan
from curriculum.queue.reading_speed import Interval
from curriculum.queue.weekly_goal import WeeklyGoal
from curriculum.store import Database


@dataclass(frozen=True)
class Extras:
    """The mentor loop's part of Today."""

    week: WeeklyGoal
    ranges: dict[int, Interval]  # reading id -> its estimate's 80% range (not partly read)
    advice: list[Advice]  # back today
    plans: list[Plan]  # their date has come: what happened?
    open_questions: int
    overrun: float | None  # the reader's own, from closed plans
    stretched: dict[str, date | None]  # track -> its planned finish at that overrun

    def extend(self, data: dict[str, Any]) -> dict[str, Any]:
        """Add to the `today --json` document."""
        for item in data.get("items", []):
            if item["id"] in self.ranges:
                item["minutes_range"] = self.ranges[item["id"]].as_json()
        data["week"] = self.week.as_json()
        data["advice_due"] = [a.as_json() for a in self.advice]
        data["plans_due"] = [p.as_json() for p in self.plans]
        data["open_questions"] = self.open_questions
        data["overrun"] = self.overrun
        for track in data.get("forecast", []):
            finish = self.stretched.get(track["track"])
            track["overrun_finish"] = None if finish is None else finish.isoformat()
        return data


def ranges(db: Database, item_ids: list[int]) -> dict[int, Interval]:
    """Each reading's estimate as an 80% range, from the reader's speed on its kind."""
    if not item_ids:
        return {}
    model = reading_speed.speed_model(db)
    marks = ",".join("?" * len(item_ids))
    rows = db.execute(
        f"SELECT id, arxiv_id, words, minutes FROM items WHERE id IN ({marks})", item_ids
    ).fetchall()
    return {int(i): model.estimate(arxiv, words, int(m)) for i, arxiv, words, m in rows}


def week_of(db: Database, today: Today) -> WeeklyGoal:
    """The weekly goal as of Today's study day."""
    return weekly_goal.goal_of(db, streaks.met_days(db, today.target), today.day)


def extras(db: Database, today: Today) -> Extras:
    """Everything the loop adds to `today`."""
    day: date = today.day
    overrun = plans.calibration_of(db).overrun
    return Extras(
        week=week_of(db, today),
        ranges=ranges(db, [e.id for e in today.entries if not e.partly_read]),
        advice=advice_store.due_advice(db, day),
        plans=plans.due_plans(db, day),
        open_questions=questions.open_count(db),
        overrun=overrun,
        stretched={
            f.track: calibration.stretched_finish(day, f.planned_finish, overrun)
            for f in today.forecast
        },
    )
