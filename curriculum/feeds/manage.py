"""Feed rows: find, insert, list, edit and remove (removal keeps what was read)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from curriculum import urls
from curriculum.clock import to_iso
from curriculum.errors import NotFoundError
from curriculum.feeds.model import FeedError
from curriculum.store import Database, transaction
from curriculum.text import clean_line

ANNOUNCE_TYPES = ("new", "cross", "replace", "replace-cross")


@dataclass(frozen=True)
class FeedOptions:
    """What a user may set on a feed when adding or editing it."""

    name: str | None = None
    tags: Sequence[str] = ()
    priority: int = 0
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    announce_types: Sequence[str] = ()


@dataclass
class FeedInfo:
    """A feed as lists show it (the `feed list --json` row)."""

    id: int
    name: str
    url: str
    site_url: str | None
    tags: list[str]
    priority: int
    items: int
    unread: int
    last_fetched: str | None
    status: str
    error: str | None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    announce_types: list[str] = field(default_factory=list)
    kind: str = "rss"
    poll_minutes: int | None = None  # None: the `fetch.interval_minutes` default

    def as_json(self) -> dict[str, Any]:
        keys = ("id", "name", "url", "site_url", "tags", "priority", "items", "unread")
        data = {key: getattr(self, key) for key in keys}
        data.update(last_fetched=self.last_fetched, status=self.status, error=self.error)
        return data


def user_url(text: str) -> str:
    """A typed address as a checked http(s) URL (`example.org` becomes
    `https://example.org`); FeedError saying what is wrong with it."""
    cleaned = text.strip()
    if "://" not in cleaned and "." in cleaned and " " not in cleaned and ":" not in cleaned:
        cleaned = "https://" + cleaned
    try:
        return urls.web_url(cleaned)
    except urls.BadURL as bad:
        shown = urls.shown(text.strip())
        raise FeedError(
            f"'{shown}' is not a web address: it {bad}; give an http:// or https:// URL."
        ) from None


def _host(url: str) -> str:
    try:
        return urls.parse_web_url(url).host
    except urls.BadURL:
        return ""


def kind_of(url: str) -> str:
    """'arxiv' for arXiv feeds, else 'rss'."""
    host = _host(url)
    return "arxiv" if host == "arxiv.org" or host.endswith(".arxiv.org") else "rss"


def clean_words(words: Sequence[str]) -> list[str]:
    """Tags or keywords: cleaned, empty ones dropped, duplicates removed (order kept)."""
    return list(dict.fromkeys(w for w in (clean_line(x, 100) for x in words) if w))


def url_index(db: Database) -> dict[str, tuple[int, str]]:
    """Every feed's (id, name) by its URL and by its canonical URL."""
    index: dict[str, tuple[int, str]] = {}
    for feed_id, feed_url, name in db.execute("SELECT id, url, name FROM feeds ORDER BY id"):
        for key in (feed_url, urls.canonical_url(feed_url)):
            if key:
                index.setdefault(key, (int(feed_id), str(name)))
    return index


def lookup(index: dict[str, tuple[int, str]], url: str) -> tuple[int, str] | None:
    """A feed in `index` at this URL (compared canonically), if any."""
    return index.get(url) or index.get(urls.canonical_url(url) or url)


def subscribed(db: Database, url: str) -> tuple[int, str] | None:
    """The (id, name) of a feed already at this URL (compared canonically), if any."""
    return lookup(url_index(db), url)


def insert_feed(
    db: Database,
    url: str,
    now: datetime,
    options: FeedOptions,
    *,
    title: str | None = None,
    site_url: str | None = None,
    origin: str = "user",
) -> int:
    """Insert a feed row; returns its id."""
    name = clean_line(options.name or title or _host(url) or url, 200)
    row = {
        "url": url,
        "name": name,
        "site_url": site_url,
        "kind": kind_of(url),
        "tags": json.dumps(clean_words(options.tags)),
        "priority": max(-3, min(3, options.priority)),
        "include": json.dumps(clean_words(options.include)),
        "exclude": json.dumps(clean_words(options.exclude)),
        "announce_types": json.dumps(list(options.announce_types)),
        "origin": origin,
        "created_at": to_iso(now),
    }
    return int(db.table("feeds").insert(row).last_pk)


