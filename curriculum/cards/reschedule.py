"""Rescheduling existing cards after `cards.retention` or the FSRS parameters change.

A change of retention or parameters applies to future reviews; the cards keep the due dates
they were given (as Anki does unless asked). Rescheduling, which the app and the CLI offer
after such a change (Anki asks too), replays each card's whole review log with the scheduler
now in effect: its memory (stability, difficulty) and due date become what they would be had
every review been made with it, and each review records that scheduler, so `curriculum
check` agrees and undo still restores the state from before a review. One transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from curriculum import store
from curriculum.cards.rating import remember_scheduler
from curriculum.cards.repo import build_scheduler, write_memories
from curriculum.cards.scheduling import Memory, new_memory, replay
from curriculum.clock import from_iso, to_iso
from curriculum.store import Database

SETTINGS_THAT_RESCHEDULE = ("cards.retention",)


def reviewed_cards(db: Database) -> int:
    """How many cards have reviews (the ones a reschedule would move)."""
    return int(db.execute("SELECT COUNT(DISTINCT card_id) FROM review_log").fetchone()[0])


def _logs(db: Database) -> dict[int, list[tuple[int, int, str, dict[str, Any]]]]:
    logs: dict[int, list[tuple[int, int, str, dict[str, Any]]]] = defaultdict(list)
    for log_id, card_id, rating, at, before in db.execute(
        "SELECT id, card_id, rating, reviewed_at, state_before FROM review_log"
        " ORDER BY card_id, reviewed_at, id"
    ):
        logs[card_id].append((log_id, rating, at, json.loads(before)))
    return logs


def _before(memory: Memory, old: dict[str, Any], key: str) -> str:
    return json.dumps(old | memory.as_json() | {"scheduler": key})


def reschedule(db: Database, now: datetime) -> int:
    """Replay every reviewed card with the current scheduler; returns how many moved."""
    scheduler = build_scheduler(db)
    with store.transaction(db):
        key = remember_scheduler(db, scheduler)
        created = dict(db.execute("SELECT id, created_at FROM cards").fetchall())
        finals: list[Memory] = []
        review_rows: list[tuple[str, int]] = []
        for card_id, log in _logs(db).items():
            if card_id not in created:
                continue
            start = from_iso(created[card_id])
            states = replay(scheduler, card_id, start, [(r, from_iso(at)) for _, r, at, _ in log])
            befores = [new_memory(card_id, start), *states[:-1]]
            review_rows += [
                (_before(m, old, key), log_id)
                for (log_id, _, _, old), m in zip(log, befores, strict=True)
            ]
            finals.append(states[-1])
        write_memories(db, finals, to_iso(now))
        db.conn.executemany("UPDATE review_log SET state_before = ? WHERE id = ?", review_rows)
    return len(finals)
