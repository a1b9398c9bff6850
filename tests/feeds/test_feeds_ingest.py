"""Storing entries: one item per real reading, filters, and removal that keeps history."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from curriculum.clock import to_iso
from curriculum.feeds import ingest, manage
from curriculum.feeds.filters import Filters, matches
from curriculum.feeds.model import Entry
from curriculum.feeds.parse import parse_feed
from curriculum.store import Database, transaction

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
ARXIV_RSS = (FEEDS / "arxiv_rss_multi_cs_LG_AI_CL_statML.xml").read_bytes()


def entries(body: bytes, url: str = "https://example.org/feed") -> list[Entry]:
    return parse_feed(body, {"content-type": "application/xml"}, url).entries


def add_feed(db: Database, url: str, now: datetime, **options: object) -> int:
    with transaction(db):
        return manage.insert_feed(db, url, now, manage.FeedOptions(**options))  # type: ignore[arg-type]


def store(db: Database, feed_id: int, batch: list[Entry], now: datetime) -> ingest.IngestResult:
    with transaction(db):
        return ingest.store_entries(db, feed_id, batch, ingest.feed_filters(db, feed_id), now)


def count(db: Database, sql: str = "SELECT COUNT(*) FROM items") -> int:
    return int(db.execute(sql).fetchone()[0])


def entry(guid: str, url: str, title: str = "A post", **extra: object) -> Entry:
    values: dict[str, object] = {
        "guid": guid,
        "title": title,
        "url": url,
        "authors": ["Ann"],
        "published": None,
        "summary": "about reward hacking",
        "content_html": "<p>about reward hacking</p>",
        "words": 3,
        "minutes": 1,
    }
    values.update(extra)
    return Entry(**values)  # type: ignore[arg-type]


def test_storing_the_same_feed_twice_adds_nothing(bare_db: Database, now: datetime) -> None:
    feed = add_feed(bare_db, "https://example.org/feed", now)
    batch = entries((FEEDS / "nnw_489.rss").read_bytes())
    first = store(bare_db, feed, batch, now)
    second = store(bare_db, feed, batch, now + timedelta(hours=1))
    assert (first.new, second.new, second.updated) == (10, 0, 0)
    assert count(bare_db) == 10
    row = bare_db.execute("SELECT status, origin, authors FROM items LIMIT 1").fetchone()
    assert row[:2] == ("inbox", "feed") and json.loads(row[2]) == ["Hodl Hodl"]


def test_duplicate_guids_in_one_feed_are_one_item(bare_db: Database, now: datetime) -> None:
    feed = add_feed(bare_db, "https://example.com/atom", now)
    batch = entries((FEEDS / "newsboat_items_without_titles.xml").read_bytes())
    assert len(batch) == 5
    assert store(bare_db, feed, batch, now).new == 3


def test_same_page_anchors_in_one_feed_stay_separate(bare_db: Database, now: datetime) -> None:
    feed = add_feed(bare_db, "http://scripting.com/rss.xml", now)
    batch = entries((FEEDS / "nnw_scriptingNews.rss").read_bytes())
    store(bare_db, feed, batch, now)
    assert len(batch) == 50
    assert count(bare_db) == len({e.guid for e in batch}) == 48  # two guids repeat upstream


def test_the_same_post_from_two_feeds_is_one_item(bare_db: Database, now: datetime) -> None:
    a = add_feed(bare_db, "https://a.example/feed", now)
    b = add_feed(bare_db, "https://b.example/feed", now)
    store(bare_db, a, [entry("a-1", "https://blog.example/post#top")], now)
    result = store(bare_db, b, [entry("b-9", "http://www.blog.example/post/?utm_source=x")], now)
    assert result.new == 0 and count(bare_db) == 1
    assert count(bare_db, "SELECT COUNT(*) FROM item_sources") == 2
    assert bare_db.execute("SELECT feed_id FROM items").fetchone()[0] == a


def test_arxiv_paper_in_two_feed_shapes_and_a_new_version_is_one_item(
    bare_db: Database, now: datetime
) -> None:
    rss = add_feed(bare_db, "https://rss.arxiv.org/rss/cs.LG", now)
    api = add_feed(bare_db, "https://export.arxiv.org/api/query?search_query=x", now)
    original = entries(ARXIV_RSS)
    store(bare_db, rss, original, now)
    paper = original[0]
    assert paper.arxiv_id == "2609.26811"
    revised = ARXIV_RSS.replace(b"2609.26811v1", b"2609.26811v2").replace(
        b"The Drift Contract", b"The Drift Contract, revised"
    )
    result = store(bare_db, rss, entries(revised), now + timedelta(days=1))
    assert result.new == 0 and result.updated == 1
    title = "SELECT title FROM items WHERE arxiv_id = '2609.26811'"
    assert bare_db.execute(title).fetchone()[0].startswith("The Drift Contract, revised")
    api_shape = entry(
        "http://arxiv.org/abs/2609.26811v3", "https://arxiv.org/pdf/2609.26811v3", "Drift"
    )
    api_shape.arxiv_id = "2609.26811"
    assert store(bare_db, api, [api_shape], now).new == 0
    assert count(bare_db, "SELECT COUNT(*) FROM items WHERE arxiv_id = '2609.26811'") == 1
    assert count(bare_db, "SELECT COUNT(*) FROM item_sources WHERE guid LIKE '%2609.26811%'") == 3
    assert count(bare_db) == len(original)


def test_updates_keep_status_and_history(bare_db: Database, now: datetime) -> None:
    feed = add_feed(bare_db, "https://a.example/feed", now)
    store(bare_db, feed, [entry("g", "https://a.example/1", "Old title")], now)
    bare_db.execute("UPDATE items SET status = 'read'")
    store(bare_db, feed, [entry("g", "https://a.example/1", "New title")], now)
    assert bare_db.execute("SELECT title, status FROM items").fetchone() == ("New title", "read")


def test_missing_and_future_dates_become_first_seen(bare_db: Database, now: datetime) -> None:
    feed = add_feed(bare_db, "https://a.example/feed", now)
    future = to_iso(now + timedelta(days=400))
    store(
        bare_db,
        feed,
        [entry("1", "https://a.example/1"), entry("2", "https://a.example/2", published=future)],
        now,
    )
    dates = {row[0] for row in bare_db.execute("SELECT published FROM items")}
    assert dates == {to_iso(now)}


def test_keyword_filters_match_whole_words_ignoring_case() -> None:
    assert matches("New RLHF results", ["rlhf"])
    assert matches("on reward   hacking", ["Reward hacking"])
    assert not matches("she said so", ["AI"])
    assert matches("C++ tips", ["c++"])
    keep = Filters(include=("alignment",), exclude=("crypto",))
    assert keep.keep(entry("1", "https://x/1", "Alignment news"))
    assert not keep.keep(entry("2", "https://x/2", "Alignment crypto"))
    assert not keep.keep(entry("3", "https://x/3", "Cooking", summary="pasta"))


def test_feed_filters_and_announce_types_apply_at_ingest(bare_db: Database, now: datetime) -> None:
    feed = add_feed(
        bare_db, "https://rss.arxiv.org/rss/cs.LG", now, announce_types=("new",), exclude=("drug",)
    )
    batch = entries(ARXIV_RSS)
    store(bare_db, feed, batch, now)
    kept = [e for e in batch if e.announce_type == "new" and "drug" not in e.summary.lower()]
    assert 0 < count(bare_db) == len(kept) < len(batch)
    assert {r[0] for r in bare_db.execute("SELECT announce_type FROM items")} == {"new"}


def test_remove_keeps_read_and_carded_readings(bare_db: Database, now: datetime) -> None:
    feed = add_feed(bare_db, "https://a.example/feed", now)
    other = add_feed(bare_db, "https://b.example/feed", now)
    store(bare_db, feed, [entry(str(n), f"https://a.example/{n}") for n in range(4)], now)
    store(bare_db, other, [entry("x", "https://a.example/3")], now)
    ids = [r[0] for r in bare_db.execute("SELECT id FROM items ORDER BY id")]
    bare_db.execute("UPDATE items SET status = 'read' WHERE id = ?", [ids[0]])
    stamp = to_iso(now)
    bare_db.table("cards").insert(
        {"item_id": ids[1], "front": "q", "due": stamp, "created_at": stamp, "updated_at": stamp}
    )
    name, removed, kept = manage.remove_feed(bare_db, feed)
    assert (name, removed, kept) == ("a.example", 1, 3)
    remaining = {r[0]: r[1] for r in bare_db.execute("SELECT id, feed_id FROM items")}
    assert remaining == {ids[0]: None, ids[1]: None, ids[3]: other}
    assert count(bare_db, "SELECT COUNT(*) FROM feeds") == 1
