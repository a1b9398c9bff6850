"""Plans scored against what happened: the calibration arithmetic on fixed histories, the
forecast beside a new plan, and asking what happened once the date has come."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import pytest

from curriculum.clock import to_iso
from curriculum.errors import ConfigError, CurriculumError
from curriculum.queue import calibration, plans
from curriculum.queue.calibration import ClosedPlan, calibrate, median
from curriculum.store import transaction

UTC = timezone.utc
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # a Monday
MONDAY = date(2026, 11, 16)


pytestmark = pytest.mark.usefixtures("utc_local_time")


HISTORY = [
    # outcome, estimate, actual, surprised-if-not-done
    ClosedPlan("done", 240, 300, True),  # 1.25
    ClosedPlan("done", 60, 90, False),  # 1.5
    ClosedPlan("partly", 120, 200, False),  # slipped; no ratio (not finished)
    ClosedPlan("not", 30, None, False),  # slipped
    ClosedPlan("done", 100, 100, None),  # 1.0, unanswered
    ClosedPlan("done", None, 45, True),  # no estimate: no ratio
]


def test_calibration_of_a_fixed_history_matches_the_hand_count():
    record = calibrate(HISTORY)
    assert (record.closed, record.met) == (6, 4)
    assert record.met_share == pytest.approx(4 / 6)
    assert sorted(record.ratios) == [1.0, 1.25, 1.5]
    assert record.median_ratio == 1.25 and record.overrun == 1.25
    assert (record.not_surprised.plans, record.not_surprised.slipped) == (3, 2)
    assert (record.surprised.plans, record.surprised.slipped) == (2, 0)
    assert record.as_json() == {
        "plans_closed": 6,
        "met_on_time": 4,
        "met_share": 0.667,
        "median_ratio": 1.25,
        "ratio_plans": 3,
        "overrun": 1.25,
        "not_surprised": {"plans": 3, "slipped": 2, "share": 0.667},
        "surprised": {"plans": 2, "slipped": 0, "share": 0.0},
    }


def test_the_median_and_when_an_overrun_counts():
    assert median([]) is None and median([3.0]) == 3.0 and median([4.0, 1.0, 2.0, 3.0]) == 2.5
    one = calibrate([ClosedPlan("done", 60, 120, True)])
    assert one.median_ratio == 2.0 and one.overrun is None, "one plan is not yet a record"
    empty = calibrate([])
    assert empty.met_share is None and empty.not_surprised.share is None


def test_forecast_arithmetic():
    assert calibration.expected_minutes(240, 1.25) == 300
    assert calibration.expected_minutes(100, None) == 100
    assert calibration.expected_minutes(None, 1.5) is None
    # 300 minutes at 40 a day: 7.5 days, so the eighth day counting today
    assert calibration.forecast_day(300, 40, MONDAY) == MONDAY + timedelta(days=7)
    assert calibration.forecast_day(30, 40, MONDAY) == MONDAY
    assert calibration.forecast_day(300, 0, MONDAY) is None
    # a track planned to finish on day 10 (counting today), at a 1.5x overrun: day 15
    planned = MONDAY + timedelta(days=9)
    assert calibration.stretched_finish(MONDAY, planned, 1.5) == MONDAY + timedelta(days=14)
    assert calibration.stretched_finish(MONDAY, planned, None) is None


def test_plan_dates_take_weekdays_and_counts():
    assert plans.parse_by("sat", MONDAY) == date(2026, 11, 21)
    assert plans.parse_by("Monday", MONDAY) == MONDAY, "the coming one, today included"
    assert plans.parse_by("tomorrow", MONDAY) == date(2026, 11, 17)
    assert plans.parse_by("2w", MONDAY) == date(2026, 11, 30)
    assert plans.parse_by("2026-12-01", MONDAY) == date(2026, 12, 1)
    with pytest.raises(ConfigError, match="is not a date"):
        plans.parse_by("someday", MONDAY)


def _read_minutes(db, day: date, minutes: int) -> None:
    """A reading read on `day` counting `minutes` toward the pace."""
    at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=10)
    with transaction(db):
        db.execute(
            "INSERT INTO reading_log (event, at, day, seconds, minutes)"
            " VALUES ('read', ?, ?, 0, ?)",
            [to_iso(at), day.isoformat(), minutes],
        )


def test_a_new_plan_gets_curriculums_forecast_beside_the_estimate(db):
    for back in range(1, 14):  # 40 minutes on each of the 13 days before today
        _read_minutes(db, MONDAY - timedelta(days=back), 40)
    proposal = plans.propose(db, "Finish week 3", date(2026, 11, 21), 240, NOW)
    pace = 13 * 40 / 14
    assert proposal.pace == pytest.approx(pace)
    assert proposal.overrun is None and proposal.expected == 240
    assert proposal.forecast_day == MONDAY + timedelta(days=math.ceil(240 / pace) - 1)
    assert proposal.late
    plan = plans.add_plan(db, proposal, surprised=False, now=NOW)
    assert (plan.estimate, plan.surprised, plan.forecast_day) == (240, False, proposal.forecast_day)


def test_closed_plans_stretch_the_next_forecast(db):
    for estimate, actual in [(60, 90), (100, 200)]:  # 1.5 and 2.0: median 1.75
        proposal = plans.propose(db, "x", MONDAY, estimate, NOW)
        plan = plans.add_plan(db, proposal, True, NOW)
        plans.close_plan(db, plan.id, "done", actual, NOW)
    proposal = plans.propose(db, "Write the draft", date(2026, 11, 21), 120, NOW)
    assert proposal.overrun == 1.75 and proposal.ratio_plans == 2
    assert proposal.expected == 210


def test_bad_plans_are_refused_with_a_sentence(db):
    with pytest.raises(ConfigError, match="has passed"):
        plans.propose(db, "late", MONDAY - timedelta(days=1), 60, NOW)
    with pytest.raises(ConfigError, match="from 1 to"):
        plans.propose(db, "zero", MONDAY, 0, NOW)
    with pytest.raises(CurriculumError, match="needs a goal"):
        plans.propose(db, "   ", MONDAY, 10, NOW)
    plan = plans.add_plan(db, plans.propose(db, "ok", MONDAY, 10, NOW), None, NOW)
    with pytest.raises(ConfigError, match="not an outcome"):
        plans.close_plan(db, plan.id, "maybe", None, NOW)
    plans.close_plan(db, plan.id, "done", 10, NOW)
    with pytest.raises(CurriculumError, match="already closed"):
        plans.close_plan(db, plan.id, "not", None, NOW)
    assert db.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == 1


def test_from_its_date_a_plan_asks_what_happened_until_answered(db):
    plan = plans.add_plan(db, plans.propose(db, "Read ELK", date(2026, 11, 18), 90, NOW), True, NOW)
    assert plans.to_ask(db, date(2026, 11, 17)) == []
    wednesday = NOW + timedelta(days=2)
    assert [p.id for p in plans.to_ask(db, date(2026, 11, 18))] == [plan.id]
    plans.put_off(db, plan.id, wednesday)  # "ask me later"
    assert plans.to_ask(db, date(2026, 11, 18)) == []
    assert [p.id for p in plans.to_ask(db, date(2026, 11, 19))] == [plan.id]
    plans.close_plan(db, plan.id, "partly", 60, wednesday + timedelta(days=1))
    assert plans.to_ask(db, date(2026, 11, 20)) == []


def test_the_actual_time_defaults_to_the_time_logged_since_the_plan(db):
    plan = plans.add_plan(db, plans.propose(db, "Read", MONDAY, 60, NOW), False, NOW)
    item = db.execute("SELECT MIN(id) FROM items").fetchone()[0]
    with transaction(db):
        for at, seconds in [(NOW - timedelta(hours=1), 900), (NOW + timedelta(hours=1), 1800)]:
            db.execute(
                "INSERT INTO reading_log (item_id, event, at, day, seconds)"
                " VALUES (?, 'session', ?, ?, ?)",
                [item, to_iso(at), MONDAY.isoformat(), seconds],
            )
        card = db.execute(
            "INSERT INTO cards (item_id, front, back, due, created_at, updated_at)"
            " VALUES (?, 'q', 'a', ?, ?, ?)",
            [item, to_iso(NOW), to_iso(NOW), to_iso(NOW)],
        ).lastrowid
        db.execute(
            "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, state_before)"
            " VALUES (?, 3, ?, 300000, '{}')",
            [card, to_iso(NOW + timedelta(hours=2))],
        )
    closed = plans.close_plan(db, plan.id, "done", None, NOW + timedelta(hours=3))
    assert closed.actual == 30 + 5, "the session after the plan was made, and the review"


def test_nothing_logged_is_an_unknown_time_not_zero(db):
    plan = plans.add_plan(db, plans.propose(db, "Think", MONDAY, 60, NOW), True, NOW)
    closed = plans.close_plan(db, plan.id, "done", None, NOW + timedelta(hours=5))
    assert closed.actual is None
    record = plans.calibration_of(db)
    assert (record.met, record.ratios, record.median_ratio) == (1, (), None)
    assert ClosedPlan("done", 60, 0, True).ratio is None