LIST_SQL = """
SELECT f.id, f.name, f.url, f.site_url, f.tags, f.priority,
       (SELECT COUNT(*) FROM item_sources s WHERE s.feed_id = f.id),
       (SELECT COUNT(*) FROM item_sources s JOIN items i ON i.id = s.item_id
        WHERE s.feed_id = f.id AND i.status IN ('inbox', 'queued', 'snoozed')),
       f.last_fetched, f.status, f.error, f.include, f.exclude, f.announce_types, f.kind,
       f.poll_minutes
FROM feeds f
"""


def _info(row: Sequence[Any]) -> FeedInfo:
    return FeedInfo(
        id=row[0],
        name=row[1],
        url=row[2],
        site_url=row[3],
        tags=json.loads(row[4]),
        priority=row[5],
        items=row[6],
        unread=row[7],
        last_fetched=row[8],
        status=row[9],
        error=row[10],
        include=json.loads(row[11]),
        exclude=json.loads(row[12]),
        announce_types=json.loads(row[13]),
        kind=row[14],
        poll_minutes=row[15],
    )


def list_feeds(db: Database) -> list[FeedInfo]:
    """Every feed with its item and unread counts, by name."""
    rows = db.execute(LIST_SQL + " ORDER BY f.name COLLATE NOCASE, f.id").fetchall()
    return [_info(row) for row in rows]


def get_feed(db: Database, feed_id: int) -> FeedInfo:
    """One feed by id, or NotFoundError."""
    row = db.execute(LIST_SQL + " WHERE f.id = ?", [feed_id]).fetchone()
    if row is None:
        raise NotFoundError(
            f"There is no feed with id {feed_id}; `curriculum feed list` shows them."
        )
    return _info(row)


def find_feed(db: Database, selector: str) -> int:
    """A feed by id, URL or name (exact, else a unique part of the name)."""
    text = clean_line(selector, 2000)
    number = int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
    if number is not None and db.execute("SELECT 1 FROM feeds WHERE id = ?", [number]).fetchone():
        return number
    found = subscribed(db, text) if urls.is_http_url(text) else None
    if found:
        return found[0]
    rows = (
        db.execute("SELECT id FROM feeds WHERE name = ? COLLATE NOCASE", [text]).fetchall()
        or db.execute(
            "SELECT id FROM feeds WHERE instr(lower(name), lower(?)) > 0", [text]
        ).fetchall()
    )
    if len(rows) == 1:
        return int(rows[0][0])
    if len(rows) > 1:
        raise NotFoundError(
            f"'{text}' matches {len(rows)} feeds; give its id from `curriculum feed list`."
        )
    raise NotFoundError(f"No feed matches '{text}'; `curriculum feed list` shows them.")


def edit_feed(db: Database, feed_id: int, **changes: Any) -> None:
    """Change a feed's name, tags, priority, filters or poll interval (one transaction)."""
    get_feed(db, feed_id)
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if value is None:
            continue
        if key == "name":
            name = clean_line(value, 200)
            if not name:
                raise FeedError("A feed needs a name; type one or leave the old one.")
            values["name"] = name
        elif key in {"tags", "include", "exclude"}:
            values[key] = json.dumps(clean_words(value))
        elif key == "announce_types":
            check_announce(value)
            values[key] = json.dumps(list(value))
        elif key == "priority":
            values[key] = check_priority(value)
        elif key == "poll_minutes":
            values[key] = check_poll(value) or None
    if values:
        with transaction(db):
            db.table("feeds").update(feed_id, values)


