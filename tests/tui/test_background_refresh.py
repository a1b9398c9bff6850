"""The app's refreshes run off the interface's thread, and every ending is visible."""

from __future__ import annotations

import sys
import time
from datetime import datetime

import pytest
from feeds_server import FeedServer, Reply, fixture_bytes, server_fixture  # noqa: F401

from curriculum.feeds import manage, parsers, refresh
from curriculum.feeds.model import FetchPolicy
from curriculum.store import Database, transaction
from tests.tui.app_helpers import settle, text_of
from tui.app import CurriculumApp
from tui.background import Refresher
from tui.screens.feeds import FeedsScreen
from tui.widgets.feed_table import FeedTable

FAST = FetchPolicy(timeout=0.5, deadline=1.0, polite_hosts=())
GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")


def follow(db: Database, url: str, now: datetime, name: str | None = None) -> int:
    with transaction(db):
        return manage.insert_feed(db, url, now, manage.FeedOptions(name=name))


def make_app(db: Database, now: datetime, start: str = "feeds", **kw: object) -> CurriculumApp:
    app = CurriculumApp(db, start=start, clock=lambda: now, **kw)  # type: ignore[arg-type]
    app.fetch_policy = FAST  # type: ignore[assignment]
    return app


def messages(app: CurriculumApp) -> list[tuple[str, str]]:
    return [(n.message, n.severity) for n in app._notifications]


def cells(app: CurriculumApp) -> list[list[str]]:
    table = app.screen.query_one(FeedTable)
    return [table.cells(i)[1:] for i in range(len(table.feeds))]


def status(app: CurriculumApp) -> str:
    return text_of(app, "#feeds-status")


async def test_refreshing_happens_in_another_process(
    bare_db: Database, server: FeedServer, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refresh, "store_result", lambda *a: pytest.fail("stored in the app"))
    monkeypatch.setattr(parsers, "parse_feed", lambda *a: pytest.fail("parsed in the app"))
    server.routes["/ok"] = Reply(body=GHOST)
    follow(bare_db, server.url("/ok"), now, "Ghost")
    app = make_app(bare_db, now)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("R")
        await settle(app, pilot)
        assert messages(app) == [("1 new reading from 1 feed", "information")]
        assert status(app) == "Last refresh: 1 new reading from 1 feed."
        assert cells(app)[0][:3] == ["Ghost", "1", "just now"]
    assert manage.list_feeds(bare_db)[0].items == 1


async def test_a_refresh_that_breaks_says_so_in_a_toast_and_the_header(
    bare_db: Database, server: FeedServer, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash = "import sys; sys.exit('ValueError: bad value(s) in fds_to_keep')"
    monkeypatch.setattr(Refresher, "command", lambda self, *a: [sys.executable, "-c", crash])
    follow(bare_db, server.url("/ok"), now, "Ghost")
    app = make_app(bare_db, now, refresh_on_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        why = "the refresh process stopped (exit status 1): ValueError: bad value(s) in fds_to_keep"
        assert messages(app) == [(f"Refreshing feeds failed: {why}", "error")]
        assert status(app) == f"The last refresh failed: {why}"


async def test_a_storage_failure_in_the_refresh_is_one_sentence(
    bare_db: Database, server: FeedServer, now: datetime, home
) -> None:
    follow(bare_db, server.url("/ok"), now, "Ghost")
    app = make_app(bare_db, now)
    async with app.run_test(size=(100, 30)) as pilot:
        app.refresher.path = home  # a folder, not a database file
        await pilot.press("R")
        await settle(app, pilot)
        [(text, severity)] = messages(app)
        assert severity == "error" and text.startswith("Refreshing feeds failed: ")
        assert "Traceback" not in text and len(text.splitlines()) == 1, text


async def test_failing_feeds_in_the_launch_refresh_are_a_warning(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/ok"] = Reply(body=GHOST)
    server.routes["/bad"] = Reply(404, b"gone", content_type="text/plain")
    follow(bare_db, server.url("/ok"), now, "Ghost")
    follow(bare_db, server.url("/bad"), now, "Gone")
    app = make_app(bare_db, now, start="today", refresh_on_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert ("1 new reading from 2 feeds; 1 failed (see Feeds)", "warning") in messages(app)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)
        assert status(app) == "Last refresh: 1 new reading from 2 feeds; 1 failed (see Problem)."


async def test_a_second_refresh_waits_for_the_first(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/slow"] = Reply(body=GHOST, hang_seconds=0.5)
    follow(bare_db, server.url("/slow"), now, "Slow")
    app = make_app(bare_db, now)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("R")
        await pilot.press("R")
        await settle(app, pilot)
        assert messages(app)[0][0].startswith("A refresh is already running")
        assert server.hits("/slow") == 1


async def test_quitting_stops_a_running_refresh(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/hang"] = Reply(body=GHOST, hang_seconds=30)
    follow(bare_db, server.url("/hang"), now, "Hangs")
    app = make_app(bare_db, now)
    app.fetch_policy = FetchPolicy(timeout=60, deadline=60, polite_hosts=())  # type: ignore[assignment]
    started = time.monotonic()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("R")
        await pilot.pause()
        assert app.refresher.running
        await pilot.press("q")
    assert time.monotonic() - started < 15  # not the 30 s the server holds the answer back
    assert manage.list_feeds(bare_db)[0].status == "never"
