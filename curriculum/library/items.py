"""The library: every reading, filtered by status, feed and tag, searched with FTS5, paged.

Lists fetch the matching ids in one query and rows a page at a time, so a screen can show
20,000 readings without loading them all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from curriculum.errors import ConfigError, NotFoundError
from curriculum.store import Database
from curriculum.text import MAX_ID, clean_line

STATUSES = ("inbox", "queued", "read", "skipped", "snoozed")
_TOKEN = re.compile(r"\w+", re.UNICODE)


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
    content_html: str | None = None


SOURCE_SQL = """COALESCE(f.name, (SELECT t.name FROM track_items ti JOIN tracks t
                ON t.id = ti.track_id WHERE ti.item_id = i.id ORDER BY t.active DESC, t.id
                LIMIT 1), '')"""


def get_item(db: Database, item_id: int) -> ItemDetail:
    """One reading, or NotFoundError."""
    row = db.execute(
        f"""
        SELECT i.id, i.title, i.url, i.arxiv_id, {SOURCE_SQL},
               i.authors, i.published, i.minutes, i.status, i.summary, i.content_md, i.tags,
               i.content_html
        FROM items i LEFT JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?
        """,
        [item_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(
            f"There is no reading with id {item_id}; `curriculum items` lists them."
        )
    return ItemDetail(
        *row[:5],
        authors=json.loads(row[5]),
        published=row[6],
        minutes=row[7],
        status=row[8],
        summary=row[9],
        content_md=row[10],
        tags=json.loads(row[11]),
        content_html=row[12],
    )


def cache_markdown(db: Database, item_id: int, markdown: str) -> None:
    """Keep the converted Markdown of a reading so it is converted only once."""
    from curriculum.store import transaction

    with transaction(db):
        db.execute("UPDATE items SET content_md = ? WHERE id = ?", [markdown, item_id])


@dataclass(frozen=True)
class Query:
    """What the library shows: full-text search plus filters (empty means all)."""

    text: str = ""
    status: str | None = None
    feed: str | None = None
    tag: str | None = None
    order: str = "newest"  # or "for-you": the learned ranking's order (ranks), then newest


def fts_query(text: str) -> str | None:
    """User text as a safe FTS5 query: every word must match, the last as a prefix."""
    words = _TOKEN.findall(text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


@dataclass
class _Where:
    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1"


def _where(query: Query) -> _Where:
    where = _Where()
    if query.status:
        if query.status not in STATUSES:
            raise ConfigError(
                f"'{query.status}' is not a reading status; use one of {', '.join(STATUSES)}."
            )
        where.add("i.status = ?", query.status)
    if query.feed:
        where.add(
            "i.feed_id IN (SELECT id FROM feeds WHERE CAST(id AS TEXT) = ?"
            " OR name = ? COLLATE NOCASE OR url = ?)",
            query.feed,
            query.feed,
            query.feed,
        )
    if query.tag:
        where.add(
            "(EXISTS (SELECT 1 FROM json_each(i.tags) WHERE value = ? COLLATE NOCASE)"
            " OR EXISTS (SELECT 1 FROM feeds tf, json_each(tf.tags)"
            " WHERE tf.id = i.feed_id AND value = ? COLLATE NOCASE))",
            query.tag,
            query.tag,
        )
    match = fts_query(query.text)
    if match:
        where.add("i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)", match)
    return where


ORDER_SQL = "ORDER BY COALESCE(i.published, i.first_seen) DESC, i.id DESC"
ORDERS = ("newest", "for-you")
# The learned ranking's stored scores (unread readings), best first; the rest newest first.
FOR_YOU_SQL = (
    "ORDER BY (SELECT r.score FROM ranks r WHERE r.item_id = i.id) IS NULL,"
    " (SELECT r.score FROM ranks r WHERE r.item_id = i.id) DESC,"
    " COALESCE(i.published, i.first_seen) DESC, i.id DESC"
)


def ids(db: Database, query: Query) -> list[int]:
    """Ids of every matching reading, newest first (or in the learned order, "for-you")."""
    where = _where(query)
    if query.order not in ORDERS:
        raise ConfigError(f"'{query.order}' is not an order; use one of {', '.join(ORDERS)}.")
    if query.order == "for-you":
        sql = f"SELECT i.id FROM items i WHERE {where.sql()} {FOR_YOU_SQL}"
        return [row[0] for row in db.execute(sql, where.params)]
    # A broad text match (a first letter matches most readings) is cheaper to filter while
    # walking the newest-first index (migration 0003) than to sort afterwards.
    source = "items i INDEXED BY items_newest" if fts_query(query.text) else "items i"
    sql = f"SELECT i.id FROM {source} WHERE {where.sql()} {ORDER_SQL}"
    return [row[0] for row in db.execute(sql, where.params)]


@dataclass(frozen=True)
class Row:
    """A reading as the library lists it."""

    id: int
    title: str
    url: str | None
    arxiv_id: str | None
    feed: str | None
    source: str
    authors: list[str]
    published: str | None
    minutes: int
    status: str
    priority: int
    snoozed_until: str | None

    def as_json(self) -> dict[str, object]:
        """The `items --json` shape."""
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "arxiv_id": self.arxiv_id,
            "feed": self.feed,
            "authors": self.authors,
            "published": self.published,
            "minutes": self.minutes,
            "status": self.status,
        }


def rows(db: Database, item_ids: list[int]) -> list[Row]:
    """The rows of these readings, in the order given."""
    if not item_ids:
        return []
    marks = ", ".join("?" for _ in item_ids)
    found = db.execute(
        f"""
        SELECT i.id, i.title, i.url, i.arxiv_id, f.name, {SOURCE_SQL}, i.authors,
               i.published, i.minutes, i.status, i.priority, i.snoozed_until
        FROM items i LEFT JOIN feeds f ON f.id = i.feed_id WHERE i.id IN ({marks})
        """,
        item_ids,
    ).fetchall()
    by_id = {r[0]: Row(*r[:6], json.loads(r[6]), *r[7:]) for r in found}
    return [by_id[i] for i in item_ids if i in by_id]


def search(db: Database, query: Query, offset: int = 0, limit: int | None = None) -> list[Row]:
    """One page of matching readings (all when `limit` is None)."""
    matching = ids(db, query)
    end = None if limit is None else offset + limit
    page = matching[offset:end]
    result: list[Row] = []
    for start in range(0, len(page), 500):
        result.extend(rows(db, page[start : start + 500]))
    return result


def feed_names(db: Database) -> list[tuple[int, str]]:
    """Every feed as (id, name), by name."""
    return [(int(r[0]), str(r[1])) for r in db.execute("SELECT id, name FROM feeds ORDER BY name")]


def tags(db: Database) -> list[str]:
    """Every tag used by a reading or a feed, sorted."""
    found = db.execute(
        "SELECT DISTINCT value FROM items, json_each(items.tags)"
        " UNION SELECT DISTINCT value FROM feeds, json_each(feeds.tags) ORDER BY 1"
    )
    return [str(r[0]) for r in found]


def resolve(db: Database, text: str) -> int:
    """A reading named on the command line: its id, arXiv id or URL."""
    from curriculum import urls

    cleaned = text.strip()
    if cleaned.isascii() and cleaned.isdigit():
        if len(cleaned) > 18 or int(cleaned) > MAX_ID:
            shown = clean_line(cleaned, 40)
            raise NotFoundError(
                f"There is no reading with id {shown}; `curriculum items` lists them."
            )
        return int(cleaned)
    arxiv = urls.arxiv_id(cleaned)
    row = None
    if arxiv:
        row = db.execute("SELECT id FROM items WHERE arxiv_id = ?", [arxiv]).fetchone()
    if row is None and urls.is_http_url(cleaned):
        row = db.execute(
            "SELECT id FROM items WHERE canonical_url = ? OR url = ? ORDER BY id LIMIT 1",
            [urls.canonical_url(cleaned), cleaned],
        ).fetchone()
    if row is None:
        raise NotFoundError(
            f"No reading matches '{clean_line(cleaned, 200)}'; give its id from `curriculum items`."
        )
    return int(row[0])
