"""A real HTTP server on 127.0.0.1 for feed tests: routes map paths to canned behaviours."""

from __future__ import annotations

import gzip
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"


def fixture_bytes(name: str) -> bytes:
    """A copied real feed (see fixtures/feeds/PROVENANCE.md)."""
    return (FEEDS / name).read_bytes()


def repeated_feed(copies: int, tag: int = 0, name: str = "olshansk_feed_aisi.xml") -> bytes:
    """A real RSS feed with its items repeated `copies` times under fresh guids (a big feed)."""
    body = fixture_bytes(name)
    start, end = body.index(b"<item>"), body.rindex(b"</item>") + len(b"</item>")
    items = body[start:end]
    repeated = [
        re.sub(rb"(<guid[^>]*>)([^<]*)(</guid>)", rb"\1\2-%d-%d\3" % (tag, n), items)
        for n in range(copies)
    ]
    return body[:start] + b"".join(repeated) + body[end:]


@dataclass
class Reply:
    """A canned response: status, headers, body; optionally dripped or held back."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/rss+xml; charset=utf-8"
    gzip: bool = False
    drip_seconds: float = 0.0  # pause between single bytes
    hang_seconds: float = 0.0  # pause before answering at all
    etag: str | None = None  # answer 304 when If-None-Match matches
    last_modified: str | None = None


Route = Reply | Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    """Serves the route table of its server."""

    server: FeedServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers.items())))
        route = self.server.routes.get(self.path)
        if route is None:
            self.send(Reply(404, b"not here", content_type="text/plain"))
        elif isinstance(route, Reply):
            self.send(route)
        else:
            route(self)

    def send(self, reply: Reply) -> None:
        """Write a canned reply."""
        if reply.hang_seconds and self.server.stopping.wait(reply.hang_seconds):
            return
        if reply.etag and self.headers.get("If-None-Match") == reply.etag:
            self.send_response(304)
            self.send_header("ETag", reply.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = gzip.compress(reply.body) if reply.gzip else reply.body
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(body)))
        if reply.gzip:
            self.send_header("Content-Encoding", "gzip")
        if reply.etag:
            self.send_header("ETag", reply.etag)
        if reply.last_modified:
            self.send_header("Last-Modified", reply.last_modified)
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self._write(body, reply.drip_seconds)

    def _write(self, body: bytes, drip: float) -> None:
        if not drip:
            self.wfile.write(body)
            return
        for index in range(len(body)):
            if self.server.stopping.wait(drip):
                return
            self.wfile.write(body[index : index + 1])
            self.wfile.flush()


class FeedServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a route table, a request log and a stop signal."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()

    def url(self, path: str) -> str:
        """An absolute URL on this server."""
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up early are expected here (timeouts, caps)."""

    def hits(self, path: str) -> int:
        """How many requests reached `path`."""
        return sum(1 for p, _ in self.requests if p == path)


def article_page(paragraphs: Iterable[str]) -> Reply:
    """A web page whose `<article>` holds `paragraphs`, one `<p>` each."""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    html = f"<html><body><article>{body}</article></body></html>"
    return Reply(body=html.encode(), content_type="text/html")


def redirect(status: int, location: str) -> Reply:
    """A redirect reply."""
    return Reply(status, b"", {"Location": location}, content_type="text/plain")


@pytest.fixture(name="server")
def server_fixture() -> Iterator[FeedServer]:
    """A running loopback server, stopped after the test."""
    httpd = FeedServer()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield httpd
    finally:
        httpd.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
