"""The mentor loop in the JSON export (schema version 2) and back: questions, meetings (the
brief in hand and those held) and their advice, each under its own top-level key.

`"questions": [{"id", "text", "item_id", "card_id", "highlight_id", "status", "answer",
"answer_card_id", "top_rank", "created_at", "closed_at"}]`,
`"meetings": [{"id", "held_on", "ask", "model", "markdown", "created_at", "updated_at"}]`,
`"advice": [{"id", "meeting_id", "text", "status", "due", "follow_ups", "created_at",
"closed_at"}]`. Ids are references inside the file: a question's reading, cards and
highlight, a piece of advice's meeting. Importing matches a question by its reading and
words, a held meeting by its day, ask and paragraph, a piece of advice by its meeting and
words: nothing is duplicated. What the home has wins, except that something open here that
the file closed (answered, dropped, done) is closed here too. Plans and days off are in
`plans_io`. Version-1 files have none of these, and import the same as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from curriculum.clock import to_iso
from curriculum.exchange import records as r
from curriculum.exchange.card_import import IdPool
from curriculum.progress import advice, meetings, questions
from curriculum.store import Database
from curriculum.text import strip_controls

QUESTION_KEYS = ("id", "text", "item_id", "card_id", "highlight_id", "status", "answer",
                 "answer_card_id", "top_rank", "created_at", "closed_at")  # fmt: skip
MEETING_KEYS = ("id", "held_on", "ask", "model", "markdown", "created_at", "updated_at")
ADVICE_KEYS = ("id", "meeting_id", "text", "status", "due", "follow_ups", "created_at",
               "closed_at")  # fmt: skip
MAX_MARKDOWN = r.MAX_SUMMARY  # a held meeting's brief, as it stood
MAX_FOLLOW_UPS = 10_000


def _rows(db: Database, sql: str, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    return [dict(zip(keys, row, strict=True)) for row in db.execute(sql)]


def export_questions(db: Database) -> list[dict[str, Any]]:
    """Every question (a link to a highlight since deleted is left out)."""
    return _rows(
        db,
        "SELECT q.id, q.text, q.item_id, q.card_id, h.id, q.status, q.answer,"
        " q.answer_card_id, q.top_rank, q.created_at, q.closed_at FROM questions q"
        " LEFT JOIN highlights h ON h.id = q.highlight_id ORDER BY q.id",
        QUESTION_KEYS,
    )


def export_meetings(db: Database) -> list[dict[str, Any]]:
    """Every meeting held, and the one being prepared (no `held_on`)."""
    return _rows(db, f"SELECT {', '.join(MEETING_KEYS)} FROM meetings ORDER BY id", MEETING_KEYS)


def export_advice(db: Database) -> list[dict[str, Any]]:
    """Every piece of advice with where it stands."""
    return _rows(db, f"SELECT {', '.join(ADVICE_KEYS)} FROM advice ORDER BY id", ADVICE_KEYS)


@dataclass
class References:
    """The file's ids → this home's, for what the mentor loop's records point at."""

    items: dict[int, int]
    cards: dict[int, int] = field(default_factory=dict)
    highlights: dict[int, int] = field(default_factory=dict)
    meetings: dict[int, int] = field(default_factory=dict)

    def find(self, record: dict[str, Any], key: str, where: str, section: str) -> int | None:
        """The home's id for a reference of the file (None when the record has none)."""
        value = r.identifier(record, key, where)
        if value is None:
            return None
        known = getattr(self, section)
        if value not in known:
            what = {"items": "a reading", "cards": "a card", "highlights": "a highlight",
                    "meetings": "a meeting"}[section]  # fmt: skip
            raise r.fail(where, f"has a '{key}' that names {what} not in the file's '{section}'")
        return int(known[value])


def _closed_at(record: dict[str, Any], where: str, is_open: bool) -> str | None:
    closed = r.stamp(record, "closed_at", where)
    return None if is_open else closed


def _words(record: dict[str, Any], key: str, where: str, limit: int) -> str:
    """A multi-line text field, required, at most `limit` characters."""
    value = r.body(record, key, where, limit)
    if not value:
        raise r.fail(where, f"has no '{key}'")
    return value


