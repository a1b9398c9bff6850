"""Cards through the store: FSRS reference sequence, deterministic fuzz, undo, leech, edit."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from curriculum import cards, store
from curriculum.cards import repo, scheduling
from curriculum.store import Database, settings

START = datetime(2022, 11, 29, 12, 30, tzinfo=timezone.utc)


def first_item(db: Database) -> int:
    return db.execute("SELECT MIN(id) FROM items").fetchone()[0]


def add(db: Database, now: datetime, front: str = "What is outer alignment?") -> int:
    return cards.add_cards(db, first_item(db), front, "Specifying the right objective.", [], now)[
        0
    ].id


def test_fsrs_reference_sequence_through_the_store(db):
    """Good ×6, Again ×2, Good ×5 with fuzz off gives fsrs's published intervals."""
    card_id = add(db, START)
    scheduler = scheduling.make_scheduler(fuzz=False)
    at = START
    intervals = []
    for rating in [3] * 6 + [1] * 2 + [3] * 5:
        rated = cards.rate(db, card_id, rating, at, 1000, scheduler=scheduler)
        reloaded = cards.get_card(db, card_id)  # reload from the file each time
        assert reloaded == rated.card
        intervals.append((reloaded.memory.due - at).days)
        at = reloaded.memory.due
    assert intervals == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]
    card = cards.get_card(db, card_id)
    assert card.memory.reps == 13 and card.memory.lapses == 1


def test_default_settings_give_the_reference_scheduler(db):
    built = cards.build_scheduler(db)
    reference = scheduling.make_scheduler()
    assert built.to_dict() == reference.to_dict()
    assert built.learning_steps == (timedelta(minutes=1), timedelta(minutes=10))
    assert built.relearning_steps == (timedelta(minutes=10),)


def test_preview_equals_stored_over_10000_random_reviews(db):
    """With fuzz on, the interval on each button is exactly what is stored when pressed."""
    rng = random.Random(7)
    ids = [add(db, START, f"Card {n}") for n in range(20)]
    scheduler = cards.build_scheduler(db)
    state = random.getstate()
    memories = {cid: cards.get_card(db, cid).memory for cid in ids}
    at = START
    for _ in range(10_000):
        cid = rng.choice(ids)
        memory = memories[cid]
        at += timedelta(minutes=rng.randint(0, 720), microseconds=rng.randint(0, 999_999))
        shown = cards.preview(scheduler, memory, at)
        rating = rng.choice([1, 2, 3, 3, 3, 4])
        after = scheduling.review(scheduler, memory, rating, at)
        assert after.due - scheduling.utc_ms(at) == shown[rating]
        memories[cid] = after
    assert random.getstate() == state, "the global random generator must not be touched"
    # and through the store, for a sample
    for cid in ids[:5]:
        memory = cards.get_card(db, cid).memory
        for _ in range(8):
            at = memory.due + timedelta(hours=rng.randint(0, 48))
            shown = cards.preview(scheduler, memory, at)
            rating = rng.choice([2, 3, 4])
            memory = cards.rate(db, cid, rating, at).card.memory
            assert memory.due - scheduling.utc_ms(at) == shown[rating]


def test_fuzz_spreads_intervals_across_cards(db):
    """Deterministic per card, but different cards get different fuzz."""
    scheduler = scheduling.make_scheduler()
    dues = set()
    for cid in range(1, 60):
        memory = scheduling.Memory(cid, "review", None, 40.0, 5.0, START, START, reps=5)
        dues.add(scheduling.review(scheduler, memory, 3, START + timedelta(days=40)).due)
    assert len(dues) > 3


def test_rating_writes_card_and_log_together(db):
    card_id = add(db, START)
    before = repo.snapshot(cards.get_card(db, card_id))
    at = START + timedelta(seconds=1, microseconds=234_567)
    cards.rate(db, card_id, 3, at, 4200)
    row = db.execute(
        "SELECT card_id, rating, reviewed_at, duration_ms, state_before FROM review_log"
    ).fetchone()
    assert row[:4] == (card_id, 3, "2022-11-29T12:30:01.234Z", 4200)
    saved = json.loads(row[4])
    assert {k: saved[k] for k in before} == before
    assert "scheduler" in saved


def test_undo_restores_state_and_log_exactly(db):
    card_id = add(db, START)
    at = START
    snapshots = []
    for rating in [3, 3, 1, 3, 4]:
        snapshots.append((repo.snapshot(cards.get_card(db, card_id)), db_log(db)))
        rated = cards.rate(db, card_id, rating, at, 500)
        at = rated.card.memory.due + timedelta(hours=1)
    log_ids = [row[0] for row in db_log(db)]
    for log_id, (snap, log) in zip(reversed(log_ids), reversed(snapshots), strict=True):
        cards.undo_rating(db, log_id, at)
        assert repo.snapshot(cards.get_card(db, card_id)) == snap
        assert db_log(db) == log
    assert cards.get_card(db, card_id).state == "new"


