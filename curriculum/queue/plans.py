"""Plans: a goal with a date and the reader's own estimate, scored against what happened.

When a plan is made, Curriculum puts its own forecast beside the estimate (the estimate,
stretched by the reader's own overrun once known, at the real reading pace) and asks the
scholar's question — would you be surprised if it is not done by then? — and keeps the
answer. From its date on, it asks what happened (done, partly, not) until answered. The
arithmetic lives in `calibration`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from curriculum.clock import to_iso
from curriculum.errors import ConfigError, CurriculumError, NotFoundError
from curriculum.queue import calibration, daily, forecast
from curriculum.queue.calibration import OUTCOMES, Calibration, ClosedPlan
from curriculum.store import Database, transaction
from curriculum.text import required_line

MAX_TEXT = 500
MAX_ESTIMATE = 100_000  # minutes: about ten weeks of full days
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FIELDS = (
    "id, text, by_day, estimate_minutes, forecast_day, pace_minutes, overrun, surprised,"
    " created_at, created_day, outcome, actual_minutes, closed_at, asked_on"
)


@dataclass(frozen=True)
class Plan:
    """One plan as stored."""

    id: int
    text: str
    by_day: date
    estimate: int | None
    forecast_day: date | None
    pace: float | None
    overrun: float | None
    surprised: bool | None
    created_at: str
    created_day: date
    outcome: str | None
    actual: int | None
    closed_at: str | None
    asked_on: date | None

    def due(self, today: date) -> bool:
        """Open and its date has come: time to ask what happened."""
        return self.outcome is None and self.by_day <= today

    def as_json(self) -> dict[str, object]:
        """The `plans --json` shape."""
        return {
            "id": self.id,
            "text": self.text,
            "by": self.by_day.isoformat(),
            "estimate_minutes": self.estimate,
            "forecast": _iso(self.forecast_day),
            "overrun": self.overrun,
            "surprised": self.surprised,
            "created": self.created_day.isoformat(),
            "outcome": self.outcome,
            "actual_minutes": self.actual,
            "closed_at": self.closed_at,
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _opt(value: Any, kind: type) -> Any:
    return None if value is None else kind(value)


def _row(row: Any) -> Plan:
    (pid, text, by, estimate, fc, pace, overrun, surprised, created, cday, outcome, actual,
     closed, asked) = row  # fmt: skip
    return Plan(
        id=int(pid),
        text=str(text),
        by_day=date.fromisoformat(by),
        estimate=_opt(estimate, int),
        forecast_day=_day(fc),
        pace=_opt(pace, float),
        overrun=_opt(overrun, float),
        surprised=_opt(surprised, bool),
        created_at=str(created),
        created_day=date.fromisoformat(cday),
        outcome=_opt(outcome, str),
        actual=_opt(actual, int),
        closed_at=_opt(closed, str),
        asked_on=_day(asked),
    )


def parse_by(text: str, today: date) -> date:
    """A plan's date: YYYY-MM-DD, 'today', 'tomorrow', 3d, 2w, or a weekday ('sat',
    'saturday': the coming one, today if it is that day)."""
    cleaned = text.strip().lower()
    if cleaned == "today":
        return today
    if len(cleaned) >= 3:
        for index, name in enumerate(WEEKDAYS):
            if name.startswith(cleaned):
                return today + timedelta(days=(index - today.weekday()) % 7)
    if cleaned == "tomorrow" or re.fullmatch(r"\+?\d{1,4}\s*[dw]", cleaned):
        from curriculum.queue.actions import parse_until

        return parse_until(cleaned, today)
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ConfigError(
            f"'{text}' is not a date; use YYYY-MM-DD, today, tomorrow, a weekday such as "
            "sat, or a count such as 3d or 2w."
        ) from None


def _clean_text(text: str) -> str:
    return required_line(
        text,
        MAX_TEXT,
        "A plan needs a goal: say what will be done, in a few words.",
        f"A plan's goal is at most {MAX_TEXT} characters; shorten it.",
    )


def _check_estimate(estimate: int | None) -> int | None:
    if estimate is not None and not 1 <= estimate <= MAX_ESTIMATE:
        raise ConfigError(
            f"An estimate is a number of minutes from 1 to {MAX_ESTIMATE:,} (got {estimate})."
        )
    return estimate


@dataclass(frozen=True)
class Proposal:
    """A plan before it is stored, with Curriculum's forecast beside the reader's estimate."""

    text: str
    by_day: date
    today: date
    estimate: int | None
    overrun: float | None  # the reader's own, once known
    ratio_plans: int  # done plans behind the overrun
    expected: int | None  # the estimate stretched by the overrun
    pace: float  # reading minutes a day lately
    forecast_day: date | None

    @property
    def late(self) -> bool:
        """Curriculum's forecast falls after the reader's date."""
        return self.forecast_day is not None and self.forecast_day > self.by_day


def propose(db: Database, text: str, by_day: date, estimate: int | None, now: datetime) -> Proposal:
    """Check a new plan and work out Curriculum's forecast for it (nothing is stored)."""
    today = daily.current_day(db, now)
    if by_day < today:
        raise ConfigError(f"{by_day.isoformat()} has passed; choose today or a later day.")
    record = calibration_of(db)
    pace = forecast.recent_pace(db, today).minutes
    expected = calibration.expected_minutes(_check_estimate(estimate), record.overrun)
    return Proposal(
        text=_clean_text(text),
        by_day=by_day,
        today=today,
        estimate=estimate,
        overrun=record.overrun,
        ratio_plans=len(record.ratios),
        expected=expected,
        pace=pace,
        forecast_day=calibration.forecast_day(expected, pace, today),
    )


