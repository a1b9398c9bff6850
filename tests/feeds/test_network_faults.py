"""Network faults beyond the feeds suite: a reset mid-body, a refused connection, a name that
does not resolve, a wrong Content-Length, a TLS failure. Each is a per-feed error with a
reason; the feed's earlier readings stay; time and memory stay bounded."""

from __future__ import annotations

import socket
import struct
import time
from datetime import datetime, timedelta

from feeds_server import FeedServer, Handler, Reply, fixture_bytes, server_fixture  # noqa: F401

from curriculum.feeds import manage, refresh
from curriculum.feeds.model import FetchPolicy
from curriculum.store import Database, transaction

FAST = FetchPolicy(timeout=1.0, deadline=2.0, max_bytes=1024 * 1024, polite_hosts=())
GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")
LATER = timedelta(hours=6)


def reset_mid_body(handler: Handler) -> None:
    """Promise a long body, send part of it, then reset the connection (RST)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Length", str(len(GHOST) * 4))
    handler.end_headers()
    handler.wfile.write(GHOST[:600])
    handler.wfile.flush()
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    handler.connection.close()


def length(declared: int):
    """A reply whose Content-Length header disagrees with its body."""

    def reply(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", str(declared))
        handler.end_headers()
        handler.wfile.write(GHOST)
        handler.wfile.flush()
        handler.close_connection = True

    return reply


def refused_url() -> str:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}/feed"


def follow(db: Database, url: str, now: datetime) -> int:
    with transaction(db):
        return manage.insert_feed(db, url, now, manage.FeedOptions())


def items_of(db: Database, feed_id: int) -> int:
    sql = "SELECT COUNT(*) FROM item_sources WHERE feed_id = ?"
    return int(db.execute(sql, [feed_id]).fetchone()[0])


def feed_state(db: Database, feed_id: int) -> tuple[str, str | None]:
    return db.execute("SELECT status, error FROM feeds WHERE id = ?", [feed_id]).fetchone()


def test_each_fault_is_a_feed_error_and_earlier_items_stay(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    paths = ["/ok", "/reset", "/long", "/tls"]
    for path in paths:
        server.routes[path] = Reply(body=GHOST)
    ids = [follow(bare_db, server.url(p), now) for p in paths]
    first = refresh.refresh(bare_db, refresh.all_feeds(bare_db), now, FAST)
    assert [o.status for o in first] == ["new"] * 4
    before = [items_of(bare_db, i) for i in ids]
    assert all(before)

    server.routes["/reset"] = reset_mid_body
    server.routes["/long"] = length(len(GHOST) + 5000)
    tls = server.url("/tls").replace("http://", "https://")
    bare_db.execute("UPDATE feeds SET url = ? WHERE id = ?", [tls, ids[3]])
    refused = follow(bare_db, refused_url(), now)
    unknown = follow(bare_db, "http://feeds.curriculum-test.invalid/rss", now)
    started = time.monotonic()
    outcomes = refresh.refresh(bare_db, refresh.all_feeds(bare_db), now + LATER, FAST)
    assert time.monotonic() - started < 2 * FAST.deadline
    by_id = {o.feed_id: o for o in outcomes}
    assert by_id[ids[0]].status == "unchanged"
    for feed_id in [*ids[1:], refused, unknown]:
        assert by_id[feed_id].status == "error" and by_id[feed_id].error, by_id[feed_id]
        assert feed_state(bare_db, feed_id) == ("error", by_id[feed_id].error)
    assert "broke off" in by_id[ids[1]].error
    assert "broke off" in by_id[ids[2]].error
    assert "secure" in by_id[ids[3]].error and "TLS" in by_id[ids[3]].error
    assert "refused the connection" in by_id[refused].error
    assert "could not find the server feeds.curriculum-test.invalid" in by_id[unknown].error
    assert [items_of(bare_db, i) for i in ids] == before


def test_a_shorter_content_length_never_crashes(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/short"] = length(700)
    feed = follow(bare_db, server.url("/short"), now)
    (outcome,) = refresh.refresh(bare_db, refresh.all_feeds(bare_db), now, FAST)
    assert outcome.status in {"new", "error"}
    assert outcome.status == "new" or "could not be read" in (outcome.error or "")
    assert feed_state(bare_db, feed)[0] in {"ok", "warning", "error"}


def test_a_tls_failure_alone_is_not_mistaken_for_being_offline(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/feed"] = Reply(body=GHOST)
    feed = follow(bare_db, server.url("/feed").replace("http://", "https://"), now)
    outcomes = refresh.refresh(bare_db, refresh.all_feeds(bare_db), now, FAST)
    assert not refresh.all_offline(outcomes)
    assert feed_state(bare_db, feed)[0] == "error"


def test_an_endless_body_is_cut_at_the_cap(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    def endless(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()  # no length: read until the server stops
        handler.wfile.write(b"<rss><channel>")
        chunk = b"<item><title>x</title></item>" * 1000
        try:
            while not handler.server.stopping.is_set():
                handler.wfile.write(chunk)
        except OSError:
            return

    server.routes["/endless"] = endless
    follow(bare_db, server.url("/endless"), now)
    (outcome,) = refresh.refresh(bare_db, refresh.all_feeds(bare_db), now, FAST)
    assert outcome.status == "error" and "larger than 1 MB" in (outcome.error or "")


def test_fetch_cli_reports_faults_per_feed(cli, server: FeedServer) -> None:
    server.routes["/ok"] = Reply(body=GHOST)
    server.routes["/reset"] = reset_mid_body
    for url in (server.url("/ok"), server.url("/reset"), "http://x.curriculum-test.invalid/"):
        assert cli("feed", "add", url, "--no-fetch").returncode == 0
    result = cli("fetch")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "broke off" in result.stdout and "could not find the server" in result.stdout
