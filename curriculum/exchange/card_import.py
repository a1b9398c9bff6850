"""Cards, notes and review logs of a JSON import: checks, identity, state, bulk inserts.

Every card is checked before anything is written (see `card_records`): its text and cloze
numbers, its scheduling state (a review card needs a positive, finite stability; a state
may not contradict the card's own reviews), and each review. Identity: a card of a note
this home has (same GUID) and cloze number, else the same text on the same reading and
cloze number, is the same card; its reviews are merged by time. A new card keeps the file's
state when given, else gets it by replaying its reviews, each with the scheduler that rated
it (version 2) or this home's (version 1); every review records that scheduler's key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from fsrs import Scheduler

from curriculum.cards.repo import write_memories
from curriculum.cards.scheduling import Memory, new_memory, replay
from curriculum.clock import from_iso, to_iso
from curriculum.exchange import json_v2
from curriculum.exchange.card_records import CardRecord, Review, card_records
from curriculum.store import Database

CARD_INSERT = (
    "INSERT INTO cards (id, item_id, kind, front, back, cloze_index, tags, state, step,"
    " stability, difficulty, due, last_review, reps, lapses, suspended, leech, created_at,"
    " updated_at, note_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
NOTE_INSERT = (
    "INSERT INTO notes (id, guid, item_id, kind, front, back, tags, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
REVIEW_INSERT = (
    "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, state_before)"
    " VALUES (?, ?, ?, ?, ?)"
)


def snapshot(memory: Memory, scheduler: str) -> str:
    """A review's `state_before`, in the shape the cards module records."""
    extras = {"suspended": False, "buried_until": None, "leech": False, "scheduler": scheduler}
    return json.dumps(memory.as_json() | extras)


def states_before(reviews: list[Review], learning: int, relearning: int) -> list[str]:
    """The FSRS state before each review, by the state machine alone (no memory arithmetic).

    Used for cards whose file carries their state, so a large import needs no full replay.
    """
    state, step, result = "new", 0, []
    for rating, *_ in reviews:
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
    """Replays review logs, each review with the scheduler that rated it."""

    def __init__(self, db: Database, default: str) -> None:
        self.schedulers = json_v2.known_schedulers(db)
        self.default = default
        scheduler = self.schedulers[default]
        self.learning = len(scheduler.learning_steps)
        self.relearning = len(scheduler.relearning_steps)
        self._light: dict[tuple[str, str], str] = {}

    def scheduler(self, key: str) -> Scheduler:
        """The scheduler recorded under `key` (this home's when unknown)."""
        return self.schedulers.get(key) or self.schedulers[self.default]

    def light(self, state: str, key: str) -> str:
        """A `state_before` with the state and scheduler only (cached: few distinct values)."""
        if (state, key) not in self._light:
            self._light[(state, key)] = json.dumps({"state": state, "scheduler": key})
        return self._light[(state, key)]

    def run(self, card_id: int, created: datetime, reviews: Iterable[Review]) -> list[Memory]:
        """The memory before the first review, then after each review."""
        ordered = sorted(reviews, key=lambda x: x[1])
        pairs = [(rating, from_iso(at)) for rating, at, *_ in ordered]
        by_index = {n: self.scheduler(x[3]) for n, x in enumerate(ordered)}
        states = replay(self.scheduler(self.default), card_id, created, pairs, by_index)
        return [new_memory(card_id, created), *states]


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


class NoteIndex:
    """This home's notes by GUID and (for cloze texts) by reading and text; new ones queued."""

    def __init__(self, db: Database, stamp: str) -> None:
        self.stamp = stamp
        self.ids = IdPool(db, "notes")
        self.by_guid: dict[str, int] = {}
        self.by_text: dict[tuple[int | None, str], int] = {}
        for nid, guid, item, kind, front in db.execute(
            "SELECT id, guid, item_id, kind, front FROM notes"
        ):
            self.by_guid[guid] = nid
            if kind == "cloze":
                self.by_text.setdefault((item, front), nid)
        self.rows: list[tuple[Any, ...]] = []

    def find(self, rec: CardRecord) -> int | None:
        """The note this card belongs to here, if there is one."""
        if rec.note_guid and rec.note_guid in self.by_guid:
            return self.by_guid[rec.note_guid]
        if rec.kind == "cloze":
            return self.by_text.get((rec.item_id, rec.front))
        return None

    def add(self, rec: CardRecord, created: str) -> int:
        """A new note for this card (with the file's GUID when it has one)."""
        from curriculum.cards.notes import new_guid

        nid = self.ids.take(None)
        guid = rec.note_guid if rec.note_guid and rec.note_guid not in self.by_guid else None
        guid = guid or new_guid()
        self.by_guid[guid] = nid
        if rec.kind == "cloze":
            self.by_text.setdefault((rec.item_id, rec.front), nid)
        self.rows.append((nid, guid, rec.item_id, rec.kind, rec.front, rec.back,
                          json.dumps(rec.tags), created, self.stamp))  # fmt: skip
        return nid


