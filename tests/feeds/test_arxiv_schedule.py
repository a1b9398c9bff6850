"""An arXiv listing that stops advancing on a weekday is a warning on its feed."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from curriculum.feeds import arxiv_schedule, ingest, manage
from curriculum.feeds.model import Outcome, Response
from curriculum.feeds.parse import parse_feed
from curriculum.store import transaction
from tests.conftest import FIXTURES

LISTING = "https://rss.arxiv.org/rss/cs.AI"
BODY = (FIXTURES / "feeds" / "arxiv_rss_cs_ai.xml").read_bytes()  # dated Mon 27 Apr 2026


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("now", "day"),
    [
        (utc(2026, 4, 27, 12), "2026-04-27"),  # Monday noon: Monday's listing
        (utc(2026, 4, 28, 5), "2026-04-27"),  # Tue 01:00 Eastern: not rebuilt yet
        (utc(2026, 4, 28, 8), "2026-04-28"),  # Tue 04:00 Eastern: Tuesday's
        (utc(2026, 5, 2, 12), "2026-05-01"),  # Saturday: Friday's is the last
        (utc(2026, 5, 4, 2), "2026-05-01"),  # Sunday night Eastern: still Friday's
    ],
)
def test_the_last_announcement_day(now, day):
    assert arxiv_schedule.last_announcement_day(now).isoformat() == day


def test_listings_are_told_from_api_queries_and_other_feeds():
    assert arxiv_schedule.is_listing(LISTING)
    assert arxiv_schedule.is_listing("http://export.arxiv.org/atom/cs.LG")
    assert not arxiv_schedule.is_listing("https://export.arxiv.org/api/query?search_query=x")
    assert not arxiv_schedule.is_listing("https://example.org/rss/cs.AI")


def _fetch(db, feed_id, now, parsed=None, status="new"):
    outcome = Outcome(feed_id, LISTING, "cs.AI", status)
    response = Response(LISTING, LISTING, status=200 if status == "new" else 304, body=BODY)
    with transaction(db):
        ingest.record_fetch(db, feed_id, outcome, response, parsed, now)
    return outcome, db.execute("SELECT status, error FROM feeds WHERE id = ?", [feed_id]).fetchone()


def test_a_listing_that_did_not_advance_is_a_warning(bare_db):
    db = bare_db
    with transaction(db):
        feed_id = manage.insert_feed(db, LISTING, utc(2026, 4, 27), manage.FeedOptions())
    parsed = parse_feed(BODY, {}, LISTING)
    outcome, (status, error) = _fetch(db, feed_id, utc(2026, 4, 27, 12), parsed)
    assert (status, error, outcome.warning) == ("ok", None, None)
    # Wednesday: the same body (the server answers 304) still ends on Monday.
    outcome, (status, error) = _fetch(db, feed_id, utc(2026, 4, 29, 12), status="not_modified")
    assert status == "warning"
    assert "newest announcement is from Mon 27 Apr" in error and "Wed 29 Apr" in error
    assert outcome.warning == error
    # A weekend with nothing new is a quiet day, not a warning: Friday's listing was the last.
    friday = parse_feed(BODY.replace(b"27 Apr 2026", b"01 May 2026"), {}, LISTING)
    _, (status, error) = _fetch(db, feed_id, utc(2026, 5, 2, 12), friday)
    assert (status, error) == ("ok", None)
    _, (status, _) = _fetch(db, feed_id, utc(2026, 5, 3, 12), status="not_modified")
    assert status == "ok"


def test_other_feeds_never_get_the_warning(bare_db):
    db = bare_db
    url = "https://example.org/feed.xml"
    with transaction(db):
        feed_id = manage.insert_feed(db, url, utc(2026, 4, 27), manage.FeedOptions())
    outcome = Outcome(feed_id, url, "x", "not_modified")
    with transaction(db):
        ingest.record_fetch(db, feed_id, outcome, None, None, utc(2026, 6, 1, 12))
    assert db.execute("SELECT status FROM feeds").fetchone()[0] == "ok"
