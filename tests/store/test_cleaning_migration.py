"""Migration 0009 makes values stored by earlier versions valid by today's rules, so nothing
stored can poison a later command (issue 18): a feed address with a bad port, a non-ASCII
ETag, unpadded years, invisible characters, learning steps of 10^20 days."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from feeds_server import FeedServer, Reply, fixture_bytes, server_fixture  # noqa: F401

from curriculum import store
from curriculum.text import is_clean
from tests.conftest import FIXTURES

V1 = FIXTURES / "db" / "v1.db"
STAMP = "2026-11-20T10:00:00.000Z"


def poison(path: Path, good_feed: str) -> None:
    """Write what older versions let in, straight into a v1 database."""
    raw = sqlite3.connect(path)
    rows = [
        ("http://bad.example:99999/feed", "Bad\u2028port", '"caf\xe9"', "yesterday\x85"),
        (good_feed, "Good\u061cfeed", '"ok"', "Sat, 21 Nov 2026 10:00:00 GMT"),
        ("https://space.example/a b", "Spaced", None, None),
    ]
    for url, name, etag, modified in rows:
        raw.execute(
            "INSERT INTO feeds (url, name, etag, last_modified, created_at, tags)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [url, name, etag, modified, "1-01-01T00:00:00.000Z", json.dumps(["t\u202eag"])],
        )
    feed_id = raw.execute("SELECT id FROM feeds WHERE name = 'Bad\u2028port'").fetchone()[0]
    item = raw.execute(
        "INSERT INTO items (feed_id, url, canonical_url, title, authors, summary, published,"
        " first_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [feed_id, "https://x.example:70000/p", "https://x.example:70000/p", "Ti\u061ctle\u2029",
         json.dumps(["A\x1b[2Jn"]), "Sum\u2028mary\x9b", "999-01-01T00:00:00.000Z", STAMP, STAMP],
    ).lastrowid  # fmt: skip
    raw.execute(
        "INSERT INTO item_sources (feed_id, guid, item_id) VALUES (?, ?, ?)",
        [feed_id, "guid\x9b31m\u2028x", item],
    )
    raw.execute(
        "INSERT INTO settings (key, value) VALUES ('cards.learning_steps', ?)",
        [json.dumps("99999999999999999999d")],
    )
    raw.execute(
        "UPDATE cards SET front = front || '\u2029\u061c' WHERE id = (SELECT MIN(id) FROM cards)"
    )
    raw.commit()
    raw.close()


def test_stored_poison_is_cleaned_and_later_commands_work(
    cli, home: Path, server: FeedServer
) -> None:
    server.routes["/good"] = Reply(body=fixture_bytes("feedrs_rss_2.0_ghost_2.xml"))
    path = home / "curriculum.db"
    shutil.copyfile(V1, path)
    poison(path, server.url("/good"))
    store.open_db(path).close()  # the upgrade

    raw = sqlite3.connect(path)
    columns = "name, url, status, error, etag, last_modified, created_at, tags"
    feeds = {r[0]: r[1:] for r in raw.execute(f"SELECT {columns} FROM feeds")}
    bad = feeds["Bad port"]
    assert bad[0] == "http://bad.example:99999/feed" and bad[1] == "error"
    assert "is not a web address" in bad[2] and bad[3] is None and bad[4] is None
    assert bad[5] == "0001-01-01T00:00:00.000Z" and json.loads(bad[6]) == ["tag"]
    assert feeds["Goodfeed"][3:5] == ('"ok"', "Sat, 21 Nov 2026 10:00:00 GMT")
    assert feeds["Spaced"][0] == "https://space.example/a%20b"
    url, canonical, title, authors, summary, published = raw.execute(
        "SELECT url, canonical_url, title, authors, summary, published FROM items"
        " WHERE title LIKE 'Ti%tle%'"
    ).fetchone()
    assert (url, canonical, title) == (None, None, "Title")
    assert json.loads(authors) == ["A[2Jn"] and summary == "Sum\nmary"
    assert published == "0999-01-01T00:00:00.000Z"
    assert raw.execute("SELECT guid FROM item_sources WHERE guid LIKE 'guid%'").fetchone() == (
        "guid31m x",
    )
    assert (
        raw.execute("SELECT 1 FROM settings WHERE key = 'cards.learning_steps'").fetchone() is None
    )
    assert all(is_clean(front) for (front,) in raw.execute("SELECT front FROM cards"))
    raw.close()

    later = [["feed", "add", "https://new.example/feed", "--no-fetch"], ["cards", "--due"],
             ["feed", "list"], ["items"], ["fetch", "Goodfeed"], ["opml", "export"]]  # fmt: skip
    for args in later:
        result = cli(*args)
        assert result.returncode == 0 and result.stderr == "", (args, result.stderr)
    fetched = cli("fetch", "Bad port")  # flagged, and a clean error rather than a crash
    assert fetched.returncode == 1 and "Traceback" not in fetched.stderr
    sent = server.requests[-1][1]
    assert sent.get("If-None-Match") == '"ok"'
