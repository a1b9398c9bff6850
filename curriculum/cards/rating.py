"""Rating a card and undoing a rating, each one transaction.

A rating stores the card's new FSRS state and a review-log row whose `state_before` holds
everything the rating changed (the card's state and flags, the scheduler that rated it,
siblings it buried, the note's tags before a leech tag), so undo puts all of it back.

Leeches: the 8th lapse, then every 4th, marks the card a leech and tags its note `leech`;
`cards.leech_action` chooses whether it is also suspended (`suspend`) or not (`tag`, Anki's
default). Siblings: with `cards.bury_siblings` on, rating a card hides its note's other new
and review cards until the next study day (Anki's "bury siblings"; off by default).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fsrs import Scheduler

from curriculum import store
from curriculum.cards.notes import get_note, set_note_tags
from curriculum.cards.repo import (
    SCHEDULERS_META_KEY,
    CardRow,
    build_scheduler,
    get_card,
    restore,
    snapshot,
)
from curriculum.cards.scheduling import Memory, review, scheduler_key, utc_ms
from curriculum.clock import next_day_start, to_iso
from curriculum.errors import CurriculumError, NotFoundError
from curriculum.store import Database, settings

LEECH_LAPSES = 8
LEECH_TAG = "leech"


@dataclass(frozen=True)
class Rated:
    """What one rating did."""

    card: CardRow
    log_id: int
    leech: bool
    suspended: bool = False  # the leech action suspended the card
    buried: tuple[int, ...] = ()  # siblings buried until the next study day


def remember_scheduler(db: Database, scheduler: Scheduler) -> str:
    """The scheduler's key, its settings saved once in meta (for replays and the check)."""
    key = scheduler_key(scheduler)
    known = store.get_meta(db, SCHEDULERS_META_KEY) or {}
    if key not in known:
        known[key] = scheduler.to_dict()
        store.set_meta(db, SCHEDULERS_META_KEY, known)
    return key


def becomes_leech(before: Memory, after: Memory) -> bool:
    """A lapse that reaches 8, then every 4 more, marks the card a leech."""
    lapsed = after.lapses > before.lapses
    n = after.lapses
    return lapsed and (n == LEECH_LAPSES or (n > LEECH_LAPSES and (n - LEECH_LAPSES) % 4 == 0))


def _write_memory(db: Database, memory: Memory, flags: tuple[bool, bool], now: datetime) -> None:
    leech, suspend = flags
    db.execute(
        "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
        " last_review = ?, reps = ?, lapses = ?, buried_until = NULL, updated_at = ?,"
        " leech = leech OR ?, suspended = suspended OR ? WHERE id = ?",
        [memory.state, memory.step, memory.stability, memory.difficulty, to_iso(memory.due),
         to_iso(memory.last_review) if memory.last_review else None, memory.reps,
         memory.lapses, to_iso(now), int(leech), int(suspend), memory.card_id],
    )  # fmt: skip


def _bury_siblings(db: Database, card: CardRow, at: datetime) -> dict[str, str | None]:
    """Hide the note's other new and review cards until the next study day; their old values."""
    if card.note_id is None or not settings.get(db, "cards.bury_siblings"):
        return {}
    until = to_iso(next_day_start(at, settings.day_starts(db)))
    rows = db.execute(
        "SELECT id, buried_until FROM cards WHERE note_id = ? AND id != ? AND suspended = 0"
        " AND state IN ('new', 'review') AND (buried_until IS NULL OR buried_until < ?)",
        [card.note_id, card.id, until],
    ).fetchall()
    db.conn.executemany(
        "UPDATE cards SET buried_until = ? WHERE id = ?", [(until, cid) for cid, _ in rows]
    )
    return {str(cid): old for cid, old in rows}


def _tag_leech(db: Database, card: CardRow, stamp: str) -> list[str] | None:
    """Add the `leech` tag to the card's note; returns its tags from before (None if kept)."""
    if card.note_id is None:
        return None
    tags = get_note(db, card.note_id).tags
    if LEECH_TAG in tags:
        return None
    set_note_tags(db, card.note_id, [*tags, LEECH_TAG], stamp)
    return tags


def rate(
    db: Database,
    card_id: int,
    rating: int,
    now: datetime,
    duration_ms: int | None = None,
    scheduler: Scheduler | None = None,
) -> Rated:
    """Rate a card: new state and its review log in one transaction."""
    if rating not in (1, 2, 3, 4):
        raise CurriculumError("A rating is 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).")
    at = utc_ms(now)
    with store.transaction(db):
        card = get_card(db, card_id)
        scheduler = scheduler or build_scheduler(db)
        after = review(scheduler, card.memory, rating, at)
        leech = becomes_leech(card.memory, after)
        suspend = leech and settings.get(db, "cards.leech_action") == "suspend"
        before: dict[str, Any] = snapshot(card)
        before |= {"scheduler": remember_scheduler(db, scheduler), "here": True}
        if leech:
            before["note_tags"] = _tag_leech(db, card, to_iso(at))
        _write_memory(db, after, (leech, suspend), at)
        before["siblings"] = _bury_siblings(db, card, at)
        cursor = db.execute(
            "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, state_before)"
            " VALUES (?, ?, ?, ?, ?)",
            [card_id, rating, to_iso(at), duration_ms, json.dumps(before)],
        )
    buried = tuple(int(cid) for cid in before["siblings"])
    return Rated(get_card(db, card_id), int(cursor.lastrowid or 0), leech, suspend, buried)


def _restore_extras(db: Database, card: CardRow, saved: dict[str, Any], stamp: str) -> None:
    for cid, old in (saved.get("siblings") or {}).items():
        db.execute("UPDATE cards SET buried_until = ? WHERE id = ?", [old, int(cid)])
    if saved.get("note_tags") is not None and card.note_id is not None:
        set_note_tags(db, card.note_id, saved["note_tags"], stamp)


def undo_rating(db: Database, log_id: int, now: datetime) -> CardRow:
    """Undo one rating: the card's state from before it, and its log row removed."""
    with store.transaction(db):
        row = db.execute(
            "SELECT card_id, state_before FROM review_log WHERE id = ?", [log_id]
        ).fetchone()
        if row is None:
            raise NotFoundError("That review is no longer in the log, so it cannot be undone.")
        latest = db.execute(
            "SELECT MAX(id) FROM review_log WHERE card_id = ?", [row[0]]
        ).fetchone()[0]
        if latest != log_id:
            raise CurriculumError(
                "Only a card's latest review can be undone; undo later ones first."
            )
        saved = json.loads(row[1])
        if "due" not in saved:
            raise CurriculumError("That review was imported, so there is nothing to undo here.")
        restore(db, row[0], saved, now)
        _restore_extras(db, get_card(db, row[0]), saved, to_iso(now))
        db.execute("DELETE FROM review_log WHERE id = ?", [log_id])
    return get_card(db, row[0])


@dataclass(frozen=True)
class LastRating:
    """The latest rating made in this home that can still be undone."""

    log_id: int
    card_id: int
    rating: int
    reviewed_at: str


def last_rating(db: Database) -> LastRating | None:
    """The latest rating made here (not imported), if it is still its card's latest review."""
    row = db.execute(
        "SELECT id, card_id, rating, reviewed_at FROM review_log"
        " WHERE json_extract(state_before, '$.here') = 1 ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    latest = db.execute("SELECT MAX(id) FROM review_log WHERE card_id = ?", [row[1]]).fetchone()
    return LastRating(*row) if latest[0] == row[0] else None