def _question(
    record: dict[str, Any], where: str, refs: References, stamp: str
) -> tuple[int | None, dict[str, Any]]:
    """(the file's id, the row to store) of one question, checked."""
    status = r.choice(record, "status", where, questions.STATUSES) or "open"
    rank = r.integer(record, "top_rank", where, None, 1, questions.TOP)
    if rank is not None and status != "open":
        raise r.fail(where, "has a 'top_rank' but is not open")
    answer = r.body(record, "answer", where, questions.MAX_ANSWER)
    answer_card = refs.find(record, "answer_card_id", where, "cards")
    answered = status == "answered"
    return r.identifier(record, "id", where), {
        "text": _words(record, "text", where, questions.MAX_QUESTION),
        "item_id": refs.find(record, "item_id", where, "items"),
        "card_id": refs.find(record, "card_id", where, "cards"),
        "highlight_id": refs.find(record, "highlight_id", where, "highlights"),
        "status": status,
        "answer": answer if answered and answer else None,
        "answer_card_id": answer_card if answered else None,
        "top_rank": rank,
        "created_at": r.stamp(record, "created_at", where) or stamp,
        "closed_at": _closed_at(record, where, status == "open"),
    }


def _check_ranks(found: list[tuple[int | None, dict[str, Any]]]) -> None:
    seen: set[int] = set()
    for n, (_, question) in enumerate(found):
        rank = question["top_rank"]
        if rank in seen:
            raise r.fail(f"questions[{n}]", f"has a 'top_rank' of {rank}, as another question has")
        if rank is not None:
            seen.add(rank)


def insert_row(db: Database, table: str, row: dict[str, Any]) -> int:
    """Insert one row given as column → value; returns its id."""
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


def _close_question(db: Database, home_id: int, q: dict[str, Any]) -> None:
    db.execute(
        "UPDATE questions SET status = ?, answer = ?, answer_card_id = ?, top_rank = NULL,"
        " closed_at = ? WHERE id = ? AND status = 'open'",
        [q["status"], q["answer"], q["answer_card_id"], q["closed_at"], home_id],
    )


def _take_picks(db: Database, picks: list[tuple[int, int]]) -> None:
    """The file's top questions become the home's (when the home has picked none)."""
    rank = 0
    for _, home_id in sorted(picks):
        if (
            db.execute("SELECT status FROM questions WHERE id = ?", [home_id]).fetchone()[0]
            == "open"
        ):
            rank += 1
            db.execute("UPDATE questions SET top_rank = ? WHERE id = ?", [rank, home_id])


def import_questions(db: Database, document: dict[str, Any], refs: References, stamp: str) -> int:
    """Merge the file's questions (inside the import's transaction); returns how many were
    added."""
    found = [
        _question(record, f"questions[{n}]", refs, stamp)
        for n, record in enumerate(r.records(document, "questions"))
    ]
    _check_ranks(found)
    ids = IdPool(db, "questions")
    known = {(item, text): qid for qid, item, text in db.execute(
        "SELECT id, item_id, text FROM questions"
    )}  # fmt: skip
    had_picks = db.execute("SELECT 1 FROM questions WHERE top_rank IS NOT NULL").fetchone()
    added, picks = 0, []
    for file_id, q in found:
        home_id = known.get((q["item_id"], q["text"]))
        if home_id is None:
            row = {**q, "id": ids.take(file_id), "top_rank": None}
            home_id = known[(q["item_id"], q["text"])] = insert_row(db, "questions", row)
            added += 1
        elif q["status"] != "open":
            _close_question(db, home_id, q)
        if q["top_rank"] is not None:
            picks.append((q["top_rank"], home_id))
    if had_picks:
        questions.renumber_top(db)
    else:
        _take_picks(db, picks)
    return added


def _markdown(record: dict[str, Any], where: str) -> str | None:
    """A held meeting's brief as it stood (controls removed, kept to the character)."""
    value = record.get("markdown")
    if value is None:
        return None
    if not isinstance(value, str):
        raise r.fail(where, "has a 'markdown' that is not text")
    cleaned = strip_controls(value)
    if len(cleaned) > MAX_MARKDOWN:
        raise r.fail(where, f"has a 'markdown' longer than {MAX_MARKDOWN:,} characters")
    return cleaned


