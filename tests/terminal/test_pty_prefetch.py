"""Whole texts kept fetched in a real terminal: after the launch prefetch, a reading pulled
in with `+` gets its page's text in the background, without opening it (pages on loopback).

Inside a terminal the prefetch runs as a worker of the real app, beside the launch refresh,
the ranking process and the daily backup; the test reads the database while the app runs.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from feeds_server import FeedServer, Reply, server_fixture  # noqa: F401
from loopback import follow_only

from curriculum.clock import utcnow
from curriculum.library import texts
from curriculum.library.home import open_home
from curriculum.queue import daily
from curriculum.store import transaction
from tests.queue_data import add_item, set_targets

EMPTY_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
<link>http://127.0.0.1/</link><description>Nothing new</description></channel></rss>"""


def article(name: str) -> Reply:
    paragraphs = "".join(
        f"<p>{name} paragraph {n}: a model trained on a proxy learns what it rewards.</p>"
        for n in range(30)
    )
    html = f"<html><body><article><h1>{name}</h1>{paragraphs}</article></body></html>"
    return Reply(body=html.encode(), content_type="text/html; charset=utf-8")


@pytest.fixture
def two_readings(home: Path, server: FeedServer) -> tuple[int, int]:
    """A home following one loopback feed, going online at launch, whose day holds one of
    two blog readings (served on loopback, texts not yet fetched); the other's id second."""
    server.routes["/feed.xml"] = Reply(body=EMPTY_FEED)
    follow_only(home, [server.url("/feed.xml")], utcnow(), refresh_on_start=True)
    db = open_home(home)
    try:
        with transaction(db):
            db.execute("UPDATE tracks SET active = 0")
        set_targets(db, 1, 0)
        feed_id = db.execute("SELECT id FROM feeds").fetchone()[0]
        ids = []
        for name in ("Alpha", "Beta"):
            server.routes[f"/{name}"] = article(name)
            ids.append(add_item(db, f"{name} post", feed_id, url=server.url(f"/{name}")))
        [today] = daily.unread_today(db, utcnow())
    finally:
        db.close()
    other = ids[1] if today == ids[0] else ids[0]
    return today, other


def wait_for_text(home: Path, item_id: int, timeout: float = 30.0) -> str:
    """Poll the database (as the app writes it) until the reading's text is kept."""
    deadline = time.monotonic() + timeout
    while True:
        db = open_home(home)
        try:
            kept = texts.stored(db, item_id)
        finally:
            db.close()
        if kept is not None:
            return kept.source
        if time.monotonic() > deadline:
            raise AssertionError(f"the text of reading {item_id} was not fetched in {timeout} s")
        time.sleep(0.2)


def test_one_more_reading_gets_its_text_without_being_opened(launch, home, two_readings):
    today, other = two_readings
    app = launch()
    app.wait_for(r"streak")
    assert wait_for_text(home, today) == "page", "the launch prefetch"
    app.press("+")
    app.wait_for(r"Added: (Alpha|Beta) post")
    assert wait_for_text(home, other) == "page", "the reading pulled in with +"
    assert app.quit() == 0
