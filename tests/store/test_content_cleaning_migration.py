"""Migration 0012 cleans reading bodies stored before this version's text cleaning: a feed's
HTML (`items.content_html`), its converted Markdown (`items.content_md`) and the whole texts
kept for offline reading (`reading_texts.markdown`) lose terminal escapes, C0/C1 controls,
bidi overrides and zero-width characters, exactly as ingest removes them now; every other
value, and every clean body, is left as it was."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from curriculum import store
from curriculum.store import cleaning
from curriculum.text import is_clean, strip_controls
from tests.store.upgrades import V1, v1_before

MIGRATION = "0012_clean_reading_contents"
HOSTILE_HTML = (
    "<p>Red \x1b[31malert\x1b[0m, a title \x1b]0;pwned\x07 and a CSI \x9b2J;"
    " bidi \u202eevil\u202c, zero\u200bwidth\ufeff, NUL \x00 and DEL \x7f.</p>\r\n<p>Next</p>"
)
CLEAN_HTML = (
    "<p>Red [31malert[0m, a title ]0;pwned and a CSI 2J;"
    " bidi evil, zerowidth, NUL  and DEL .</p>\n<p>Next</p>"
)
HOSTILE_MD = "# Head\u2028line\n\nText \x1b[2J\x1bc with \u2066isolate\u2069 \x85end"
CLEAN_MD = "# Head\nline\n\nText [2Jc with isolate \nend"


def _digest(raw: sqlite3.Connection, sql: str) -> str:
    return hashlib.sha256(repr(raw.execute(sql).fetchall()).encode()).hexdigest()


def _at_0011(home: Path) -> Path:
    """The v1 fixture upgraded by the previous version (every migration before this one)."""
    return v1_before(home, MIGRATION)


def _poison(path: Path) -> list[int]:
    """Hostile bodies written as older versions stored them; returns the readings poisoned."""
    raw = sqlite3.connect(path)
    ids = [r[0] for r in raw.execute(
        "SELECT id FROM items WHERE content_html IS NOT NULL ORDER BY id LIMIT 2"
    )]  # fmt: skip
    raw.execute("UPDATE items SET content_html = ?, content_md = ? WHERE id = ?",
                [HOSTILE_HTML, HOSTILE_MD, ids[0]])  # fmt: skip
    raw.execute("UPDATE items SET content_md = ? WHERE id = ?", [HOSTILE_MD, ids[1]])
    raw.execute(
        "INSERT INTO reading_texts (item_id, source, markdown, words, fetched_at)"
        " VALUES (?, 'page', ?, 9, '2026-11-20T10:00:00.000Z')",
        [ids[1], HOSTILE_MD],
    )
    raw.commit()
    raw.close()
    return ids


def test_the_upgrade_cleans_stored_reading_bodies(home: Path) -> None:
    # what ingest stores for such a body (`feeds.parse` and the Markdown conversion)
    assert (strip_controls(HOSTILE_HTML), strip_controls(HOSTILE_MD)) == (CLEAN_HTML, CLEAN_MD)
    path = _at_0011(home)
    first, second = _poison(path)
    raw = sqlite3.connect(path)
    untouched = (
        f"SELECT id, content_html, content_md FROM items WHERE id NOT IN ({first}, {second})"
    )
    before = _digest(raw, untouched)
    raw.close()

    store.open_db(path).close()  # the upgrade

    raw = sqlite3.connect(path)
    assert raw.execute(
        "SELECT content_html, content_md FROM items WHERE id = ?", [first]
    ).fetchone() == (CLEAN_HTML, CLEAN_MD)
    assert raw.execute("SELECT content_md FROM items WHERE id = ?", [second]).fetchone() == (
        CLEAN_MD,
    )
    assert raw.execute(
        "SELECT markdown FROM reading_texts WHERE item_id = ?", [second]
    ).fetchone() == (CLEAN_MD,)
    bodies = raw.execute(
        "SELECT content_html FROM items WHERE content_html IS NOT NULL UNION ALL"
        " SELECT content_md FROM items WHERE content_md IS NOT NULL UNION ALL"
        " SELECT markdown FROM reading_texts"
    ).fetchall()
    assert bodies and all(is_clean(body) for (body,) in bodies)
    assert _digest(raw, untouched) == before, "clean bodies are not rewritten"
    raw.close()


def test_a_first_release_database_is_cleaned_too(home: Path) -> None:
    path = home / "curriculum.db"
    shutil.copyfile(V1, path)
    raw = sqlite3.connect(path)
    item = raw.execute("SELECT MIN(id) FROM items WHERE content_html IS NOT NULL").fetchone()[0]
    raw.execute("UPDATE items SET content_html = ? WHERE id = ?", [HOSTILE_HTML, item])
    raw.commit()
    raw.close()
    store.open_db(path).close()
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT content_html FROM items WHERE id = ?", [item]).fetchone() == (
        CLEAN_HTML,
    )
    raw.close()


def test_cleaning_again_changes_nothing(home: Path) -> None:
    path = _at_0011(home)
    _poison(path)
    db = store.open_db(path)
    assert cleaning.clean_contents(db) == 0
    db.close()
