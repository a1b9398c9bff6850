"""Cards and review logs of an import: identity, stored or replayed state, bulk inserts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from curriculum.cards import build_scheduler, cloze, replay
from curriculum.cards.scheduling import Memory, new_memory
from curriculum.clock import from_iso, to_iso
from curriculum.exchange import records as r

STATES = ("new", "learning", "review", "relearning")
CARD_INSERT = (
    "INSERT INTO cards (id, item_id, kind, front, back, cloze_index, tags, state, step,"
    " stability, difficulty, due, last_review, reps, lapses, suspended, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
REVIEW_INSERT = (
    "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, state_before)"
    " VALUES (?, ?, ?, ?, ?)"
)

Review = tuple[int, str, int | None]  # rating, reviewed_at (stored form), duration_ms


@dataclass(frozen=True)
class CardRecord:
    """One card of the file, checked."""

    item_id: int | None
    kind: str
    front: str
    back: str
    cloze_index: int | None
    tags: list[str]
    suspended: bool
    reviews: list[Review]
    stored: dict[str, Any] | None  # the file's scheduling state, when it has one

    file_id: int | None = None

    @property
    def key(self) -> tuple[int | None, str, int | None]:
        """Identity: the same text on the same reading is the same card."""
        return (self.item_id, self.front, self.cloze_index)


def parse_reviews(card: dict[str, Any], where: str) -> list[Review]:
    """The card's reviews, checked, in time order, one per moment."""
    raw = card.get("reviews") or []
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        raise r.fail(where, "has 'reviews' that are not a list of objects")
    seen: dict[str, Review] = {}
    for k, review in enumerate(raw):
        at = f"{where}.reviews[{k}]"
        rating = r.integer(review, "rating", at, None)
        if rating not in (1, 2, 3, 4):
            raise r.fail(at, "needs a 'rating' from 1 to 4")
        moment = r.stamp(review, "reviewed_at", at)
        if moment is None:
            raise r.fail(at, "has no 'reviewed_at'")
        seen.setdefault(moment, (rating, moment, r.integer(review, "duration_ms", at, None)))
    return sorted(seen.values(), key=lambda x: x[1])


def parse_state(card: dict[str, Any], where: str) -> dict[str, Any] | None:
    """The stored scheduling state, or None when the file leaves it out."""
    state = r.choice(card, "state", where, STATES)
    due = r.stamp(card, "due", where)
    if state is None or due is None:
        return None
    return {
        "state": state,
        "step": r.integer(card, "step", where, None),
        "stability": r.number(card, "stability", where),
        "difficulty": r.number(card, "difficulty", where),
        "due": due,
        "last_review": r.stamp(card, "last_review", where),
        "reps": r.integer(card, "reps", where, None),
        "lapses": r.integer(card, "lapses", where, None),
    }


def parse_card(card: dict[str, Any], where: str, item_ids: dict[int, int]) -> CardRecord:
    """Check one card of the file."""
    front = r.body(card, "front", where)
    if not front:
        raise r.fail(where, "has no 'front'")
    kind = r.choice(card, "kind", where, ("basic", "cloze"))
    kind = kind or ("cloze" if cloze.is_cloze(front) else "basic")
    index = r.integer(card, "cloze_index", where, None)
    if kind == "cloze" and index is None:
        index = (cloze.cloze_indices(front) or [1])[0]
    file_item = r.integer(card, "item_id", where, None)
    return CardRecord(
        file_id=r.integer(card, "id", where, None),
        item_id=None if file_item is None else item_ids.get(file_item),
        kind=kind,
        front=front,
        back=r.body(card, "back", where),
        cloze_index=index if kind == "cloze" else None,
        tags=r.strings(card, "tags", where),
        suspended=bool(card.get("suspended")),
        reviews=parse_reviews(card, where),
        stored=parse_state(card, where),
    )


