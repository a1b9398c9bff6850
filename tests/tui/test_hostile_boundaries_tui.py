"""The issue-18 corpus through the app: refreshing hostile feeds on the Feeds screen (bad
item links, invisible text, a 429 and a 410) and adding bad addresses in its dialog keep the
app open, store every other feed, and put no escape or invisible character on screen."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from feeds_server import FeedServer, Reply, fixture_bytes, server_fixture  # noqa: F401
from textual.widgets import Input

from curriculum.feeds import manage
from curriculum.feeds.model import FetchPolicy
from curriculum.store import Database, transaction
from tests.hostile_data import assert_safe
from tests.tui.app_helpers import settle, text_of
from tui.app import CurriculumApp

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
FAST = FetchPolicy(timeout=1.0, deadline=3.0, polite_hosts=())
GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")


def follow(db: Database, url: str, now: datetime, name: str) -> int:
    with transaction(db):
        return manage.insert_feed(db, url, now, manage.FeedOptions(name=name))


async def test_refreshing_hostile_feeds_in_the_app(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/good"] = Reply(body=GHOST)
    server.routes["/links"] = Reply(body=(HOSTILE / "urls_bad_links.xml").read_bytes())
    server.routes["/invisible"] = Reply(body=(HOSTILE / "text_invisible.xml").read_bytes())
    server.routes["/busy"] = Reply(429, b"", {"Retry-After": "3600"}, "text/plain")
    server.routes["/gone"] = Reply(410, b"", content_type="text/plain")
    for name in ("good", "links", "invisible", "busy", "gone"):
        follow(bare_db, server.url(f"/{name}"), now, name)
    app = CurriculumApp(bare_db, start="feeds", clock=lambda: now)
    app.fetch_policy = FAST  # type: ignore[assignment]
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await settle(app, pilot)
        screen = assert_safe(app)
        assert "gone" in screen and "2 failed" in " ".join(
            str(n.message) for n in app._notifications
        )
        feeds = {f.name: f for f in manage.list_feeds(bare_db)}
        assert feeds["good"].items == 1 and feeds["links"].items == 21
        assert feeds["links"].status == "warning" and feeds["gone"].status == "gone"
        await pilot.press("R")  # the waiting and gone feeds are not asked again
        await settle(app, pilot)
        assert (server.hits("/busy"), server.hits("/gone")) == (1, 1)
        await pilot.press("l")
        await pilot.pause()
        assert "Arabic" in assert_safe(app)
    assert app.failure is None


async def test_bad_addresses_in_the_add_dialog_are_one_sentence(
    bare_db: Database, now: datetime
) -> None:
    app = CurriculumApp(bare_db, start="feeds", clock=lambda: now)
    app.fetch_policy = FAST  # type: ignore[assignment]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        for typed in ("http://a.example:99999/feed", "http://[::1/feed", "javascript:alert(1)"):
            app.screen.query_one("#add-url", Input).value = typed
            await pilot.press("enter")
            await settle(app, pilot)
            status = text_of(app, ".dialog-status")
            assert "is not a web address" in status, status
            assert_safe(app)
    assert manage.list_feeds(bare_db) == []
