"""Servers asking for restraint (429 with Retry-After, 410 Gone) and site discovery held to
one deadline and a cap on what it tries (issue 18), against a real loopback server."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from feeds_server import FeedServer, Reply, fixture_bytes, server_fixture  # noqa: F401

from curriculum.feeds import discover, headers, manage, refresh, restraint, subscribe
from curriculum.feeds.model import FeedError, FetchPolicy, Outcome
from curriculum.store import Database, transaction

FAST = FetchPolicy(timeout=1.0, deadline=2.0, polite_hosts=())
GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")


def follow(db: Database, url: str, now: datetime) -> int:
    with transaction(db):
        return manage.insert_feed(db, url, now, manage.FeedOptions())


def fetch(db: Database, now: datetime, named: bool = False, *ids: int) -> dict[int, object]:
    feeds = [f for f in refresh.all_feeds(db) if not ids or f.id in ids]
    return {o.feed_id: o for o in refresh.refresh(db, feeds, now, FAST, named=named)}


@pytest.mark.parametrize(
    ("retry_after", "wait"),
    [("120", timedelta(minutes=2)), ("Sun, 22 Nov 2026 15:00:00 GMT", timedelta(hours=3)),
     ("99999999999999999999", headers.MAX_WAIT), ("soon", restraint.DEFAULT_WAIT)],
)  # fmt: skip
def test_a_429_is_not_asked_again_before_its_retry_after(
    bare_db: Database, server: FeedServer, now: datetime, retry_after: str, wait: timedelta
) -> None:
    server.routes["/feed"] = Reply(429, b"", {"Retry-After": retry_after}, "text/plain")
    feed_id = follow(bare_db, server.url("/feed"), now)
    first = fetch(bare_db, now)[feed_id]
    assert first.status == "error" and "HTTP 429" in first.error
    for moment in (now + wait / 2, now + wait - timedelta(seconds=1)):
        held = fetch(bare_db, moment)[feed_id]
        assert held.status == "waiting" and "asking again in" in held.warning
    assert server.hits("/feed") == 1
    server.routes["/feed"] = Reply(body=GHOST)
    after = fetch(bare_db, now + wait)[feed_id]
    assert after.status == "new" and server.hits("/feed") == 2
    row = bare_db.execute(
        "SELECT retry_after, status FROM feeds WHERE id = ?", [feed_id]
    ).fetchone()
    assert row == (None, "ok")


def test_a_503_with_retry_after_is_honoured_and_without_it_is_an_ordinary_error(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/a"] = Reply(503, b"", {"Retry-After": "600"}, "text/plain")
    server.routes["/b"] = Reply(503, b"", content_type="text/plain")
    a, b = follow(bare_db, server.url("/a"), now), follow(bare_db, server.url("/b"), now)
    first = fetch(bare_db, now)
    assert first[a].error.endswith("not asked again for 10 min (until 2026-11-22 12:10 UTC)")
    later = fetch(bare_db, now + timedelta(minutes=5))
    assert later[a].status == "waiting" and later[b].status == "error"
    assert (server.hits("/a"), server.hits("/b")) == (1, 2)


def test_a_410_stops_polling_until_the_feed_is_named(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/gone"] = Reply(410, b"", content_type="text/plain")
    server.routes["/fine"] = Reply(body=GHOST)
    gone, fine = (
        follow(bare_db, server.url("/gone"), now),
        follow(bare_db, server.url("/fine"), now),
    )
    assert "no longer polled" in fetch(bare_db, now)[gone].error
    assert manage.get_feed(bare_db, gone).status == "gone"
    for day in range(1, 4):
        outcomes = fetch(bare_db, now + timedelta(days=day))
        assert outcomes[gone].status == "gone" and outcomes[fine].status != "error"
    assert [f.id for f in refresh.due_feeds(bare_db, now + timedelta(days=9))] == [gone, fine]
    assert server.hits("/gone") == 1
    assert fetch(bare_db, now + timedelta(days=5), True, gone)[gone].status == "error"
    assert server.hits("/gone") == 2 and manage.get_feed(bare_db, gone).status == "gone"


def test_held_feeds_do_not_make_an_offline_refresh_look_online(
    bare_db: Database, now: datetime
) -> None:
    waiting = Outcome(1, "u", "n", restraint.WAITING)
    offline = Outcome(2, "u", "n", "error", offline=True)
    assert refresh.all_offline([waiting, offline]) and not refresh.all_offline([waiting])


def stalling_page(server: FeedServer, links: int, hang: float = 30) -> str:
    hrefs = "".join(
        f'<link rel="alternate" type="application/rss+xml" href="/stall/{n}">' for n in range(links)
    )
    server.routes["/"] = Reply(
        body=f"<html><head>{hrefs}</head></html>".encode(), content_type="text/html"
    )
    for n in range(links):
        server.routes[f"/stall/{n}"] = Reply(body=GHOST, hang_seconds=hang)
    return server.url("/")


async def test_discovery_tries_a_bounded_number_of_links_within_one_deadline(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    """40 advertised links that all stall: at most MAX_CANDIDATES are tried, and the whole
    search ends at the one per-feed deadline with a sentence saying so."""
    page = stalling_page(server, 40)
    slow = FetchPolicy(timeout=5.0, deadline=2.0, polite_hosts=())  # each try outlasts the whole
    expected = discover.MAX_ADVERTISED + len(discover.COMMON_PATHS)  # at the site's root
    with pytest.raises(FeedError, match=rf"found on it within 2 s \(tried {expected} addresses"):
        await subscribe.add_feed_async(bare_db, page, now, policy=slow)
    tried = {path for path, _ in server.requests if path != "/"}
    assert 0 < len(tried) <= expected <= discover.MAX_CANDIDATES
    assert tried <= {f"/stall/{n}" for n in range(discover.MAX_ADVERTISED)} | {
        f"/{name}" for name in discover.COMMON_PATHS
    }
    assert bare_db.execute("SELECT COUNT(*) FROM feeds").fetchone()[0] == 0


async def test_discovery_takes_the_first_advertised_feed_without_waiting_for_later_ones(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    stalling_page(server, 3, hang=60)
    server.routes["/stall/0"] = Reply(body=GHOST)  # the first one works; the others stall
    patient = FetchPolicy(timeout=30.0, deadline=30.0, polite_hosts=())
    started = time.monotonic()
    result = await subscribe.add_feed_async(bare_db, server.url("/"), now, policy=patient)
    assert result.url == server.url("/stall/0") and result.new_items == 1
    assert time.monotonic() - started < 15  # it did not wait out the stalled ones (30 s)


async def test_a_later_feed_wins_when_the_first_fails(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    stalling_page(server, 2)
    server.routes["/stall/0"] = Reply(404, b"", content_type="text/plain")
    server.routes["/stall/1"] = Reply(body=GHOST)
    result = await subscribe.add_feed_async(bare_db, server.url("/"), now, policy=FAST)
    assert result.url == server.url("/stall/1")
