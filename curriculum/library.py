"""Reading one item with everything the Reader shows."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from curriculum.errors import NotFoundError


@dataclass(frozen=True)
class ItemDetail:
    """A reading with its source and text."""

    id: int
    title: str
    url: str | None
    arxiv_id: str | None
    source: str
    authors: list[str]
    published: str | None
    minutes: int
    status: str
    summary: str
    content_md: str | None
    tags: list[str]


def get_item(db: Database, item_id: int) -> ItemDetail:
    """One reading, or NotFoundError."""
    row = db.execute(
        """
        SELECT i.id, i.title, i.url, i.arxiv_id,
               COALESCE(f.name, (SELECT t.name FROM track_items ti JOIN tracks t
                                 ON t.id = ti.track_id WHERE ti.item_id = i.id LIMIT 1), ''),
               i.authors, i.published, i.minutes, i.status, i.summary, i.content_md, i.tags
        FROM items i LEFT JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?
        """,
        [item_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(
            f"There is no reading with id {item_id}; `curriculum items` lists them."
        )
    return ItemDetail(
        id=row[0],
        title=row[1],
        url=row[2],
        arxiv_id=row[3],
        source=row[4],
        authors=json.loads(row[5]),
        published=row[6],
        minutes=row[7],
        status=row[8],
        summary=row[9],
        content_md=row[10],
        tags=json.loads(row[11]),
    )
