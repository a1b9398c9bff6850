"""TLS for the fetcher: httpx's certificate checks, with the CA certificates read on first use.

httpx reads its CA bundle (about 150 certificates, ~20–35 ms) whenever a client is made; a
refresh whose feeds are all plain HTTP, or that fails before connecting, never needs it.
`LazyCAContext` is the same verifying context (hostname checked, certificate required) that
loads the same certificates just before its first handshake: those named by `SSL_CERT_FILE`,
else by `SSL_CERT_DIR` (httpx's order), else certifi's. When a named file or folder does not
exist, httpx's own context is used, so the error is the one httpx gives.
"""

from __future__ import annotations

import os
import ssl
from typing import Any


def _ca_source() -> dict[str, str] | None:
    """Where httpx would read CA certificates from (its order); None when a named file or
    folder is missing (httpx then raises its own error)."""
    if os.environ.get("SSL_CERT_FILE"):
        path = os.environ["SSL_CERT_FILE"]
        return {"cafile": path} if os.path.isfile(path) else None
    if os.environ.get("SSL_CERT_DIR"):
        path = os.environ["SSL_CERT_DIR"]
        return {"capath": path} if os.path.isdir(path) else None
    return {}


class LazyCAContext(ssl.SSLContext):
    """A client SSLContext that loads its CA certificates before the first handshake."""

    _ca_loaded = False
    _ca_source: dict[str, str]

    def load_ca(self) -> None:
        """Read the CA certificates (once)."""
        if not self._ca_loaded:
            source = self._ca_source
            if not source:
                import certifi

                source = {"cafile": certifi.where()}
            self.load_verify_locations(**source)
            self._ca_loaded = True

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:  # type: ignore[override]
        self.load_ca()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:  # type: ignore[override]
        self.load_ca()
        return super().wrap_bio(*args, **kwargs)


def verify() -> ssl.SSLContext | bool:
    """What to pass as httpx's `verify`: a lazy verifying context, or True (httpx's own)."""
    source = _ca_source()
    if source is None:
        return True
    context = LazyCAContext(ssl.PROTOCOL_TLS_CLIENT)
    context._ca_source = source
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    return context
