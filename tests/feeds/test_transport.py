"""The fetcher's network streams: the socket looked up once, everything else anyio's."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator

import pytest
from feeds_server import FeedServer, Reply, fixture_bytes, server_fixture  # noqa: F401

from curriculum.feeds import _transport
from curriculum.feeds.fetch import Fetcher
from curriculum.feeds.model import FetchPolicy


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server


async def _until_readable(stream: _transport.SocketStream) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if stream.get_extra_info("is_readable"):
            return True
        await asyncio.sleep(0.01)
    return False


def test_a_stream_passes_data_on_and_sees_the_server_close(listener: socket.socket) -> None:
    async def run() -> None:
        host, port = listener.getsockname()
        stream = await _transport.SocketBackend().connect_tcp(host, port, timeout=5)
        assert isinstance(stream, _transport.SocketStream)
        accepted, _ = listener.accept()
        with accepted:
            assert stream.get_extra_info("server_addr") == (host, port)  # passed on
            sock = stream.get_extra_info("socket")  # asyncio's wrapper of the socket
            assert sock.getsockname() == accepted.getpeername()
            assert stream.get_extra_info("is_readable") is False
            await stream.write(b"ping", timeout=5)
            assert accepted.recv(4) == b"ping"
            accepted.sendall(b"pong")
            assert await stream.read(4, timeout=5) == b"pong"
            assert stream.get_extra_info("is_readable") is False
        assert await _until_readable(stream), "the server's close makes the socket readable"
        assert await stream.read(4, timeout=5) == b""
        await stream.aclose()
        assert _transport.is_readable(None) is True  # a socket that is gone: drop it

    asyncio.run(run())


def test_a_read_timeout_is_httpcores_own(listener: socket.socket) -> None:
    import httpcore

    async def run() -> None:
        host, port = listener.getsockname()
        stream = await _transport.SocketBackend().connect_tcp(host, port, timeout=5)
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(4, timeout=0.05)
        await stream.aclose()

    asyncio.run(run())


def test_the_fetchers_pool_runs_on_these_streams(server: FeedServer) -> None:
    # httpx takes no network backend: if a new httpx kept its pool elsewhere, this says so.
    server.routes["/feed"] = Reply(body=fixture_bytes("feedrs_rss_2.0_ghost_2.xml"))

    async def run() -> None:
        async with Fetcher(FetchPolicy(timeout=2.0, deadline=5.0)) as fetcher:
            pool = fetcher._client._transport._pool  # type: ignore[attr-defined]
            assert isinstance(pool._network_backend, _transport.SocketBackend)
            response = await fetcher.fetch(server.url("/feed"))
            assert response.status == 200 and response.error is None

    asyncio.run(run())
