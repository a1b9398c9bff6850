"""Refreshing many feeds on one host keeps its connections open, 304 answers included."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from feeds_server import FeedServer, Handler, Reply, fixture_bytes, server_fixture  # noqa: F401

from curriculum.feeds.fetch import Fetcher
from curriculum.feeds.model import FetchPolicy, Response
from tests.conftest import ROOT, CliRunner

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


def test_a_refresh_where_nothing_changed_never_loads_sqlite_utils(
    server: FeedServer, cli: CliRunner, home: Path
) -> None:
    """The daily 304 refresh runs on plain SQL: sqlite-utils (~75 ms to import) stays out."""
    urls, seen = _routes(server, 3)
    for url in urls:
        assert cli("feed", "add", url, "--no-fetch").returncode == 0
    assert cli("fetch", *urls).returncode == 0  # the first answers give the validators
    code = (
        "import sys\n"
        "from tui import launcher\n"
        f"assert launcher.main(['--home', {str(home)!r}, 'fetch', *{urls!r}]) == 0\n"
        "assert 'sqlite_utils' not in sys.modules, 'sqlite-utils was loaded'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("not modified") == 3, result.stdout
    assert len(seen) == 6
