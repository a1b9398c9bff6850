"""`import FILE`: merge a JSON export (version 1 or 2) into a home, without duplicates.

Identity: feeds by URL; readings by arXiv id, then canonical URL, then (for readings with
no link) title; tracks by name; cards by (reading, front, cloze number); reviews by
(card, time); highlights, questions, meetings, advice, plans and days off as their modules
say (`highlight_io`, `mentor_io`, `plans_io`). What the home already has wins, except that
a reading read in the file becomes read here and concept tags are united. Into a fresh
home (no reading or card history yet: a restore), the file wins for the feeds and readings
it shares with the bundled catalog, so export → import → export gives the same file.
Everything happens in one transaction with bulk inserts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from curriculum import store, urls
from curriculum.clock import from_iso, study_day, to_iso
from curriculum.exchange import card_import, highlight_io, json_v2, mentor_io, plans_io
from curriculum.exchange import records as r
from curriculum.exchange.json_export import VERSION
from curriculum.store import Database, settings

READABLE_VERSIONS = (1, VERSION)

STATUSES = ("inbox", "queued", "read", "skipped", "snoozed")
MAX_MINUTES = 100_000  # a reading's estimated minutes (about ten weeks of full days)


@dataclass
class ImportResult:
    """What an import added or merged."""

    settings: int = 0
    feeds: int = 0
    items: int = 0
    items_merged: int = 0
    tracks: int = 0
    cards: int = 0
    cards_merged: int = 0
    reviews: int = 0
    highlights: int = 0
    questions: int = 0
    meetings: int = 0
    advice: int = 0
    plans: int = 0
    days_off: int = 0
    item_ids: dict[int, int] = field(default_factory=dict, repr=False)


def read_document(path: Path) -> dict[str, Any]:
    """Load and check the top of an export file (a UTF-8 byte-order mark is fine)."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise r.ImportFileError(f"Cannot read {path}: {error.strerror}.") from None
    except UnicodeDecodeError:
        raw = None
    return parse_document(raw, str(path))


def parse_document(raw: str | None, name: str) -> dict[str, Any]:
    """The document in `raw` JSON text, or one sentence saying why it is not an export."""
    try:
        document = json.loads(raw) if raw is not None else None
    except (json.JSONDecodeError, ValueError):  # ValueError: a number too long to read
        document = None
    except RecursionError:
        raise r.ImportFileError(
            f"{name} is nested too deeply to be a Curriculum export; "
            "make one with `curriculum export --format json`."
        ) from None
    if document is None:
        raise r.ImportFileError(
            f"{name} is not a JSON export; make one with `curriculum export --format json`."
        )
    if not isinstance(document, dict) or document.get("version") not in READABLE_VERSIONS:
        raise r.ImportFileError(
            f"{name} is not a version-1 or version-{VERSION} Curriculum export; "
            "make one with `curriculum export --format json`."
        )
    return document


def import_settings(db: Database, values: Any) -> int:
    """Take the file's non-default settings this home has not set; skip unknown or bad ones."""
    if not isinstance(values, dict):
        return 0
    have = {k for (k,) in db.execute("SELECT key FROM settings")}
    rows = []
    for key, value in values.items():
        if key in settings.SETTINGS and key not in have:
            try:
                parsed = settings.validate(key, settings.format_value(value))
            except settings.ConfigError:
                continue
            if parsed != settings.SETTINGS[key].default:
                rows.append((key, json.dumps(parsed)))
    db.conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", rows)
    return len(rows)


def is_fresh(db: Database) -> bool:
    """Whether the home has no history of its own yet (nothing read, no cards)."""
    return (
        db.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM cards) AND NOT EXISTS (SELECT 1 FROM reading_log)"
            " AND NOT EXISTS (SELECT 1 FROM items WHERE status != 'inbox')"
        ).fetchone()[0]
        == 1
    )


