"""The Feeds screen under Pilot, against a loopback server: add, refresh, edit, remove."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from feeds_server import FeedServer, Reply, fixture_bytes, server_fixture  # noqa: F401
from textual.widgets import Input, ProgressBar, Static

from curriculum.feeds import manage
from curriculum.feeds.model import FetchPolicy
from curriculum.store import Database, transaction
from tests.tui.app_helpers import settle, text_of
from tui.app import CurriculumApp
from tui.screens.feeds import FeedsScreen
from tui.widgets.feed_table import FeedTable

FAST = FetchPolicy(timeout=0.5, deadline=1.0, polite_hosts=())
GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")


def make_app(db: Database, now: datetime, **kw: object) -> CurriculumApp:
    app = CurriculumApp(db, start="feeds", clock=lambda: now, **kw)  # type: ignore[arg-type]
    app.fetch_policy = FAST  # type: ignore[assignment]
    return app


def follow(db: Database, url: str, now: datetime, name: str | None = None) -> int:
    with transaction(db):
        return manage.insert_feed(db, url, now, manage.FeedOptions(name=name))


def closed_port_url() -> str:
    """A loopback address where nothing listens (a connection is refused: offline)."""
    probe = FeedServer()
    url = f"http://127.0.0.1:{probe.server_address[1]}"
    probe.server_close()
    return url


async def add_in_dialog(app: CurriculumApp, pilot: Any, url: str) -> None:
    """Add `url` with the Feeds screen's Add dialog, and wait until it is back."""
    await pilot.press("a")
    await pilot.pause()
    app.screen.query_one("#add-url", Input).value = url
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, FeedsScreen)


def cells(app: CurriculumApp) -> list[list[str]]:
    table = app.screen.query_one(FeedTable)
    return [table.cells(i)[1:] for i in range(len(table.feeds))]


async def test_add_a_site_on_the_feeds_screen(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/"] = Reply(
        body=b'<html><head><link rel="alternate" type="application/atom+xml" href="/atom">'
        b"</head></html>",
        content_type="text/html",
    )
    server.routes["/atom"] = Reply(body=GHOST)
    app = make_app(bare_db, now)
    async with app.run_test(size=(110, 30)) as pilot:
        assert isinstance(app.screen, FeedsScreen)
        summary = app.screen.query_one("#feeds-summary", Static)
        assert "No feeds yet" in str(summary.render())
        await add_in_dialog(app, pilot, server.url("/"))
        assert cells(app) == [["Changelog", "1", "just now", "ok", ""]]
        assert any("Added Changelog: 1 new reading" in n.message for n in app._notifications)
    [feed] = manage.list_feeds(bare_db)
    assert (feed.url, feed.items) == (server.url("/atom"), 1)


async def test_adding_a_bad_address_keeps_the_dialog_open_with_the_reason(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    app = make_app(bare_db, now)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#add-url", Input).value = server.url("/missing")
        await pilot.press("enter")
        await settle(app, pilot)
        status = text_of(app, ".dialog-status")
        assert "HTTP 404" in status
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen)
    assert manage.list_feeds(bare_db) == []


