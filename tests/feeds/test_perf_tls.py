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
def test_a_missing_ca_setting_is_left_to_httpx(monkeypatch, variable, tmp_path) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv(variable, str(tmp_path / "somewhere"))
    assert tls.verify() is True


def test_ssl_cert_file_is_read_lazily_and_wins_over_the_folder(monkeypatch, tmp_path) -> None:
    import certifi

    bundle = tmp_path / "one.pem"
    with open(certifi.where()) as whole:
        bundle.write_text(
            whole.read().split("-----END CERTIFICATE-----")[0] + "-----END CERTIFICATE-----\n"
        )
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    context = tls.verify()
    assert isinstance(context, tls.LazyCAContext)
    assert context.cert_store_stats()["x509_ca"] == 0, "nothing read before a handshake"
    context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="example.org")
    assert context.cert_store_stats()["x509_ca"] == 1, "exactly the named file's certificate"


def test_ssl_cert_dir_is_used_when_no_file_is_named(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    context = tls.verify()
    assert isinstance(context, tls.LazyCAContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    context.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="example.org")
    assert context.cert_store_stats()["x509_ca"] == 0, "certifi's bundle was not read"