def import_feeds(
    db: Database, feeds: list[dict[str, Any]], now: str, fresh: bool = False
) -> tuple[dict[int, int], int]:
    """Add unknown feeds (in a fresh home, update known ones); returns the id map and count."""
    known = {url: fid for fid, url in db.execute("SELECT id, url FROM feeds")}
    mapping: dict[int, int] = {}
    added = 0
    for n, feed in enumerate(feeds):
        where = f"feeds[{n}]"
        url = r.web_url(feed, "url", where, required=True) or ""
        if url not in known:
            known[url] = _insert_feed(db, feed, url, where, now)
            added += 1
        elif fresh:
            _update_feed(db, known[url], feed, where)
        file_id = r.identifier(feed, "id", where)
        if file_id is not None:
            mapping[file_id] = known[url]
    return mapping, added


def _insert_feed(db: Database, feed: dict[str, Any], url: str, where: str, now: str) -> int:
    cursor = db.execute(
        "INSERT INTO feeds (url, name, site_url, kind, tags, priority, include, exclude,"
        " origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'import', ?)",
        [
            url,
            r.text(feed, "name", where) or url,
            r.web_url(feed, "site_url", where),
            "arxiv" if "arxiv.org" in url else "rss",
            json.dumps(r.strings(feed, "tags", where)),
            _priority(feed, where),
            json.dumps(r.strings(feed, "include", where)),
            json.dumps(r.strings(feed, "exclude", where)),
            now,
        ],
    )
    return int(cursor.lastrowid or 0)


def _priority(feed: dict[str, Any], where: str) -> int:
    """A feed's priority, -3 to 3 (a file from an older scale is brought into range)."""
    return max(-3, min(3, r.integer(feed, "priority", where, 0, -1_000, 1_000) or 0))


def _update_feed(db: Database, feed_id: int, feed: dict[str, Any], where: str) -> None:
    db.execute(
        "UPDATE feeds SET name = COALESCE(?, name), site_url = COALESCE(?, site_url), tags = ?,"
        " priority = ?, include = ?, exclude = ? WHERE id = ?",
        [
            r.text(feed, "name", where),
            r.web_url(feed, "site_url", where),
            json.dumps(r.strings(feed, "tags", where)),
            _priority(feed, where),
            json.dumps(r.strings(feed, "include", where)),
            json.dumps(r.strings(feed, "exclude", where)),
            feed_id,
        ],
    )


class ItemIndex:
    """This home's readings by arXiv id, canonical URL and (link-less) title."""

    def __init__(self, db: Database) -> None:
        self.by_arxiv: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self.by_title: dict[str, int] = {}
        self.rows: dict[int, tuple[str, str | None, str]] = {}
        for iid, arxiv, canonical, title, status, read_at, tags in db.execute(
            "SELECT id, arxiv_id, canonical_url, title, status, read_at, tags FROM items"
        ):
            self.add(iid, arxiv, canonical, title)
            self.rows[iid] = (status, read_at, tags)

    def add(self, iid: int, arxiv: str | None, canonical: str | None, title: str) -> None:
        """Remember a reading's identities (the first one seen keeps each)."""
        if arxiv:
            self.by_arxiv.setdefault(arxiv, iid)
        if canonical:
            self.by_url.setdefault(canonical, iid)
        elif not arxiv:
            self.by_title.setdefault(title.casefold(), iid)

    def find(self, arxiv: str | None, canonical: str | None, title: str) -> int | None:
        """The existing reading with the same identity, if any."""
        if arxiv and arxiv in self.by_arxiv:
            return self.by_arxiv[arxiv]
        if canonical:
            return self.by_url.get(canonical)
        return None if arxiv else self.by_title.get(title.casefold())


ITEM_INSERT = (
    "INSERT INTO items (id, feed_id, url, canonical_url, arxiv_id, title, authors, published,"
    " first_seen, updated_at, summary, minutes, status, snoozed_until, read_at, tags, origin)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import')"
)


