"""What is due, in what order, within the daily limits; sessions with undo."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from curriculum import cards
from curriculum.cards import repo, session
from curriculum.store import Database, settings

UTC = timezone.utc
# 2026-11-22 12:00 UTC; with TZ pinned to UTC the study day starts at 04:00 UTC.
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("utc_local_time")


def add(db: Database, n: int, at: datetime = NOW) -> list[int]:
    item = db.execute("SELECT MIN(id) FROM items").fetchone()[0]
    return [cards.add_cards(db, item, f"Q{i}", f"A{i}", [], at)[0].id for i in range(n)]


def set_review(db: Database, card_id: int, stability: float, days_ago: float, due: datetime):
    last = NOW - timedelta(days=days_ago)
    db.execute(
        "UPDATE cards SET state='review', step=NULL, stability=?, difficulty=5, last_review=?,"
        " due=?, reps=3 WHERE id=?",
        [stability, repo.to_iso(last), repo.to_iso(due), card_id],
    )


def test_new_cards_are_due_at_once_and_counted(db):
    add(db, 3)
    assert cards.due_counts(db, NOW) == cards.DueCounts(new=3, learning=0, review=0)
    assert cards.due_count(db, NOW) == 3


def test_due_today_means_before_the_next_day_start(db):
    """A review due at 03:59 tomorrow is due today; one due at 04:00 tomorrow is not."""
    settings.set_value(db, "day.starts", "04:00")
    early, late = add(db, 2)
    tz = timezone.utc
    set_review(db, early, 10, 10, datetime(2026, 11, 23, 3, 59, tzinfo=tz))
    set_review(db, late, 10, 10, datetime(2026, 11, 23, 4, 0, tzinfo=tz))
    due = cards.due_counts(db, NOW)
    assert due.review == 1
    assert [c.id for c in session.due_reviews(db, NOW)] == [early]


def test_suspended_and_buried_cards_are_not_due(db):
    a, b, _ = add(db, 3)
    cards.set_suspended(db, a, True, NOW)
    cards.bury(db, b, NOW)
    assert cards.due_count(db, NOW) == 1
    tomorrow = NOW + timedelta(days=1)
    assert cards.get_card(db, b).buried_until == "2026-11-23T04:00:00.000Z"
    assert cards.due_count(db, tomorrow) == 2


def test_reviews_ordered_by_lowest_retrievability(db):
    ids = add(db, 3)
    set_review(db, ids[0], stability=50, days_ago=10, due=NOW)  # well remembered
    set_review(db, ids[1], stability=2, days_ago=30, due=NOW)  # most forgotten
    set_review(db, ids[2], stability=10, days_ago=12, due=NOW)
    assert [c.id for c in session.due_reviews(db, NOW)] == [ids[1], ids[2], ids[0]]


def test_daily_limits_hold_across_sessions(db):
    settings.set_value(db, "cards.new_per_day", "2")
    settings.set_value(db, "cards.reviews_per_day", "3")
    news = add(db, 5)
    reviews = add(db, 5)
    for cid in reviews:
        set_review(db, cid, stability=5, days_ago=6, due=NOW)
    assert cards.due_counts(db, NOW) == cards.DueCounts(new=2, learning=0, review=3)
    first = cards.Session.start(db, NOW)
    assert len(first.queue) == 5
    assert sum(1 for cid in first.queue if cid in news) == 2
    card = first.current(NOW)
    assert card is not None
    first.rate(card.id, 4, NOW, 1000)
    second = cards.Session.start(db, NOW)
    assert len(second.queue) == 4
    # a new study day resets the limits
    assert cards.due_counts(db, NOW + timedelta(days=1)).new == 2


def test_new_cards_are_interleaved_evenly(db):
    assert session.interleave([1, 2, 3, 4], [10, 11]) == [1, 10, 2, 3, 11, 4]
    assert session.interleave([], [10, 11]) == [10, 11]


def test_a_failed_card_comes_back_in_the_same_session(db):
    a, b = add(db, 2)
    run = cards.Session.start(db, NOW)
    first = run.current(NOW)
    assert first is not None and first.id == a
    run.rate(a, 1, NOW, 2000)  # Again: learning step of 1 minute
    assert run.current(NOW).id == b
    run.rate(b, 4, NOW, 1000)  # Easy: graduates to review
    # nothing else left: the failed card is shown (learn-ahead) instead of ending the session
    again = run.current(NOW + timedelta(seconds=5))
    assert again is not None and again.id == a
    later = NOW + timedelta(minutes=2)
    run.rate(a, 3, later, 1000)  # Good → next learning step in 10 minutes
    run.rate(a, 3, later + timedelta(minutes=10), 1000)
    assert run.current(later + timedelta(minutes=10)) is None
    summary = run.summary(later + timedelta(minutes=10))
    assert (summary.reviewed, summary.again, summary.seconds) == (4, 1, 5.0)
    assert summary.cards == 2, "two cards, four ratings"
    assert summary.next_due is not None


def test_session_undo_several_steps(db):
    a, b, c = add(db, 3)
    run = cards.Session.start(db, NOW)
    before = {cid: repo.snapshot(cards.get_card(db, cid)) for cid in (a, b, c)}
    run.rate(a, 3, NOW, 100)
    run.suspend(b, NOW)
    run.bury(c, NOW)
    assert run.current(NOW).id == a  # its 1-minute learning step, shown early (learn-ahead)
    for expected in (c, b, a):
        step = run.undo(NOW)
        assert step is not None and step.card_id == expected
        assert run.current(NOW).id == expected
        assert repo.snapshot(cards.get_card(db, expected)) == before[expected]
    assert run.undo(NOW) is None
    assert db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 0
