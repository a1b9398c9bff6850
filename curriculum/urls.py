"""Web addresses: the one parser every outside URL passes through, and reading identity.

`web_url` is the boundary. An item's link or guid, a discovered feed link, a redirect's
`Location`, an `add` or `feed add` argument, an OPML or JSON-import address: each becomes
either a clean absolute http(s) URL (one that httpx accepts, with no whitespace, control or
invisible character in it) or a `BadURL` whose message says why not. Only what passes is
stored, so nothing stored can fail a later command. `canonical_url` and `arxiv_id` give a
reading its identity.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from curriculum.text import UNSAFE_CLASS

MAX_LENGTH = 8192  # characters; longer text is no address anyone typed or linked
WEB_SCHEMES = ("http", "https")

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

# Removed wherever they are, as browsers do (the WHATWG URL standard): tabs and newlines.
_TABS_AND_NEWLINES = re.compile("[\t\n\r]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_\-]{0,61}[a-z0-9_])?$")
_IPV4_STYLE = re.compile(r"^[0-9]+(?:\.[0-9]+){3}$")
_PORT = re.compile(r"^[0-9]{1,5}$")
# Never literal in a stored URL: spaces, characters that end a URL in running text, and every
# character text cleaning removes (controls, invisible, bidi, noncharacters, tags) or turns
# into a line break; each is percent-encoded (as browsers do).
_ENCODE = re.compile('[\\s"<>`{}|\\\\^' + UNSAFE_CLASS + "\\x85\\u2028\\u2029]")
_SHOWN = re.compile(f"{_CONTROL.pattern}|{_ENCODE.pattern}")


class BadURL(ValueError):
    """Text that is not a usable web address; str() says why, as a clause ("has a port …")."""


@dataclass(frozen=True)
class WebURL:
    """A checked web address in parts (host lower-case, IDNA-encoded, IPv6 in brackets)."""

    scheme: str
    userinfo: str
    host: str
    port: int | None
    path: str
    query: str
    fragment: str

    def __str__(self) -> str:
        netloc = f"{self.userinfo}@" if self.userinfo else ""
        netloc += self.host + (f":{self.port}" if self.port is not None else "")
        return urlunsplit((self.scheme, netloc, self.path, self.query, self.fragment))


_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def _edges_stripped(text: str) -> str:
    """Leading and trailing controls and whitespace gone, tabs and newlines removed inside."""
    text = text.strip().strip(_C0_AND_SPACE)
    if "\t" in text or "\n" in text or "\r" in text:
        text = _TABS_AND_NEWLINES.sub("", text)
    return text


def _encoded(part: str) -> str:
    return _ENCODE.sub(lambda m: quote(m[0], safe="", errors="replace"), part)


def _idna(host: str) -> str:
    """A non-ASCII host name as its ASCII (IDNA) form, as httpx sends it."""
    try:
        import idna  # httpx's own dependency: the same rules httpx applies
    except ImportError:  # pragma: no cover - httpx always brings it
        try:
            return host.encode("idna").decode("ascii")
        except UnicodeError:
            raise BadURL(f"has a host name that cannot be encoded ({host[:60]})") from None
    try:
        return str(idna.encode(host).decode("ascii"))
    except (idna.IDNAError, UnicodeError, ValueError):
        raise BadURL(f"has a host name that cannot be encoded ({host[:60]})") from None


def _host_name(host: str) -> str:
    """A registered name or IPv4 address, checked and lower-cased."""
    host = host.lower()
    if not host:
        raise BadURL("has no host")
    if not host.isascii():
        host = _idna(host)
    name = host[:-1] if host.endswith(".") else host
    if len(name) > 253 or not all(_LABEL.match(label) for label in name.split(".")):
        raise BadURL(f"has an invalid host name ({host[:60]})")
    if _IPV4_STYLE.match(name):
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            raise BadURL(f"has an invalid IPv4 address ({name})") from None
    return host


def _ipv6(address: str) -> str:
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        raise BadURL(f"has an invalid IPv6 address [{address[:60]}]") from None
    if "%" in address:
        raise BadURL("has an IPv6 address with a zone, which only works on one machine")
    return f"[{address.lower()}]"


def _host_and_port(hostport: str) -> tuple[str, str]:
    """(host, port text) of `host[:port]`, `[v6][:port]`; BadURL on broken brackets."""
    if hostport.startswith("["):
        end = hostport.find("]")
        rest = hostport[end + 1 :]
        if end < 0 or (rest and not rest.startswith(":")):
            raise BadURL("has unbalanced [brackets] around its host")
        return _ipv6(hostport[1:end]), rest[1:]
    if "[" in hostport or "]" in hostport:
        raise BadURL("has unbalanced [brackets] around its host")
    host, _, port = hostport.partition(":")
    if ":" in port:
        raise BadURL("has an IPv6 address without [brackets] or more than one port")
    return _host_name(host), port


def _port(text: str, scheme: str) -> int | None:
    if not text:
        return None
    if not _PORT.match(text):
        raise BadURL(f"has a port that is not a number ({text[:20]})")
    number = int(text)
    if not 1 <= number <= 65535:
        raise BadURL(f"has a port outside 1-65535 ({number})")
    return None if number == {"http": 80, "https": 443}[scheme] else number


def _authority(netloc: str, scheme: str) -> tuple[str, str, int | None]:
    if not netloc:
        raise BadURL("has no host")
    if "\\" in netloc:
        raise BadURL("has a backslash before its path")
    userinfo, _, hostport = netloc.rpartition("@")
    if "@" in userinfo:
        raise BadURL("has more than one @ before its host")
    host, port = _host_and_port(hostport)
    return _encoded(userinfo), host, _port(port, scheme)


def _split(text: str) -> WebURL:
    """An absolute URL's checked parts."""
    match = _SCHEME.match(text)
    scheme = match[1].lower() if match else ""
    if scheme not in WEB_SCHEMES:
        if not scheme:
            raise BadURL("has no http:// or https:// in front")
        raise BadURL(f"starts with {scheme[:20]}:, not http:// or https://")
    try:
        parts = urlsplit(text)
    except ValueError as error:
        if "IPv6" in str(error):
            raise BadURL(
                "has a broken [IPv6] host (unbalanced brackets or a bad address)"
            ) from None
        raise BadURL("has a host with characters that change under normalisation") from None
    userinfo, host, port = _authority(parts.netloc, scheme)
    checked = WebURL(
        scheme,
        userinfo,
        host,
        port,
        _encoded(parts.path),
        _encoded(parts.query),
        _encoded(parts.fragment),
    )
    size = len(userinfo) + len(host) + len(checked.path) + len(checked.query)
    if size + len(checked.fragment) + 16 > MAX_LENGTH and len(str(checked)) > MAX_LENGTH:
        raise BadURL(f"is longer than {MAX_LENGTH} characters")
    return checked