def snapshot(memory: Memory) -> str:
    """A review's `state_before`, in the shape the cards module records."""
    return json.dumps(
        {
            "state": memory.state,
            "step": memory.step,
            "stability": memory.stability,
            "difficulty": memory.difficulty,
            "due": to_iso(memory.due),
            "last_review": to_iso(memory.last_review) if memory.last_review else None,
            "reps": memory.reps,
            "lapses": memory.lapses,
            "suspended": False,
            "buried_until": None,
            "leech": False,
        }
    )


def states_before(reviews: list[Review], learning: int, relearning: int) -> list[str]:
    """The FSRS state before each review, by the state machine alone (no memory arithmetic).

    Used for cards whose file carries their state, so a large import needs no full replay.
    """
    state, step, result = "new", 0, []
    for rating, _, _ in reviews:
        result.append(state)
        if state == "review":
            state, step = ("relearning", 0) if rating == 1 and relearning else ("review", 0)
            continue
        steps = learning if state in ("new", "learning") else relearning
        step = 0 if rating == 1 else step + (rating == 3)
        done = rating == 4 or (rating == 3 and step >= steps) or steps == 0
        state = "review" if done else ("relearning" if state == "relearning" else "learning")
    return result


class Replayer:
    """Replays review logs with this home's scheduler."""

    def __init__(self, db: Database) -> None:
        self.scheduler = build_scheduler(db)
        self.learning = len(self.scheduler.learning_steps)
        self.relearning = len(self.scheduler.relearning_steps)
        self._light: dict[str, str] = {}

    def light(self, state: str) -> str:
        """A `state_before` holding only the state (cached: a few distinct values)."""
        if state not in self._light:
            self._light[state] = json.dumps({"state": state})
        return self._light[state]

    def run(self, card_id: int, created: datetime, reviews: Iterable[Review]) -> list[Memory]:
        """The memory before the first review, then after each review."""
        pairs = [(rating, from_iso(at)) for rating, at, _ in reviews]
        return [new_memory(card_id, created), *replay(self.scheduler, card_id, created, pairs)]


def final_memory(card_id: int, stored: dict[str, Any] | None, memories: list[Memory]) -> Memory:
    """The card's state now: the file's stored state if given, else the replayed one."""
    last = memories[-1]
    if stored is None:
        return last
    reps = stored["reps"] if stored["reps"] is not None else last.reps
    lapses = stored["lapses"] if stored["lapses"] is not None else last.lapses
    return Memory(
        card_id,
        stored["state"],
        stored["step"],
        stored["stability"],
        stored["difficulty"],
        from_iso(stored["due"]),
        from_iso(stored["last_review"]) if stored["last_review"] else None,
        reps,
        lapses,
    )


def _card_row(cid: int, rec: CardRecord, m: Memory, created: str, now: str) -> tuple[Any, ...]:
    return (
        cid, rec.item_id, rec.kind, rec.front, rec.back, rec.cloze_index, json.dumps(rec.tags),
        m.state, m.step, m.stability, m.difficulty, to_iso(m.due),
        to_iso(m.last_review) if m.last_review else None, m.reps, m.lapses,
        int(rec.suspended), created, now,
    )  # fmt: skip


def _review_rows(cid: int, reviews: list[Review], memories: list[Memory]) -> list[tuple[Any, ...]]:
    return [
        (cid, rating, at, duration, snapshot(before))
        for (rating, at, duration), before in zip(reviews, memories, strict=False)
    ]


class IdPool:
    """Row ids for new rows: the file's own id when free here, else the next unused one."""

    def __init__(self, db: Database, table: str) -> None:
        self.used = {i for (i,) in db.execute(f"SELECT id FROM {table}")}
        self.next = max(self.used, default=0) + 1

    def take(self, wanted: int | None) -> int:
        """An id for one new row."""
        if wanted is None or wanted <= 0 or wanted in self.used:
            while self.next in self.used:
                self.next += 1
            wanted = self.next
        self.used.add(wanted)
        return wanted