async def test_refresh_all_shows_results_and_problems(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/ok"] = Reply(body=GHOST)
    server.routes["/bad"] = Reply(500, b"no", content_type="text/plain")
    follow(bare_db, server.url("/ok"), now, "A good feed")
    follow(bare_db, server.url("/bad"), now, "Broken [bold]feed[/]")
    app = make_app(bare_db, now)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("R")
        await settle(app, pilot)
        rows = cells(app)
        assert rows[0][:4] == ["A good feed", "1", "just now", "ok"]
        assert rows[1][0] == "Broken [bold]feed[/]"  # feed text is never markup
        assert rows[1][3] == "error" and "HTTP 500" in rows[1][4]
        assert not app.screen.query_one("#feeds-progress", ProgressBar).display


async def test_edit_then_remove_with_confirmation(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    feed_id = follow(bare_db, server.url("/x"), now, "Old name")
    app = make_app(bare_db, now)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#edit-name", Input).value = "New name"
        app.screen.query_one("#edit-tags", Input).value = "alignment, papers"
        await pilot.press("ctrl+s")
        await pilot.pause()
        info = manage.get_feed(bare_db, feed_id)
        assert (info.name, info.tags) == ("New name", ["alignment", "papers"])
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert len(manage.list_feeds(bare_db)) == 1
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert manage.list_feeds(bare_db) == []
        assert cells(app) == []


async def test_launch_refresh_offline_is_one_quiet_notice(bare_db: Database, now: datetime) -> None:
    dead = closed_port_url()
    follow(bare_db, f"{dead}/a", now)
    follow(bare_db, f"{dead}/b", now)
    app = make_app(bare_db, now, refresh_on_start=True)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert messages == ["Offline: feeds were not refreshed."]
    assert {f.status for f in manage.list_feeds(bare_db)} == {"never"}


async def test_a_launch_notice_waits_for_the_welcome_dialog_to_close(
    bare_db: Database, now: datetime
) -> None:
    """At a first launch the refresh's toast would cover the welcome dialog's text: it is
    held while the dialog is open and shown once it closes."""
    from tui.dialogs.welcome import WelcomeScreen

    dead = closed_port_url()
    follow(bare_db, f"{dead}/a", now)
    app = CurriculumApp(bare_db, clock=lambda: now, refresh_on_start=True)
    app.fetch_policy = FAST  # type: ignore[assignment]
    app.welcome = True
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.refresher.last is not None and app.refresher.last.finished
        assert list(app._notifications) == []
        await pilot.press("escape")
        await pilot.pause(0.5)
        assert not isinstance(app.screen, WelcomeScreen)
        messages = [n.message for n in app._notifications]
        assert messages == ["Offline: feeds were not refreshed."]


async def test_the_offline_line_goes_once_a_feed_is_reached(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    """After an offline launch refresh, adding a feed that answers shows the machine is
    online: the header no longer says the last refresh could reach no feed."""
    dead = closed_port_url()
    follow(bare_db, f"{dead}/a", now)
    server.routes["/atom"] = Reply(body=GHOST)
    app = make_app(bare_db, now, refresh_on_start=True)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        status = app.screen.query_one("#feeds-status", Static)
        assert "could reach no feed" in str(status.render()) and status.display
        await add_in_dialog(app, pilot, server.url("/atom"))
        status = app.screen.query_one("#feeds-status", Static)
        assert "could reach no feed" not in str(status.render()) and not status.display


async def test_launch_refresh_fetches_due_feeds(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/ok"] = Reply(body=GHOST)
    follow(bare_db, server.url("/ok"), now)
    app = make_app(bare_db, now, refresh_on_start=True)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        assert cells(app)[0][1] == "1"
    assert manage.list_feeds(bare_db)[0].status == "ok"


def test_feeds_snapshot(bare_db: Database, now: datetime, snap_compare) -> None:
    """Feeds with three rows: an ok feed with 1 unread fetched 2 h ago, a feed never fetched,
    and a failing one whose HTTP 500 reason shows in the Problem column and, selected, in
    full in the detail lines under the table with its URL and tags."""
    from curriculum.clock import to_iso

    ok = follow(bare_db, "https://ok.example/feed", now, "Bounded Regret")
    follow(bare_db, "https://new.example/feed", now, "Cold Takes")
    bad = follow(bare_db, "https://bad.example/rss", now, "AI Safety Newsletter")
    two_hours_ago = to_iso(now.replace(hour=now.hour - 2))
    bare_db.execute(
        "UPDATE feeds SET status = 'ok', last_fetched = ? WHERE id = ?", [two_hours_ago, ok]
    )
    bare_db.execute(
        "UPDATE feeds SET status = 'error', last_fetched = ?, tags = '[\"newsletter\"]',"
        " error = 'the server had an error (HTTP 500); try again later' WHERE id = ?",
        [two_hours_ago, bad],
    )
    bare_db.execute(
        "INSERT INTO items (feed_id, title, first_seen, updated_at) VALUES (?, 'Post', ?, ?)",
        [ok, two_hours_ago, two_hours_ago],
    )
    bare_db.execute("INSERT INTO item_sources VALUES (?, 'g1', last_insert_rowid())", [ok])
    assert snap_compare(make_app(bare_db, now), terminal_size=(100, 16))
