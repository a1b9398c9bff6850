"""Test data for the queue, library and reader tests: feeds, readings and targets."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from curriculum.clock import to_iso
from curriculum.store import Database, settings, transaction
from tests.conftest import NOW


def add_feed(db: Database, name: str, priority: int = 0, tags: Sequence[str] = ()) -> int:
    """A feed row; returns its id."""
    with transaction(db):
        return int(
            db.table("feeds")
            .insert(
                {
                    "url": f"https://example.org/{name.replace(' ', '-')}.xml",
                    "name": name,
                    "priority": priority,
                    "tags": json.dumps(list(tags)),
                    "created_at": to_iso(NOW),
                }
            )
            .last_pk
        )


def add_item(
    db: Database,
    title: str,
    feed_id: int | None = None,
    minutes: int = 5,
    published: datetime = NOW,
    **extra: object,
) -> int:
    """A reading row (a feed reading unless `origin` says otherwise); returns its id."""
    row = {
        "title": title,
        "feed_id": feed_id,
        "url": f"https://example.org/{title.replace(' ', '-')}",
        "minutes": minutes,
        "published": to_iso(published),
        "first_seen": to_iso(published),
        "updated_at": to_iso(published),
        "origin": "feed",
        **extra,
    }
    for key in ("authors", "tags"):
        if isinstance(row.get(key), list):
            row[key] = json.dumps(row[key])
    with transaction(db):
        return int(db.table("items").insert(row).last_pk)


def set_targets(db: Database, items: int, minutes: int) -> None:
    """Set both daily targets."""
    settings.set_value(db, "daily.items", str(items))
    settings.set_value(db, "daily.minutes", str(minutes))


def feeds_only(db: Database) -> None:
    """Deactivate every track, so only feed readings are queued."""
    with transaction(db):
        db.execute("UPDATE tracks SET active = 0")
