"""Making stored values valid by today's rules (run once, by migrations 0009 and 0012).

Earlier versions stored some outside values unchecked: feed and reading text with
invisible or line-breaking characters, addresses with bad ports or brackets, header
validators that could not be sent back, page bodies with terminal escapes and bidi
overrides. Each function here rewrites only the rows that need it, with the same cleaning
new values get at the door (`text`, `urls`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from curriculum import urls
from curriculum.store.database import Database
from curriculum.text import clean_line, is_clean, strip_controls

_VALIDATOR = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*")


def _words(value: Any, limit: int = 100, ascii_only: bool = True) -> str:
    """A stored JSON list of short strings, cleaned (a damaged list becomes empty)."""
    try:
        items = json.loads(value or "[]")
    except ValueError:
        return "[]"
    if not isinstance(items, list):
        return "[]"
    cleaned = (clean_line(str(item), limit) for item in items)
    kept = list(dict.fromkeys(item for item in cleaned if item))
    return json.dumps(kept, ensure_ascii=ascii_only)


def _tidy_url(value: str | None) -> str | None:
    """A stored address as today's check writes it, or None when it is not a web address.
    A valid address is rewritten only if it carries characters the check removes."""
    if value is None:
        return None
    good = urls.web_url_or_none(value)
    if good is None:
        return None
    dirty = not is_clean(value) or any(char.isspace() for char in value)
    return good if dirty else value


def _validator(value: str | None) -> str | None:
    if value is None or (len(value) <= 512 and _VALIDATOR.fullmatch(value)):
        return value
    return None


def _apply(db: Database, table: str, row_id: int, changes: dict[str, Any]) -> None:
    if changes:
        columns = ", ".join(f"{name} = ?" for name in changes)
        db.conn.execute(f"UPDATE {table} SET {columns} WHERE id = ?", [*changes.values(), row_id])


def _rows(db: Database, sql: str) -> Iterator[dict[str, Any]]:
    """Each row `sql` selects, as a dict by column name (all are read before the first is
    given, so the caller may rewrite them as it goes)."""
    cursor = db.conn.execute(sql)
    names = [d[0] for d in cursor.description]
    for values in cursor.fetchall():
        yield dict(zip(names, values, strict=True))


def _diff(row: dict[str, Any], fixes: dict[str, Callable[[Any], Any]]) -> dict[str, Any]:
    """The columns whose cleaned value differs from the stored one."""
    changes = {}
    for column, fix in fixes.items():
        new = fix(row[column])
        if new != row[column]:
            changes[column] = new
    return changes


def clean_feeds(db: Database) -> None:
    """Feed names, errors, word lists and validators; a feed whose own address is not a
    web address is kept, flagged with a sentence saying to add it again."""
    for row in _rows(
        db,
        "SELECT id, url, name, site_url, etag, last_modified, error, tags, include, exclude"
        " FROM feeds",
    ):
        changes = _diff(
            row,
            {
                "name": lambda v: clean_line(v, 200) or "(unnamed feed)",
                "site_url": _tidy_url,
                "etag": _validator,
                "last_modified": _validator,
                "error": lambda v: clean_line(v, 500) or None,
                "tags": _words,
                "include": _words,
                "exclude": _words,
            },
        )
        changes.update(_feed_url(db, row["id"], row["url"]))
        _apply(db, "feeds", row["id"], changes)


def _feed_url(db: Database, feed_id: int, url: str) -> dict[str, Any]:
    good = _tidy_url(url)
    if good is None:
        return {
            "status": "error",
            "error": f"This feed's address ({urls.shown(url)}) is not a web address; "
            "remove the feed and add it again with its right address.",
        }
    taken = db.conn.execute(
        "SELECT 1 FROM feeds WHERE url = ? AND id != ?", [good, feed_id]
    ).fetchone()
    return {"url": good} if good != url and not taken else {}


def _authors(value: Any) -> str:
    return _words(value, 200, ascii_only=False)  # as ingest writes them


def clean_items(db: Database) -> None:
    """Reading titles, authors, summaries, concept tags and links (a link that is not a web
    address is dropped, and the reading's identity follows its link)."""
    for row in _rows(db, "SELECT id, url, canonical_url, title, authors, summary, tags FROM items"):
        changes = _diff(
            row,
            {
                "url": _tidy_url,
                "title": lambda v: clean_line(v) or "(untitled)",
                "authors": _authors,
                "summary": lambda v: strip_controls(v or "").strip(),
                "tags": _words,
            },
        )
        bad_canonical = row["canonical_url"] and urls.web_url_or_none(row["canonical_url"]) is None
        if "url" in changes or bad_canonical:
            changes["canonical_url"] = urls.canonical_url(changes.get("url", row["url"]))
        _apply(db, "items", row["id"], changes)
    _clean_guids(db)


def _clean_guids(db: Database) -> None:
    """Guids are stored as the parser now makes them (controls removed, whitespace runs one
    space: `feeds.parse.clean_guid`), so the next fetch still recognises each entry."""
    rows = db.conn.execute("SELECT feed_id, guid, item_id FROM item_sources").fetchall()
    for feed_id, guid, item_id in rows:
        new = " ".join(strip_controls(guid).split())[:2000] or f"cleaned:{item_id}"
        if new == guid:
            continue
        db.conn.execute("DELETE FROM item_sources WHERE feed_id = ? AND guid = ?", [feed_id, guid])
        db.conn.execute(
            "INSERT OR IGNORE INTO item_sources (feed_id, guid, item_id) VALUES (?, ?, ?)",
            [feed_id, new, item_id],
        )


def clean_cards(db: Database) -> None:
    """Card sides and tags, and track names and descriptions."""
    for row in _rows(db, "SELECT id, front, back, tags FROM cards"):
        changes = _diff(row, {"front": strip_controls, "back": strip_controls, "tags": _words})
        _apply(db, "cards", row["id"], changes)
    for row in _rows(db, "SELECT id, name, description FROM tracks"):
        changes = _diff(
            row,
            {"name": lambda v: clean_line(v) or "(unnamed track)", "description": strip_controls},
        )
        _apply(db, "tracks", row["id"], changes)


CONTENT_COLUMNS = (
    ("items", "id", "content_html"),  # the feed's HTML body (`feeds.parse`)
    ("items", "id", "content_md"),  # its Markdown, converted when first opened
    ("reading_texts", "item_id", "markdown"),  # whole texts kept for offline reading
)


def clean_contents(db: Database) -> int:
    """Reading bodies stored before ingest cleaned them lose control, bidi, zero-width and
    invisible characters (`strip_controls`, as `feeds.parse` and the HTML-to-Markdown
    conversion now do); returns how many values changed. Rows are read one at a time and
    only those that change are written."""
    changed = 0
    for table, key, column in CONTENT_COLUMNS:
        rows = db.conn.execute(f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL")
        fixes = [(strip_controls(value), row_id) for row_id, value in rows if not is_clean(value)]
        db.conn.executemany(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", fixes)
        changed += len(fixes)
    return changed


STEP = re.compile(r"([0-9]{1,12})([smhd])")
STEP_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _steps_ok(value: Any) -> bool:
    """Learning steps as today's check allows them (each at most 36500 days, 20 at most)."""
    if not isinstance(value, str):
        return False
    parts = value.split()
    matches = [STEP.fullmatch(part) for part in parts]
    return len(parts) <= 20 and all(
        m is not None and int(m[1]) * STEP_SECONDS[m[2]] <= 36500 * 86400 for m in matches
    )


def clean_settings(db: Database) -> None:
    """Learning steps stored before steps had a bound (`99999999999999999999d`, which
    overflowed every review) go back to their defaults. The other settings always had one."""
    for key in ("cards.learning_steps", "cards.relearning_steps"):
        row = db.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        if row is None:
            continue
        try:
            value = json.loads(row[0])
        except ValueError:
            value = None
        if not _steps_ok(value):
            db.conn.execute("DELETE FROM settings WHERE key = ?", [key])
