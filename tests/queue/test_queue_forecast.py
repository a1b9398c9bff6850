"""Forecast arithmetic: planned pace (the targets) versus real pace (the last 14 days)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from curriculum.queue import actions, daily
from curriculum.queue.forecast import (
    Pace,
    TrackLeft,
    expected_days,
    forecast,
    pace,
    planned_days,
    recent_pace,
    shrink,
)
from curriculum.queue.picking import Targets
from tests.conftest import NOW

START = date(2026, 11, 22)


def test_planned_days_the_faster_target_decides():
    assert planned_days(10, 600, Targets(2, 60)) == 5  # long readings: 2 a day
    assert planned_days(10, 100, Targets(2, 60)) == 2  # short ones: 60 min a day
    assert planned_days(10, 100, Targets(0, 30)) == 4
    assert planned_days(10, 100, Targets(3, 0)) == 4
    assert planned_days(10, 100, Targets(0, 0)) is None
    assert planned_days(0, 0, Targets(2, 60)) is None


def test_expected_days_use_minutes_when_known():
    assert expected_days(10, 300, Pace(items=5, minutes=30)) == 10
    assert expected_days(10, 0, Pace(items=2.5, minutes=0)) == 4
    assert expected_days(10, 300, Pace(0, 0)) is None


def test_finish_dates_count_today_as_the_first_day():
    [result] = forecast([TrackLeft("T", 4, 40)], Targets(2, 0), Pace(1, 10), START)
    assert result.planned_finish == START + timedelta(days=1)
    assert result.expected_finish == START + timedelta(days=3)


def test_tracks_are_read_one_after_another():
    tracks = [TrackLeft("First", 4, 40), TrackLeft("Second", 2, 20)]
    first, second = forecast(tracks, Targets(2, 0), Pace(0, 0), START)
    assert first.planned_finish == START + timedelta(days=1)
    assert second.planned_finish == START + timedelta(days=2)
    assert second.expected_finish is None


def test_a_finished_track_has_no_dates():
    [done] = forecast([TrackLeft("T", 0, 0)], Targets(2, 60), Pace(1, 10), START)
    assert done.planned_finish is None and done.as_json()["remaining"] == 0


def test_pace_is_an_average_per_day():
    assert pace(7, 140, 14) == Pace(0.5, 10.0)
    assert pace(3, 30, 0) == Pace(3, 30)


def test_real_pace_uses_the_days_since_first_use(db):
    today = daily.current_day(db, NOW)
    assert recent_pace(db, today) == Pace(0, 0, days=0), "nothing read: not known"
    first = daily.snapshot(db, NOW).entries[0]
    actions.done(db, first.id, NOW)
    tomorrow = NOW + timedelta(days=1)
    daily.snapshot(db, tomorrow)
    got = recent_pace(db, today + timedelta(days=1))
    assert got == Pace(0.5, first.minutes / 2, days=2)


def test_today_json_forecast_for_the_starter_track(db):
    data = daily.today(db, NOW)
    [track] = data["forecast"]
    assert track["remaining"] == 33
    assert track["expected_finish"] is None, "no history yet"
    total = db.execute("SELECT SUM(minutes) FROM items").fetchone()[0]
    days = min(-(-33 // 2), -(-total // 60))
    start = date.fromisoformat(data["date"])
    assert track["planned_finish"] == (start + timedelta(days=days - 1)).isoformat()


def test_a_short_history_is_shrunk_toward_the_plan():
    plan = Pace(2, 60)
    assert shrink(Pace(6, 180, days=1), plan) == Pace(
        (6 + 2 * 13) / 14, (180 + 60 * 13) / 14, days=1
    ), "one busy day moves the estimate a fourteenth of the way"
    assert shrink(Pace(6, 180, days=14), plan) == Pace(6, 180, days=14), "settled: as is"
    assert shrink(Pace(0, 0, days=0), plan) == Pace(0, 0, days=0), "unknown stays unknown"


def test_the_real_pace_forecast_does_not_swing_on_the_first_days():
    """A new user who reads 3, then 0, then 4 readings: the old 14-day average moved the
    finish date by weeks between days; shrunk toward the plan it moves by days."""
    left = [TrackLeft("Course", remaining=30, minutes=900)]
    plan = Targets(2, 60)
    start = date(2026, 11, 22)
    history = [(3, 90), (0, 0), (4, 120), (1, 30)]
    finishes, raw = [], []
    read_items = read_minutes = 0
    for day, (items, minutes) in enumerate(history, start=1):
        read_items, read_minutes = read_items + items, read_minutes + minutes
        real = Pace(read_items / day, read_minutes / day, days=day)
        [f] = forecast(left, plan, real, start)
        assert f.estimated and f.pace_days == day
        finishes.append(f.expected_finish)
        raw_days = expected_days(30, 900, real)
        raw.append(start + timedelta(days=raw_days - 1) if raw_days else None)
    planned = forecast(left, plan, Pace(0, 0, days=0), start)[0].planned_finish
    swings = [abs((b - a).days) for a, b in pairwise(finishes)]
    assert max(swings) <= 3, finishes
    assert None in raw or max(abs((b - a).days) for a, b in pairwise(raw)) > 7, raw
    assert all(abs((f - planned).days) <= 4 for f in finishes), (planned, finishes)


def test_a_settled_pace_is_used_as_it_is():
    left = [TrackLeft("Course", remaining=30, minutes=900)]
    [f] = forecast(left, Targets(2, 60), Pace(1, 30, days=14), date(2026, 11, 22))
    assert not f.estimated and f.expected_finish == date(2026, 11, 22) + timedelta(days=29)
