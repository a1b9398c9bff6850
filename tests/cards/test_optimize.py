"""`curriculum optimize`: fits on a simulated log, keeps old parameters unless loss improves."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

import pytest

from curriculum import cards, store
from curriculum.cards import optimize, scheduling
from curriculum.clock import to_iso
from curriculum.store import Database

START = datetime(2025, 1, 1, 9, tzinfo=timezone.utc)


def simulate(db: Database, n_cards: int, reviews_each: int) -> None:
    """Write a plausible review log: recall drawn from the card's retrievability."""
    rng = random.Random(3)
    scheduler = scheduling.make_scheduler()
    rows = []
    for index in range(n_cards):
        card_id = cards.add_cards(db, 1, f"Q{index}", "A", [], START)[0].id
        memory = scheduling.new_memory(card_id, START)
        at = START
        for _ in range(reviews_each):
            at = max(at, memory.due) + timedelta(hours=rng.randint(0, 96))
            recall = scheduling.retrievability(memory, at) if memory.last_review else 0.7
            rating = 1 if rng.random() > recall * 0.9 else rng.choice([2, 3, 3, 3, 4])
            rows.append((card_id, rating, to_iso(at), 3000, json.dumps({"state": memory.state})))
            memory = scheduling.review(scheduler, memory, rating, at)
    db.conn.executemany(
        "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, state_before)"
        " VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def test_too_few_reviews_says_how_many_more(db):
    simulate(db, 10, 5)
    with pytest.raises(optimize.OptimizeError, match="review 350 more cards"):
        optimize.fit(db, START)


def test_fit_stores_parameters_only_when_log_loss_improves(db):
    simulate(db, 80, 8)
    first = optimize.fit(db, START)
    assert first.reviews == 640
    assert not first.kept_old and first.new_log_loss < first.old_log_loss
    stored = store.get_meta(db, "fsrs.parameters")
    assert stored == first.new_parameters
    assert cards.build_scheduler(db).parameters == tuple(stored)  # used from now on
    second = optimize.fit(db, START)
    assert second.kept_old and second.new_log_loss >= second.old_log_loss
    assert store.get_meta(db, "fsrs.parameters") == stored


def test_optimize_cli_reports_before_and_after(cli):
    out = cli("optimize")
    assert out.returncode == 1 and "needs at least 400 reviews" in out.stderr


def test_float32_parameters_are_rounded_into_bounds():
    noisy = [
        0.0010000000474974513 if i == 7 else v for i, v in enumerate(scheduling.DEFAULT_PARAMETERS)
    ]
    cleaned = scheduling.clean_parameters(noisy)
    assert cleaned[7] == 0.001
    scheduling.make_scheduler(parameters=cleaned)
