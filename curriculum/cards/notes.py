"""Notes, as Anki models them: what the user wrote (text, extra, tags, source reading).

A question/answer note has one card; a cloze note has one card per cloze number. Editing a
note updates every sibling card's text and tags and keeps each card's schedule; a cloze
number added by the edit adds a card; one removed deletes its card (with its history) only
when the caller says the user agreed (`delete_removed`), else `RemovesCards` says which.
Each function is one transaction.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from curriculum import store
from curriculum.cards import cloze
from curriculum.cards.repo import CardRow, cards_where, get_card
from curriculum.clock import to_iso
from curriculum.errors import CurriculumError, NotFoundError
from curriculum.store import Database
from curriculum.text import strip_controls

MAX_CARD_CHARS = 10_000  # per side; a recall prompt is a sentence or a paragraph
NOTE_COLUMNS = "id, guid, item_id, kind, front, back, tags, created_at, updated_at"


@dataclass(frozen=True)
class NoteRow:
    """A note as stored."""

    id: int
    guid: str
    item_id: int | None
    kind: str
    front: str
    back: str
    tags: list[str]
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class NoteEdit:
    """What one edit did to a note's cards."""

    note: NoteRow
    updated: list[int]
    added: list[CardRow]
    deleted: list[int]


class RemovesCards(CurriculumError):
    """An edit that would delete cards: the caller asks the user, then edits again."""

    def __init__(self, removed: list[CardRow]) -> None:
        self.removed = removed
        super().__init__(describe_removal(removed), title="Delete cards?")


def describe_removal(removed: list[CardRow]) -> str:
    """One sentence naming the cards an edit would delete."""
    parts = [
        f"card {c.id} (cloze {c.cloze_index}, {c.memory.reps} review"
        f"{'' if c.memory.reps == 1 else 's'})"
        for c in removed
    ]
    return (
        f"This edit removes {'a cloze' if len(parts) == 1 else 'clozes'}, so "
        f"{' and '.join(parts)} would be deleted with {'its' if len(parts) == 1 else 'their'}"
        " history."
    )


def new_guid() -> str:
    """A fresh note GUID (random, 64 bits, as Anki's)."""
    return secrets.token_hex(8)


def _row(row: tuple[Any, ...]) -> NoteRow:
    nid, guid, item_id, kind, front, back, tags, created, updated = row
    return NoteRow(nid, guid, item_id, kind, front, back, json.loads(tags), created, updated)


def get_note(db: Database, note_id: int) -> NoteRow:
    """One note, or NotFoundError."""
    row = db.execute(f"SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?", [note_id]).fetchone()
    if row is None:
        raise NotFoundError(f"There is no note with id {note_id}; `curriculum cards` lists them.")
    return _row(row)


def notes_where(db: Database, where: str = "1", params: list[Any] | None = None) -> list[NoteRow]:
    """Notes matching a SQL condition, by id."""
    sql = f"SELECT {NOTE_COLUMNS} FROM notes WHERE {where} ORDER BY id"
    return [_row(row) for row in db.execute(sql, params or [])]


def note_of(db: Database, card_id: int) -> NoteRow:
    """The note a card belongs to."""
    card = get_card(db, card_id)
    if card.note_id is None:
        raise NotFoundError(f"Card {card_id} has no note; run `curriculum check`.")
    return get_note(db, card.note_id)


def siblings(db: Database, note_id: int) -> list[CardRow]:
    """A note's cards, by cloze number (a question/answer note has one)."""
    found = cards_where(db, "note_id = ?", [note_id])
    return sorted(found, key=lambda c: (c.cloze_index or 0, c.id))


def clean_tags(tags: list[str]) -> list[str]:
    """Tags without controls or repeated spaces, each once (case-insensitively)."""
    seen: list[str] = []
    for tag in tags:
        name = " ".join(strip_controls(tag).split())
        if name and name.lower() not in {s.lower() for s in seen}:
            seen.append(name)
    return seen


