"""A loopback HTTP server for feeds: ETag, Last-Modified, gzip, optional latency.

Used by the benchmarks and the harness smoke test. The listen backlog is raised (the
stdlib default of 5 stalls concurrent clients) and Nagle is disabled.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


class _Server(ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True

    def __init__(self, root: Path, latency: float) -> None:
        self.files: dict[str, tuple[bytes, bytes, str]] = {}
        for path in sorted(root.iterdir()):
            body = path.read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            self.files["/" + path.name] = (body, gzip.compress(body, 6), etag)
        self.latency = latency
        self.requests = 0
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that hangs up mid-response (a killed run) is not news."""

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().server_bind()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.server.requests += 1
        if self.server.latency:
            time.sleep(self.server.latency)
        entry = self.server.files.get(self.path.split("?")[0])
        if entry is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, zipped, etag = entry
        if self.headers.get("If-None-Match") == etag or (
            self.headers.get("If-Modified-Since") == LAST_MODIFIED
            and "If-None-Match" not in self.headers
        ):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        use_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        payload = zipped if use_gzip else body
        self.send_response(200)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@contextlib.contextmanager
def serve(root: Path, latency: float = 0.0) -> Iterator[tuple[str, _Server]]:
    """Serve every file in `root` at `http://127.0.0.1:PORT/NAME`; yields (base URL, server)."""
    server = _Server(root, latency)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()
