"""The Inbox: arrivals best first, and triage (keep, dismiss, add to today) with undo."""

from __future__ import annotations

import pytest

from curriculum.queue import actions, daily
from curriculum.queue import inbox as arrivals
from curriculum.store import settings, transaction
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item, feeds_only


def rank(db, scores: dict[int, float]) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO rank_model (trained_at, digest, liked, disliked, standins, body)"
            " VALUES ('x', 'd', 1, 0, 0, '{}')"
        )
        for item_id, score in scores.items():
            db.execute(
                "INSERT INTO ranks (item_id, score, why, model) VALUES (?, ?, ?, 1)",
                [item_id, score, f"why {item_id}"],
            )


def test_arrivals_come_best_first_and_unranked_last(db):
    feeds_only(db)
    feed = add_feed(db, "F")
    low, high, unranked = (add_item(db, t, feed) for t in ("low", "high", "new"))
    rank(db, {low: 0.2, high: 0.9})
    assert arrivals.ids(db) == [high, low, unranked]
    first = arrivals.listing(db, limit=1)[0]
    assert first.as_json() == {
        "id": high,
        "title": "high",
        "feed": "F",
        "score": 0.9,
        "why": f"why {high}",
        "published": first.published,
        "url": first.url,
    }


def test_track_readings_and_triaged_ones_are_not_arrivals(db):
    feed = add_feed(db, "F")
    kept, dismissed, waiting = (add_item(db, t, feed) for t in ("kept", "dismissed", "waiting"))
    actions.keep(db, kept, NOW)
    actions.dismiss(db, dismissed, NOW)
    assert arrivals.ids(db) == [waiting]  # the starter track's readings are not listed
    assert arrivals.count(db) == 1


def test_keep_raises_priority_and_dismiss_skips_without_a_skip_log(db):
    settings.set_value(db, "daily.feed_readings", "0")  # no feed place for Today to fill
    feed = add_feed(db, "F")
    kept, dismissed = add_item(db, "kept", feed), add_item(db, "dismissed", feed)
    actions.keep(db, kept, NOW)
    actions.dismiss(db, dismissed, NOW)
    rows = dict(
        db.execute(
            "SELECT id, status || ' ' || priority || ' ' || triage FROM items WHERE id IN (?, ?)",
            [kept, dismissed],
        ).fetchall()
    )
    assert rows == {kept: "inbox 1 kept", dismissed: "skipped 0 dismissed"}
    assert db.execute("SELECT COUNT(*) FROM reading_log").fetchone()[0] == 0
    actions.undo(db)
    actions.undo(db)
    assert arrivals.count(db) == 2
    assert db.execute("SELECT COUNT(*) FROM items WHERE triage IS NOT NULL").fetchone()[0] == 0


def test_add_to_today_queues_the_reading_now(db):
    settings.set_value(db, "daily.feed_readings", "0")  # no feed place for Today to fill
    feed = add_feed(db, "F")
    item = add_item(db, "now", feed)
    actions.queue_now(db, item, NOW)
    day = daily.ensure_day(db, NOW)
    assert item in [e.id for e in daily.entries(db, day)]
    with pytest.raises(actions.ActionError):
        actions.queue_now(db, item, NOW)
    actions.undo(db)
    assert item not in [e.id for e in daily.entries(db, day)]
    assert arrivals.ids(db) == [item]


def test_a_read_reading_cannot_be_dismissed(db):
    item = add_item(db, "read", add_feed(db, "F"))
    actions.done(db, item, NOW)
    with pytest.raises(actions.ActionError):
        actions.dismiss(db, item, NOW)
