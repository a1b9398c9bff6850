"""`export --format json`: everything in a home as one JSON document, schema version 2.

Version 2 adds what a restore needs to schedule exactly as before (`json_v2`): the FSRS
parameters, the scheduler of every review, the study day's timezone and start, snooze
dates, each card's note GUID; the readings' `highlights` (`highlight_io`); and the mentor
loop: `questions`, `meetings`, `advice` (`mentor_io`), `plans` and `days_off` (`plans_io`).
Import still reads version 1.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from curriculum.clock import to_iso
from curriculum.exchange import json_v2
from curriculum.store import Database, settings

VERSION = 2


def _list(text: str | None) -> list[str]:
    return json.loads(text) if text else []


def feeds(db: Database) -> list[dict[str, Any]]:
    """Every feed with its tags, priority and keyword filters."""
    rows = db.execute(
        "SELECT id, name, url, site_url, tags, priority, include, exclude FROM feeds ORDER BY id"
    )
    return [
        {
            "id": fid,
            "name": name,
            "url": url,
            "site_url": site,
            "tags": _list(tags),
            "priority": priority,
            "include": _list(include),
            "exclude": _list(exclude),
        }
        for fid, name, url, site, tags, priority, include, exclude in rows
    ]


def tracks(db: Database) -> list[dict[str, Any]]:
    """Every track with its readings' ids in order."""
    members: dict[int, list[int]] = defaultdict(list)
    for track_id, item_id in db.execute(
        "SELECT track_id, item_id FROM track_items ORDER BY track_id, position"
    ):
        members[track_id].append(item_id)
    return [
        {"id": tid, "name": name, "items": members[tid]}
        for tid, name in db.execute("SELECT id, name FROM tracks ORDER BY id")
    ]


def items(db: Database) -> list[dict[str, Any]]:
    """Every reading's metadata, status and concept tags (not its fetched content)."""
    rows = db.execute(
        "SELECT id, feed_id, title, url, arxiv_id, authors, published, summary, minutes,"
        " status, read_at, tags, snoozed_until FROM items ORDER BY id"
    )
    keys = ("id", "feed_id", "title", "url", "arxiv_id", "authors", "published", "summary")
    keys += ("minutes", "status", "read_at", "tags", "snoozed_until")
    result = []
    for row in rows:
        item = dict(zip(keys, row, strict=True))
        item["authors"] = _list(item["authors"])
        item["tags"] = _list(item["tags"])
        result.append(item)
    return result


def _reviews(db: Database) -> dict[int, list[dict[str, Any]]]:
    """Each card's reviews; one that recorded no scheduler (older versions) names the current
    one, which is what `curriculum check` replays it with."""
    current = json_v2.current_key(db)
    by_card: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for card_id, rating, at, duration, scheduler in db.execute(
        "SELECT card_id, rating, reviewed_at, duration_ms,"
        " json_extract(state_before, '$.scheduler') FROM review_log"
        " ORDER BY card_id, reviewed_at, id"
    ):
        review = {"rating": rating, "reviewed_at": at, "duration_ms": duration}
        by_card[card_id].append(review | {"scheduler": scheduler or current})
    return by_card


def cards(db: Database) -> list[dict[str, Any]]:
    """Every card with its FSRS state and full review log."""
    reviews = _reviews(db)
    rows = db.execute(
        "SELECT c.id, c.item_id, c.kind, c.cloze_index, c.front, c.back, c.tags, c.state,"
        " c.step, c.stability, c.difficulty, c.due, c.last_review, c.reps, c.lapses,"
        " c.suspended, n.guid, c.leech FROM cards c LEFT JOIN notes n ON n.id = c.note_id"
        " ORDER BY c.id"
    )
    keys = ("id", "item_id", "kind", "cloze_index", "front", "back", "tags", "state", "step")
    keys += ("stability", "difficulty", "due", "last_review", "reps", "lapses", "suspended")
    keys += ("note", "leech")
    result = []
    for row in rows:
        card = dict(zip(keys, row, strict=True))
        card["tags"] = _list(card["tags"])
        card["suspended"] = bool(card["suspended"])
        card["leech"] = bool(card["leech"])
        card["reviews"] = reviews.get(card["id"], [])
        result.append(card)
    return result


def export(db: Database, now: datetime) -> dict[str, Any]:
    """The whole home as a version-2 document (read in one snapshot)."""
    from curriculum.exchange import highlight_io, mentor_io, plans_io

    with db.atomic():
        return {
            "version": VERSION,
            "exported_at": to_iso(now),
            "study_day": json_v2.study_day(db, now),
            "fsrs": json_v2.fsrs_section(db),
            "schedulers": json_v2.schedulers_section(db),
            "settings": settings.get_all(db),
            "feeds": feeds(db),
            "tracks": tracks(db),
            "items": items(db),
            "cards": cards(db),
            "highlights": highlight_io.export(db),
            "questions": mentor_io.export_questions(db),
            "meetings": mentor_io.export_meetings(db),
            "advice": mentor_io.export_advice(db),
            "plans": plans_io.export_plans(db),
            "days_off": plans_io.export_days_off(db),
        }


def dumps(document: dict[str, Any]) -> str:
    """The document as UTF-8 JSON text, two-space indented."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
