"""Storing entries: one item per real reading, and each feed's fetch status.

Dedupe order: the same (feed, guid) → the same item; else the arXiv id (versions dropped);
else the canonical URL of an item reached through another feed. Callers wrap each feed's
writes in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from curriculum import urls
from curriculum.clock import to_iso
from curriculum.feeds import restraint
from curriculum.feeds.filters import Filters
from curriculum.feeds.model import Entry, Outcome, ParsedFeed, Response
from curriculum.store import Database
from curriculum.text import clean_line


@dataclass
class IngestResult:
    """How many items a batch created and updated."""

    new: int = 0
    updated: int = 0
    new_ids: list[int] = field(default_factory=list)


def body_hash(body: bytes) -> str:
    """The fingerprint that detects an unchanged body when a server ignores validators."""
    return hashlib.sha256(body).hexdigest()


def _canonical(entry: Entry) -> str | None:
    """The entry's canonical URL (the parser's, when it worked it out)."""
    if entry.canonical_url is not None:
        return entry.canonical_url
    return urls.canonical_url(entry.url)


def _update(db: Database, table: str, row_id: int, changes: dict[str, object]) -> None:
    """UPDATE one row in plain SQL (sqlite-utils' update inspects the table each call)."""
    columns = ", ".join(f"{name} = ?" for name in changes)
    db.execute(f"UPDATE {table} SET {columns} WHERE id = ?", [*changes.values(), row_id])


def _match(db: Database, feed_id: int | None, entry: Entry) -> int | None:
    """An existing item for this entry reached another way (arXiv id, canonical URL)."""
    if entry.arxiv_id:
        row = db.execute("SELECT id FROM items WHERE arxiv_id = ?", [entry.arxiv_id]).fetchone()
        if row:
            return int(row[0])
    canonical = _canonical(entry)
    if canonical is None:
        return None
    row = db.execute(
        "SELECT id FROM items WHERE canonical_url = ? AND id NOT IN"
        " (SELECT item_id FROM item_sources WHERE feed_id = ?) ORDER BY id LIMIT 1",
        [canonical, -1 if feed_id is None else feed_id],
    ).fetchone()
    return None if row is None else int(row[0])


def _published(entry: Entry, stamp: str) -> str:
    """The entry's date, else first seen; a date in the future is clamped to now."""
    return stamp if entry.published is None or entry.published > stamp else entry.published


def _values(entry: Entry) -> dict[str, object]:
    return {
        "title": entry.title,
        "authors": json.dumps(entry.authors, ensure_ascii=False),
        "summary": entry.summary,
        "content_html": entry.content_html,
        "words": entry.words,
        "minutes": entry.minutes,
        "tags": json.dumps(entry.concepts),
    }


def insert_item(
    db: Database, feed_id: int | None, entry: Entry, stamp: str, origin: str = "feed"
) -> int:
    """Create a new inbox item for an entry; returns its id."""
    row = {
        **_values(entry),
        "feed_id": feed_id,
        "url": entry.url,
        "canonical_url": _canonical(entry),
        "arxiv_id": entry.arxiv_id,
        "published": _published(entry, stamp),
        "first_seen": stamp,
        "updated_at": stamp,
        "status": "inbox",
        "announce_type": entry.announce_type,
        "origin": origin,
    }
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    # Plain SQL: sqlite-utils' insert inspects the table on every call (~1 ms a row).
    cursor = db.execute(f"INSERT INTO items ({columns}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


def _update_item(db: Database, item_id: int, entry: Entry, stamp: str) -> bool:
    """Refresh a feed item's text when it changed (status and history untouched)."""
    row = db.execute(
        "SELECT origin, title, authors, summary, content_html, tags FROM items WHERE id = ?",
        [item_id],
    ).fetchone()
    values = _values(entry)
    if row[0] not in {"feed", "manual"}:  # curated (track, import) text wins; fill gaps only
        if row[4] is None and entry.content_html:
            _update(db, "items", item_id, {"content_html": entry.content_html})
        return False
    if (row[1], row[2], row[3], row[4]) == (
        values["title"],
        values["authors"],
        values["summary"],
        values["content_html"],
    ):
        return False
    if row[5] != "[]":  # tags already set (on arrival, or since) are kept
        del values["tags"]
    changes = {**values, "updated_at": stamp, "content_md": None}
    if entry.announce_type:
        changes["announce_type"] = entry.announce_type
    _update(db, "items", item_id, changes)
    return True


def distinct_guids(entries: list[Entry]) -> list[Entry]:
    """The first entry for each guid: a guid repeated in one document never mixes two
    entries' titles and links into one reading."""
    seen: set[str] = set()
    return [e for e in entries if not (e.guid in seen or seen.add(e.guid))]


class EntryWriter:
    """Stores one feed's entries, in one transaction or over several (a big feed in chunks).

    The feed's known guids are read once and kept up to date, so each chunk costs only its
    own entries. Callers open the transactions; entries must already be `distinct_guids`.
    """

    def __init__(self, db: Database, feed_id: int, now: datetime, filters: Filters) -> None:
        self.db, self.feed_id, self.filters = db, feed_id, filters
        self.stamp = to_iso(now)
        self.result = IngestResult()
        self.sources: dict[str, int] = dict(
            db.execute("SELECT guid, item_id FROM item_sources WHERE feed_id = ?", [feed_id])
        )

    def write(self, entries: list[Entry]) -> None:
        """Add new readings and refresh changed ones (inside the caller's transaction)."""
        db, sources, result = self.db, self.sources, self.result
        for entry in entries:
            if not self.filters.keep(entry):
                continue
            item_id = sources.get(entry.guid) or _match(db, self.feed_id, entry)
            if item_id is None:
                item_id = insert_item(db, self.feed_id, entry, self.stamp)
                result.new += 1
                result.new_ids.append(item_id)
            elif _update_item(db, item_id, entry, self.stamp):
                result.updated += 1
            if entry.guid not in sources:
                db.execute(
                    "INSERT OR IGNORE INTO item_sources (feed_id, guid, item_id) VALUES (?, ?, ?)",
                    [self.feed_id, entry.guid, item_id],
                )
                sources[entry.guid] = item_id


def store_entries(
    db: Database, feed_id: int, entries: list[Entry], filters: Filters, now: datetime
) -> IngestResult:
    """Add new readings and refresh changed ones for one feed (inside a transaction)."""
    writer = EntryWriter(db, feed_id, now, filters)
    writer.write(distinct_guids(entries))
    return writer.result


def feed_filters(db: Database, feed_id: int) -> Filters:
    """A feed's include/exclude words and announce types."""
    row = db.execute(
        "SELECT include, exclude, announce_types FROM feeds WHERE id = ?", [feed_id]
    ).fetchone()
    include, exclude, announce = (json.loads(value or "[]") for value in row)
    return Filters(tuple(include), tuple(exclude), tuple(announce))


def _name_from_title(db: Database, feed_id: int, title: str) -> None:
    """A feed still named after its host (added without a name and not fetched then, as by
    `feed add --no-fetch`) takes the feed's own title; a name someone chose is kept."""
    row = db.execute("SELECT name, url FROM feeds WHERE id = ?", [feed_id]).fetchone()
    name = clean_line(title, 200)
    if row is None or not name or name == row[0]:
        return
    try:
        host = urls.parse_web_url(row[1]).host
    except urls.BadURL:
        return
    if row[0] == host:
        db.execute("UPDATE feeds SET name = ? WHERE id = ?", [name, feed_id])


def record_fetch(
    db: Database,
    feed_id: int,
    outcome: Outcome,
    response: Response | None,
    parsed: ParsedFeed | None,
    now: datetime,
) -> None:
    """Write a fetch's result onto the feed row (validators, status, error, moved URL, a
    server's request for restraint); every sentence stored is one clean line."""
    stamp = to_iso(now)
    changes: dict[str, object] = {"last_fetched": stamp}
    if response is not None:
        changes["http_status"] = response.status
    restrain = restraint.answer_changes(outcome, response, now)
    if outcome.status == "error":
        changes.update(status="error", error=clean_line(outcome.error, 500))
    else:
        changes["last_success"] = stamp
        _success_changes(db, feed_id, outcome, response, parsed, changes)
        _newest_entry(db, feed_id, outcome, parsed, changes, now)
    changes.update(restrain)
    _update(db, "feeds", feed_id, changes)


def _newest_entry(
    db: Database,
    feed_id: int,
    outcome: Outcome,
    parsed: ParsedFeed | None,
    changes: dict[str, object],
    now: datetime,
) -> None:
    """Remember the newest entry date a body held; an arXiv listing whose newest entry is
    older than arXiv's last announcement day gets a warning (`arxiv_schedule`)."""
    from curriculum.feeds import arxiv_schedule

    url, newest = db.execute(
        "SELECT url, newest_entry FROM feeds WHERE id = ?", [feed_id]
    ).fetchone()
    dates = [e.published for e in parsed.entries if e.published] if parsed else []
    if dates:
        newest = max(dates)
        changes["newest_entry"] = newest
    if not arxiv_schedule.is_listing(str(changes.get("url", url))):
        return
    warning = arxiv_schedule.stale_warning(newest, now)
    if warning:
        changes.update(status="warning", error=warning)
        outcome.warning = outcome.warning or warning


def _success_changes(
    db: Database,
    feed_id: int,
    outcome: Outcome,
    response: Response | None,
    parsed: ParsedFeed | None,
    changes: dict[str, object],
) -> None:
    if outcome.status == "new":
        warning = clean_line(outcome.warning, 500) or None
        changes.update(status="warning" if warning else "ok", error=warning)
    else:
        row = db.execute("SELECT status FROM feeds WHERE id = ?", [feed_id]).fetchone()
        if row[0] != "warning":
            changes.update(status="ok", error=None)
    if response is not None and response.status == 200:
        changes["etag"] = response.etag
        changes["last_modified"] = response.last_modified
        if response.body is not None:
            changes["body_hash"] = body_hash(response.body)
    if response is not None and response.permanent_url:
        taken = db.execute(
            "SELECT 1 FROM feeds WHERE url = ? AND id != ?", [response.permanent_url, feed_id]
        ).fetchone()
        if not taken:
            changes["url"] = response.permanent_url
    if parsed is not None and parsed.site_url:
        db.execute(
            "UPDATE feeds SET site_url = ? WHERE id = ? AND site_url IS NULL",
            [parsed.site_url, feed_id],
        )
    if parsed is not None and parsed.title:
        _name_from_title(db, feed_id, parsed.title)
