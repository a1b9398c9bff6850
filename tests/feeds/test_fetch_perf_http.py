"""Refreshing many feeds on one host keeps its connections open, 304 answers included."""

from __future__ import annotations

import asyncio

from feeds_server import FeedServer, Handler, Reply, fixture_bytes, server_fixture  # noqa: F401

from curriculum.feeds.fetch import Fetcher
from curriculum.feeds.model import FetchPolicy, Response

ONE_AT_A_TIME = FetchPolicy(timeout=2.0, deadline=5.0, concurrency=1)
GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")


def _routes(server: FeedServer, count: int) -> tuple[list[str], list[tuple[str, int]]]:
    """`count` feeds answering 304 to their ETag; returns their URLs and a log of
    (path, client port) per request."""
    seen: list[tuple[str, int]] = []

    def route(handler: Handler) -> None:
        seen.append((handler.path, handler.client_address[1]))
        handler.send(Reply(body=GHOST, etag='"v1"'))

    paths = [f"/feed{n}" for n in range(count)]
    for path in paths:
        server.routes[path] = route
    return [server.url(p) for p in paths], seen


def _fetch_all(urls: list[str], etag: str | None) -> list[Response]:
    async def run() -> list[Response]:
        async with Fetcher(ONE_AT_A_TIME) as fetcher:
            return [await fetcher.fetch(url, etag) for url in urls]

    return asyncio.run(run())


def test_304_answers_leave_the_connection_open_for_the_next_feed(server: FeedServer) -> None:
    urls, seen = _routes(server, 5)
    responses = _fetch_all(urls, etag='"v1"')
    assert all(r.not_modified and r.error is None and r.body is None for r in responses)
    assert len(seen) == 5 and len({port for _, port in seen}) == 1


def test_full_answers_reuse_the_connection_too(server: FeedServer) -> None:
    urls, seen = _routes(server, 3)
    responses = _fetch_all(urls, etag=None)
    assert all(r.status == 200 and r.body == GHOST for r in responses)
    assert len({port for _, port in seen}) == 1