def _meeting(record: dict[str, Any], where: str, stamp: str) -> dict[str, Any]:
    ask = meetings.paragraph(r.body(record, "ask", where, meetings.MAX_ASK))
    model = meetings.paragraph(r.body(record, "model", where, meetings.MAX_MODEL))
    markdown = _markdown(record, where)
    created = r.stamp(record, "created_at", where) or stamp
    return {
        "held_on": r.day(record, "held_on", where),
        "ask": ask,
        "model": model,
        "markdown": markdown,
        "created_at": created,
        "updated_at": r.stamp(record, "updated_at", where) or created,
    }


def _meeting_rows(document: dict[str, Any], stamp: str) -> list[tuple[int | None, dict[str, Any]]]:
    """The file's meetings, checked: at most one is in preparation."""
    rows, drafts = [], 0
    for n, record in enumerate(r.records(document, "meetings")):
        where = f"meetings[{n}]"
        meeting = _meeting(record, where, stamp)
        drafts += meeting["held_on"] is None
        if drafts > 1:
            raise r.fail(where, "is a second meeting in preparation (one without 'held_on')")
        rows.append((r.identifier(record, "id", where), meeting))
    return rows


def _merge_draft(
    db: Database, meeting: dict[str, Any], ids: IdPool, file_id: int | None
) -> tuple[int, bool]:
    """The file's brief in preparation: kept unless the home has written one of its own;
    returns its id here and whether it was added."""
    row = db.execute("SELECT id, ask, model FROM meetings WHERE held_on IS NULL").fetchone()
    if row is None:
        return insert_row(db, "meetings", {**meeting, "id": ids.take(file_id)}), True
    if not row[1] and not row[2]:
        db.execute(
            "UPDATE meetings SET ask = ?, model = ?, updated_at = ? WHERE id = ?",
            [meeting["ask"], meeting["model"], meeting["updated_at"], row[0]],
        )
    return int(row[0]), False


def import_meetings(db: Database, document: dict[str, Any], refs: References, stamp: str) -> int:
    """Merge the file's meetings, filling `refs.meetings`; returns how many were added."""
    ids = IdPool(db, "meetings")
    known = {(held, ask, model): mid for mid, held, ask, model in db.execute(
        "SELECT id, held_on, ask, model FROM meetings WHERE held_on IS NOT NULL"
    )}  # fmt: skip
    added = 0
    for file_id, m in _meeting_rows(document, stamp):
        if m["held_on"] is None:
            home_id, new = _merge_draft(db, m, ids, file_id)
            added += new
        else:
            key = (m["held_on"], m["ask"], m["model"])
            home_id = known.get(key) or 0
            if not home_id:
                home_id = known[key] = insert_row(db, "meetings", {**m, "id": ids.take(file_id)})
                added += 1
        if file_id is not None:
            refs.meetings[file_id] = home_id
    return added


def _advice(record: dict[str, Any], where: str, refs: References, now: datetime) -> dict[str, Any]:
    status = r.choice(record, "status", where, advice.STATUSES) or "open"
    text = r.text(record, "text", where, required=True, limit=advice.MAX_TEXT)
    return {
        "meeting_id": refs.find(record, "meeting_id", where, "meetings"),
        "text": text,
        "status": status,
        "due": r.day(record, "due", where) or now.date().isoformat(),
        "follow_ups": r.integer(record, "follow_ups", where, 0, 0, MAX_FOLLOW_UPS),
        "created_at": r.stamp(record, "created_at", where) or to_iso(now),
        "closed_at": _closed_at(record, where, status == "open"),
    }


def import_advice(db: Database, document: dict[str, Any], refs: References, now: datetime) -> int:
    """Merge the file's advice (after its meetings); returns how many pieces were added."""
    records = r.records(document, "advice")
    found = [_advice(record, f"advice[{n}]", refs, now) for n, record in enumerate(records)]
    ids = IdPool(db, "advice")
    known = {(meeting, text): aid for aid, meeting, text in db.execute(
        "SELECT id, meeting_id, text FROM advice"
    )}  # fmt: skip
    added = 0
    for n, (record, a) in enumerate(zip(records, found, strict=True)):
        key = (a["meeting_id"], a["text"])
        if key not in known:
            file_id = r.identifier(record, "id", f"advice[{n}]")
            known[key] = insert_row(db, "advice", {**a, "id": ids.take(file_id)})
            added += 1
        elif a["status"] != "open":
            db.execute(
                "UPDATE advice SET status = ?, closed_at = ? WHERE id = ? AND status = 'open'",
                [a["status"], a["closed_at"], known[key]],
            )
    return added
