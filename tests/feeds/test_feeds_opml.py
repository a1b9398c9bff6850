"""OPML: both real files, nested folders and categories as tags, skips counted, round trip."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from curriculum.feeds import manage, opml
from curriculum.feeds.model import FeedError
from curriculum.store import Database

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"

MIXED = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>t</title></head><body>
  <outline text="Papers">
    <outline text="arXiv AI" xmlUrl="https://rss.arxiv.org/rss/cs.AI" category="/ml,/papers"/>
    <outline text="Local" xmlUrl="file:///etc/passwd"/>
    <outline text="Script" xmlurl="exec:~/bin/feed.sh"/>
  </outline>
  <outline text="Empty folder"/>
  <outline title="Bare" xmlUrl="https://bare.example/feed"/>
</body></opml>"""


def test_newsboat_nested_outlines_become_tags() -> None:
    parsed = opml.parse_opml((FEEDS / "newsboat_example.opml").read_bytes())
    assert parsed.skipped == 0 and len(parsed.feeds) == 7
    tags = {f.name: f.tags for f in parsed.feeds}
    assert tags["John's musings"] == ("Blogs",)
    assert tags["Notes by Mike"] == ("Blogs", "friends")
    assert tags["example.com website"] == ()


def test_netnewswire_export_reads_every_subscription() -> None:
    parsed = opml.parse_opml((FEEDS / "nnw_Subs.opml").read_bytes())
    assert len(parsed.feeds) > 100 and parsed.skipped == 0
    first = parsed.feeds[0]
    assert (first.name, first.url, first.site_url) == (
        "Daring Fireball",
        "http://daringfireball.net/feeds/main",
        "http://daringfireball.net/",
    )
    assert any(f.site_url is None for f in parsed.feeds)  # some have an empty htmlUrl


def test_only_web_feeds_are_accepted_and_the_rest_counted() -> None:
    parsed = opml.parse_opml(MIXED)
    assert [f.url for f in parsed.feeds] == [
        "https://rss.arxiv.org/rss/cs.AI",
        "https://bare.example/feed",
    ]
    assert parsed.skipped == 2
    assert parsed.feeds[0].tags == ("Papers", "ml", "papers")


def test_not_opml_is_a_clear_error() -> None:
    with pytest.raises(FeedError, match="not a readable OPML file"):
        opml.parse_opml(b"<opml><body><outline")
    with pytest.raises(FeedError, match="not an OPML file"):
        opml.parse_opml(b"<rss><channel/></rss>")


def test_import_twice_merges_and_export_round_trips(
    bare_db: Database, tmp_path: Path, now: datetime
) -> None:
    first = opml.import_opml(bare_db, MIXED, now)
    again = opml.import_opml(bare_db, MIXED, now)
    assert (first.added, first.skipped, again.added, again.existing) == (2, 2, 0, 2)
    assert {f.kind for f in manage.list_feeds(bare_db)} == {"arxiv", "rss"}
    text = opml.export_opml(bare_db, now)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    reparsed = opml.parse_opml(text.encode())
    original = {(f.url, f.name, tuple(f.tags)) for f in manage.list_feeds(bare_db)}
    assert {(f.url, f.name, f.tags) for f in reparsed.feeds} == original