def db_log(db: Database) -> list[tuple]:
    return db.execute("SELECT * FROM review_log ORDER BY id").fetchall()


def test_only_the_latest_review_can_be_undone(db):
    card_id = add(db, START)
    first = cards.rate(db, card_id, 3, START).log_id
    cards.rate(db, card_id, 3, START + timedelta(minutes=10))
    try:
        cards.undo_rating(db, first, START)
    except cards.rating.CurriculumError as error:
        assert "latest" in str(error)
    else:
        raise AssertionError("undoing an older review must fail")


def lapse_until(db: Database, card_id: int, lapses: int) -> tuple[datetime, list[bool]]:
    at = START
    flags = []
    while cards.get_card(db, card_id).memory.lapses < lapses:
        card = cards.get_card(db, card_id)
        rating = 1 if card.state == "review" else 4
        rated = cards.rate(db, card_id, rating, at)
        flags.append(rated.leech)
        at = rated.card.memory.due + timedelta(minutes=1)
    return at, flags


def test_leech_after_eight_lapses_is_tagged_and_stays_by_default(db):
    """Anki's default leech action: tag only."""
    card_id = add(db, START)
    _, flags = lapse_until(db, card_id, 7)
    assert not any(flags)
    assert "leech" not in cards.get_card(db, card_id).tags
    _, flags = lapse_until(db, card_id, 8)
    assert flags[-1] is True
    card = cards.get_card(db, card_id)
    assert card.leech and not card.suspended and card.memory.lapses == 8
    assert card.tags == ["leech"] and cards.get_note(db, card.note_id).tags == ["leech"]


def test_leech_action_suspend(db):
    settings.set_value(db, "cards.leech_action", "suspend")
    card_id = add(db, START)
    lapse_until(db, card_id, 8)
    card = cards.get_card(db, card_id)
    assert card.leech and card.suspended and card.tags == ["leech"]


def test_undoing_the_leech_lapse_unsuspends_and_untags(db):
    settings.set_value(db, "cards.leech_action", "suspend")
    card_id = add(db, START)
    lapse_until(db, card_id, 8)
    last = db.execute("SELECT MAX(id) FROM review_log").fetchone()[0]
    card = cards.undo_rating(db, last, START)
    assert not card.leech and not card.suspended and card.memory.lapses == 7
    assert card.tags == [] and cards.get_note(db, card.note_id).tags == []


def test_edit_keeps_schedule_and_history(db):
    card_id = add(db, START)
    rated = cards.rate(db, card_id, 3, START)
    logs = db_log(db)
    edited = cards.edit_card(
        db, card_id, "What is inner alignment?", "Mesa-objectives.", None, START
    )
    assert edited.note.front == "What is inner alignment?" and edited.updated == [card_id]
    assert cards.get_card(db, card_id).memory == rated.card.memory
    assert db_log(db) == logs


def test_cloze_gives_one_card_per_cloze(db):
    made = cards.add_cards(
        db,
        first_item(db),
        "{{c1::Reward hacking}} exploits a flawed {{c2::reward function::what}}.",
        "",
        ["Reward Hacking", "reward hacking"],
        START,
    )
    assert [c.cloze_index for c in made] == [1, 2]
    assert made[0].question() == "[…] exploits a flawed reward function."
    assert made[1].question() == "Reward hacking exploits a flawed [what]."
    assert made[1].answer() == "Reward hacking exploits a flawed reward function."
    assert made[0].tags == ["Reward Hacking"]


def test_replay_reproduces_stored_state(db):
    card_id = add(db, START)
    at = START
    for rating in [3, 1, 3, 3, 2, 4, 1, 3]:
        at = cards.rate(db, card_id, rating, at).card.memory.due + timedelta(hours=3)
    card = cards.get_card(db, card_id)
    reviews = db.execute(
        "SELECT rating, reviewed_at FROM review_log WHERE card_id = ?", [card_id]
    ).fetchall()
    states = cards.replay(
        cards.build_scheduler(db),
        card_id,
        START,
        [(r, scheduling.utc_ms(datetime.fromisoformat(t))) for r, t in reviews],
    )
    assert scheduling.same_state(states[-1], card.memory)


def test_a_failed_rating_changes_nothing(db):
    """Card state and log are one transaction: if the log insert fails, the card is untouched."""
    card_id = add(db, START)
    before = repo.snapshot(cards.get_card(db, card_id))
    db.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON review_log BEGIN SELECT RAISE(ABORT, 'boom'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        cards.rate(db, card_id, 3, START)
    assert repo.snapshot(cards.get_card(db, card_id)) == before
    assert db_log(db) == []
    assert store.get_meta(db, "fsrs.schedulers") is None
