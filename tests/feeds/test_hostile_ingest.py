"""The hostile corpus through the real pipeline (loopback fetch, parse, ingest, import):
what is stored is clean, bounded and never includes a local file or an active link."""

from __future__ import annotations

import time
import tracemalloc
from datetime import datetime
from pathlib import Path

import pytest
from feeds_server import FeedServer, server_fixture  # noqa: F401

from curriculum.clock import to_iso
from curriculum.feeds import opml
from curriculum.feeds.model import FeedError
from curriculum.feeds.parse import parse_feed
from curriculum.library.content import html_to_markdown
from curriculum.store import Database
from tests.hostile_data import HOSTILE, load, unsafe_characters

SECRET = Path("/etc/hostname")


@pytest.fixture
def hostile(bare_db: Database, server: FeedServer, now: datetime, tmp_path: Path) -> dict:
    return load(bare_db, server, now, tmp_path)


def every_text(db: Database) -> str:
    """All stored display text (feed HTML bodies excepted: they are converted on display)."""
    rows = db.execute(
        "SELECT title || authors || summary || COALESCE(url, '') FROM items"
        " UNION ALL SELECT name || COALESCE(error, '') || url FROM feeds"
        " UNION ALL SELECT front || back || tags FROM cards"
    )
    return "\n".join(r[0] for r in rows)


def test_stored_text_has_no_controls_bidi_or_zero_width(bare_db: Database, hostile: dict) -> None:
    text = every_text(bare_db)
    assert "[bold red]Pwned[/bold red]" in text  # kept literally, as data
    assert not unsafe_characters(text), unsafe_characters(text)
    longest = bare_db.execute("SELECT MAX(LENGTH(title)) FROM items").fetchone()[0]
    assert longest <= 1000  # the 100 KB title is capped


def test_no_local_file_is_ever_read_into_the_library(bare_db: Database, hostile: dict) -> None:
    title = bare_db.execute("SELECT title FROM items WHERE id = ?", [hostile["xxe"]]).fetchone()
    assert title[0] == "Secret: &xxe;"  # the external entity was not resolved
    everything = every_text(bare_db) + "".join(
        r[0] or "" for r in bare_db.execute("SELECT content_html FROM items")
    )
    if SECRET.exists() and len(SECRET.read_text().strip()) >= 4:
        assert SECRET.read_text().strip() not in everything
    assert "root:x:0:0" not in everything


def test_only_web_links_are_stored_or_rendered(bare_db: Database, hostile: dict) -> None:
    links = [r[0] for r in bare_db.execute("SELECT url FROM items WHERE url IS NOT NULL")]
    assert links and all(u.startswith(("http://", "https://")) for u in links), links
    imported = bare_db.execute("SELECT url FROM items WHERE id = ?", [hostile["imported"]])
    assert imported.fetchone()[0] is None  # a file: link in an import file is dropped
    for key in ("badlinks", "scripts"):
        html = bare_db.execute("SELECT content_html FROM items WHERE id = ?", [hostile[key]])
        markdown = html_to_markdown(html.fetchone()[0], "https://hostile.example/")
        for bad in ("javascript:", "data:", "file:", "<script", "onclick", "iframe", "onerror"):
            assert bad not in markdown, (key, bad, markdown)
    assert "Visible paragraph" in markdown


def test_missing_fields_duplicate_guids_and_dates(
    bare_db: Database, hostile: dict, now: datetime
) -> None:
    rows = {
        title: (url, published)
        for title, url, published in bare_db.execute("SELECT title, url, published FROM items")
    }
    assert rows["No title, no link, no guid at all"] == (None, to_iso(now))
    assert rows["Duplicate guid one"] == ("https://hostile.example/dup1", to_iso(now))
    assert "Duplicate guid two" not in rows  # never mixed into the first one
    assert rows["Unparseable date"][1] == to_iso(now)
    assert rows["Far future date"][1] == to_iso(now)  # clamped, so it cannot pin the top


def test_entity_bombs_stay_small_and_fast() -> None:
    body = (HOSTILE / "billion_laughs.xml").read_bytes()
    tracemalloc.start()
    started = time.monotonic()
    parsed = parse_feed(body, {"content-type": "application/rss+xml"}, "https://h.example/")
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 2 and peak < 50 * 1024 * 1024
    assert len(parsed.entries) == 1 and len(parsed.entries[0].title) < 100


def test_wrong_encoding_is_read_without_crashing() -> None:
    body = (HOSTILE / "wrong_encoding.xml").read_bytes()
    parsed = parse_feed(body, {"content-type": "application/rss+xml; charset=utf-8"}, "")
    assert parsed.entries[0].title == "Café naïve"


def test_opml_follows_only_web_feed_urls(bare_db: Database, now: datetime) -> None:
    result = opml.import_opml(bare_db, (HOSTILE / "opml_schemes.opml").read_bytes(), now)
    urls = [r[0] for r in bare_db.execute("SELECT url FROM feeds")]
    assert urls == ["https://hostile.example/feed.xml"]
    assert result.skipped >= 5
    name = bare_db.execute("SELECT name FROM feeds").fetchone()[0]
    assert name == "[bold]ok[/bold]"


def test_opml_entity_bombs_and_external_entities_are_refused() -> None:
    started = time.monotonic()
    with pytest.raises(FeedError, match="not a readable OPML file"):
        opml.parse_opml((HOSTILE / "opml_entities.opml").read_bytes())
    assert time.monotonic() - started < 2


def test_opml_import_cli_never_fetches_or_runs_anything(cli, server: FeedServer, home) -> None:
    result = cli("opml", "import", str(HOSTILE / "opml_schemes.opml"))
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stdout.lower()
    assert not server.requests
    assert not (Path.home() / "rm -rf ~").exists()
