"""Parsing and normalisation over every real feed in tests/fixtures/feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum import urls
from curriculum.feeds.model import FeedError
from curriculum.feeds.parse import looks_like_html, parse_feed

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
XML = {"content-type": "application/xml"}
BROKEN = {"feedrs_rss_2.0_invalid_1.xml", "feedparser_illformed_undeclared_namespace.xml"}
GOOD = sorted(
    p.name
    for p in FEEDS.iterdir()
    if p.suffix in {".xml", ".rss", ".atom", ".rdf"} and p.name not in BROKEN
)


def parse(name: str, url: str = "https://example.org/feed"):
    return parse_feed((FEEDS / name).read_bytes(), XML, url)


@pytest.mark.parametrize("name", GOOD)
def test_every_real_feed_yields_sensible_entries(name: str) -> None:
    feed = parse(name)
    assert feed.title and feed.entries
    assert all(e.guid.strip() for e in feed.entries)
    for entry in feed.entries:
        assert entry.title.strip() and "\n" not in entry.title and len(entry.title) <= 1000
        assert entry.url is None or urls.is_http_url(entry.url)
        assert entry.published is None or entry.published.endswith("Z")
        assert all(a.strip() for a in entry.authors)
        assert entry.minutes >= 1
        assert not any(ch in entry.title + entry.summary for ch in "\x00\x1b\u202e")


@pytest.mark.parametrize(
    ("name", "count", "title", "author", "published"),
    [
        ("feedrs_rss_2.0_ghost_2.xml", 1, "Send emails without publishing", "Team Ghost", "2021"),
        ("nnw_489.rss", 10, "Hodl Hodl closes funding round", "Hodl Hodl", "2018-11-19"),
        ("nnw_dcrainmaker.xml", 8, "Huge Fall Sale", "DC Rainmaker", "2017-11-09"),
        ("nnw_4fsodonline.atom", 25, "4FSOD Documentary", "Anthony", "2007-12-15"),
        ("nnw_bio.rdf", 30, "Wheat inositol", "Kaur, M.", "2019-08-27"),
        ("substack_interconnects.xml", 20, "Latest open artifacts", "Florian Brand", "2026-08-02"),
        ("nnw_kc0011.rss", 20, "建国35周年纪念", "大鱼儿", "2020-01-10T14:33"),
    ],
)
def test_known_values(name: str, count: int, title: str, author: str, published: str) -> None:
    feed = parse(name)
    first = feed.entries[0]
    assert len(feed.entries) == count
    assert first.title.startswith(title)
    assert first.authors[0].startswith(author)
    assert (first.published or "").startswith(published)


def test_entries_without_titles_get_one_from_their_text() -> None:
    feed = parse("nnw_scriptingNews.rss")
    untitled = [e for e in feed.entries if e.title == "(untitled)"]
    assert len(feed.entries) == 50 and not untitled
    assert feed.entries[0].title.startswith("Good morning students")


def test_relative_links_resolve_against_the_feed() -> None:
    feed = parse("newsboat_items_without_titles.xml")
    assert all(e.url and e.url.startswith("http://example.com/") for e in feed.entries)


def test_arxiv_rss_entries_have_ids_types_and_split_authors() -> None:
    feed = parse("arxiv_rss_multi_cs_LG_AI_CL_statML.xml", "https://rss.arxiv.org/rss/cs.LG")
    types = {e.announce_type for e in feed.entries}
    assert types >= {"new", "cross", "replace"} - {None} or types
    for entry in feed.entries:
        assert entry.arxiv_id and "v" not in entry.arxiv_id
        assert not entry.summary.startswith("arXiv:")
        assert entry.minutes == 30
    atom = parse("arxiv_atom_cs_LG.xml")
    assert len(atom.entries[0].authors) == 6


def test_malformed_feed_with_entries_is_kept_with_a_warning() -> None:
    feed = parse("feedparser_illformed_rss_item_link_corrupted_ampersands.xml")
    assert len(feed.entries) == 1
    assert feed.warning and feed.warning.startswith("the feed is malformed")


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_feed_without_entries_is_an_error_with_the_reason(name: str) -> None:
    with pytest.raises(FeedError, match="the feed could not be read: "):
        parse(name)


def test_a_web_page_is_not_a_feed() -> None:
    page = b"<!DOCTYPE html>\n<html><head><title>Blog</title></head><body>hi</body></html>"
    assert looks_like_html(page)
    assert not looks_like_html((FEEDS / "nnw_489.rss").read_bytes())
    with pytest.raises(FeedError, match="this is a web page, not a feed"):
        parse_feed(page, {"content-type": "text/html"}, "https://example.org/")


def test_control_characters_are_removed_from_display_text() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T\xc2\x9b</title>'
        b"<item><title>Evil \xe2\x80\xae title</title><link>https://x.org/a</link>"
        b"<author>m@x.org (Mal\xc2\x85lory)</author>"
        b"<description>&lt;b&gt;bold&lt;/b&gt; \x1b[2J</description></item></channel></rss>"
    )
    entry = parse_feed(body, XML, "https://x.org/feed").entries[0]
    assert entry.title == "Evil title"
    assert entry.summary == "bold [2J"
    assert entry.authors[0].startswith("Mal") and entry.authors[0].endswith("lory")
    assert not any(0x80 <= ord(ch) <= 0x9F for ch in entry.authors[0])