def _item_row(
    item: dict[str, Any], where: str, new_id: int, feed_id: int | None, now: str
) -> tuple[Any, ...]:
    url = r.web_url(item, "url", where)
    arxiv = urls.arxiv_id(r.text(item, "arxiv_id", where)) or urls.arxiv_id(url)
    status = r.choice(item, "status", where, STATUSES) or "inbox"
    read_at = r.stamp(item, "read_at", where) if status == "read" else None
    snoozed = (r.day(item, "snoozed_until", where) or now[:10]) if status == "snoozed" else None
    return (
        new_id, feed_id, url, urls.canonical_url(url), arxiv,
        r.text(item, "title", where, required=True, limit=r.MAX_TITLE),
        json.dumps(r.strings(item, "authors", where)),
        r.stamp(item, "published", where), now, now,
        r.body(item, "summary", where),
        max(1, r.integer(item, "minutes", where, 5, 0, MAX_MINUTES) or 5),
        status, snoozed, read_at,
        json.dumps(r.strings(item, "tags", where)),
    )  # fmt: skip


def import_items(
    db: Database,
    items: list[dict[str, Any]],
    feed_ids: dict[int, int],
    now: str,
    fresh: bool = False,
) -> tuple[dict[int, int], int, int]:
    """Add new readings and merge known ones; returns the id map, added and merged counts."""
    index = ItemIndex(db)
    ids = card_import.IdPool(db, "items")
    mapping: dict[int, int] = {}
    new_rows, merges = [], []
    for n, item in enumerate(items):
        where = f"items[{n}]"
        file_feed = r.identifier(item, "feed_id", where)
        file_id = r.identifier(item, "id", where)
        row = _item_row(item, where, 0, feed_ids.get(file_feed or -1), now)
        found = index.find(row[4], row[3], row[5])
        if found is None:
            found = ids.take(file_id)
            index.add(found, row[4], row[3], row[5])
            index.rows[found] = (row[12], row[14], row[15])
            new_rows.append((found, *row[1:]))
        else:
            merge = _restore(index.rows[found], row) if fresh else _merge(index.rows[found], row)
            if merge:
                merges.append((*merge, now, merge[0], row[13] or now[:10], found))
        if file_id is not None:
            mapping[file_id] = found
    db.conn.executemany(ITEM_INSERT, new_rows)
    db.conn.executemany(
        "UPDATE items SET status = ?, read_at = ?, tags = ?, updated_at = ?, snoozed_until ="
        " CASE WHEN ? = 'snoozed' THEN COALESCE(snoozed_until, ?) END WHERE id = ?",
        merges,
    )
    return mapping, len(new_rows), len(merges)


