"""Questions jotted while reading or reviewing: what confused me, what I would ask a mentor.

A question is linked to the reading (and the card, and the highlight) it was asked from,
when there is one. It stays open until it is answered (the answer can become a recall
card) or dropped. Up to three open questions are picked as the top three for the brief.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from curriculum.clock import to_iso
from curriculum.errors import ConfigError, CurriculumError, NotFoundError
from curriculum.store import Database, transaction
from curriculum.text import clean_line, strip_controls

MAX_QUESTION = 2000
MAX_ANSWER = 10_000  # a card side's limit, as an answer can become a card
TOP = 3
STATUSES = ("open", "answered", "dropped")

SELECT = """
SELECT q.id, q.text, q.item_id, i.title, q.card_id, q.highlight_id, q.status, q.answer,
       q.answer_card_id, q.top_rank, q.created_at, q.closed_at
FROM questions q LEFT JOIN items i ON i.id = q.item_id
"""
ORDER = "q.top_rank IS NULL, q.top_rank, q.created_at DESC, q.id DESC"


@dataclass(frozen=True)
class Question:
    """One question and where it came from."""

    id: int
    text: str
    item_id: int | None
    item_title: str | None
    card_id: int | None
    highlight_id: int | None
    status: str
    answer: str | None
    answer_card_id: int | None
    top_rank: int | None
    created_at: str
    closed_at: str | None

    def as_json(self) -> dict[str, object]:
        """The `questions --json` shape."""
        return {
            "id": self.id,
            "text": self.text,
            "item_id": self.item_id,
            "item_title": self.item_title,
            "card_id": self.card_id,
            "highlight_id": self.highlight_id,
            "status": self.status,
            "answer": self.answer,
            "answer_card_id": self.answer_card_id,
            "top": self.top_rank,
            "created_at": self.created_at,
            "closed_at": self.closed_at,
        }


def _row(row: Any) -> Question:
    (qid, text, item_id, title, card_id, highlight_id, status, answer, answer_card,
     rank, created, closed) = row  # fmt: skip
    return Question(
        qid, text, item_id, clean_line(title) if title is not None else None, card_id,
        highlight_id, status, answer, answer_card, rank, created, closed,
    )  # fmt: skip


def _clean(text: str, limit: int, what: str) -> str:
    cleaned = strip_controls(text).strip()
    if len(cleaned) > limit:
        raise CurriculumError(
            f"{what} is at most {limit:,} characters (this one has {len(cleaned):,})."
        )
    return cleaned


def _exists(db: Database, table: str, row_id: int, sentence: str) -> None:
    if not db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone():
        raise NotFoundError(sentence)


def _highlight_item(db: Database, highlight_id: int) -> int | None:
    """The reading of a highlight."""
    row = db.execute("SELECT item_id FROM highlights WHERE id = ?", [highlight_id]).fetchone()
    if row is None:
        raise NotFoundError(f"There is no highlight {highlight_id}.")
    return None if row[0] is None else int(row[0])


def add_question(
    db: Database,
    text: str,
    now: datetime,
    item_id: int | None = None,
    card_id: int | None = None,
    highlight_id: int | None = None,
) -> Question:
    """Jot a question, linked to a reading, a card or a highlight (the card's or highlight's
    reading is linked too)."""
    cleaned = _clean(text, MAX_QUESTION, "A question")
    if not cleaned:
        raise CurriculumError("A question needs some words; write what you would ask.")
    with transaction(db):
        if card_id is not None:
            from curriculum import cards  # fsrs: loaded when a card is involved

            card = cards.get_card(db, card_id)
            item_id = item_id if item_id is not None else card.item_id
        if highlight_id is not None:
            owner = _highlight_item(db, highlight_id)
            item_id = item_id if item_id is not None else owner
        if item_id is not None:
            _exists(db, "items", item_id, f"There is no reading with id {item_id}.")
        cursor = db.execute(
            "INSERT INTO questions (text, item_id, card_id, highlight_id, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [cleaned, item_id, card_id, highlight_id, to_iso(now)],
        )
    return get_question(db, int(cursor.lastrowid or 0))


def get_question(db: Database, question_id: int) -> Question:
    """One question, or NotFoundError."""
    row = db.execute(SELECT + " WHERE q.id = ?", [question_id]).fetchone()
    if row is None:
        raise NotFoundError(
            f"There is no question {question_id}; `curriculum questions --all` lists them."
        )
    return _row(row)


def list_questions(db: Database, include_closed: bool = False) -> list[Question]:
    """Open questions (the top three first, then newest first); with `include_closed`, the
    answered and dropped ones after them."""
    if include_closed:
        rows = db.execute(f"{SELECT} ORDER BY q.status != 'open', {ORDER}").fetchall()
    else:
        rows = db.execute(f"{SELECT} WHERE q.status = 'open' ORDER BY {ORDER}").fetchall()
    return [_row(row) for row in rows]


def open_count(db: Database) -> int:
    """How many questions are open."""
    return int(db.execute("SELECT COUNT(*) FROM questions WHERE status = 'open'").fetchone()[0])


def _open(db: Database, question_id: int) -> Question:
    question = get_question(db, question_id)
    if question.status != "open":
        raise CurriculumError(f"Question {question_id} is already {question.status}.")
    return question


def _close(db: Database, question_id: int, status: str, now: datetime) -> None:
    db.execute(
        "UPDATE questions SET status = ?, top_rank = NULL, closed_at = ? WHERE id = ?",
        [status, to_iso(now), question_id],
    )
    renumber_top(db)


def answer_question(
    db: Database, question_id: int, answer: str | None, now: datetime, make_card: bool = False
) -> Question:
    """Mark a question answered, keeping the answer; with `make_card`, the question and its
    answer become a recall card on the question's reading. One transaction."""
    text = _clean(answer or "", MAX_ANSWER, "An answer")
    if make_card and not text:
        raise CurriculumError("A card needs the answer: give the answer's text too.")
    with transaction(db):
        question = _open(db, question_id)
        card_id = None
        if make_card:
            from curriculum import cards

            made = cards.add_cards(db, question.item_id, question.text, text, [], now)
            card_id = made[0].id
        _close(db, question_id, "answered", now)
        db.execute(
            "UPDATE questions SET answer = ?, answer_card_id = ? WHERE id = ?",
            [text or None, card_id, question_id],
        )
    return get_question(db, question_id)


