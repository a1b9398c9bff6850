"""Finding the feed behind a web page: `<link rel="alternate">`, then common paths.

A page may advertise any number of links; at most `MAX_ADVERTISED` of them are tried, and
at most `MAX_CANDIDATES` addresses in all, so a page cannot make a search run long.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from curriculum import urls

FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}
COMMON_PATHS = ("feed", "rss", "rss.xml", "feed.xml", "atom.xml", "index.xml")
MAX_ADVERTISED = 8
MAX_CANDIDATES = 16


def decode(body: bytes, content_type_header: str = "") -> str:
    """Page bytes as text, using the declared charset when there is one."""
    charset = "utf-8"
    for part in content_type_header.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"'")
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def alternate_links(html: str, page_url: str) -> list[str]:
    """Feed URLs a page advertises with `<link rel="alternate" type=…>`, in page order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    for link in soup.find_all("link", href=True):
        rel = link.get("rel") or []
        rels = [r.lower() for r in (rel if isinstance(rel, list) else str(rel).split())]
        kind = str(link.get("type", "")).split(";")[0].strip().lower()
        if "alternate" in rels and kind in FEED_TYPES:
            absolute = urls.web_url_or_none(str(link["href"]), base=page_url)
            if absolute is not None and absolute not in found:
                found.append(absolute)
                if len(found) == MAX_ADVERTISED:
                    break
    return found


def common_paths(page_url: str) -> list[str]:
    """The usual feed locations, under the page's folder and at the site root."""
    parts = urlsplit(page_url)
    folders = [parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"]
    if folders[0] != "/":
        folders.append("/")
    return [
        urlunsplit((parts.scheme, parts.netloc, folder + name, "", ""))
        for folder in folders
        for name in COMMON_PATHS
    ]


def candidates(html: str, page_url: str) -> list[str]:
    """The URLs worth trying, advertised links first, without duplicates, at most
    `MAX_CANDIDATES`."""
    seen: list[str] = []
    for url in [*alternate_links(html, page_url), *common_paths(page_url)]:
        if url not in seen and url != page_url:
            seen.append(url)
    return seen[:MAX_CANDIDATES]
