"""The HTTP layer against a real loopback server: validators, gzip, redirects, limits."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import time

import pytest
from feeds_server import FeedServer, Reply, fixture_bytes, redirect, server_fixture  # noqa: F401

from curriculum.feeds.fetch import Fetcher, fetch_one
from curriculum.feeds.model import FetchPolicy

FAST = FetchPolicy(timeout=0.5, deadline=1.0, max_bytes=256 * 1024, polite_interval=0.2)
GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")


def get(url: str, policy: FetchPolicy = FAST, etag: str | None = None):
    return asyncio.run(fetch_one(url, policy, etag))


def test_ok_response_carries_body_and_validators(server: FeedServer) -> None:
    server.routes["/feed"] = Reply(body=GHOST, etag='"v1"', last_modified="Sat, 21 Nov 2026")
    response = get(server.url("/feed"))
    assert response.error is None and response.status == 200
    assert response.body == GHOST
    assert response.headers["etag"] == '"v1"'
    assert response.headers["last-modified"] == "Sat, 21 Nov 2026"
    sent = server.requests[0][1]
    assert sent["User-Agent"].startswith("Curriculum/")
    assert "gzip" in sent["Accept-Encoding"]


def test_conditional_get_gets_304(server: FeedServer) -> None:
    server.routes["/feed"] = Reply(body=GHOST, etag='"v1"')
    response = get(server.url("/feed"), etag='"v1"')
    assert response.not_modified and response.body is None and response.error is None
    assert server.requests[0][1]["If-None-Match"] == '"v1"'


def test_gzip_is_decoded(server: FeedServer) -> None:
    server.routes["/feed"] = Reply(body=GHOST, gzip=True)
    response = get(server.url("/feed"))
    assert response.body == GHOST


@pytest.mark.parametrize("status", [301, 308])
def test_permanent_redirect_is_followed_and_reported(server: FeedServer, status: int) -> None:
    server.routes["/old"] = redirect(status, "/new")
    server.routes["/new"] = Reply(body=GHOST)
    response = get(server.url("/old"))
    assert response.body == GHOST
    assert response.permanent_url == server.url("/new")


@pytest.mark.parametrize("status", [302, 307])
def test_temporary_redirect_is_not_permanent(server: FeedServer, status: int) -> None:
    server.routes["/old"] = redirect(status, "/new")
    server.routes["/new"] = Reply(body=GHOST)
    response = get(server.url("/old"))
    assert response.body == GHOST and response.final_url == server.url("/new")
    assert response.permanent_url is None


def test_permanent_after_temporary_is_not_permanent(server: FeedServer) -> None:
    server.routes["/a"] = redirect(302, "/b")
    server.routes["/b"] = redirect(301, "/c")
    server.routes["/c"] = Reply(body=GHOST)
    assert get(server.url("/a")).permanent_url is None


def test_redirect_loop_is_reported(server: FeedServer) -> None:
    server.routes["/a"] = redirect(301, "/b")
    server.routes["/b"] = redirect(301, "/a")
    response = get(server.url("/a"))
    assert response.error is not None and "loop" in response.error
    assert server.hits("/a") == 1 and server.hits("/b") == 1


def test_too_many_redirects(server: FeedServer) -> None:
    for n in range(8):
        server.routes[f"/r{n}"] = redirect(302, f"/r{n + 1}")
    response = get(server.url("/r0"))
    assert response.error == "the address redirects more than 5 times"


@pytest.mark.parametrize(
    ("status", "words"), [(404, "nothing at this address"), (500, "server had an error")]
)
def test_http_errors_are_sentences(server: FeedServer, status: int, words: str) -> None:
    server.routes["/x"] = Reply(status, b"oops", content_type="text/plain")
    response = get(server.url("/x"))
    assert response.status == status
    assert words in (response.error or "") and f"HTTP {status}" in (response.error or "")


def test_a_server_that_never_answers_times_out(server: FeedServer) -> None:
    server.routes["/hang"] = Reply(body=GHOST, hang_seconds=30)
    started = time.monotonic()
    response = get(server.url("/hang"))
    assert time.monotonic() - started < 1.5
    assert response.error is not None and "stopped answering" in response.error


def test_a_slow_drip_hits_the_per_feed_deadline(server: FeedServer) -> None:
    server.routes["/drip"] = Reply(body=GHOST, drip_seconds=0.05)  # every read is quick
    started = time.monotonic()
    response = get(server.url("/drip"))
    assert time.monotonic() - started < 2.0
    assert response.error == "the download took longer than 1 s and was stopped"


def test_an_oversized_body_is_refused(server: FeedServer) -> None:
    server.routes["/big"] = Reply(body=b"x" * (300 * 1024))
    response = get(server.url("/big"))
    assert response.body is None
    assert response.error == "the response is larger than 256 KB and was refused"


def test_a_gzip_bomb_is_refused_with_bounded_memory(server: FeedServer) -> None:
    bomb = b"\0" * (50 * 1024 * 1024)
    server.routes["/bomb"] = Reply(body=bomb, gzip=True)
    assert len(gzip.compress(bomb)) < 100 * 1024
    response = get(server.url("/bomb"))
    assert response.body is None and "larger than" in (response.error or "")


def test_connection_refused_counts_as_offline() -> None:
    probe = FeedServer()
    port = probe.server_address[1]
    probe.server_close()
    response = get(f"http://127.0.0.1:{port}/feed")
    assert response.offline and "refused" in (response.error or "")


def test_unsupported_scheme_is_an_error_not_a_crash() -> None:
    response = get("ftp://127.0.0.1/feed")
    assert response.error == (
        "'ftp://127.0.0.1/feed' is not a web address this can fetch: "
        "it starts with ftp:, not http:// or https://"
    )
    assert not response.offline


def test_polite_hosts_get_one_connection_and_spaced_requests(server: FeedServer) -> None:
    for n in range(3):
        server.routes[f"/p{n}"] = Reply(body=GHOST)
    policy = FetchPolicy(timeout=1, deadline=2, polite_hosts=("127.0.0.1",), polite_interval=0.2)
    times: list[float] = []

    async def run() -> None:
        async with Fetcher(policy) as fetcher:

            async def one(n: int) -> None:
                await fetcher.fetch(server.url(f"/p{n}"))
                times.append(time.monotonic())

            await asyncio.gather(*(one(n) for n in range(3)))

    asyncio.run(run())
    times.sort()
    assert all(b - a >= 0.19 for a, b in itertools.pairwise(times))
