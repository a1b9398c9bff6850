"""Replay every card's review log through the scheduler and report cards whose state differs."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

from fsrs import Scheduler

from curriculum import store
from curriculum.cards import repo
from curriculum.cards.scheduling import replay, same_state
from curriculum.clock import from_iso
from curriculum.store import Database


def _schedulers(db: Database) -> dict[str, Scheduler]:
    known = store.get_meta(db, repo.SCHEDULERS_META_KEY) or {}
    return {key: Scheduler.from_dict(value) for key, value in known.items()}


def _logs(db: Database) -> dict[int, list[tuple[int, datetime, str | None]]]:
    logs: dict[int, list[tuple[int, datetime, str | None]]] = defaultdict(list)
    rows = db.execute(
        "SELECT card_id, rating, reviewed_at, state_before FROM review_log ORDER BY reviewed_at, id"
    )
    for card_id, rating, at, before in rows:
        logs[card_id].append((rating, from_iso(at), json.loads(before).get("scheduler")))
    return logs


def unusable_states(db: Database) -> list[str]:
    """Cards the scheduler cannot continue: reviewed but without a positive stability."""
    rows = db.execute(
        "SELECT id, state FROM cards WHERE state IN ('review', 'relearning')"
        " AND (stability IS NULL OR NOT stability > 0 OR difficulty IS NULL)"
    ).fetchall()
    return [
        f"card {cid} is a {state} card without a positive stability; restore a backup, or "
        f"delete it with `curriculum card delete {cid}`"
        for cid, state in rows
    ]


def replay_problems(db: Database) -> list[str]:
    """One sentence per card whose stored scheduling state differs from its replayed log."""
    broken = unusable_states(db)
    if broken:
        return broken
    current = repo.build_scheduler(db)
    known = _schedulers(db)
    logs = _logs(db)
    problems = []
    for card in repo.cards_where(db):
        history = logs.get(card.id, [])
        if not history:
            if card.memory.reps or card.state != "new":
                problems.append(f"card {card.id} has no review log but is in state {card.state}")
            continue
        per_review = {i: known.get(key or "", current) for i, (_, _, key) in enumerate(history)}
        reviews = [(rating, at) for rating, at, _ in history]
        created = from_iso(card.created_at)
        replayed = replay(current, card.id, created, reviews, per_review)[-1]
        if not same_state(replayed, card.memory) and not same_state(
            replay(current, card.id, created, reviews, per_review, ordered=False)[-1], card.memory
        ):  # a card last reviewed before Hard < Good < Easy was enforced keeps its due date
            problems.append(
                f"card {card.id}: stored state ({card.state}, due {card.memory.due:%Y-%m-%d %H:%M},"
                f" {card.memory.reps} reviews) differs from its replayed review log "
                f"({replayed.state}, due {replayed.due:%Y-%m-%d %H:%M}, {replayed.reps} reviews)"
            )
    return problems