def _restore(existing: tuple[str, str | None, str], row: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """Into a fresh home, the file's status, read time and tags (None if already so)."""
    wanted = (row[12], row[14], row[15])
    return None if wanted == existing else wanted


def _merge(existing: tuple[str, str | None, str], row: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The changed (status, read_at, tags) for a known reading, or None if nothing changes."""
    status, read_at, tags = existing
    have = json.loads(tags)
    union = have + [t for t in json.loads(row[15]) if t not in have]
    if row[12] == "read" and status != "read":
        status, read_at = "read", row[14]
    if (status, read_at, union) == (existing[0], existing[1], have):
        return None
    return status, read_at, json.dumps(union)


def log_reads(db: Database, item_ids: list[int]) -> None:
    """Give read readings without a reading-log entry one, so calendars and streaks count them."""
    starts = settings.day_starts(db)
    logged = {i for (i,) in db.execute("SELECT item_id FROM reading_log WHERE event = 'read'")}
    rows = []
    wanted = set(item_ids) - logged
    for iid, read_at, minutes in db.execute(
        "SELECT id, read_at, minutes FROM items WHERE status = 'read' AND read_at IS NOT NULL"
    ):
        if iid in wanted:
            day = study_day(from_iso(read_at), starts).isoformat()
            rows.append((iid, read_at, day, minutes))
    db.conn.executemany(
        "INSERT INTO reading_log (item_id, event, at, day, minutes) VALUES (?, 'read', ?, ?, ?)",
        rows,
    )


def import_tracks(
    db: Database, tracks: list[dict[str, Any]], item_ids: dict[int, int], now: str
) -> int:
    """Add unknown tracks by name, and any readings missing from known ones (at the end)."""
    known = {name: tid for tid, name in db.execute("SELECT id, name FROM tracks")}
    slugs = {s for (s,) in db.execute("SELECT slug FROM tracks")}
    added = 0
    for n, track in enumerate(tracks):
        where = f"tracks[{n}]"
        name = r.text(track, "name", where, required=True) or ""
        if name not in known:
            slug = _free_slug(name, slugs)
            cursor = db.execute(
                "INSERT INTO tracks (slug, name, origin, created_at) VALUES (?, ?, 'import', ?)",
                [slug, name, now],
            )
            known[name], added = int(cursor.lastrowid or 0), added + 1
        _track_members(db, known[name], track, item_ids, where)
    return added


def _free_slug(name: str, taken: set[str]) -> str:
    base = "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split()) or "track"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _track_members(
    db: Database, track_id: int, track: dict[str, Any], item_ids: dict[int, int], where: str
) -> None:
    members = track.get("items") or []
    if not isinstance(members, list) or not all(
        isinstance(m, int) and not isinstance(m, bool) for m in members
    ):
        raise r.fail(where, "has 'items' that are not a list of reading ids")
    start = db.execute(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM track_items WHERE track_id = ?", [track_id]
    ).fetchone()[0]
    rows = [(track_id, item_ids[m], start + k) for k, m in enumerate(members) if m in item_ids]
    db.conn.executemany(
        "INSERT OR IGNORE INTO track_items (track_id, item_id, position) VALUES (?, ?, ?)", rows
    )


def import_document(db: Database, document: dict[str, Any], now: datetime) -> ImportResult:
    """Merge a whole export into the home in one transaction."""
    stamp = to_iso(now)
    result = ImportResult()
    with store.transaction(db):
        fresh = is_fresh(db)
        result.settings = import_settings(db, document.get("settings"))
        fsrs = json_v2.import_fsrs(db, document, fresh)  # after the settings it may take
        feed_ids, result.feeds = import_feeds(db, r.records(document, "feeds"), stamp, fresh)
        item_ids, result.items, result.items_merged = import_items(
            db, r.records(document, "items"), feed_ids, stamp, fresh
        )
        log_reads(db, list(item_ids.values()))
        result.tracks = import_tracks(db, r.records(document, "tracks"), item_ids, stamp)
        refs = mentor_io.References(item_ids)
        cards = card_import.import_cards(
            db, r.records(document, "cards"), item_ids, now, fsrs, refs.cards
        )
        result.cards, result.cards_merged, result.reviews = cards
        result.highlights = highlight_io.import_highlights(
            db, document, item_ids, stamp, refs.highlights
        )
        import_mentor_loop(db, document, refs, now, result)
        result.item_ids = item_ids
    return result


def import_mentor_loop(
    db: Database,
    document: dict[str, Any],
    refs: mentor_io.References,
    now: datetime,
    result: ImportResult,
) -> None:
    """Questions, meetings, advice, plans and days off, after what they point at."""
    stamp = to_iso(now)
    result.questions = mentor_io.import_questions(db, document, refs, stamp)
    result.meetings = mentor_io.import_meetings(db, document, refs, stamp)
    result.advice = mentor_io.import_advice(db, document, refs, now)
    result.plans = plans_io.import_plans(db, document, stamp)
    result.days_off = plans_io.import_days_off(db, document, now)


def import_file(db: Database, path: Path, now: datetime) -> ImportResult:
    """Read an export file and merge it into the home."""
    return import_document(db, read_document(path), now)
