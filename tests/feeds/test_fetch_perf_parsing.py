"""Parsing shortcuts give exactly stock feedparser's readings: the cp1252 step of `pop`,
plain dict lookups for `contentparams`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import feedparser.api
import feedparser.mixin
import feedparser.urls
import pytest

from curriculum.feeds import _sax, parse
from curriculum.feeds.model import FeedError, ParsedFeed

T = TypeVar("T")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
HEADERS = {"content-type": "application/xml"}
URL = "https://example.org/feed"
FEEDS = sorted(
    p
    for folder in (FIXTURES, HOSTILE)
    for p in folder.iterdir()
    if p.suffix in {".xml", ".rss", ".atom", ".rdf"}
)

# C1 characters as UTF-8 and as character references, next to other non-ASCII text: the
# stock `pop` maps them to cp1252 (\x93 → “, \x80 → €); text without them is untouched.
C1_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>C1 \x93quoted\x94 — café</title>
<link>https://example.org/</link>
<item><title>Price \x80 5 and &#x85; more — naïve</title><link>https://example.org/1</link>
<description>&lt;p&gt;It\x92s “fine” — &#x96; really&lt;/p&gt;</description>
<guid>one</guid></item>
<item><title>Plain ASCII title</title><link>https://example.org/2</link>
<description>Only ASCII here.</description><guid>two</guid></item>
<item><title>Ünïcödé but no C1 ☃</title><link>https://example.org/3</link>
<description>日本語のテキスト</description><guid>three</guid></item>
</channel></rss>""".encode()


def _stock(monkeypatch: pytest.MonkeyPatch, run: Callable[[], T]) -> T:
    """`run()` with feedparser's own SAX driver and parser class (no shortcuts)."""
    parse._feedparser_parse(b"<rss/>", HEADERS)  # make sure the shortcuts were installed
    stock = feedparser.api.StrictFeedParser.__mro__[1]
    assert not getattr(stock, "fast_hooks", False)
    with monkeypatch.context() as patch:
        patch.setattr(_sax, "install", lambda api: None)
        preferred = [p for p in feedparser.api.PREFERRED_XML_PARSERS if p != _sax.NAME]
        patch.setattr(feedparser.api, "PREFERRED_XML_PARSERS", preferred)
        patch.setattr(feedparser.api, "StrictFeedParser", stock)
        for name in ("make_safe_absolute_uri", "_urljoin"):
            patch.setattr(feedparser.mixin, name, getattr(feedparser.urls, name))
        return run()


def _stock_parse(body: bytes, monkeypatch: pytest.MonkeyPatch) -> ParsedFeed | str:
    return _stock(monkeypatch, lambda: _parse(body))


def _shape(value: Any) -> Any:
    """A parse result with the type of every dict and list kept (exceptions by name)."""
    if isinstance(value, dict):
        return (type(value), {k: _shape(v) for k, v in value.items()})
    if isinstance(value, list):
        return (type(value), [_shape(v) for v in value])
    if isinstance(value, Exception):
        return (type(value), str(value))
    return (type(value), value)


def _parse(body: bytes) -> ParsedFeed | str:
    try:
        return parse.parse_feed(body, HEADERS, URL)
    except FeedError as error:
        return str(error)


@pytest.mark.parametrize("path", FEEDS, ids=lambda p: p.name)
def test_every_fixture_reads_as_with_stock_feedparser(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = path.read_bytes()
    assert _parse(body) == _stock_parse(body, monkeypatch)


@pytest.mark.parametrize("path", FEEDS, ids=lambda p: p.name)
def test_feedparser_gives_the_same_tree_with_the_same_types(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = path.read_bytes()
    stock = _stock(monkeypatch, lambda: parse._feedparser_parse(body, HEADERS))
    fast = parse._feedparser_parse(body, HEADERS)
    assert _shape(dict(fast)) == _shape(dict(stock))


def test_c1_characters_still_become_cp1252(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _parse(C1_FEED)
    assert fast == _stock_parse(C1_FEED, monkeypatch)
    assert isinstance(fast, ParsedFeed)
    assert fast.title == "C1 “quoted” — café"
    assert fast.entries[0].title == "Price € 5 and … more — naïve"
    assert fast.entries[0].summary == "It’s “fine” — – really"
    assert fast.entries[2].title == "Ünïcödé but no C1 ☃"


def test_entry_text_leaves_feedparser_as_plain_str() -> None:
    result = parse._feedparser_parse(C1_FEED, HEADERS)
    values = [result.feed.title] + [e.title for e in result.entries]
    values += [e.summary for e in result.entries]
    assert values and all(type(value) is str for value in values)


@pytest.mark.parametrize("text", ["", "ascii", "café ☃", "a\x80b", "\x9f", "x\x85\u2019"])
def test_text_translates_like_str(text: str) -> None:
    from feedparser.html import _cp1252

    translated = _sax._Text(text).translate(_cp1252)
    assert translated == text.translate(_cp1252) and type(translated) is str


JOINS = [
    ("", ""),
    ("https://example.org/feed", "https://example.org/feed"),
    ("https://example.org/a/b", "../c?x=1#f"),
    ("https://example.org/", "javascript:alert(1)"),
    ("https://example.org/", None),
    ("", "relative/path"),
    ("http://[bad", "x"),
    ("https://example.org/", "https:////example.org//double"),
]


@pytest.mark.parametrize(("base", "rel"), JOINS)
def test_remembered_url_joins_answer_like_feedparsers(base: str, rel: str | None) -> None:
    parse._feedparser_parse(b"<rss/>", HEADERS)  # installs the shortcuts
    for name in ("make_safe_absolute_uri", "_urljoin"):
        remembered, stock = getattr(feedparser.mixin, name), getattr(feedparser.urls, name)
        assert hasattr(remembered, "cache_info")
        args = (base, rel) if name == "make_safe_absolute_uri" else (base, rel or "")
        assert remembered(*args) == stock(*args) == remembered(*args)
