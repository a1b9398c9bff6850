"""URL and arXiv-id normalisation: one reading, one identity."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = {
    "fbclid",
    "gclid",
    "mc_cid",
    "mc_eid",
    "ref",
    "ref_src",
    "source",
    "s",
    "r",
    "publication_id",
    "post_id",
    "isfreemail",
    "triedredirect",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "cmpid",
}

# New-style (2104.12345, 0704.0001) and old-style (hep-th/9901001, math.GT/0309136) ids.
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Za-z]{2})?/\d{7})"
_ARXIV_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/" + _ARXIV_ID + r"(?:v\d+)?",
    re.IGNORECASE,
)
_ARXIV_BARE = re.compile(r"^(?:arxiv:)?" + _ARXIV_ID + r"(?:v\d+)?$", re.IGNORECASE)
_ARXIV_OAI = re.compile(r"^oai:arxiv\.org:" + _ARXIV_ID + r"(?:v\d+)?$", re.IGNORECASE)


def is_http_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def canonical_url(url: str | None) -> str | None:
    """A URL for identity: lower-case scheme and host, no fragment, no tracking parameters,
    no default port, no trailing slash on the path, http folded into https."""
    if not url or not is_http_url(url):
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))


def arxiv_id(text: str | None) -> str | None:
    """The normalised arXiv id (no version) in a URL, an `oai:` guid or a bare id; else None."""
    if not text:
        return None
    text = text.strip()
    for pattern in (_ARXIV_URL, _ARXIV_OAI, _ARXIV_BARE):
        match = pattern.match(text)
        if match:
            return match[1]
    return None
