"""The fetcher's HTTP transport: httpx's own, over a network backend that remembers each
connection's socket.

Before every request, and again when a response ends, httpcore's connection pool asks each of
its idle connections whether the server has closed it (`get_extra_info("is_readable")`). Its
anyio streams answer by rebuilding a table of every socket attribute (address, peer, family…)
just to find the socket: ~2,000 times in a refresh of 100 feeds, a sixth of the CPU it spends
on requests that answer 304. `SocketStream` looks the socket up once per connection; reading,
writing, TLS, timeouts and their errors are anyio's, unchanged (each call is passed on).
"""

from __future__ import annotations

import select
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore

from curriculum.feeds._http import httpx


class SocketStream(httpcore.AsyncNetworkStream):
    """A network stream that answers `socket` and `is_readable` from the socket it found
    once, and passes everything else on to the stream it wraps."""

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream
        self._socket = stream.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return SocketStream(await self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "socket":
            return self._socket
        if info == "is_readable":
            return is_readable(self._socket)
        return self._stream.get_extra_info(info)


def is_readable(sock: Any) -> bool:
    """True when a read would not wait: data, or the end a server's close left (httpcore's
    own test; a socket that is gone counts as readable, so its connection is dropped)."""
    fd = None if sock is None else sock.fileno()
    if fd is None or fd < 0:
        return True
    poll = select.poll()
    poll.register(fd, select.POLLIN)
    return bool(poll.poll(0))


class SocketBackend(httpcore.AsyncNetworkBackend):
    """httpcore's anyio backend, its streams wrapped in `SocketStream`."""

    def __init__(self) -> None:
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return SocketStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_unix_socket(path, timeout, socket_options)
        return SocketStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def transport(verify: ssl.SSLContext | bool, limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's transport with `verify` and `limits`, its connection pool on `SocketBackend`.

    httpx takes no network backend, so its pool (`_pool`, the one it would make, on the same
    SSL context) is made again with one. Should a later httpx keep its pool elsewhere, its
    own is used unchanged.
    """
    context = httpx.create_ssl_context(verify=verify)  # a context given is used as it is
    made = httpx.AsyncHTTPTransport(verify=context, limits=limits)
    if isinstance(getattr(made, "_pool", None), httpcore.AsyncConnectionPool):
        made._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=SocketBackend(),
        )
    return made