class CardImport:
    """The cards part of one import: checks, matches, then writes in bulk."""

    def __init__(self, db: Database, now: datetime) -> None:
        self.db = db
        self.now = now
        self.stamp = to_iso(now)
        self.replayer = Replayer(db)
        self.existing = {
            (item, front, index): cid
            for cid, item, front, index in db.execute(
                "SELECT id, item_id, front, cloze_index FROM cards"
            )
        }
        self.ids = IdPool(db, "cards")
        self.cards: list[tuple[Any, ...]] = []
        self.reviews: list[tuple[Any, ...]] = []
        self.merged = 0
        self.pending: set[int] = set()

    def add(self, rec: CardRecord) -> None:
        """A card new to this home, with its reviews."""
        cid = self.ids.take(rec.file_id)
        self.existing[rec.key] = cid
        self.pending.add(cid)
        created = rec.reviews[0][1] if rec.reviews else self.stamp
        if rec.stored is not None:
            memory = final_memory(cid, rec.stored, [new_memory(cid, self.now)])
            states = states_before(rec.reviews, self.replayer.learning, self.replayer.relearning)
            self.reviews.extend(
                (cid, rating, at, duration, self.replayer.light(state))
                for (rating, at, duration), state in zip(rec.reviews, states, strict=True)
            )
        else:
            memories = self.replayer.run(cid, from_iso(created), rec.reviews)
            memory = memories[-1] if rec.reviews else new_memory(cid, self.now)
            self.reviews.extend(_review_rows(cid, rec.reviews, memories))
        self.cards.append(_card_row(cid, rec, memory, created, self.stamp))

    def merge(self, cid: int, rec: CardRecord) -> None:
        """A card this home has: add the file's reviews it lacks and bring its state up."""
        have = self.db.execute(
            "SELECT rating, reviewed_at, duration_ms, created_at FROM review_log JOIN cards"
            " ON cards.id = review_log.card_id WHERE card_id = ? ORDER BY reviewed_at",
            [cid],
        ).fetchall()
        times = {at for _, at, _, _ in have}
        fresh = [x for x in rec.reviews if x[1] not in times]
        if not fresh:
            return
        union = sorted([(a, b, c) for a, b, c, _ in have] + fresh, key=lambda x: x[1])
        created = min(have[0][3], union[0][1]) if have else union[0][1]
        memories = self.replayer.run(cid, from_iso(created), union)
        before = {at: m for (_, at, _), m in zip(union, memories, strict=False)}
        self.reviews.extend((cid, a, at, d, snapshot(before[at])) for a, at, d in fresh)
        stored = rec.stored if len(union) == len(rec.reviews) else None
        self._update(final_memory(cid, stored, memories))
        self.merged += 1

    def _update(self, m: Memory) -> None:
        self.db.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
            " last_review = ?, reps = ?, lapses = ?, updated_at = ? WHERE id = ?",
            [m.state, m.step, m.stability, m.difficulty, to_iso(m.due),
             to_iso(m.last_review) if m.last_review else None, m.reps, m.lapses,
             self.stamp, m.card_id],
        )  # fmt: skip

    def write(self) -> None:
        """Insert the new cards and reviews in bulk."""
        self.db.conn.executemany(CARD_INSERT, self.cards)
        self.db.conn.executemany(REVIEW_INSERT, self.reviews)


def import_cards(
    db: Database, cards: list[dict[str, Any]], item_ids: dict[int, int], now: datetime
) -> tuple[int, int, int]:
    """Merge the file's cards; returns cards added, cards merged and reviews added."""
    job = CardImport(db, now)
    for n, card in enumerate(cards):
        rec = parse_card(card, f"cards[{n}]", item_ids)
        existing = job.existing.get(rec.key)
        if existing is None:
            job.add(rec)
        elif existing not in job.pending:  # a repeat within the file is ignored
            job.merge(existing, rec)
    job.write()
    return len(job.cards), job.merged, len(job.reviews)
