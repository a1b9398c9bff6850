"""The stored daily queue: chosen once a day, carry-over, snoozes, target changes, one more."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curriculum import store
from curriculum.errors import NotFoundError
from curriculum.library import catalog
from curriculum.queue import actions, daily
from curriculum.queue.picking import raised
from curriculum.store import paths
from curriculum.store import settings as user_settings
from tests.conftest import NOW, local_zone
from tests.queue_data import add_feed, add_item, feeds_only, set_targets


def day_ids(db, now=NOW) -> list[int]:
    return [e.id for e in daily.snapshot(db, now).entries]


def reasons(db, now=NOW) -> dict[int, str]:
    return {e.id: e.reason for e in daily.snapshot(db, now).entries}


def test_a_new_day_takes_track_readings_until_both_targets_are_met(db):
    data = daily.snapshot(db, NOW)
    assert data.target.items == 2 and data.target.minutes == 60
    minutes = [e.minutes for e in data.entries]
    assert sum(minutes) >= 60 and len(minutes) >= 2
    assert sum(minutes[:-1]) < 60, "not one reading more than needed"
    assert [e.reason for e in data.entries] == ["track"] * len(minutes)
    first = db.execute("SELECT item_id FROM track_items ORDER BY position LIMIT 1").fetchone()[0]
    assert data.entries[0].id == first


def test_the_queue_is_stable_within_a_day(db):
    first = day_ids(db, NOW)
    add_item(db, "A shiny new post", add_feed(db, "Blog", priority=3))
    later = day_ids(db, NOW + timedelta(hours=3))
    assert later[: len(first)] == first, "nothing chosen is replaced or moved"
    assert day_ids(db, NOW + timedelta(hours=4)) == later
    assert db.execute("SELECT COUNT(*) FROM days").fetchone()[0] == 1


def test_a_full_day_without_a_feed_quota_takes_no_newcomer(db):
    user_settings.set_value(db, "daily.feed_readings", "0")
    first = day_ids(db, NOW)
    add_item(db, "A shiny new post", add_feed(db, "Blog", priority=3))
    assert day_ids(db, NOW + timedelta(hours=3)) == first


def test_unfinished_readings_carry_over_first(db):
    today = day_ids(db)
    actions.done(db, today[0], NOW)
    tomorrow = NOW + timedelta(days=1)
    entries = daily.snapshot(db, tomorrow).entries
    assert [e.id for e in entries[: len(today) - 1]] == today[1:]
    assert all(e.reason == "carry" for e in entries[: len(today) - 1])
    assert today[0] not in [e.id for e in entries]


def test_a_reading_left_for_three_days_returns_to_the_inbox(db):
    feeds_only(db)
    set_targets(db, 1, 0)
    blog = add_feed(db, "Blog")
    stale = add_item(db, "Old post", blog, published=NOW - timedelta(days=1))
    for offset in range(3):
        assert day_ids(db, NOW + timedelta(days=offset)) == [stale]
    fresh = add_item(db, "New post", blog, published=NOW + timedelta(days=3))
    assert day_ids(db, NOW + timedelta(days=3)) == [fresh]
    status = db.execute("SELECT status FROM items WHERE id = ?", [stale]).fetchone()[0]
    assert status == "inbox"


def test_snoozed_readings_return_on_their_date(db):
    first = day_ids(db)[0]
    until = daily.current_day(db, NOW) + timedelta(days=2)
    actions.snooze(db, first, until, NOW)
    assert first not in day_ids(db, NOW + timedelta(days=1))
    back = daily.snapshot(db, NOW + timedelta(days=2)).entries
    assert back[0].id == first and back[0].reason == "snooze" and back[0].status == "queued"


def test_raising_the_target_mid_day_adds_readings_and_keeps_done_ones(db):
    before = day_ids(db)
    actions.done(db, before[0], NOW)
    set_targets(db, 6, 60)
    after = daily.snapshot(db, NOW)
    assert [e.id for e in after.entries][: len(before)] == before
    assert len(after.entries) == 6
    assert after.entries[0].status == "read"


def test_lowering_the_target_trims_unread_readings_only(db):
    before = day_ids(db)
    actions.done(db, before[-1], NOW)
    set_targets(db, 1, 0)
    after = daily.snapshot(db, NOW).entries
    assert [e.id for e in after] == [before[-1]], "the read one stays, unread ones go"
    trimmed = db.execute(
        f"SELECT DISTINCT status FROM items WHERE id IN ({','.join(map(str, before[:-1]))})"
    ).fetchall()
    assert trimmed == [("inbox",)]


def test_one_more_pulls_the_next_reading(db):
    before = day_ids(db)
    added = actions.more(db, NOW)
    after = daily.snapshot(db, NOW).entries
    assert [e.id for e in after] == [*before, added.item_id]
    assert after[-1].reason == "more"


def test_one_more_says_so_when_nothing_is_left(bare_db):
    with pytest.raises(NotFoundError, match="nothing left"):
        actions.more(bare_db, NOW)


def test_feed_readings_are_capped_per_feed_and_interleaved(db):
    feeds_only(db)
    set_targets(db, 4, 0)
    a, b = add_feed(db, "A", priority=2), add_feed(db, "B")
    for n in range(5):
        add_item(db, f"a{n}", a, published=NOW - timedelta(hours=n))
        add_item(db, f"b{n}", b, published=NOW - timedelta(hours=n))
    entries = daily.snapshot(db, NOW).entries
    assert [e.source for e in entries] == ["A", "B", "A", "B"]
    assert [e.title for e in entries] == ["a0", "b0", "a1", "b1"]


def test_with_no_track_and_no_feeds_the_queue_is_empty(bare_db):
    data = daily.snapshot(bare_db, NOW)
    assert data.entries == [] and data.forecast == []


@pytest.fixture
def london() -> Iterator[None]:
    """Local time is London's (BST in summer)."""
    with local_zone("Europe/London"):
        yield


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 3, 29, 2, 59, tzinfo=timezone.utc), date(2026, 3, 28)),  # 03:59 BST
        (datetime(2026, 3, 29, 3, 0, tzinfo=timezone.utc), date(2026, 3, 29)),  # 04:00 BST
        (datetime(2026, 1, 10, 3, 59, tzinfo=timezone.utc), date(2026, 1, 9)),  # 03:59 GMT
        (datetime(2026, 1, 10, 4, 0, tzinfo=timezone.utc), date(2026, 1, 10)),  # 04:00 GMT
        (datetime(2026, 10, 25, 3, 59, tzinfo=timezone.utc), date(2026, 10, 24)),  # after DST
    ],
)
def test_the_queue_day_starts_at_four_local_across_dst(db, london, moment, expected):
    assert daily.snapshot(db, moment).day == expected