def parse_web_url(text: object, base: str | None = None) -> WebURL:
    """`text` as a checked absolute http(s) address in parts; relative text is resolved
    against `base` (itself checked). Raises BadURL saying why it is not one."""
    if not isinstance(text, str):
        raise BadURL("is not text")
    cleaned = _edges_stripped(text)
    if not cleaned:
        raise BadURL("is empty")
    if len(cleaned) > MAX_LENGTH:
        raise BadURL(f"is longer than {MAX_LENGTH} characters")
    if _CONTROL.search(cleaned):
        raise BadURL("contains control characters")
    if base is not None and not _SCHEME.match(cleaned):
        root = str(parse_web_url(base))
        try:
            cleaned = urljoin(root, cleaned)
        except ValueError:
            raise BadURL("has unbalanced [brackets] around its host") from None
    return _split(cleaned)


def web_url(text: object, base: str | None = None) -> str:
    """`text` as a clean absolute http(s) URL (see `parse_web_url`); BadURL saying why not."""
    return str(parse_web_url(text, base))


def web_url_or_none(text: object, base: str | None = None) -> str | None:
    """`web_url`, or None for anything that is not a web address."""
    try:
        return web_url(text, base)
    except BadURL:
        return None


def is_http_url(text: object) -> bool:
    """True for text that `web_url` accepts as an absolute http(s) address."""
    return web_url_or_none(text) is not None


def shown(text: object, limit: int = 80) -> str:
    """Any text as it may appear in a message about a bad address: control, invisible and
    line-breaking characters written as `\\xNN` or `\\uNNNN` codes, cut to `limit`."""
    raw = text if isinstance(text, str) else repr(text)

    def code(match: re.Match[str]) -> str:
        char = match[0]
        if char in ' \\"<>`{}|^':
            return char
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    safe = _SHOWN.sub(code, raw)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def canonical_url(url: str | None) -> str | None:
    """A URL for identity: lower-case scheme and host, no fragment, no tracking parameters,
    no default port, no trailing slash on the path, http folded into https."""
    try:
        parts = parse_web_url(url)
    except BadURL:
        return None
    return canonical_of(parts)


def canonical_of(parts: WebURL) -> str:
    """`canonical_url` of an address already checked (no second parse)."""
    host = parts.host.removeprefix("www.")
    if parts.port is not None and parts.port not in (80, 443):
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
