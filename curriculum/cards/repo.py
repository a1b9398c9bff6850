"""Cards in the store: read them, suspend, bury and undo those (one transaction each).

Notes (the text a card asks) live in `notes`; ratings in `rating`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fsrs import Scheduler

from curriculum import store
from curriculum.cards import cloze
from curriculum.cards.scheduling import PARAMETERS_META_KEY, Memory, scheduler_from_values
from curriculum.clock import from_iso, next_day_start, to_iso
from curriculum.errors import NotFoundError
from curriculum.store import Database, settings

SCHEDULERS_META_KEY = "fsrs.schedulers"
COLUMNS = (
    "id, item_id, kind, front, back, cloze_index, tags, state, step, stability, difficulty,"
    " due, last_review, reps, lapses, suspended, buried_until, leech, created_at, updated_at,"
    " note_id"
)


@dataclass(frozen=True)
class CardRow:
    """A card as stored: its text, tags, flags and scheduling state."""

    id: int
    item_id: int | None
    kind: str
    front: str
    back: str
    cloze_index: int | None
    tags: list[str]
    memory: Memory
    suspended: bool
    buried_until: str | None
    leech: bool
    created_at: str
    updated_at: str
    note_id: int | None = None

    @property
    def state(self) -> str:
        """new, learning, review or relearning."""
        return self.memory.state

    def question(self) -> str:
        """The text shown before the answer."""
        if self.kind == "cloze" and self.cloze_index is not None:
            return cloze.render(self.front, self.cloze_index, reveal=False)
        return self.front

    def answer(self) -> str:
        """The text shown after reveal (cloze: the full text, then any extra note)."""
        if self.kind == "cloze" and self.cloze_index is not None:
            full = cloze.render(self.front, self.cloze_index, reveal=True)
            return f"{full}\n\n{self.back}".strip()
        return self.back

    def to_json(self) -> dict[str, Any]:
        """The `cards --json` contract."""
        m = self.memory
        return {
            "id": self.id,
            "item_id": self.item_id,
            "front": self.front,
            "back": self.back,
            "tags": self.tags,
            "state": m.state,
            "due": to_iso(m.due),
            "stability": m.stability,
            "difficulty": m.difficulty,
            "reps": m.reps,
            "lapses": m.lapses,
            "suspended": self.suspended,
            "note_id": self.note_id,
            "cloze": self.cloze_index,
        }


def row_to_card(row: tuple[Any, ...]) -> CardRow:
    """A `SELECT COLUMNS` row as a CardRow."""
    (cid, item_id, kind, front, back, cloze_index, tags, state, step, stability, difficulty,
     due, last_review, reps, lapses, suspended, buried, leech, created, updated,
     note) = row  # fmt: skip
    memory = Memory(
        card_id=cid,
        state=state,
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=from_iso(due),
        last_review=from_iso(last_review) if last_review else None,
        reps=reps,
        lapses=lapses,
    )
    return CardRow(
        cid, item_id, kind, front, back, cloze_index, json.loads(tags), memory,
        bool(suspended), buried, bool(leech), created, updated, note,
    )  # fmt: skip


def get_card(db: Database, card_id: int) -> CardRow:
    """One card, or NotFoundError."""
    row = db.execute(f"SELECT {COLUMNS} FROM cards WHERE id = ?", [card_id]).fetchone()
    if row is None:
        raise NotFoundError(f"There is no card with id {card_id}; `curriculum cards` lists them.")
    return row_to_card(row)


def cards_where(db: Database, where: str = "1", params: list[Any] | None = None) -> list[CardRow]:
    """Cards matching a SQL condition, by id."""
    sql = f"SELECT {COLUMNS} FROM cards WHERE {where} ORDER BY id"
    return [row_to_card(row) for row in db.execute(sql, params or [])]


def build_scheduler(db: Database) -> Scheduler:
    """The one scheduler: settings plus optimized parameters when present."""
    return scheduler_from_values(settings.get_all(db), store.get_meta(db, PARAMETERS_META_KEY))


def snapshot(card: CardRow) -> dict[str, Any]:
    """Everything a rating, suspend or bury can change, as JSON-ready values."""
    return card.memory.as_json() | {
        "suspended": card.suspended,
        "buried_until": card.buried_until,
        "leech": card.leech,
    }


def write_memories(db: Database, memories: Iterable[Memory], stamp: str) -> None:
    """Store each card's scheduling state (its flags untouched), updated at `stamp` (call
    inside a transaction)."""
    db.conn.executemany(
        "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
        " last_review = ?, reps = ?, lapses = ?, updated_at = ? WHERE id = ?",
        [(m.state, m.step, m.stability, m.difficulty, to_iso(m.due),
          to_iso(m.last_review) if m.last_review else None, m.reps, m.lapses, stamp, m.card_id)
         for m in memories],
    )  # fmt: skip


def restore(db: Database, card_id: int, saved: dict[str, Any], now: datetime) -> None:
    """Put a card back exactly as `snapshot` recorded it (call inside a transaction)."""
    db.execute(
        "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
        " last_review = ?, reps = ?, lapses = ?, suspended = ?, buried_until = ?, leech = ?,"
        " updated_at = ? WHERE id = ?",
        [saved["state"], saved["step"], saved["stability"], saved["difficulty"], saved["due"],
         saved["last_review"], saved["reps"], saved["lapses"], int(saved["suspended"]),
         saved["buried_until"], int(saved["leech"]), to_iso(now), card_id],
    )  # fmt: skip


def set_suspended(db: Database, card_id: int, suspended: bool, now: datetime) -> dict[str, Any]:
    """Suspend or unsuspend a card; returns its snapshot from before, for undo."""
    with store.transaction(db):
        before = snapshot(get_card(db, card_id))
        db.execute(
            "UPDATE cards SET suspended = ?, updated_at = ? WHERE id = ?",
            [int(suspended), to_iso(now), card_id],
        )
    return before


def bury(db: Database, card_id: int, now: datetime) -> dict[str, Any]:
    """Hide a card until the next study day starts; returns its snapshot from before."""
    until = next_day_start(now, settings.day_starts(db))
    with store.transaction(db):
        before = snapshot(get_card(db, card_id))
        db.execute(
            "UPDATE cards SET buried_until = ?, updated_at = ? WHERE id = ?",
            [to_iso(until), to_iso(now), card_id],
        )
    return before


def undo_snapshot(db: Database, card_id: int, saved: dict[str, Any], now: datetime) -> CardRow:
    """Undo a suspend or bury: the card exactly as it was."""
    with store.transaction(db):
        get_card(db, card_id)
        restore(db, card_id, saved, now)
    return get_card(db, card_id)