def add_plan(db: Database, proposal: Proposal, surprised: bool | None, now: datetime) -> Plan:
    """Store a proposed plan with the reader's answer to the surprise question."""
    p = proposal
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO plans (text, by_day, estimate_minutes, forecast_day, pace_minutes,"
            " overrun, surprised, created_at, created_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [p.text, p.by_day.isoformat(), p.estimate, _iso(p.forecast_day), round(p.pace, 2),
             p.overrun, None if surprised is None else int(surprised), to_iso(now),
             p.today.isoformat()],
        )  # fmt: skip
    return get_plan(db, int(cursor.lastrowid or 0))


def get_plan(db: Database, plan_id: int) -> Plan:
    """One plan, or NotFoundError."""
    row = db.execute(f"SELECT {FIELDS} FROM plans WHERE id = ?", [plan_id]).fetchone()
    if row is None:
        raise NotFoundError(f"There is no plan {plan_id}; `curriculum plans` lists them.")
    return _row(row)


def all_plans(db: Database) -> list[Plan]:
    """Open plans by date, then closed ones, most recently closed first."""
    rows = db.execute(
        f"SELECT {FIELDS} FROM plans"
        " ORDER BY outcome IS NOT NULL, CASE WHEN outcome IS NULL THEN by_day END,"
        " closed_at DESC, id"
    ).fetchall()
    return [_row(row) for row in rows]


def due_plans(db: Database, today: date) -> list[Plan]:
    """Open plans whose date has come (what happened is still to be said)."""
    rows = db.execute(
        f"SELECT {FIELDS} FROM plans WHERE outcome IS NULL AND by_day <= ? ORDER BY by_day, id",
        [today.isoformat()],
    ).fetchall()
    return [_row(row) for row in rows]


def to_ask(db: Database, today: date) -> list[Plan]:
    """Open plans whose date has come and that were not put off today: ask what happened."""
    rows = db.execute(
        f"SELECT {FIELDS} FROM plans WHERE outcome IS NULL AND by_day <= ?"
        " AND (asked_on IS NULL OR asked_on < ?) ORDER BY by_day, id",
        [today.isoformat(), today.isoformat()],
    ).fetchall()
    return [_row(row) for row in rows]


def put_off(db: Database, plan_id: int, now: datetime) -> None:
    """Not now: ask what happened again on the next study day."""
    get_plan(db, plan_id)
    today = daily.current_day(db, now)
    with transaction(db):
        db.execute("UPDATE plans SET asked_on = ? WHERE id = ?", [today.isoformat(), plan_id])


def measured_minutes(db: Database, since: str, until: str) -> int:
    """Minutes logged in Curriculum (time in the Reader, time answering cards) in a span."""
    reading = db.execute(
        "SELECT COALESCE(SUM(seconds), 0) FROM reading_log"
        " WHERE event = 'session' AND at >= ? AND at <= ?",
        [since, until],
    ).fetchone()[0]
    reviewing = db.execute(
        "SELECT COALESCE(SUM(duration_ms), 0) FROM review_log"
        " WHERE reviewed_at >= ? AND reviewed_at <= ?",
        [since, until],
    ).fetchone()[0]
    return round((int(reading) + int(reviewing) / 1000) / 60)


def time_since_made(db: Database, plan: Plan, now: datetime) -> int:
    """The minutes logged since the plan was made: the default for its actual time."""
    return measured_minutes(db, plan.created_at, to_iso(now))


def close_plan(db: Database, plan_id: int, outcome: str, actual: int | None, now: datetime) -> Plan:
    """Record what happened by the plan's date; `actual` defaults to the time logged since
    the plan was made (unknown when nothing was logged)."""
    if outcome not in OUTCOMES:
        raise ConfigError(f"'{outcome}' is not an outcome; use done, partly or not.")
    if actual is not None and not 0 <= actual <= MAX_ESTIMATE:
        raise ConfigError(f"The actual time is a number of minutes from 0 to {MAX_ESTIMATE:,}.")
    with transaction(db):
        plan = get_plan(db, plan_id)
        if plan.outcome is not None:
            raise CurriculumError(f"Plan {plan_id} is already closed ({plan.outcome}).")
        spent = (time_since_made(db, plan, now) or None) if actual is None else actual
        db.execute(
            "UPDATE plans SET outcome = ?, actual_minutes = ?, closed_at = ? WHERE id = ?",
            [outcome, spent, to_iso(now), plan_id],
        )
    return get_plan(db, plan_id)


def calibration_of(db: Database) -> Calibration:
    """The calibration record of every closed plan."""
    rows = db.execute(
        "SELECT outcome, estimate_minutes, actual_minutes, surprised FROM plans"
        " WHERE outcome IS NOT NULL ORDER BY closed_at, id"
    ).fetchall()
    return calibration.calibrate(
        ClosedPlan(o, e, a, None if s is None else bool(s)) for o, e, a, s in rows
    )
