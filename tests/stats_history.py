"""A fixed reading and review history for the stats, digest and export tests."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from curriculum.clock import to_iso
from curriculum.store import Database

# Study days are UTC dates in these tests (day starts 00:00, TZ UTC).
READ_DAYS_AGO = [0, 1, 2, 4, 4, 10, 40]  # seven readings; 4 days ago has two


def track_items(db: Database) -> list[int]:
    """The starter track's readings in order."""
    return [i for (i,) in db.execute("SELECT item_id FROM track_items ORDER BY position")]


def read(db: Database, item_id: int, at: datetime, tags: list[str] | None = None) -> None:
    """Mark a reading read at `at`, with a reading-log entry."""
    db.execute(
        "UPDATE items SET status = 'read', read_at = ?, tags = COALESCE(?, tags) WHERE id = ?",
        [to_iso(at), json.dumps(tags) if tags is not None else None, item_id],
    )
    minutes = db.execute("SELECT minutes FROM items WHERE id = ?", [item_id]).fetchone()[0]
    db.execute(
        "INSERT INTO reading_log (item_id, event, at, day, minutes) VALUES (?, 'read', ?, ?, ?)",
        [item_id, to_iso(at), at.date().isoformat(), minutes],
    )


def card(
    db: Database,
    item_id: int | None,
    front: str,
    back: str,
    now: datetime,
    state: str = "new",
    stability: float | None = None,
    last_review: datetime | None = None,
    due: datetime | None = None,
    tags: list[str] | None = None,
    kind: str = "basic",
    cloze_index: int | None = None,
    suspended: bool = False,
) -> int:
    """Insert a card directly, as the cards module stores one."""
    cursor = db.execute(
        "INSERT INTO cards (item_id, kind, front, back, cloze_index, tags, state, step, stability,"
        " difficulty, due, last_review, reps, lapses, suspended, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
        [
            item_id, kind, front, back, cloze_index, json.dumps(tags or []), state,
            None if state == "review" else 0, stability, 5.0 if stability else None,
            to_iso(due or now), to_iso(last_review) if last_review else None,
            1 if last_review else 0, int(suspended), to_iso(now - timedelta(days=30)),
            to_iso(now),
        ],
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def review(db: Database, card_id: int, rating: int, at: datetime, state_before: str) -> None:
    """Insert one review-log row."""
    db.execute(
        "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, state_before)"
        " VALUES (?, ?, ?, ?, ?)",
        [card_id, rating, to_iso(at), 4200, json.dumps({"state": state_before})],
    )


def seed(db: Database, now: datetime) -> dict[str, int]:
    """Readings on fixed days, cards in every state, and reviews with known outcomes."""
    for key, value in [("day.starts", '"00:00"'), ("daily.items", "1"), ("daily.minutes", "0")]:
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [key, value])
    items = track_items(db)
    for item_id, days in zip(items, READ_DAYS_AGO, strict=False):
        read(db, item_id, now - timedelta(days=days, hours=1), ["reward-hacking"])
    db.execute("UPDATE items SET tags = '[\"interpretability\"]' WHERE id = ?", [items[0]])
    ids = {
        "strong": card(
            db, items[0], "What is a feature?", "A direction in activation space", now,
            state="review", stability=100.0, last_review=now - timedelta(days=1),
            due=now + timedelta(days=3), tags=["interpretability"],
        ),
        "weak": card(
            db, items[1], "Define reward hacking", "Exploiting a misspecified reward", now,
            state="review", stability=1.0, last_review=now - timedelta(days=9),
            due=now - timedelta(days=2),
        ),
        "cloze": card(
            db, items[1], "Specification {{c1::gaming}} is {{c2::reward hacking}}", "", now,
            state="learning", kind="cloze", cloze_index=1, due=now + timedelta(days=1, hours=1),
            last_review=now - timedelta(hours=2), stability=0.5,
        ),
        "new": card(db, items[2], "Why does Goodhart bite?", "Proxies diverge", now),
        "suspended": card(db, None, "Orphan", "x", now, state="review", stability=3.0,
                          last_review=now - timedelta(days=1), suspended=True),
    }  # fmt: skip
    # In review state: 3 passes and 1 failure in the last 30 days; an older failure outside.
    for hours, rating in [(24, 3), (48, 4), (50, 2), (72, 1)]:
        review(db, ids["strong"], rating, now - timedelta(hours=hours), "review")
    review(db, ids["weak"], 1, now - timedelta(days=45), "review")
    # Learning-state reviews never count toward true retention.
    review(db, ids["cloze"], 1, now - timedelta(days=1, hours=3), "learning")
    review(db, ids["cloze"], 3, now - timedelta(hours=2), "new")
    return ids
