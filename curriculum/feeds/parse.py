"""feedparser on bytes → normalised entries (titles, links, authors, dates, safe summaries).

feedparser's own sanitizer and URI resolution are off (library.content sanitizes when a
reading is displayed); every display string is cleaned of control characters here.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from curriculum import urls
from curriculum.clock import to_iso
from curriculum.feeds.model import Entry, FeedError, ParsedFeed
from curriculum.library import concepts
from curriculum.library.content import (
    count_words,
    estimate_minutes,
    html_to_text,
    summarize,
    words_in_html,
)
from curriculum.text import clean_line, strip_controls

PAPER_MINUTES = 30
BENIGN_BOZO = {"CharacterEncodingOverride", "NonXMLContentType"}
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_ARXIV_PREFIX = re.compile(
    r"^\s*arXiv:\S+\s+Announce Type:\s*(\S+)\s*(?:Abstract:\s*)?", re.IGNORECASE
)
_AUTHOR_SPLIT = re.compile(r",\s*|\s+and\s+")


def looks_like_html(body: bytes) -> bool:
    """True when a body is a web page rather than a feed."""
    return bool(_HTML_START.match(body[:4096]))


def load_parser() -> Any:
    """feedparser with our SAX driver and date handler installed (imported on first use)."""
    import feedparser
    import feedparser.api

    from curriculum.feeds import _sax, dates  # noqa: F401 - dates registers a date handler

    _sax.install(feedparser.api)
    return feedparser


def _feedparser_parse(body: bytes, headers: Mapping[str, str]) -> Any:
    feedparser = load_parser()
    response_headers = {k.lower(): v for k, v in headers.items()}
    response_headers.setdefault("content-type", "application/xml")
    return feedparser.parse(
        io.BytesIO(body),
        response_headers=response_headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )


def _bozo_reason(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    if type(error).__name__ in BENIGN_BOZO:
        return None
    text = getattr(error, "getMessage", lambda: str(error))()
    return clean_line(str(text), 160) or type(error).__name__


def parse_feed(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """Parse a feed body; raises FeedError when it is not a usable feed."""
    if looks_like_html(body):
        raise FeedError("this is a web page, not a feed")
    parsed = _feedparser_parse(body, headers)
    reason = _bozo_reason(parsed)
    if not parsed.entries and reason:
        raise FeedError(f"the feed could not be read: {reason}")
    if not parsed.entries and not parsed.get("version"):
        raise FeedError("this is neither an RSS nor an Atom feed")
    feed = parsed.feed
    base = _http(feed.get("link"), url) or url
    entries = [normalise(e, base) for e in parsed.entries]
    warning = None
    if reason:
        warning = f"the feed is malformed ({reason}); {len(entries)} entries were read anyway"
    warning = _join(warning, _link_warning(entries))
    return ParsedFeed(
        title=_text(feed.get("title_detail"), feed.get("title")) or _host(url),
        site_url=_http(feed.get("link"), url),
        entries=entries,
        warning=warning,
    )


def _link_warning(entries: list[Entry]) -> str | None:
    """A note on links that were dropped because they are not web addresses."""
    problems = [e.link_problem for e in entries if e.link_problem]
    if not problems:
        return None
    count = f"{len(problems)} entr{'y' if len(problems) == 1 else 'ies'}"
    return f"{count} kept without a link that is not a web address (the first: {problems[0]})"


def _join(first: str | None, second: str | None) -> str | None:
    return "; ".join(part for part in (first, second) if part) or None


def _host(url: str) -> str:
    try:
        return urls.parse_web_url(url).host.removeprefix("www.")
    except urls.BadURL:
        return urls.shown(url)


def _http(link: Any, base: str) -> str | None:
    """An absolute http(s) URL resolved against `base`, or None."""
    if not isinstance(link, str) or not link.strip():
        return None
    return urls.web_url_or_none(link, base=base)


def _text(detail: Any, value: Any) -> str:
    """A display line from a feedparser text construct (HTML ones lose their tags)."""
    if not value:
        return ""
    if isinstance(detail, Mapping) and "html" in str(detail.get("type", "")):
        return clean_line(html_to_text(str(value)))
    return clean_line(str(value))


def _link(entry: Any, base: str) -> tuple[urls.WebURL | None, str | None]:
    """The entry's web link (checked, in parts), and why the link it gave was dropped
    (None when it was fine)."""
    given = [entry.get("link")] + [
        c.get("href") for c in entry.get("links", []) if c.get("rel", "alternate") == "alternate"
    ]
    problem = None
    for raw in given:
        if not isinstance(raw, str) or not raw.strip():
            continue
        try:
            return urls.parse_web_url(raw, base=base), None
        except urls.BadURL as bad:
            problem = problem or f"{urls.shown(raw, 60)} {bad}"
    guid = entry.get("id")
    if isinstance(guid, str) and urls.is_http_url(guid):
        return urls.parse_web_url(guid), problem
    return None, problem


def _content_html(entry: Any) -> str | None:
    """The fullest HTML body an entry carries (content, else summary), with control and
    invisible characters removed like every other text from outside."""
    bodies = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    if bodies:
        return strip_controls(max(bodies, key=len))
    summary = entry.get("summary")
    return strip_controls(summary) if summary else None


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # not entry.get: it maps missing dates with a warning
        if value:
            try:
                return to_iso(datetime.fromtimestamp(calendar.timegm(value), UTC))
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _authors(entry: Any, split: bool) -> list[str]:
    names: list[str] = []
    for author in entry.get("authors", []) or []:
        name = author.get("name") or author.get("email") or ""
        parts = _AUTHOR_SPLIT.split(name) if split else [name]
        names.extend(clean_line(p, 200) for p in parts)
    if not names and entry.get("author"):
        names.append(clean_line(entry.get("author"), 200))
    return list(dict.fromkeys(n for n in names if n))


def clean_guid(value: Any) -> str:
    """A guid as stored: controls and invisible characters removed, whitespace runs made
    one space, at most 2,000 characters ('' when nothing is left)."""
    if not isinstance(value, str):
        return ""
    return " ".join(strip_controls(value).split())[:2000]


def _guid(entry: Any, link: str | None, title: str) -> str:
    guid = clean_guid(entry.get("id"))
    if guid:
        return guid
    if link:
        return link
    digest = hashlib.sha256(f"{title}\n{entry.get('published', '')}".encode()).hexdigest()
    return f"sha256:{digest[:32]}"


def normalise(entry: Any, base: str) -> Entry:
    """One feedparser entry as an Entry."""
    parts, link_problem = _link(entry, base)
    link = None if parts is None else str(parts)
    guid_raw = entry.get("id") if isinstance(entry.get("id"), str) else None
    arxiv = urls.arxiv_id(link) or urls.arxiv_id(guid_raw)
    content = _content_html(entry)
    summary_html = entry.get("summary") or content or ""
    announce = entry.get("arxiv_announce_type")
    summary_plain = html_to_text(summary_html)
    summary = summarize(summary_plain)
    prefix = _ARXIV_PREFIX.match(summary)
    if prefix:
        announce = announce or prefix[1]
        summary = summary[prefix.end() :]
    title = _text(entry.get("title_detail"), entry.get("title"))
    if not title:
        title = clean_line(summary, 90) or (link or "(untitled)")
    words = count_words(summary_plain) if content == summary_html else words_in_html(content)
    return Entry(
        guid=_guid(entry, link, title),
        title=title,
        url=link,
        authors=_authors(entry, split=arxiv is not None),
        published=_date(entry),
        summary=summary,
        content_html=content,
        words=words,
        minutes=PAPER_MINUTES if arxiv else estimate_minutes(words),
        arxiv_id=arxiv,
        announce_type=clean_line(announce, 20).lower() if announce else None,
        tags=[clean_line(t.get("term"), 80) for t in entry.get("tags", []) if t.get("term")],
        concepts=concepts.tag_reading(title, summary),
        canonical_url=None if parts is None else urls.canonical_of(parts),
        link_problem=link_problem,
    )
