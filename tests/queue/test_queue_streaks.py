"""Streaks: consecutive met days; today in progress never breaks one; the best is kept."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from curriculum.queue import actions, daily
from curriculum.queue.picking import Progress, Targets
from curriculum.queue.streaks import Streak, day_met, streaks
from tests.conftest import NOW

TODAY = date(2026, 11, 22)


def days(*offsets: int) -> set[date]:
    return {TODAY - timedelta(days=o) for o in offsets}


def test_today_in_progress_does_not_break_the_streak():
    assert streaks(days(1, 2, 3), TODAY) == Streak(3, 3)


def test_today_met_extends_it():
    assert streaks(days(0, 1, 2, 3), TODAY) == Streak(4, 4)


def test_a_missed_day_breaks_it_but_the_best_is_kept():
    assert streaks(days(0, 1, 3, 4, 5, 6), TODAY) == Streak(2, 4)
    assert streaks(days(2, 3), TODAY) == Streak(0, 2)


def test_future_days_are_ignored():
    assert streaks({TODAY + timedelta(days=1)}, TODAY) == Streak(0, 0)


@given(st.sets(st.integers(0, 40), max_size=30))
def test_current_never_exceeds_best_and_matches_a_run(offsets):
    result = streaks(days(*offsets), TODAY)
    assert 0 <= result.current <= result.best <= len(offsets)
    start = 0 if 0 in offsets else 1
    assert all(o in offsets for o in range(start, start + result.current))


def test_a_day_counts_when_every_enabled_target_is_met():
    assert day_met(Progress(2, 60), Targets(2, 60))
    assert not day_met(Progress(2, 59), Targets(2, 60))
    assert day_met(Progress(1, 90), Targets(0, 60))
    assert day_met(Progress(1, 1), Targets(0, 0)), "no target: reading anything counts"
    assert not day_met(Progress(0, 0), Targets(0, 0))


def _read_whole_queue(db, now):
    for entry in daily.snapshot(db, now).entries:
        actions.done(db, entry.id, now)


def test_streak_over_a_sequence_of_days(db):
    for offset in range(3):
        _read_whole_queue(db, NOW + timedelta(days=offset))
    third = NOW + timedelta(days=2)
    assert daily.snapshot(db, third).streak == Streak(3, 3)
    fourth = NOW + timedelta(days=3)
    assert daily.snapshot(db, fourth).streak == Streak(3, 3), "today in progress"
    sixth = NOW + timedelta(days=5)
    _read_whole_queue(db, sixth)
    assert daily.snapshot(db, sixth).streak == Streak(1, 3)


def test_a_day_with_only_part_of_the_target_does_not_count(db):
    first = daily.snapshot(db, NOW).entries[0]
    actions.done(db, first.id, NOW)
    assert daily.snapshot(db, NOW).streak == Streak(0, 0)
    assert daily.snapshot(db, NOW + timedelta(days=1)).streak == Streak(0, 0)
