"""Mentor meetings: the one being prepared (its ask and paragraph) and those held."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from curriculum.clock import to_iso
from curriculum.errors import CurriculumError
from curriculum.store import Database, transaction
from curriculum.text import strip_controls

MODEL_WORDS = 120  # the paragraph's aim; the count turns amber above it
MAX_ASK = 1000
MAX_MODEL = 5000  # characters


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces."""
    return len(text.split())


def paragraph(text: str) -> str:
    """The reader's paragraph as one paragraph: controls out, whitespace collapsed."""
    return " ".join(strip_controls(text).split())


@dataclass(frozen=True)
class Meeting:
    """A meeting: the one being prepared (`held_on` None) or one that took place."""

    id: int | None
    held_on: date | None
    ask: str
    model: str
    markdown: str | None


def _meeting(row: Any) -> Meeting:
    mid, held_on, ask, model, markdown = row
    return Meeting(mid, None if held_on is None else date.fromisoformat(held_on), ask, model,
                   markdown)  # fmt: skip


MEETING_FIELDS = "id, held_on, ask, model, markdown"


def draft(db: Database) -> Meeting:
    """The meeting being prepared (empty when nothing was written yet)."""
    row = db.execute(f"SELECT {MEETING_FIELDS} FROM meetings WHERE held_on IS NULL").fetchone()
    return Meeting(None, None, "", "", None) if row is None else _meeting(row)


def last_meeting(db: Database) -> Meeting | None:
    """The most recent meeting that took place."""
    row = db.execute(
        f"SELECT {MEETING_FIELDS} FROM meetings WHERE held_on IS NOT NULL"
        " ORDER BY held_on DESC, id DESC"
    ).fetchone()
    return None if row is None else _meeting(row)


def draft_id(db: Database, now: datetime) -> int:
    """The prepared meeting's id, creating its row; call inside a transaction."""
    found = db.execute("SELECT id FROM meetings WHERE held_on IS NULL").fetchone()
    if found is not None:
        return int(found[0])
    cursor = db.execute(
        "INSERT INTO meetings (created_at, updated_at) VALUES (?, ?)", [to_iso(now), to_iso(now)]
    )
    return int(cursor.lastrowid or 0)


def save(db: Database, now: datetime, ask: str | None = None, model: str | None = None) -> Meeting:
    """Keep the ask and/or the paragraph of the brief being prepared."""
    changes: dict[str, str] = {}
    if ask is not None:
        changes["ask"] = paragraph(ask)
        if len(changes["ask"]) > MAX_ASK:
            raise CurriculumError(f"The ask is at most {MAX_ASK} characters: one clear request.")
    if model is not None:
        changes["model"] = paragraph(model)
        if len(changes["model"]) > MAX_MODEL:
            raise CurriculumError(
                f"The paragraph is at most {MAX_MODEL:,} characters (aim for {MODEL_WORDS} words)."
            )
    with transaction(db):
        meeting_id = draft_id(db, now)
        for column, value in changes.items():
            db.execute(f"UPDATE meetings SET {column} = ? WHERE id = ?", [value, meeting_id])
        db.execute("UPDATE meetings SET updated_at = ? WHERE id = ?", [to_iso(now), meeting_id])
    return draft(db)
