"""Polite, bounded HTTP fetching with httpx (async).

Bounded concurrency overall; one connection and spaced requests for polite hosts (arXiv);
a per-request timeout and a per-feed deadline; conditional GET; redirects followed by hand
(loops caught, permanent ones reported); gzip decoded here with a cap on the output, so a
gzip bomb costs at most `max_bytes` of memory. Never raises for a bad server: every failure
is a `Response` with an `error` sentence.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import time
import zlib
from collections.abc import AsyncIterator
from types import TracebackType
from urllib.parse import urlsplit

from curriculum import urls
from curriculum.feeds import headers as header_values
from curriculum.feeds import tls
from curriculum.feeds._http import httpx
from curriculum.feeds.model import FetchPolicy, Response
from curriculum.text import clean_line

REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)


LOCATION = "curriculum.location"  # where `_hold_location` keeps a response's Location


class TooLarge(Exception):
    """The body passed the size cap."""


async def _hold_location(response: httpx.Response) -> None:
    """Move a response's `Location` aside before httpx reads it: httpx parses it even when
    not following redirects, and a malformed one (a bad port, a `javascript:` scheme) would
    raise before the response is seen. `Fetcher._location` checks it with `urls.web_url`."""
    if "location" in response.headers:
        response.extensions[LOCATION] = response.headers["location"]
        del response.headers["location"]


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _megabytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.3g} MB"
    return f"{size / 1024:.3g} KB" if size >= 1024 else f"{size} bytes"


class Fetcher:
    """An httpx client with the run's limits; use as `async with Fetcher(policy) as f`."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._slots = asyncio.Semaphore(self.policy.concurrency)
        self._locks: dict[str, asyncio.Lock] = {}
        self._last: dict[str, float] = {}
        from curriculum.feeds import _transport  # httpcore: loaded with the first client

        limits = httpx.Limits(max_connections=self.policy.concurrency + 1)
        verify = tls.verify()
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            headers={
                "User-Agent": self.policy.user_agent,
                "Accept": ACCEPT,
                "Accept-Encoding": "gzip, deflate",
            },
            limits=limits,
            verify=verify,  # for proxy transports, made from the environment
            transport=_transport.transport(verify, limits),
            event_hooks={"response": [_hold_location]},
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self._client.aclose()

    def _polite_key(self, host: str) -> str | None:
        for suffix in self.policy.polite_hosts:
            if host == suffix or host.endswith("." + suffix):
                return suffix
        return None

    @contextlib.asynccontextmanager
    async def _polite(self, url: str) -> AsyncIterator[None]:
        """Serialise and space requests to a polite host; no-op for others."""
        key = self._polite_key(_host(url))
        if key is None:
            yield
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            wait = self._last.get(key, -1e9) + self.policy.polite_interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                self._last[key] = time.monotonic()

    async def fetch(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> Response:
        """GET `url` conditionally, following redirects; never raises for network trouble
        or for a bad address (each is a `Response` with an `error` sentence)."""
        try:
            checked = urls.web_url(url)
        except urls.BadURL as bad:
            error = f"'{urls.shown(url)}' is not a web address this can fetch: it {bad}"
            return Response(url, url, error=error)
        url = checked
        async with self._polite(url), self._slots:
            try:
                async with asyncio.timeout(self.policy.deadline):
                    return await self._follow(url, etag, last_modified)
            except TimeoutError:
                return Response(
                    url,
                    url,
                    error=f"the download took longer than {self.policy.deadline:g} s "
                    "and was stopped",
                )

    def _conditional(self, etag: str | None, last_modified: str | None) -> dict[str, str]:
        """Validators to send back, each checked again (a stored value never breaks a fetch)."""
        headers: dict[str, str] = {}
        etag, last_modified = header_values.etag(etag), header_values.last_modified(last_modified)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return headers

    async def _follow(self, url: str, etag: str | None, last_modified: str | None) -> Response:
        headers = self._conditional(etag, last_modified)
        result = Response(url, url)
        seen = {url}
        still_permanent = True
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            location = await self._request(current, headers, result)
            if location is None:
                return result
            if location in seen:
                result.error = f"the address redirects in a loop (back to {location})"
                return result
            seen.add(location)
            if still_permanent and result.status in PERMANENT:
                result.permanent_url = location
            else:
                still_permanent = False
            current = result.final_url = location
        result.error = f"the address redirects more than {self.policy.max_redirects} times"
        return result

    async def _request(self, url: str, headers: dict[str, str], result: Response) -> str | None:
        """One GET into `result`; returns the redirect target, or None when done."""
        try:
            async with self._client.stream("GET", url, headers=headers) as response:
                result.status = response.status_code
                result.headers = {k.lower(): v for k, v in response.headers.items()}
                if response.status_code in REDIRECTS:
                    return self._location(url, response, result)
                if response.status_code == 304:
                    await response.aread()  # no body, by definition; its end frees the connection
                    return None
                if response.status_code >= 400:
                    result.error = http_error(response.status_code, response.reason_phrase)
                    return None
                result.body = await self._read_body(response)
        except TooLarge:
            result.error = (
                f"the response is larger than {_megabytes(self.policy.max_bytes)} and was refused"
            )
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            result.error, result.offline = describe(error, url, self.policy.timeout)
        return None

    def _location(self, url: str, response: httpx.Response, result: Response) -> str | None:
        """The redirect's target through the one URL check, or None with an error set."""
        target = str(response.extensions.get(LOCATION, "")).strip()
        if not target:
            result.error = f"the server redirected (HTTP {response.status_code}) to nowhere"
            return None
        try:
            return urls.web_url(target, base=url)
        except urls.BadURL as bad:
            result.error = f"the server redirected to {urls.shown(target)}, which {bad}"
            return None

    async def _read_body(self, response: httpx.Response) -> bytes:
        """The decompressed body, refusing anything past the cap."""
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if declared.isdigit() and encoding in {"identity", ""} and int(declared) > cap:
            raise TooLarge
        decoder = _decoder(encoding)
        out = bytearray()
        async for chunk in response.aiter_raw():
            _append(out, chunk, decoder, cap)
        if decoder is not None:
            out += decoder.flush()
            if len(out) > cap:
                raise TooLarge
        return bytes(out)


def _decoder(encoding: str) -> zlib._Decompress | None:
    if encoding in {"", "identity"}:
        return None
    if encoding in {"gzip", "x-gzip"}:
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj(32 + zlib.MAX_WBITS)
    raise httpx.DecodingError(f"unsupported content encoding {encoding!r}")


def _append(out: bytearray, chunk: bytes, decoder: zlib._Decompress | None, cap: int) -> None:
    """Add a raw chunk to `out`, decompressing in bounded steps."""
    if decoder is None:
        out += chunk
        if len(out) > cap:
            raise TooLarge
        return
    data = chunk
    while data:
        try:
            out += decoder.decompress(data, cap + 1 - len(out))
        except zlib.error as error:
            raise httpx.DecodingError(f"bad compressed data ({error})") from None
        if len(out) > cap:
            raise TooLarge
        data = decoder.unconsumed_tail


def http_error(status: int, reason: str = "") -> str:
    """A sentence for an HTTP error status."""
    if status == 404:
        return "the server says there is nothing at this address (HTTP 404)"
    if status == 410:
        return "the server says this feed is gone for good (HTTP 410)"
    if status in {401, 403}:
        return f"the server refused access (HTTP {status})"
    if status == 429:
        return "the server asks us to slow down (HTTP 429); try again later"
    if status >= 500:
        return f"the server had an error (HTTP {status}); try again later"
    return f"the server answered HTTP {status} {clean_line(reason, 80)}".rstrip()


def describe(
    error: httpx.HTTPError | httpx.InvalidURL, url: str, timeout: float
) -> tuple[str, bool]:
    """A sentence for a transport failure, and whether it looks like being offline."""
    host = _host(url) or urls.shown(url)
    if isinstance(error, httpx.ConnectTimeout):
        return f"could not connect to {host} within {timeout:g} s", True
    if isinstance(error, httpx.TimeoutException):
        return f"{host} stopped answering for {timeout:g} s", False
    if isinstance(error, httpx.ConnectError):
        tls = next((e for e in _causes(error) if isinstance(e, ssl.SSLError)), None)
        if tls is not None:  # the server answered, so the machine is not offline
            reason = getattr(tls, "reason", None) or type(tls).__name__
            return f"a secure (TLS) connection to {host} failed ({reason})", False
        return _connect_failure(error, host), True
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"'{urls.shown(url)}' is not a web address this can fetch", False
    if isinstance(error, httpx.DecodingError):
        return f"the response could not be decoded: {error}", False
    if isinstance(error, httpx.RemoteProtocolError):
        return f"{host} broke off the response ({error})", False
    if isinstance(error, httpx.ReadError | httpx.WriteError):
        return f"{host} broke off the response (the connection was reset)", False
    return f"the request to {host} failed ({type(error).__name__}: {error})", False


def _causes(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _connect_failure(error: httpx.ConnectError, host: str) -> str:
    """Why a connection failed: no such host, refused, or unreachable."""
    chain = _causes(error)
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, socket.gaierror) for e in chain) or "name or service" in text:
        return f"could not find the server {host} (offline, or a mistyped address)"
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text:
        return f"{host} refused the connection"
    return f"could not connect to {host} (offline, or the server is down)"


async def fetch_one(
    url: str, policy: FetchPolicy | None = None, etag: str | None = None
) -> Response:
    """Fetch one URL with a short-lived client."""
    async with Fetcher(policy) as fetcher:
        return await fetcher.fetch(url, etag)
