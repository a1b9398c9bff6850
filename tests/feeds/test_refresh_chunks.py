"""A big feed is stored in bounded transactions, so no writer holds the lock for long, and a
refresh stopped midway is completed by the next one without duplicates."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from feeds_server import FeedServer, Reply, repeated_feed, server_fixture  # noqa: F401

from curriculum.feeds import ingest, manage, refresh
from curriculum.feeds.model import FetchPolicy, Outcome
from curriculum.store import Database, transaction

POLICY = FetchPolicy(timeout=5, deadline=20, polite_hosts=())
ENTRIES = 95 * 7  # olshansk_feed_aisi.xml has 95 items


def follow(db: Database, url: str, now: datetime) -> int:
    with transaction(db):
        return manage.insert_feed(db, url, now, manage.FeedOptions())


def refresh_counting_commits(
    db: Database, server: FeedServer, now: datetime, copies: int
) -> tuple[Outcome, int]:
    """Follow a feed of `copies` times the fixture's entries and refresh it; the outcome and
    how many transactions the refresh committed."""
    server.routes["/feed"] = Reply(body=repeated_feed(copies))
    follow(db, server.url("/feed"), now)
    feeds = refresh.all_feeds(db)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        [outcome] = refresh.refresh(db, feeds, now, POLICY)
    finally:
        db.conn.set_trace_callback(None)
    return outcome, sum(1 for s in statements if s.strip().upper() == "COMMIT")


def test_a_big_feed_is_stored_in_bounded_transactions(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    outcome, commits = refresh_counting_commits(bare_db, server, now, 7)
    assert outcome.status == "new" and outcome.new_items == ENTRIES
    assert commits == -(-ENTRIES // refresh.CHUNK_ENTRIES) >= 3
    assert bare_db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == ENTRIES


def test_a_small_feed_is_one_transaction(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    outcome, commits = refresh_counting_commits(bare_db, server, now, 1)
    assert (outcome.new_items, commits) == (95, 1)


def test_a_refresh_stopped_midway_is_completed_next_time(
    bare_db: Database, server: FeedServer, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/big"] = Reply(body=repeated_feed(7), etag='"v1"')
    feed_id = follow(bare_db, server.url("/big"), now)
    write = ingest.EntryWriter.write
    calls = []

    def stop_on_the_second_chunk(self: ingest.EntryWriter, entries: list) -> None:
        calls.append(len(entries))
        if len(calls) == 2:
            raise KeyboardInterrupt  # as a kill or ctrl+c would stop it
        write(self, entries)

    monkeypatch.setattr(ingest.EntryWriter, "write", stop_on_the_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        refresh.refresh(bare_db, refresh.all_feeds(bare_db), now, POLICY)
    stored = bare_db.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    row = bare_db.execute("SELECT etag, last_fetched FROM feeds").fetchone()
    assert stored == refresh.CHUNK_ENTRIES and row == (None, None)  # not recorded as fetched
    monkeypatch.setattr(ingest.EntryWriter, "write", write)
    later = now + timedelta(minutes=5)
    [outcome] = refresh.refresh(bare_db, refresh.all_feeds(bare_db), later, POLICY)
    assert outcome.status == "new" and outcome.new_items == ENTRIES - refresh.CHUNK_ENTRIES
    assert bare_db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == ENTRIES
    assert manage.get_feed(bare_db, feed_id).status == "ok"
