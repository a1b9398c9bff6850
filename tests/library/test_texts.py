"""A reading's text: the whole text kept, else the feed's text and why; PDFs; the estimate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from curriculum.library import items, pdf_text, texts
from tests.conftest import NOW
from tests.pdf_data import PAPER_LINES, make_pdf
from tests.queue_data import add_feed, add_item

LONG = "<p>" + "A complete argument about oversight. " * 80 + "</p>"


@pytest.mark.parametrize(
    ("html", "source", "whole"),
    [
        (LONG, "feed", True),
        (LONG[:-4] + " Continue reading →</p>", "feed", False),
        (LONG[:-4] + " […]</p>", "feed", False),
        ("<p>Just a teaser.</p>", "feed", False),
        (None, "abstract", False),
    ],
    ids=["whole-feed", "continue-reading", "ellipsis", "short", "summary-only"],
)
def test_whether_the_feed_carried_the_whole_text(db, html, source, whole) -> None:
    item_id = add_item(db, "Post", add_feed(db, "Blog"), content_html=html, summary="A summary.")
    item = items.get_item(db, item_id)
    shown = texts.current(db, item)
    assert (shown.source, shown.whole) == (source, whole)
    assert texts.needs_fetch(db, item, NOW) is not whole


def test_papers_always_want_their_whole_text(db) -> None:
    paper = add_item(db, "Paper", arxiv_id="2501.11120", summary="We study things.")
    item = items.get_item(db, paper)
    assert texts.current(db, item).source == "abstract"
    assert texts.needs_fetch(db, item, NOW)


def test_a_kept_text_sets_words_and_minutes_and_is_not_fetched_again(db) -> None:
    item_id = add_item(db, "Post", summary="Short.", minutes=5)
    kept = texts.save(db, texts.ReadingText(item_id, "page", "word " * 2300, 2300), NOW, wpm=100)
    assert kept.fetched_at is not None and kept.whole
    row = db.execute("SELECT words, minutes FROM items WHERE id = ?", [item_id]).fetchone()
    assert row == (2300, 23)
    item = items.get_item(db, item_id)
    assert not texts.needs_fetch(db, item, NOW + timedelta(days=9))
    assert texts.needs_fetch(db, item, NOW, refresh=True)


def test_a_failure_is_retried_later_and_never_replaces_a_whole_text(db) -> None:
    item_id = add_item(db, "Post", summary="Short.")
    item = items.get_item(db, item_id)
    texts.save(db, texts.from_feed(item, "the page could not be fetched (HTTP 500)"), NOW)
    assert texts.current(db, item).reason == "the page could not be fetched (HTTP 500)"
    assert not texts.needs_fetch(db, item, NOW + timedelta(minutes=10))
    assert texts.needs_fetch(db, item, NOW + texts.RETRY_AFTER + timedelta(seconds=1))
    texts.save(db, texts.ReadingText(item_id, "page", "whole " * 500, 500), NOW)
    texts.save(db, texts.from_feed(item, "offline"), NOW)
    assert texts.current(db, item).source == "page"


def test_pdf_text_becomes_paragraphs() -> None:
    pdf = pdf_text.pdf_to_markdown(make_pdf([PAPER_LINES, PAPER_LINES[5:]]))
    assert pdf.reason is None and pdf.pages == 2
    paragraphs = pdf.markdown.split("\n\n")
    assert "1 Introduction" in paragraphs
    assert "during training. Our results" in pdf.markdown, "a hyphen at a line's end is mended"


@pytest.mark.parametrize(
    "body", [b"%PDF-1.4 broken", b"", make_pdf([["tiny"]])], ids=["broken", "empty", "no-text"]
)
def test_unreadable_pdfs_give_a_reason(body: bytes) -> None:
    result = pdf_text.pdf_to_markdown(body)
    assert result.reason and not result.markdown
