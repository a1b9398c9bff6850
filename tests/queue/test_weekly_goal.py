"""The forgiving weekly goal and planned days off, on fixed calendars."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from curriculum.errors import ConfigError, NotFoundError
from curriculum.queue import streaks, weekly_goal
from curriculum.queue.weekly_goal import week_of

MON = date(2026, 11, 16)
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)


def days(*offsets: int) -> set[date]:
    """Days counted from Monday 16 November 2026."""
    return {MON + timedelta(days=n) for n in offsets}


def test_a_planned_day_off_breaks_no_streak():
    met = days(0, 1, 3, 4)  # Wednesday (2) missed
    assert streaks.streaks(met, MON + timedelta(days=4)).current == 2
    with_off = streaks.streaks(met, MON + timedelta(days=4), off=days(2))
    assert with_off == streaks.Streak(current=4, best=4), "the day off neither counts nor breaks"


def test_today_off_and_unread_keeps_the_streak():
    met = days(0, 1)
    assert streaks.streaks(met, MON + timedelta(days=3), off=days(2, 3)).current == 2
    assert streaks.streaks(met, MON + timedelta(days=3)).current == 0


def test_the_best_run_spans_days_off():
    met = days(0, 1, 2, 5, 6, 8)  # 3 then 2, with a gap of two days off, then a break
    assert streaks.streaks(met, MON + timedelta(days=9), off=days(3, 4)).best == 5
    assert streaks.streaks(met, MON + timedelta(days=9)).best == 3


def test_a_week_meets_its_goal_on_n_of_seven_days():
    week = week_of(MON, days(0, 2, 4, 5), set(), per_week=5)
    assert (week.met, week.goal, week.reached, week.left) == (4, 5, False, 1)
    with_off = week_of(MON, days(0, 2, 4, 5), days(6), per_week=5)
    assert (with_off.goal, with_off.reached) == (4, True), "a day off lowers the goal by one"
    assert week_of(MON, set(), days(*range(7)), per_week=5).goal == 0


def test_weeks_in_a_row():
    three_weeks = days(-14, -13, -12, -11, -10, -7, -6, -5, -4, -3, 0, 1)
    goal = weekly_goal.weekly_goal(three_weeks, set(), 5, MON + timedelta(days=1))
    assert goal.this_week.met == 2 and not goal.this_week.reached
    assert goal.weeks_in_a_row == 2, "the week in progress breaks nothing"
    done = weekly_goal.weekly_goal(three_weeks | days(2, 3, 4), set(), 5, MON + timedelta(days=4))
    assert done.weeks_in_a_row == 3 and done.this_week.reached
    short = weekly_goal.weekly_goal(days(-7, -6, -5, 0), set(), 5, MON)
    assert short.weeks_in_a_row == 0
    holiday = weekly_goal.weekly_goal(
        three_weeks - days(-7, -6, -5, -4, -3), days(*range(-7, 0)), 5, MON
    )
    assert holiday.weeks_in_a_row == 1, "a week wholly off neither counts nor breaks"


def test_days_off_are_planned_ahead(db):
    assert weekly_goal.add_day_off(db, MON + timedelta(days=2), MON, NOW)
    assert not weekly_goal.add_day_off(db, MON + timedelta(days=2), MON, NOW)
    assert weekly_goal.add_day_off(db, MON, MON, NOW)
    with pytest.raises(ConfigError, match="has passed"):
        weekly_goal.add_day_off(db, MON - timedelta(days=1), MON, NOW)
    assert weekly_goal.upcoming_days_off(db, MON + timedelta(days=1)) == [MON + timedelta(2)]
    weekly_goal.cancel_day_off(db, MON)
    with pytest.raises(NotFoundError, match="not a planned day off"):
        weekly_goal.cancel_day_off(db, MON)
    assert weekly_goal.days_off(db) == {MON + timedelta(days=2)}
