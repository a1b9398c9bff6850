"""The faster parsing path gives the same readings: buffered SAX, the process pool, word counts."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from curriculum.feeds import parse, parsers
from curriculum.feeds.model import FeedError
from curriculum.library.content import count_words, html_to_text, words_in_html

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
HEADERS = {"content-type": "application/xml"}
SAMPLES = sorted(p for p in FEEDS.iterdir() if p.suffix in {".xml", ".rss", ".atom"})[:6]


def _stock_parse(body: bytes, monkeypatch: pytest.MonkeyPatch) -> parse.ParsedFeed:
    """parse_feed with feedparser's own SAX driver (no buffered text)."""
    from curriculum.feeds import _sax

    with monkeypatch.context() as patch:
        patch.setattr(_sax, "install", lambda api: None)
        import feedparser.api

        preferred = [p for p in feedparser.api.PREFERRED_XML_PARSERS if p != _sax.NAME]
        patch.setattr(feedparser.api, "PREFERRED_XML_PARSERS", preferred)
        return parse.parse_feed(body, HEADERS, "https://example.org/feed")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_buffered_sax_reads_the_same_entries(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = path.read_bytes()
    stock = _stock_parse(body, monkeypatch)
    fast = parse.parse_feed(body, HEADERS, "https://example.org/feed")
    assert fast == stock and fast.entries


def test_the_pool_parses_like_the_main_process() -> None:
    body = SAMPLES[0].read_bytes()

    async def both() -> tuple[parse.ParsedFeed, parse.ParsedFeed]:
        async with parsers.Parsers(2) as pool:
            pooled = await pool.parse(body, HEADERS, "https://example.org/feed")
        async with parsers.Parsers(0) as threaded:
            here = await threaded.parse(body, HEADERS, "https://example.org/feed")
        return pooled, here

    pooled, here = asyncio.run(both())
    assert dataclasses.asdict(pooled) == dataclasses.asdict(here) and pooled.entries


def test_a_bad_feed_fails_the_same_way_in_a_worker() -> None:
    async def bad() -> None:
        async with parsers.Parsers(1) as pool:
            await pool.parse(b"<html><body>hi</body></html>", HEADERS, "https://example.org/")

    with pytest.raises(FeedError, match="web page"):
        asyncio.run(bad())


def test_small_refreshes_start_no_process() -> None:
    assert parsers.worker_count(1) == 0
    assert parsers.worker_count(parsers.POOL_MIN_FEEDS - 1) == 0
    assert parsers.worker_count(100) >= 1


@pytest.mark.parametrize(
    "html",
    [
        "<p>one <b>two</b></p><script>three four</script>",
        "<div>a&amp;b</div><!-- hidden words --><br/>c-d e’s",
        "<ul><li>x</li><li>y z</li></ul><style>p {}</style>tail",
        "plain text, no tags at all",
    ],
)
def test_word_counts_match_the_tidy_text(html: str) -> None:
    assert words_in_html(html) == count_words(html_to_text(html))


def test_word_counts_match_on_real_feed_content() -> None:
    for path in SAMPLES:
        for entry in parse.parse_feed(path.read_bytes(), HEADERS, "https://e.org/").entries:
            html = entry.content_html or ""
            assert words_in_html(html) == count_words(html_to_text(html))
