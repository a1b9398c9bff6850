"""The Inbox: new arrivals, best first by the learned ranking, for triage with one key each.

An arrival is an unread feed reading (or one added by hand) that is not on an active track
and has not been triaged yet. Triage (`actions`): keep for later (priority up), add to
today, dismiss, or open it. Lists read the stored ranks only: nothing here trains or scores.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from curriculum.store import Database

ARRIVALS_SQL = """
FROM items i LEFT JOIN ranks r ON r.item_id = i.id
WHERE i.status = 'inbox' AND i.triage IS NULL
  AND (i.feed_id IS NOT NULL OR i.origin != 'track')
  AND NOT EXISTS (SELECT 1 FROM track_items ti JOIN tracks t ON t.id = ti.track_id
                  WHERE ti.item_id = i.id AND t.active = 1)
"""
ORDER_SQL = (
    "ORDER BY r.score IS NULL, r.score DESC, COALESCE(i.published, i.first_seen) DESC, i.id DESC"
)
CHUNK = 500


@dataclass(frozen=True)
class Arrival:
    """One reading in the Inbox."""

    id: int
    title: str
    feed: str
    score: float | None  # the learned ranking's score (0..1), None before it ranked this one
    why: str
    published: str | None
    minutes: int
    authors: list[str]
    summary: str
    url: str | None

    def as_json(self) -> dict[str, object]:
        """The `inbox --json` shape."""
        return {
            "id": self.id,
            "title": self.title,
            "feed": self.feed,
            "score": self.score,
            "why": self.why,
            "published": self.published,
            "url": self.url,
        }


def ids(db: Database) -> list[int]:
    """Every arrival's id, best first (unranked ones last, newest first)."""
    return [int(r[0]) for r in db.execute(f"SELECT i.id {ARRIVALS_SQL} {ORDER_SQL}")]


def count(db: Database) -> int:
    """How many readings wait in the Inbox."""
    return int(db.execute(f"SELECT COUNT(*) {ARRIVALS_SQL}").fetchone()[0])


def arrivals(db: Database, item_ids: Sequence[int]) -> list[Arrival]:
    """These readings as the Inbox shows them, in the order given (any status)."""
    found: dict[int, Arrival] = {}
    for start in range(0, len(item_ids), CHUNK):
        chunk = list(item_ids[start : start + CHUNK])
        marks = ", ".join("?" for _ in chunk)
        for row in db.execute(
            "SELECT i.id, i.title, COALESCE(f.name, ''), r.score, COALESCE(r.why, ''),"
            " i.published, i.minutes, i.authors, i.summary, i.url"
            " FROM items i LEFT JOIN feeds f ON f.id = i.feed_id"
            f" LEFT JOIN ranks r ON r.item_id = i.id WHERE i.id IN ({marks})",
            chunk,
        ):
            found[int(row[0])] = Arrival(*row[:7], _names(row[7]), *row[8:])
    return [found[i] for i in item_ids if i in found]


def listing(db: Database, limit: int | None = None) -> list[Arrival]:
    """The Inbox, best first (the first `limit`)."""
    chosen = ids(db)
    return arrivals(db, chosen if limit is None else chosen[:limit])


def _names(text: str | None) -> list[str]:
    try:
        names = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(n) for n in names] if isinstance(names, list) else []
