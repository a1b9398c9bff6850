"""Advice comes back, spaced like a card, until done or dropped."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from curriculum.errors import ConfigError, CurriculumError
from curriculum.progress import advice, after_meeting

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)


pytestmark = pytest.mark.usefixtures("utc_local_time")


def test_the_intervals_double_up_to_a_month():
    assert [advice.interval_days(n) for n in range(8)] == [1, 2, 4, 8, 16, 30, 30, 30]


def test_put_off_advice_comes_back_later_each_time(db):
    after_meeting.record_meeting(db, NOW, ["Read the ELK report"])
    (item,) = advice.list_advice(db)
    assert item.due == date(2026, 11, 17) and item.meeting_day == date(2026, 11, 16)
    now, backs = NOW, []
    for _ in range(4):
        now = datetime.combine(item.due, NOW.timetz())
        assert [a.id for a in advice.due_advice(db, item.due)] == [item.id]
        assert advice.due_advice(db, item.due - timedelta(days=1)) == []
        item = advice.follow_up(db, item.id, "later", now)
        backs.append((item.due - now.date()).days)
    assert backs == [2, 4, 8, 16]
    done = advice.follow_up(db, item.id, "done", now)
    assert done.status == "done" and advice.due_advice(db, date(2027, 1, 1)) == []
    with pytest.raises(CurriculumError, match="already done"):
        advice.follow_up(db, item.id, "drop", now)
    with pytest.raises(ConfigError, match="not a follow-up"):
        advice.follow_up(db, item.id, "soon", now)


def test_advice_added_later_belongs_to_the_last_meeting(db):
    assert advice.add_advice(db, "Before any meeting", NOW).meeting_id is None
    held = after_meeting.record_meeting(db, NOW, [])
    added = advice.add_advice(db, "  Pair on a replication\n", NOW)
    assert (added.meeting_id, added.text) == (held.id, "Pair on a replication")
    with pytest.raises(CurriculumError, match="needs some words"):
        advice.add_advice(db, " ", NOW)
    with pytest.raises(ConfigError, match="still to come"):
        after_meeting.record_meeting(db, NOW, [], held_on=date(2026, 11, 17))
