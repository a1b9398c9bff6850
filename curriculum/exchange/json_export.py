"""`export --format json`: everything in a home as one JSON document, schema version 2.

Version 2 adds `highlights` (see `highlight_io`); import still reads version 1."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from curriculum.clock import to_iso
from curriculum.store import settings

VERSION = 2
READABLE_VERSIONS = (1, 2)  # what `import` accepts


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
        " status, read_at, tags FROM items ORDER BY id"
    )
    keys = ("id", "feed_id", "title", "url", "arxiv_id", "authors", "published", "summary")
    keys += ("minutes", "status", "read_at", "tags")
    result = []
    for row in rows:
        item = dict(zip(keys, row, strict=True))
        item["authors"] = _list(item["authors"])
        item["tags"] = _list(item["tags"])
        result.append(item)
    return result


def _reviews(db: Database) -> dict[int, list[dict[str, Any]]]:
    by_card: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for card_id, rating, at, duration in db.execute(
        "SELECT card_id, rating, reviewed_at, duration_ms FROM review_log"
        " ORDER BY card_id, reviewed_at, id"
    ):
        by_card[card_id].append({"rating": rating, "reviewed_at": at, "duration_ms": duration})
    return by_card


def cards(db: Database) -> list[dict[str, Any]]:
    """Every card with its FSRS state and full review log."""
    reviews = _reviews(db)
    rows = db.execute(
        "SELECT id, item_id, kind, cloze_index, front, back, tags, state, step, stability,"
        " difficulty, due, last_review, reps, lapses, suspended FROM cards ORDER BY id"
    )
    keys = ("id", "item_id", "kind", "cloze_index", "front", "back", "tags", "state", "step")
    keys += ("stability", "difficulty", "due", "last_review", "reps", "lapses", "suspended")
    result = []
    for row in rows:
        card = dict(zip(keys, row, strict=True))
        card["tags"] = _list(card["tags"])
        card["suspended"] = bool(card["suspended"])
        card["reviews"] = reviews.get(card["id"], [])
        result.append(card)
    return result


def export(db: Database, now: datetime) -> dict[str, Any]:
    """The whole home as a version-2 document (read in one snapshot)."""
    from curriculum.exchange import highlight_io

    with db.atomic():
        return {
            "version": VERSION,
            "exported_at": to_iso(now),
            "settings": settings.get_all(db),
            "feeds": feeds(db),
            "tracks": tracks(db),
            "items": items(db),
            "cards": cards(db),
            "highlights": highlight_io.export(db),
        }


def dumps(document: dict[str, Any]) -> str:
    """The document as UTF-8 JSON text, two-space indented."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