def check_text(front: str, back: str) -> tuple[str, str, list[int]]:
    """Cleaned text and its cloze numbers (none for a question/answer); one sentence if bad."""
    front, back = strip_controls(front).strip(), strip_controls(back).strip()
    longest = max(len(front), len(back))
    if longest > MAX_CARD_CHARS:
        raise CurriculumError(
            f"A card side can hold at most {MAX_CARD_CHARS:,} characters (this one has "
            f"{longest:,}); keep the key idea short and link the reading for the rest."
        )
    if not front:
        raise CurriculumError("A card needs a question (front); write one and save again.")
    if cloze.is_cloze(front):
        return front, back, cloze.check(front)
    if not back:
        raise CurriculumError(
            "A card needs an answer (back), or cloze text such as {{c1::…}} in the question."
        )
    return front, back, []


def _item_exists(db: Database, item_id: int | None) -> None:
    if (
        item_id is not None
        and not db.execute("SELECT 1 FROM items WHERE id = ?", [item_id]).fetchone()
    ):
        raise NotFoundError(
            f"There is no reading with id {item_id}; `curriculum items` lists them."
        )


def _insert_card(
    db: Database, note: NoteRow, index: int | None, stamp: str, highlight_id: int | None = None
) -> int:
    """One card of a note; without `highlight_id` it keeps its siblings' highlight, if any."""
    cursor = db.execute(
        "INSERT INTO cards (note_id, item_id, kind, front, back, cloze_index, tags, state, step,"
        " due, created_at, updated_at, highlight_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'new', 0, ?, ?, ?, COALESCE(?, (SELECT highlight_id"
        " FROM cards WHERE note_id = ? AND highlight_id IS NOT NULL LIMIT 1)))",
        [note.id, note.item_id, note.kind, note.front, note.back, index,
         json.dumps(note.tags), stamp, stamp, stamp, highlight_id, note.id],
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


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


def insert_note(
    db: Database,
    item_id: int | None,
    kind: str,
    text: tuple[str, str, list[str]],
    stamps: tuple[str, str],
    guid: str | None = None,
) -> NoteRow:
    """Store a note row (no cards); inside the caller's transaction."""
    front, back, tags = text
    cursor = db.execute(
        "INSERT INTO notes (guid, item_id, kind, front, back, tags, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [guid or new_guid(), item_id, kind, front, back, json.dumps(tags), *stamps],
    )
    return get_note(db, int(cursor.lastrowid or 0))


def add_cards(
    db: Database,
    item_id: int | None,
    front: str,
    back: str,
    tags: list[str],
    now: datetime,
    highlight_id: int | None = None,
) -> list[CardRow]:
    """Add a note: a question/answer card, or one card per cloze number; one transaction.
    With `highlight_id`, each card keeps a link to the highlight it was written from."""
    front, back, numbers = check_text(front, back)
    stamp = to_iso(now)
    with store.transaction(db):
        _item_exists(db, item_id)
        _highlight_of(db, highlight_id, item_id)
        kind = "cloze" if numbers else "basic"
        note = insert_note(db, item_id, kind, (front, back, clean_tags(tags)), (stamp, stamp))
        ids = [_insert_card(db, note, i, stamp, highlight_id) for i in (numbers or [None])]
    return [get_card(db, card_id) for card_id in ids]


def _check_kind(note: NoteRow, numbers: list[int]) -> None:
    if note.kind == "basic" and numbers:
        raise CurriculumError(
            "This is a question/answer card; write cloze text as a new card (Key ideas, or "
            "`curriculum card add`) rather than turning this one into a cloze."
        )
    if note.kind == "cloze" and not numbers:
        raise CurriculumError(
            "A cloze card's text needs at least one cloze such as {{c1::…}}; to drop the "
            "whole note use `curriculum card delete CARD --note`."
        )


def planned_removals(db: Database, note_id: int, front: str) -> list[CardRow]:
    """The cards an edit to `front` would delete (cloze numbers no longer in the text)."""
    note = get_note(db, note_id)
    if note.kind != "cloze":
        return []
    keep = set(cloze.cloze_indices(front))
    return [c for c in siblings(db, note_id) if c.cloze_index not in keep]


def edit_note(
    db: Database,
    note_id: int,
    front: str,
    back: str,
    tags: list[str] | None,
    now: datetime,
    delete_removed: bool = False,
) -> NoteEdit:
    """Change a note's text (and tags) on every card; schedules and histories are kept."""
    front, back, numbers = check_text(front, back)
    stamp = to_iso(now)
    with store.transaction(db):
        note = get_note(db, note_id)
        _check_kind(note, numbers)
        cards = siblings(db, note_id)
        removed = [c for c in cards if note.kind == "cloze" and c.cloze_index not in numbers]
        if removed and not delete_removed:
            raise RemovesCards(removed)
        names = clean_tags(tags if tags is not None else note.tags)
        db.execute(
            "UPDATE notes SET front = ?, back = ?, tags = ?, updated_at = ? WHERE id = ?",
            [front, back, json.dumps(names), stamp, note_id],
        )
        db.execute(
            "UPDATE cards SET front = ?, back = ?, tags = ?, updated_at = ? WHERE note_id = ?",
            [front, back, json.dumps(names), stamp, note_id],
        )
        note = get_note(db, note_id)
        have = {c.cloze_index for c in cards}
        added = [_insert_card(db, note, n, stamp) for n in numbers if n not in have]
        for card in removed:  # after the inserts, so no new card takes a deleted one's id
            db.execute("DELETE FROM cards WHERE id = ?", [card.id])
    gone = {c.id for c in removed}
    return NoteEdit(
        note,
        [c.id for c in cards if c.id not in gone],
        [get_card(db, i) for i in added],
        sorted(gone),
    )


def edit_card(
    db: Database,
    card_id: int,
    front: str,
    back: str,
    tags: list[str] | None,
    now: datetime,
    delete_removed: bool = False,
) -> NoteEdit:
    """Edit the note of a card (its siblings change with it)."""
    return edit_note(db, note_of(db, card_id).id, front, back, tags, now, delete_removed)


def delete_card(db: Database, card_id: int, whole_note: bool = False) -> list[int]:
    """Delete a card (or with `whole_note`, its note and every sibling) with its history.

    A cloze card with siblings is deleted by removing its cloze from the text (an edit), so
    that the text and the cards keep agreeing; deleting it alone is refused.
    """
    with store.transaction(db):
        card = get_card(db, card_id)
        others = [c for c in siblings(db, card.note_id or 0) if c.id != card_id]
        if others and not whole_note:
            raise CurriculumError(
                f"Card {card_id} is cloze {card.cloze_index} of a note with {len(others) + 1} "
                f"cards: remove {{{{c{card.cloze_index}::…}}}} from its text with `curriculum "
                f"card edit {card_id} --front …`, or delete the whole note with `curriculum "
                f"card delete {card_id} --note`."
            )
        deleted = [card_id, *(c.id for c in others)]
        db.execute("DELETE FROM cards WHERE id IN (SELECT value FROM json_each(?))", [
            json.dumps(deleted)
        ])  # fmt: skip
        if card.note_id is not None:
            db.execute("DELETE FROM notes WHERE id = ?", [card.note_id])
    return deleted


def set_note_tags(db: Database, note_id: int, tags: list[str], stamp: str) -> None:
    """Replace a note's tags on the note and its cards (inside the caller's transaction)."""
    text = json.dumps(tags)
    db.execute("UPDATE notes SET tags = ?, updated_at = ? WHERE id = ?", [text, stamp, note_id])
    db.execute("UPDATE cards SET tags = ? WHERE note_id = ?", [text, note_id])