def test_a_later_day_start_moves_the_boundary(db, london):
    user_settings.set_value(db, "day.starts", "06:30")
    early = datetime(2026, 1, 10, 6, 29, tzinfo=timezone.utc)
    assert daily.current_day(db, early) == date(2026, 1, 9)
    assert daily.current_day(db, early + timedelta(minutes=1)) == date(2026, 1, 10)


step = st.tuples(
    st.integers(0, 2),  # days to move forward
    st.sampled_from(["none", "done", "skip", "snooze", "more", "target"]),
    st.integers(0, 5),  # which entry, or the new target
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=8))
def test_queue_invariants_over_days(steps):
    with tempfile.TemporaryDirectory() as folder:
        db = store.open_db(Path(folder) / "q.db")
        catalog.apply_file(db, paths.bundled_catalog(), now=NOW)
        now = NOW
        try:
            for forward, action, n in steps:
                now += timedelta(days=forward)
                _apply(db, now, action, n)
                _check(db, now)
        finally:
            db.close()


def _apply(db, now, action, n):
    entries = daily.snapshot(db, now).entries
    queued = [e for e in entries if e.status == "queued"]
    if action == "target":
        before = daily.targets(db)
        set_targets(db, n, 0 if n else 30)
        if raised(before, daily.targets(db)):
            after = {e.id for e in daily.snapshot(db, now).entries}
            assert {e.id for e in queued} <= after, "raising a target removes no unread reading"
    elif action == "more":
        actions.more(db, now)
    elif queued and action != "none":
        target = queued[n % len(queued)].id
        if action == "done":
            actions.done(db, target, now)
        elif action == "skip":
            actions.skip(db, target, now)
        else:
            actions.snooze(db, target, daily.current_day(db, now) + timedelta(days=1), now)


def _check(db, now):
    first = daily.snapshot(db, now)
    again = daily.snapshot(db, now + timedelta(minutes=5))
    ids = [e.id for e in first.entries]
    assert len(ids) == len(set(ids)), "no reading twice in a day"
    assert ids == [e.id for e in again.entries], "stable within the day"
    statuses = dict(db.execute("SELECT id, status FROM items").fetchall())
    for entry in first.entries:
        expected = {"read": "read", "skipped": "skipped", "snoozed": "snoozed"}
        if entry.status in expected:
            assert statuses[entry.id] == expected[entry.status]
        else:
            assert statuses[entry.id] == "queued"
    stray = [i for i, s in statuses.items() if s == "queued" and i not in ids]
    assert stray == [], "every queued reading is in today's queue"
