"""OPML 1.0/2.0 subscription lists: import (folders become tags) and export (OPML 2.0)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from curriculum import urls
from curriculum.feeds import manage
from curriculum.feeds.fetch import fetch_one
from curriculum.feeds.model import FeedError, FetchPolicy
from curriculum.store import Database, transaction
from curriculum.text import clean_line

MAX_FOLDERS = 20  # folder depth that still becomes tags


@dataclass(frozen=True)
class OpmlFeed:
    """One subscription found in an OPML file."""

    url: str
    name: str
    site_url: str | None
    tags: tuple[str, ...]


@dataclass
class OpmlParse:
    """The subscriptions of a file and how many outlines were skipped."""

    feeds: list[OpmlFeed] = field(default_factory=list)
    skipped: int = 0


@dataclass
class OpmlImport:
    """What an import did."""

    added: int = 0
    existing: int = 0
    skipped: int = 0
    added_ids: list[int] = field(default_factory=list)


def _attr(outline: ET.Element, name: str) -> str:
    """An attribute by name, ignoring case (`xmlUrl`, `xmlurl`, `XMLURL`)."""
    for key, value in outline.attrib.items():
        if key.lower() == name.lower():
            return value.strip()
    return ""


def _categories(outline: ET.Element) -> list[str]:
    """Tags from an OPML 2.0 `category` attribute (`/a,/b/c` → a, c)."""
    raw = _attr(outline, "category")
    return [part.strip().rsplit("/", 1)[-1] for part in raw.split(",") if part.strip(" /")]


def _subscription(outline: ET.Element, folders: tuple[str, ...], result: OpmlParse) -> None:
    """One outline with an `xmlUrl`: a feed, or a skip when its address is not a web one."""
    url = urls.web_url_or_none(_attr(outline, "xmlUrl"))
    if url is None:
        result.skipped += 1
        return
    name = clean_line(_attr(outline, "title") or _attr(outline, "text"), 200)
    site_url = urls.web_url_or_none(_attr(outline, "htmlUrl"))
    tags = manage.clean_words([*folders, *_categories(outline)])
    result.feeds.append(OpmlFeed(url, name, site_url, tuple(tags)))


def _walk(top: ET.Element, result: OpmlParse) -> None:
    """Every outline under `top`, depth first in document order, without recursion (a file
    nested thousands deep is read like any other); folders deeper than `MAX_FOLDERS` add
    no more tags."""
    stack: list[tuple[ET.Element, tuple[str, ...]]] = [
        (outline, ()) for outline in reversed(top.findall("outline"))
    ]
    while stack:
        outline, folders = stack.pop()
        if _attr(outline, "xmlUrl"):
            _subscription(outline, folders, result)
            continue
        children = outline.findall("outline")
        folder = clean_line(_attr(outline, "text") or _attr(outline, "title"), 100)
        inner = folders
        if folder and children and len(folders) < MAX_FOLDERS:
            inner = (*folders, folder)
        stack.extend((child, inner) for child in reversed(children))


def parse_opml(data: bytes) -> OpmlParse:
    """Subscriptions in an OPML document; FeedError when it is not OPML."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise FeedError(f"This is not a readable OPML file ({error}).") from None
    body = root.find("body")
    if root.tag.lower() != "opml" or body is None:
        raise FeedError("This is not an OPML file (no <opml> with a <body>).")
    result = OpmlParse()
    _walk(body, result)
    return result


def import_opml(db: Database, data: bytes, now: datetime) -> OpmlImport:
    """Add every new http(s) feed of an OPML file in one transaction; fetches nothing."""
    parsed = parse_opml(data)
    result = OpmlImport(skipped=parsed.skipped)
    with transaction(db):
        index = manage.url_index(db)
        for feed in parsed.feeds:
            existing = manage.lookup(index, feed.url)
            if existing:
                _merge_tags(db, existing[0], feed.tags)
                result.existing += 1
                continue
            options = manage.FeedOptions(name=feed.name or None, tags=feed.tags)
            feed_id = manage.insert_feed(
                db, feed.url, now, options, site_url=feed.site_url, origin="opml"
            )
            index[feed.url] = index[urls.canonical_url(feed.url) or feed.url] = (feed_id, feed.name)
            result.added += 1
            result.added_ids.append(feed_id)
    return result


def _merge_tags(db: Database, feed_id: int, tags: tuple[str, ...]) -> None:
    row = db.execute("SELECT tags FROM feeds WHERE id = ?", [feed_id]).fetchone()
    merged = manage.clean_words([*json.loads(row[0]), *tags])
    db.execute("UPDATE feeds SET tags = ? WHERE id = ?", [json.dumps(merged), feed_id])


async def read_source(source: str, policy: FetchPolicy | None = None) -> bytes:
    """The bytes of an OPML file given as a local path or an http(s) URL."""
    address = urls.web_url_or_none(source)
    if address is not None:
        response = await fetch_one(address, policy)
        if response.error:
            raise FeedError(f"Could not download {address}: {response.error}.")
        return response.body or b""
    if source.strip().lower().startswith(("http://", "https://")):
        try:
            urls.web_url(source)
        except urls.BadURL as bad:
            raise FeedError(f"'{urls.shown(source)}' is not a web address: it {bad}.") from None
    try:
        return Path(source).expanduser().read_bytes()
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or "not a file name this system can open"
        raise FeedError(f"Cannot read {urls.shown(source)}: {reason}.") from None


def export_opml(db: Database, now: datetime) -> str:
    """Every feed as OPML 2.0: grouped under its first tag, all tags in `category`."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "Curriculum subscriptions"
    ET.SubElement(head, "dateCreated").text = format_datetime(now, usegmt=True)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in manage.list_feeds(db):
        parent = body
        if feed.tags:
            first = feed.tags[0]
            if first not in folders:
                folders[first] = ET.SubElement(body, "outline", text=first, title=first)
            parent = folders[first]
        name = clean_line(feed.name, 200)  # clean since it arrived; cleaned again for XML
        attrs = {"type": "rss", "text": name, "title": name, "xmlUrl": feed.url}
        site_url = urls.web_url_or_none(feed.site_url)
        if site_url:
            attrs["htmlUrl"] = site_url
        if feed.tags:
            attrs["category"] = ",".join(f"/{tag}" for tag in feed.tags)
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