def drop_question(db: Database, question_id: int, now: datetime) -> Question:
    """Drop a question that no longer matters."""
    with transaction(db):
        _open(db, question_id)
        _close(db, question_id, "dropped", now)
    return get_question(db, question_id)


def renumber_top(db: Database) -> None:
    """Close the gaps in the top three's ranks, keeping their order."""
    picked = [r[0] for r in db.execute(
        "SELECT id FROM questions WHERE top_rank IS NOT NULL ORDER BY top_rank"
    )]  # fmt: skip
    db.execute("UPDATE questions SET top_rank = NULL WHERE top_rank IS NOT NULL")
    for rank, qid in enumerate(picked, start=1):
        db.execute("UPDATE questions SET top_rank = ? WHERE id = ?", [rank, qid])


def pick_top(db: Database, question_ids: list[int]) -> list[Question]:
    """Make these open questions (at most three, in order) the brief's top three."""
    if len(question_ids) > TOP:
        raise ConfigError(f"Pick at most {TOP} questions for the brief.")
    if len(set(question_ids)) != len(question_ids):
        raise ConfigError("Each question can be picked once.")
    with transaction(db):
        for qid in question_ids:
            _open(db, qid)
        db.execute("UPDATE questions SET top_rank = NULL WHERE top_rank IS NOT NULL")
        for rank, qid in enumerate(question_ids, start=1):
            db.execute("UPDATE questions SET top_rank = ? WHERE id = ?", [rank, qid])
    return top_questions(db)


def toggle_top(db: Database, question_id: int) -> Question:
    """Pick an open question for the top three (as the last of them), or unpick it."""
    with transaction(db):
        question = _open(db, question_id)
        if question.top_rank is not None:
            db.execute("UPDATE questions SET top_rank = NULL WHERE id = ?", [question_id])
            renumber_top(db)
        else:
            picked = len(top_questions(db))
            if picked >= TOP:
                raise ConfigError(
                    f"The top {TOP} are picked already; unpick one first (space on it)."
                )
            db.execute("UPDATE questions SET top_rank = ? WHERE id = ?", [picked + 1, question_id])
    return get_question(db, question_id)


def top_questions(db: Database) -> list[Question]:
    """The questions picked for the brief, in order."""
    rows = db.execute(SELECT + " WHERE q.top_rank IS NOT NULL ORDER BY q.top_rank").fetchall()
    return [_row(row) for row in rows]
