"""Partial reading ("later"): the place kept, the share read credited today, the rest later."""

from __future__ import annotations

from datetime import timedelta

import pytest

from curriculum.library import positions
from curriculum.queue import actions, daily, partial
from curriculum.store import transaction
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item


@pytest.fixture
def reading(db):
    with transaction(db):
        db.execute("UPDATE tracks SET active = 0")
    item_id = add_item(db, "Long paper", add_feed(db, "Blog"), minutes=40)
    assert item_id in [e.id for e in daily.snapshot(db, NOW).entries]
    return item_id


@pytest.mark.parametrize(
    ("minutes", "fraction", "credited", "expected"),
    [(40, 0.25, 0, 10), (40, 0.5, 10, 10), (40, 0.2, 10, 0), (40, 1.7, 0, 40), (0, 0.5, 0, 0)],
)
def test_credit_is_the_share_read_less_what_was_credited(minutes, fraction, credited, expected):
    assert partial.credit_for(minutes, fraction, credited) == expected


def test_later_twice_then_done_counts_the_estimate_once_over_three_days(db, reading):
    day1 = daily.current_day(db, NOW).isoformat()
    actions.later(db, reading, NOW, offset=500, fraction=0.25)
    assert positions.get(db, reading).offset == 500
    assert daily.read_on(db, day1).minutes == 10 and daily.read_on(db, day1).items == 0
    second = NOW + timedelta(days=1)
    entry = next(e for e in daily.snapshot(db, second).entries if e.id == reading)
    assert (entry.minutes, entry.reason, entry.status) == (30, "later", "queued")
    actions.later(db, reading, second, offset=900, fraction=0.5)
    assert daily.read_on(db, daily.current_day(db, second).isoformat()).minutes == 10
    third = NOW + timedelta(days=2)
    assert next(e for e in daily.snapshot(db, third).entries if e.id == reading).minutes == 20
    actions.done(db, reading, third)
    done = daily.read_on(db, daily.current_day(db, third).isoformat())
    assert (done.items, done.minutes) == (1, 20)


def test_undo_takes_back_a_later_and_its_credit(db, reading):
    day = daily.current_day(db, NOW).isoformat()
    actions.later(db, reading, NOW, fraction=0.5)
    assert actions.undo(db).message.startswith("Undone (left for later)")
    status = db.execute("SELECT status FROM items WHERE id = ?", [reading]).fetchone()[0]
    assert status == "queued" and daily.read_on(db, day).minutes == 0


def test_a_read_reading_cannot_be_left_for_later(db, reading):
    actions.done(db, reading, NOW)
    with pytest.raises(actions.ActionError, match="already read"):
        actions.later(db, reading, NOW, fraction=0.3)


def test_streaks_and_pace_count_partial_minutes(db, reading):
    from datetime import date

    from curriculum.queue import forecast, streaks

    actions.later(db, reading, NOW, fraction=0.5)
    today = daily.current_day(db, NOW)
    assert streaks.daily_reading(db)[today].minutes == 20
    pace = forecast.recent_pace(db, today)
    assert pace.items == 0 and pace.minutes > 0, "minutes read count, no reading is done"
    assert isinstance(today, date)
