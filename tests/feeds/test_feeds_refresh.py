"""Refreshing, adding and single readings end to end against a loopback server."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from feeds_server import FeedServer, Reply, fixture_bytes, redirect, server_fixture  # noqa: F401

from curriculum.clock import to_iso
from curriculum.feeds import manage, parsers, refresh, subscribe
from curriculum.feeds.endpoints import ArxivEndpoints
from curriculum.feeds.model import FeedError, FetchPolicy
from curriculum.feeds.reading import add_reading
from curriculum.store import Database, transaction

FAST = FetchPolicy(
    timeout=0.5, deadline=1.0, max_bytes=2 * 1024 * 1024, polite_hosts=(), polite_interval=0.05
)
GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")
MEDIUM = fixture_bytes("nnw_489.rss")
LM = "Sat, 21 Nov 2026 10:00:00 GMT"


def follow(db: Database, url: str, now: datetime) -> int:
    with transaction(db):
        return manage.insert_feed(db, url, now, manage.FeedOptions())


def run(db: Database, now: datetime, *ids: int) -> list:
    feeds = [f for f in refresh.all_feeds(db) if not ids or f.id in ids]
    return refresh.refresh(db, feeds, now, FAST)


def feed_row(db: Database, feed_id: int) -> dict:
    return next(db.utils.query("SELECT * FROM feeds WHERE id = ?", [feed_id]))


def test_validators_are_stored_and_sent_back_for_a_304(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/feed"] = Reply(body=MEDIUM, etag='"abc"', last_modified=LM)
    feed = follow(bare_db, server.url("/feed"), now)
    [first] = run(bare_db, now)
    assert (first.status, first.new_items, first.http_status) == ("new", 10, 200)
    row = feed_row(bare_db, feed)
    assert (row["etag"], row["last_modified"], row["status"]) == ('"abc"', LM, "ok")
    [second] = run(bare_db, now + timedelta(hours=1))
    assert (second.status, second.http_status, second.new_items) == ("not_modified", 304, 0)
    headers = server.requests[-1][1]
    assert headers["If-None-Match"] == '"abc"' and headers["If-Modified-Since"] == LM
    assert feed_row(bare_db, feed)["last_fetched"] == to_iso(now + timedelta(hours=1))


def test_an_unchanged_body_is_not_parsed_again(
    bare_db: Database, server: FeedServer, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/feed"] = Reply(body=MEDIUM, gzip=True)
    follow(bare_db, server.url("/feed"), now)
    assert run(bare_db, now)[0].new_items == 10
    monkeypatch.setattr(parsers, "parse_feed", lambda *a: pytest.fail("parsed again"))
    assert run(bare_db, now)[0].status == "unchanged"


def test_permanent_redirect_moves_the_feed_and_keeps_items(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/old"] = Reply(body=GHOST)
    feed = follow(bare_db, server.url("/old"), now)
    run(bare_db, now)
    bare_db.execute("UPDATE items SET status = 'read'")
    server.routes["/old"] = redirect(301, "/new")
    server.routes["/new"] = Reply(body=GHOST.replace(b"<title>Changelog", b"<title>Moved"))
    [outcome] = run(bare_db, now)
    assert outcome.url == server.url("/new")
    assert feed_row(bare_db, feed)["url"] == server.url("/new")
    assert bare_db.execute("SELECT COUNT(*), MIN(status) FROM items").fetchone() == (1, "read")


def test_temporary_redirect_keeps_the_feed_url(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/old"] = redirect(302, "/new")
    server.routes["/new"] = Reply(body=GHOST)
    feed = follow(bare_db, server.url("/old"), now)
    assert run(bare_db, now)[0].new_items == 1
    assert feed_row(bare_db, feed)["url"] == server.url("/old")


def test_failures_are_results_and_the_others_are_still_saved(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/ok"] = Reply(body=GHOST)
    server.routes["/gone"] = Reply(404, b"no", content_type="text/plain")
    server.routes["/page"] = Reply(body=b"<!doctype html><html><body>Hi</body></html>")
    server.routes["/cut"] = Reply(body=fixture_bytes("feedrs_rss_2.0_invalid_1.xml"))
    server.routes["/boom"] = Reply(500, b"err", content_type="text/plain")
    ids = [follow(bare_db, server.url(p), now) for p in ("/ok", "/gone", "/page", "/cut", "/boom")]
    outcomes = run(bare_db, now)
    assert [o.status for o in outcomes] == ["new", "error", "error", "error", "error"]
    errors = [o.error for o in outcomes[1:]]
    assert "HTTP 404" in errors[0]
    assert errors[1] == "this is a web page, not a feed"
    assert errors[2] == "the feed could not be read: no element found"
    assert "HTTP 500" in errors[3]
    assert feed_row(bare_db, ids[1])["status"] == "error"
    assert feed_row(bare_db, ids[1])["error"] == errors[0]
    assert bare_db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 1
    assert not refresh.all_offline(outcomes)


def test_an_unreachable_network_is_reported_as_offline(bare_db: Database, now: datetime) -> None:
    probe = FeedServer()
    url = f"http://127.0.0.1:{probe.server_address[1]}/feed"
    probe.server_close()
    feed = follow(bare_db, url, now)
    outcomes = run(bare_db, now)
    assert refresh.all_offline(outcomes)
    row = feed_row(bare_db, feed)
    assert (row["status"], row["error"], row["last_fetched"]) == ("never", None, None)


def test_one_unreachable_feed_among_working_ones_is_an_error(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    probe = FeedServer()
    dead = f"http://127.0.0.1:{probe.server_address[1]}/feed"
    probe.server_close()
    server.routes["/ok"] = Reply(body=GHOST)
    follow(bare_db, server.url("/ok"), now)
    feed = follow(bare_db, dead, now)
    assert [o.status for o in run(bare_db, now)] == ["new", "error"]
    assert feed_row(bare_db, feed)["error"] == "127.0.0.1 refused the connection"


def test_due_feeds_follow_the_poll_interval(bare_db: Database, now: datetime) -> None:
    fresh = follow(bare_db, "https://a.example/feed", now)
    stale = follow(bare_db, "https://b.example/feed", now)
    never = follow(bare_db, "https://c.example/feed", now)
    bare_db.execute("UPDATE feeds SET last_fetched = ? WHERE id = ?", [to_iso(now), fresh])
    old = to_iso(now - timedelta(hours=5))
    bare_db.execute("UPDATE feeds SET last_fetched = ? WHERE id = ?", [old, stale])
    assert [f.id for f in refresh.due_feeds(bare_db, now)] == [stale, never]
    bare_db.execute("UPDATE feeds SET poll_minutes = 600 WHERE id = ?", [stale])
    assert [f.id for f in refresh.due_feeds(bare_db, now)] == [never]


def add(db: Database, url: str, now: datetime, **kw: object) -> subscribe.AddResult:
    return subscribe.add_feed(db, url, now, policy=FAST, **kw)  # type: ignore[arg-type]


def test_add_a_feed_url_fetches_it_at_once(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/rss/"] = Reply(body=MEDIUM, etag='"e"')
    result = add(bare_db, server.url("/rss/"), now)
    assert (result.name, result.new_items, result.discovered_from) == (
        "Stories by Hodl Hodl on Medium",
        10,
        None,
    )
    info = manage.get_feed(bare_db, result.feed_id)
    assert (info.items, info.unread, info.status) == (10, 10, "ok")
    assert bare_db.execute("SELECT etag FROM feeds").fetchone()[0] == '"e"'
    with pytest.raises(FeedError, match="already follow this feed"):
        add(bare_db, server.url("/rss"), now)


def test_add_a_site_discovers_its_alternate_link(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/blog/"] = Reply(
        body=b'<!DOCTYPE html><html><head><link rel="alternate" '
        b'type="application/rss+xml" href="/blog/rss/"></head><body></body></html>',
        content_type="text/html",
    )
    server.routes["/blog/rss/"] = Reply(body=GHOST)
    result = add(bare_db, server.url("/blog/"), now)
    assert result.url == server.url("/blog/rss/")
    assert result.discovered_from == server.url("/blog/") and result.new_items == 1


def test_add_a_site_falls_back_to_common_paths(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/"] = Reply(body=b"<html><body>no links</body></html>", content_type="text/html")
    server.routes["/index.xml"] = Reply(body=GHOST)
    assert add(bare_db, server.url("/"), now).url == server.url("/index.xml")


def test_add_a_page_without_a_feed_says_so(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/"] = Reply(body=b"<html><body>nothing</body></html>", content_type="text/html")
    with pytest.raises(FeedError, match="is a web page, not a feed, and no feed was found"):
        add(bare_db, server.url("/"), now)
    assert bare_db.execute("SELECT COUNT(*) FROM feeds").fetchone()[0] == 0


def test_add_without_fetching(bare_db: Database, now: datetime) -> None:
    result = add(bare_db, "example.org/feed.xml", now, fetch=False)
    assert (result.url, result.fetched, result.name) == (
        "https://example.org/feed.xml",
        False,
        "example.org",
    )
    with pytest.raises(FeedError, match="not a web address"):
        add(bare_db, "not a url", now, fetch=False)


def test_add_an_arxiv_paper_from_the_api(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/api?id_list=2607.28628&max_results=1"] = Reply(
        body=fixture_bytes("arxiv_api_query_cs_ai.xml"), content_type="application/atom+xml"
    )
    endpoints = ArxivEndpoints(
        api=server.url("/api"),
        html=server.url("/html/{id}"),
        ar5iv="",
        pdf=server.url("/pdf/{id}"),
    )
    result = add_reading(bare_db, "arXiv:2607.28628v2", now, FAST, endpoints)
    assert (result.title, result.existed, result.minutes) == (
        "Learning to Trace Seiberg Dualities",
        False,
        30,
    )
    row = next(bare_db.utils.query("SELECT * FROM items WHERE id = ?", [result.item_id]))
    assert row["arxiv_id"] == "2607.28628" and row["url"] == "https://arxiv.org/abs/2607.28628"
    assert "Heckman" in row["authors"] and row["origin"] == "manual"
    assert "https://arxiv.org/pdf/2607.28628" in row["content_html"]
    again = add_reading(bare_db, "https://arxiv.org/pdf/2607.28628v1", now, FAST, endpoints)
    assert again.existed and again.item_id == result.item_id


def test_add_a_web_page_reading(bare_db: Database, server: FeedServer, now: datetime) -> None:
    server.routes["/post"] = Reply(
        body=b'<html><head><title>Fallback</title><meta property="og:title" content="Real '
        b'Title"><meta name="description" content="What it is about."></head>'
        b"<body><article>" + b"<p>word </p>" * 460 + b"</article></body></html>",
        content_type="text/html; charset=utf-8",
    )
    result = add_reading(bare_db, server.url("/post"), now, FAST)
    assert (result.title, result.minutes) == ("Real Title", 2)
    summary = bare_db.execute("SELECT summary FROM items").fetchone()[0]
    assert summary == "What it is about."
