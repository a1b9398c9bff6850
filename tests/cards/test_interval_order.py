"""The rating buttons' intervals add up as in Anki: for a review card Hard < Good < Easy (in
whole days), in learning Easy goes further than Good; what a button shows is what is stored."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum import cards
from curriculum.cards import scheduling
from curriculum.cards.check import replay_problems
from curriculum.clock import to_iso
from tests.conftest import NOW

START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def spans(memory: scheduling.Memory, at: datetime, **options) -> dict[int, timedelta]:
    return scheduling.preview(scheduling.make_scheduler(**options), memory, at)


def test_a_young_review_card_no_longer_shows_one_day_three_times():
    card = scheduling.Memory(7, "review", None, 0.1, 9.0, START, START, reps=3)
    at = START + timedelta(days=1)
    before = {
        r: scheduling.review(scheduling.make_scheduler(), card, r, at, ordered=False).due - at
        for r in (2, 3, 4)
    }
    assert {span.days for span in before.values()} == {1}, "fsrs alone gives 1d / 1d / 1d"
    shown = spans(card, at)
    assert shown[2].days == 1 and shown[2] < shown[3] < shown[4]
    labels = [scheduling.format_interval(shown[r]) for r in (2, 3, 4)]
    assert len(set(labels)) == 3, labels


review_cards = st.builds(
    lambda cid, stability, difficulty, reps: scheduling.Memory(
        cid, "review", None, stability, difficulty, START, START, reps=reps
    ),
    st.integers(1, 10_000),
    st.floats(0.05, 400),
    st.floats(1, 10),
    st.integers(1, 40),
)


@settings(max_examples=300, deadline=None)
@given(review_cards, st.floats(0.0, 200.0), st.booleans())
def test_review_intervals_strictly_increase(card, elapsed_days, fuzz):
    at = START + timedelta(days=elapsed_days)
    shown = spans(card, at, fuzz=fuzz)
    hard, good, easy = (shown[r].days for r in (2, 3, 4))
    assert all(shown[r] == timedelta(days=shown[r].days) for r in (2, 3, 4)), "whole days"
    assert 1 <= hard < good < easy, (hard, good, easy)
    assert shown[1] < shown[2], "Again comes back sooner than Hard"


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["1m 10m", "10m", "1d", "10m 1d", "3d", ""]),
    st.sampled_from(["10m", "1d", "2d", ""]),
    st.lists(st.sampled_from([1, 2, 3]), max_size=4),
    st.floats(0.0, 3.0),
)
def test_in_learning_easy_goes_further_than_good(learning, relearning, ratings, gap_days):
    scheduler = scheduling.make_scheduler(learning_steps=learning, relearning_steps=relearning)
    memory, at = scheduling.new_memory(3, START), START
    for rating in ratings:  # somewhere in learning, or lapsed into relearning
        memory = scheduling.review(scheduler, memory, rating, at)
        at = max(memory.due, at) + timedelta(days=gap_days)
    shown = scheduling.preview(scheduler, memory, at)
    assert shown[4] > shown[3], (memory.state, shown)


def test_the_stored_interval_is_the_one_shown(db):
    item = db.execute("SELECT MIN(id) FROM items").fetchone()[0]
    card_id = cards.add_cards(db, item, "Q", "A", [], NOW)[0].id
    at = NOW
    for rating in (3, 3, 3, 2, 4, 3):
        memory = cards.get_card(db, card_id).memory
        shown = cards.preview(cards.build_scheduler(db), memory, at)
        stored = cards.rate(db, card_id, rating, at).card.memory
        assert stored.due - scheduling.utc_ms(at) == shown[rating]
        at = stored.due + timedelta(hours=3)
    assert replay_problems(db) == []


def test_check_accepts_a_card_scheduled_before_the_order_was_enforced(db):
    item = db.execute("SELECT MIN(id) FROM items").fetchone()[0]
    card_id = cards.add_cards(db, item, "Q", "A", [], NOW)[0].id
    at = NOW
    for rating in (3, 3):
        at = cards.rate(db, card_id, rating, at).card.memory.due
    memory, scheduler = cards.get_card(db, card_id).memory, cards.build_scheduler(db)
    early = next(  # a review soon after the last, where fsrs alone gave Good = Hard
        at - timedelta(hours=h)
        for h in range(0, 24 * 30, 6)
        if scheduling.review(scheduler, memory, 3, at - timedelta(hours=h), ordered=False).due
        != scheduling.review(scheduler, memory, 3, at - timedelta(hours=h)).due
    )
    old = scheduling.review(scheduler, memory, 3, early, ordered=False)
    cards.rate(db, card_id, 3, early)
    assert replay_problems(db) == []
    db.execute("UPDATE cards SET due = ? WHERE id = ?", [to_iso(old.due), card_id])
    assert replay_problems(db) == [], "the due date the old rule stored is accepted"
    db.execute(
        "UPDATE cards SET due = ? WHERE id = ?", [to_iso(old.due + timedelta(days=99)), card_id]
    )
    assert replay_problems(db), "a due date neither rule gives is still reported"
