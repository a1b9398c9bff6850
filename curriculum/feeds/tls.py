"""TLS for the fetcher: httpx's certificate checks, with the CA bundle read on first use.

httpx reads certifi's bundle (about 150 certificates, ~20–35 ms) whenever a client is made;
a refresh whose feeds are all plain HTTP, or that fails before connecting, never needs it.
`LazyCAContext` is the same verifying context (hostname checked, certificate required,
certifi's roots) that loads the bundle just before its first handshake. `SSL_CERT_FILE` and
`SSL_CERT_DIR` keep their meaning: with either set, httpx's own context is used.
"""

from __future__ import annotations

import os
import ssl
from typing import Any


class LazyCAContext(ssl.SSLContext):
    """A client SSLContext that loads certifi's CA bundle before the first handshake."""

    _ca_loaded = False

    def load_ca(self) -> None:
        """Read the CA bundle (once)."""
        if not self._ca_loaded:
            import certifi

            self.load_verify_locations(cafile=certifi.where())
            self._ca_loaded = True

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:  # type: ignore[override]
        self.load_ca()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:  # type: ignore[override]
        self.load_ca()
        return super().wrap_bio(*args, **kwargs)


def verify() -> ssl.SSLContext | bool:
    """What to pass as httpx's `verify`: a lazy verifying context, or True (httpx's own)."""
    if os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR"):
        return True
    context = LazyCAContext(ssl.PROTOCOL_TLS_CLIENT)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    return context