class CardImport:
    """The cards part of one import: checks, matches, then writes in bulk."""

    def __init__(self, db: Database, now: datetime, fsrs: json_v2.FsrsImport) -> None:
        self.db = db
        self.now = now
        self.stamp = to_iso(now)
        self.replayer = Replayer(db, fsrs.default)
        self.existing: dict[tuple[Any, ...], int] = {}
        for cid, item, front, index, note in db.execute(
            "SELECT id, item_id, front, cloze_index, note_id FROM cards"
        ):
            self.existing[(item, front, index)] = cid
            self.existing[("note", note, index)] = cid
        self.notes = NoteIndex(db, self.stamp)
        self.ids = IdPool(db, "cards")
        self.cards: list[tuple[Any, ...]] = []
        self.reviews: list[tuple[Any, ...]] = []
        self.merged = 0
        self.pending: set[int] = set()

    def find(self, rec: CardRecord) -> int | None:
        """The card of this home that `rec` is, if any."""
        note = self.notes.find(rec)
        by_note = self.existing.get(("note", note, rec.cloze_index)) if note else None
        return by_note or self.existing.get(rec.key)

    def add(self, rec: CardRecord) -> int:
        """A card new to this home, with its reviews (and its note, when that is new too);
        returns its id."""
        cid = self.ids.take(rec.file_id)
        created = rec.reviews[0][1] if rec.reviews else self.stamp
        note = self.notes.find(rec) or self.notes.add(rec, created)
        self.existing[rec.key] = self.existing[("note", note, rec.cloze_index)] = cid
        self.pending.add(cid)
        if rec.stored is not None:
            memory = final_memory(cid, rec.stored, [new_memory(cid, self.now)])
            states = states_before(rec.reviews, self.replayer.learning, self.replayer.relearning)
            self.reviews.extend(
                (cid, rating, at, duration, self.replayer.light(state, key))
                for (rating, at, duration, key), state in zip(rec.reviews, states, strict=True)
            )
        else:
            memories = self.replayer.run(cid, from_iso(created), rec.reviews)
            memory = memories[-1] if rec.reviews else new_memory(cid, self.now)
            self.reviews.extend(
                (cid, rating, at, duration, snapshot(before, key))
                for (rating, at, duration, key), before in zip(rec.reviews, memories, strict=False)
            )
        self.cards.append(_card_row(cid, rec, memory, (created, self.stamp), note))
        return cid

    def _history(self, cid: int) -> tuple[list[Review], str | None]:
        rows = self.db.execute(
            "SELECT rating, reviewed_at, duration_ms, state_before, created_at FROM review_log"
            " JOIN cards ON cards.id = review_log.card_id WHERE card_id = ? ORDER BY reviewed_at",
            [cid],
        ).fetchall()
        have = [
            (rating, at, duration, json.loads(before).get("scheduler") or self.replayer.default)
            for rating, at, duration, before, _ in rows
        ]
        return have, (rows[0][4] if rows else None)

    def merge(self, cid: int, rec: CardRecord) -> None:
        """A card this home has: add the file's reviews it lacks and bring its state up."""
        have, created_at = self._history(cid)
        times = {x[1] for x in have}
        fresh = [x for x in rec.reviews if x[1] not in times]
        if not fresh:
            return
        union = sorted(have + fresh, key=lambda x: x[1])
        created = min(created_at, union[0][1]) if created_at else union[0][1]
        memories = self.replayer.run(cid, from_iso(created), union)
        before = {x[1]: m for x, m in zip(union, memories, strict=False)}
        self.reviews.extend((cid, a, at, d, snapshot(before[at], k)) for a, at, d, k in fresh)
        stored = rec.stored if len(union) == len(rec.reviews) else None
        write_memories(self.db, [final_memory(cid, stored, memories)], self.stamp)
        self.merged += 1

    def write(self) -> None:
        """Insert the new notes, cards and reviews in bulk."""
        self.db.conn.executemany(NOTE_INSERT, self.notes.rows)
        self.db.conn.executemany(CARD_INSERT, self.cards)
        self.db.conn.executemany(REVIEW_INSERT, self.reviews)


def _card_row(
    cid: int, rec: CardRecord, m: Memory, times: tuple[str, str], note: int
) -> tuple[Any, ...]:
    return (
        cid, rec.item_id, rec.kind, rec.front, rec.back, rec.cloze_index, json.dumps(rec.tags),
        m.state, m.step, m.stability, m.difficulty, to_iso(m.due),
        to_iso(m.last_review) if m.last_review else None, m.reps, m.lapses,
        int(rec.suspended), int(rec.leech), *times, note,
    )  # fmt: skip


def import_cards(
    db: Database,
    cards: list[dict[str, Any]],
    item_ids: dict[int, int],
    now: datetime,
    fsrs: json_v2.FsrsImport,
    card_ids: dict[int, int] | None = None,
) -> tuple[int, int, int]:
    """Merge the file's cards; returns cards added, cards merged and reviews added.
    `card_ids`, when given, receives the file's card id → this home's, for every card."""
    job = CardImport(db, now, fsrs)
    for rec in card_records(cards, item_ids, fsrs):
        existing = job.find(rec)
        if existing is None:
            existing = job.add(rec)
        elif existing not in job.pending:  # a repeat within the file is ignored
            job.merge(existing, rec)
        if card_ids is not None and rec.file_id is not None:
            card_ids[rec.file_id] = existing
    job.write()
    return len(job.cards), job.merged, len(job.reviews)
