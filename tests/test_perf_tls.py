"""The fetcher's TLS context verifies like httpx's and reads the CA bundle only when needed."""

from __future__ import annotations

import ssl

import pytest

from curriculum.feeds import tls


def test_the_context_verifies_hostnames_and_certificates(monkeypatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    context = tls.verify()
    assert isinstance(context, tls.LazyCAContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0, "nothing read before a handshake"


def test_the_ca_bundle_is_read_before_the_first_handshake(monkeypatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    context = tls.verify()
    assert isinstance(context, tls.LazyCAContext)
    context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="example.org")
    assert context.cert_store_stats()["x509_ca"] > 100


@pytest.mark.parametrize("variable", ["SSL_CERT_FILE", "SSL_CERT_DIR"])
def test_an_explicit_ca_setting_is_left_to_httpx(monkeypatch, variable) -> None:
    monkeypatch.setenv(variable, "/somewhere")
    assert tls.verify() is True