def check_priority(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 99
    if not -3 <= number <= 3:
        raise FeedError(f"Priority must be a whole number from -3 to 3, not '{value}'.")
    return number


MAX_POLL_MINUTES = 30 * 24 * 60


def check_poll(value: Any) -> int:
    """A poll interval in minutes (0: the default), or FeedError."""
    try:
        number = int(str(value).strip() or 0)
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_POLL_MINUTES:
        raise FeedError(
            f"The poll interval is a whole number of minutes from 1 to {MAX_POLL_MINUTES} "
            f"(or 0 for the default), not '{value}'."
        )
    return number


def check_announce(values: Sequence[str]) -> None:
    bad = [v for v in values if v not in ANNOUNCE_TYPES]
    if bad:
        known = ", ".join(ANNOUNCE_TYPES)
        raise FeedError(f"'{bad[0]}' is not an arXiv announce type; use {known}.")


REMOVABLE = """
SELECT s.item_id FROM item_sources s JOIN items i ON i.id = s.item_id
WHERE s.feed_id = :feed AND i.status = 'inbox'
  AND NOT EXISTS (SELECT 1 FROM item_sources o WHERE o.item_id = i.id AND o.feed_id != :feed)
  AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.item_id = i.id)
  AND NOT EXISTS (SELECT 1 FROM track_items t WHERE t.item_id = i.id)
  AND NOT EXISTS (SELECT 1 FROM queue q WHERE q.item_id = i.id)
  AND NOT EXISTS (SELECT 1 FROM reading_log r WHERE r.item_id = i.id)
  AND NOT EXISTS (SELECT 1 FROM highlights h WHERE h.item_id = i.id)
"""


@dataclass
class Removal:
    """What removing feeds did."""

    names: list[str]
    removed: int  # unread readings deleted
    kept: int  # readings kept (read, queued, carded, or also in another feed)


def feeds_tagged(db: Database, tag: str) -> list[int]:
    """The ids of the feeds that carry `tag` (case-insensitive), in id order."""
    rows = db.execute(
        "SELECT f.id FROM feeds f WHERE EXISTS (SELECT 1 FROM json_each(f.tags) t"
        " WHERE t.value = ? COLLATE NOCASE) ORDER BY f.id",
        [tag.strip()],
    ).fetchall()
    return [int(row[0]) for row in rows]


def remove_feeds(db: Database, feed_ids: Sequence[int]) -> Removal:
    """Remove several feeds as one action (one transaction); see `remove_feed`.

    A reading shared only by feeds removed together goes too.
    """
    ids = list(dict.fromkeys(feed_ids))
    for feed_id in ids:
        get_feed(db, feed_id)  # every one exists, or nothing is removed
    marks = ", ".join("?" for _ in ids)
    names, removed = [], 0
    with transaction(db):
        readings = db.execute(
            f"SELECT COUNT(DISTINCT item_id) FROM item_sources WHERE feed_id IN ({marks})", ids
        ).fetchone()[0]
        for feed_id in ids:
            name, gone, _kept = remove_feed(db, feed_id)
            names.append(name)
            removed += gone
    return Removal(names, removed, readings - removed)


def remove_feed(db: Database, feed_id: int) -> tuple[str, int, int]:
    """Delete a feed and its unread, untouched readings; keep everything read, carded or
    highlighted.

    Returns (name, readings removed, readings kept).
    """
    feed = get_feed(db, feed_id)
    with transaction(db):
        doomed = [row[0] for row in db.execute(REMOVABLE, {"feed": feed_id})]
        db.execute(
            "UPDATE items SET feed_id = (SELECT o.feed_id FROM item_sources o"
            " WHERE o.item_id = items.id AND o.feed_id != :feed LIMIT 1)"
            " WHERE feed_id = :feed",
            {"feed": feed_id},
        )
        db.conn.executemany("DELETE FROM items WHERE id = ?", [(i,) for i in doomed])
        db.execute("DELETE FROM feeds WHERE id = ?", [feed_id])
    return feed.name, len(doomed), feed.items - len(doomed)
