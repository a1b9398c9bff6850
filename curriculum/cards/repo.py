"""Cards in the store: add, read, edit, suspend, bury, rate (one transaction each), undo."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fsrs import Scheduler
from sqlite_utils import Database

from curriculum import store
from curriculum.cards import cloze
from curriculum.cards.scheduling import (
    PARAMETERS_META_KEY,
    Memory,
    review,
    scheduler_from_values,
    scheduler_key,
    utc_ms,
)
from curriculum.clock import from_iso, next_day_start, to_iso
from curriculum.errors import CurriculumError, NotFoundError
from curriculum.store import settings
from curriculum.text import strip_controls

LEECH_LAPSES = 8
SCHEDULERS_META_KEY = "fsrs.schedulers"
COLUMNS = (
    "id, item_id, kind, front, back, cloze_index, tags, state, step, stability, difficulty,"
    " due, last_review, reps, lapses, suspended, buried_until, leech, created_at, updated_at"
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
        }


def row_to_card(row: tuple[Any, ...]) -> CardRow:
    """A `SELECT COLUMNS` row as a CardRow."""
    (cid, item_id, kind, front, back, cloze_index, tags, state, step, stability, difficulty,
     due, last_review, reps, lapses, suspended, buried, leech, created, updated) = row  # fmt: skip
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
        bool(suspended), buried, bool(leech), created, updated,
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


def _clean_tags(tags: list[str]) -> list[str]:
    seen: list[str] = []
    for tag in tags:
        name = " ".join(strip_controls(tag).split())
        if name and name.lower() not in {s.lower() for s in seen}:
            seen.append(name)
    return seen


MAX_CARD_CHARS = 10_000  # per side; a recall prompt is a sentence or a paragraph


def _check_text(front: str, back: str) -> tuple[str, str]:
    front, back = strip_controls(front).strip(), strip_controls(back).strip()
    longest = max(len(front), len(back))
    if longest > MAX_CARD_CHARS:
        raise CurriculumError(
            f"A card side can hold at most {MAX_CARD_CHARS:,} characters (this one has "
            f"{longest:,}); keep the key idea short and link the reading for the rest."
        )
    if not front:
        raise CurriculumError("A card needs a question (front); write one and save again.")
    if not back and not cloze.is_cloze(front):
        raise CurriculumError(
            "A card needs an answer (back), or cloze text such as {{c1::…}} in the question."
        )
    return front, back


def _item_exists(db: Database, item_id: int | None) -> None:
    if (
        item_id is not None
        and not db.execute("SELECT 1 FROM items WHERE id = ?", [item_id]).fetchone()
    ):
        raise NotFoundError(
            f"There is no reading with id {item_id}; `curriculum items` lists them."
        )


def _highlight_of(db: Database, highlight_id: int | None, item_id: int | None) -> None:
    """A card's highlight must exist and belong to the card's reading."""
    if highlight_id is None:
        return
    row = db.execute("SELECT item_id FROM highlights WHERE id = ?", [highlight_id]).fetchone()
    if row is None:
        raise NotFoundError(
            f"There is no highlight with id {highlight_id}; `curriculum highlights` lists them."
        )
    if item_id is not None and int(row[0]) != item_id:
        raise CurriculumError(
            f"Highlight {highlight_id} is from reading {row[0]}, not reading {item_id}."
        )


def add_cards(
    db: Database,
    item_id: int | None,
    front: str,
    back: str,
    tags: list[str],
    now: datetime,
    highlight_id: int | None = None,
) -> list[CardRow]:
    """Add a question/answer card, or one card per cloze; one transaction. With
    `highlight_id`, each card keeps a link to the highlight it was written from."""
    front, back = _check_text(front, back)
    indices = cloze.cloze_indices(front) or [None]
    stamp = to_iso(now)
    ids = []
    with store.transaction(db):
        _item_exists(db, item_id)
        _highlight_of(db, highlight_id, item_id)
        for index in indices:
            cursor = db.execute(
                "INSERT INTO cards (item_id, kind, front, back, cloze_index, tags, state, step,"
                " due, created_at, updated_at, highlight_id)"
                " VALUES (?, ?, ?, ?, ?, ?, 'new', 0, ?, ?, ?, ?)",
                [item_id, "basic" if index is None else "cloze", front, back, index,
                 json.dumps(_clean_tags(tags)), stamp, stamp, stamp, highlight_id],
            )  # fmt: skip
            ids.append(int(cursor.lastrowid or 0))
    return [get_card(db, card_id) for card_id in ids]


def edit_card(
    db: Database, card_id: int, front: str, back: str, tags: list[str] | None, now: datetime
) -> CardRow:
    """Change a card's text (and tags); its schedule and history stay as they were."""
    front, back = _check_text(front, back)
    with store.transaction(db):
        card = get_card(db, card_id)
        if card.kind == "cloze" and card.cloze_index not in cloze.cloze_indices(front):
            raise CurriculumError(
                f"This card asks cloze {card.cloze_index}: keep {{{{c{card.cloze_index}::…}}}} "
                "in the text."
            )
        db.execute(
            "UPDATE cards SET front = ?, back = ?, tags = ?, updated_at = ? WHERE id = ?",
            [front, back, json.dumps(_clean_tags(tags if tags is not None else card.tags)),
             to_iso(now), card_id],
        )  # fmt: skip
    return get_card(db, card_id)


def delete_card(db: Database, card_id: int) -> None:
    """Delete a card and its review log."""
    with store.transaction(db):
        get_card(db, card_id)
        db.execute("DELETE FROM cards WHERE id = ?", [card_id])


def snapshot(card: CardRow) -> dict[str, Any]:
    """Everything a rating, suspend or bury can change, as JSON-ready values."""
    m = card.memory
    return {
        "state": m.state,
        "step": m.step,
        "stability": m.stability,
        "difficulty": m.difficulty,
        "due": to_iso(m.due),
        "last_review": to_iso(m.last_review) if m.last_review else None,
        "reps": m.reps,
        "lapses": m.lapses,
        "suspended": card.suspended,
        "buried_until": card.buried_until,
        "leech": card.leech,
    }


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


def _write_memory(db: Database, memory: Memory, leech: bool, now: datetime) -> None:
    db.execute(
        "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
        " last_review = ?, reps = ?, lapses = ?, buried_until = NULL, updated_at = ?,"
        " leech = leech OR ?, suspended = suspended OR ? WHERE id = ?",
        [memory.state, memory.step, memory.stability, memory.difficulty, to_iso(memory.due),
         to_iso(memory.last_review) if memory.last_review else None, memory.reps,
         memory.lapses, to_iso(now), int(leech), int(leech), memory.card_id],
    )  # fmt: skip


def _remember_scheduler(db: Database, scheduler: Scheduler) -> str:
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


@dataclass(frozen=True)
class Rated:
    """What one rating did."""

    card: CardRow
    log_id: int
    leech: bool


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
        before = snapshot(card) | {"scheduler": _remember_scheduler(db, scheduler)}
        _write_memory(db, after, leech, at)
        cursor = db.execute(
            "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, state_before)"
            " VALUES (?, ?, ?, ?, ?)",
            [card_id, rating, to_iso(at), duration_ms, json.dumps(before)],
        )
    return Rated(get_card(db, card_id), int(cursor.lastrowid or 0), leech)


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
        restore(db, row[0], json.loads(row[1]), now)
        db.execute("DELETE FROM review_log WHERE id = ?", [log_id])
    return get_card(db, row[0])


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
