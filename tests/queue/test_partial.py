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


def test_on_the_day_it_is_left_a_reading_shows_as_later_not_snoozed(db, reading):
    actions.later(db, reading, NOW, fraction=0.25)
    [entry] = [e for e in daily.snapshot(db, NOW).entries if e.id == reading]
    assert (entry.status, entry.minutes, entry.partly_read) == ("later", 30, True)
    [row] = [i for i in daily.today(db, NOW)["items"] if i["id"] == reading]
    assert (row["status"], row["minutes"]) == ("later", 30), "`minutes` is what is left"
    tomorrow = next(e for e in daily.snapshot(db, NOW + timedelta(days=1)).entries)
    assert (tomorrow.id, tomorrow.status, tomorrow.partly_read) == (reading, "queued", True)


def test_a_snoozed_reading_stays_snoozed(db, reading):
    actions.snooze(db, reading, daily.current_day(db, NOW) + timedelta(days=2), NOW)
    [entry] = [e for e in daily.snapshot(db, NOW).entries if e.id == reading]
    assert (entry.status, entry.partly_read) == ("snoozed", False)


def test_undo_of_a_later_puts_the_reading_back_as_queued(db, reading):
    actions.later(db, reading, NOW, fraction=0.25)
    actions.undo(db)
    [entry] = [e for e in daily.snapshot(db, NOW).entries if e.id == reading]
    assert (entry.status, entry.minutes) == ("queued", 40)


def test_the_command_line_says_later_and_what_is_left(db, reading, cli):
    import json

    from curriculum.clock import utcnow

    now = utcnow()  # the command line's own clock
    assert reading in daily.unread_today(db, now)
    actions.later(db, reading, now, fraction=0.25)
    shown = cli("today")
    assert shown.returncode == 0, shown.stderr
    [line] = [line for line in shown.stdout.splitlines() if "Long paper" in line]
    assert "later" in line.split() and "30 left" in line and "snoozed" not in line
    rows = json.loads(cli("today", "--json").stdout)["items"]
    [row] = [r for r in rows if r["id"] == reading]
    assert (row["status"], row["minutes"]) == ("later", 30) and "minutes_range" not in row
