"""The Feeds screen with many feeds: filter, the failing view, marking several to refresh or
remove them, the Add and Edit dialogs' fields, and dialogs that toasts never cover."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from feeds_server import FeedServer, Reply, fixture_bytes, server_fixture  # noqa: F401
from textual.widgets import Button, Input, Static
from textual.widgets._toast import Toast

from curriculum.feeds import manage, opml
from curriculum.feeds.model import FetchPolicy
from curriculum.store import Database, transaction
from tests.tui.app_helpers import settle, text_of
from tui.app import CurriculumApp
from tui.widgets.feed_table import FeedTable, column_widths, header, row

FAST = FetchPolicy(timeout=0.5, deadline=1.0, polite_hosts=())
GHOST = fixture_bytes("feedrs_rss_2.0_ghost_2.xml")
FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def follow(db: Database, url: str, now: datetime, name: str, tags: tuple[str, ...] = ()) -> int:
    with transaction(db):
        return manage.insert_feed(db, url, now, manage.FeedOptions(name=name, tags=tags))


def make_app(db: Database, now: datetime) -> CurriculumApp:
    app = CurriculumApp(db, start="feeds", clock=lambda: now)
    app.fetch_policy = FAST  # type: ignore[assignment]
    return app


def names(app: CurriculumApp) -> list[str]:
    return [f.name for f in app.screen.query_one(FeedTable).feeds]


def summary(app: CurriculumApp) -> str:
    return text_of(app, "#feeds-summary")


def failing(db: Database, feed_id: int, error: str) -> None:
    db.execute("UPDATE feeds SET status = 'error', error = ? WHERE id = ?", [error, feed_id])


async def test_filter_and_the_failing_view(bare_db: Database, now: datetime) -> None:
    follow(bare_db, "https://a.example/feed", now, "Alignment Forum", ("forum",))
    follow(bare_db, "https://b.example/rss", now, "Bounded Regret", ("blog",))
    broken = follow(bare_db, "https://c.example/atom", now, "Cold Takes", ("blog",))
    failing(bare_db, broken, "the server had an error (HTTP 500); try again later")
    app = make_app(bare_db, now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        await pilot.press(*"blog")
        await pilot.pause()
        assert names(app) == ["Bounded Regret", "Cold Takes"]
        assert "showing 2 (blog)" in summary(app)
        await pilot.press("enter")  # back to the list: keys act on it again
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert names(app) == ["Cold Takes"]
        assert "showing 1 (failing only, blog)" in summary(app)
        app.screen.query_one("#feeds-filter", Input).value = "HTTP 500"  # problems match too
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert names(app) == ["Cold Takes"]
        app.screen.query_one("#feeds-filter", Input).value = ""
        await pilot.pause()
        assert names(app) == ["Alignment Forum", "Bounded Regret", "Cold Takes"]
        assert summary(app) == "3 feeds · 0 unread · 1 failing"


async def test_mark_several_and_remove_them_at_once(bare_db: Database, now: datetime) -> None:
    for name in ("Alpha", "Beta", "Gamma", "Delta"):
        follow(bare_db, f"https://{name.lower()}.example/feed", now, name)
    app = make_app(bare_db, now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "down", "space")  # Alpha, then (past Beta) Delta
        await pilot.pause()
        assert "2 marked" in summary(app)
        await pilot.press("delete")
        await pilot.pause()
        title = text_of(app, ".dialog-title")
        assert title == "Remove 2 feeds?"
        await pilot.press("y")
        await pilot.pause()
        assert names(app) == ["Beta", "Gamma"]
        assert any("Removed 2 feeds" in n.message for n in app._notifications)
    assert {f.name for f in manage.list_feeds(bare_db)} == {"Beta", "Gamma"}


async def test_backing_out_of_an_opml_import_takes_one_removal(
    bare_db: Database, now: datetime
) -> None:
    follow(bare_db, "https://mine.example/feed", now, "My own feed")
    result = opml.import_opml(bare_db, (FEEDS / "nnw_Subs.opml").read_bytes(), now)
    imported = [f for f in manage.list_feeds(bare_db) if f.name != "My own feed"]
    assert result.added == len(imported) > 10
    app = make_app(bare_db, now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+a")  # mark every shown feed…
        await pilot.press("ctrl+a")  # …twice unmarks them
        await pilot.pause()
        assert "marked" not in summary(app)
        await pilot.press("slash", *"http", "enter")
        app.screen.query_one("#feeds-filter", Input).value = "mine.example"
        await pilot.press("exclamation_mark", "exclamation_mark")  # view back to all
        await pilot.pause()
        assert names(app) == ["My own feed"]
        app.screen.query_one("#feeds-filter", Input).value = ""
        await pilot.pause()
        await pilot.press("ctrl+a", "space")  # all marked, then my own feed unmarked
        await pilot.pause()
        assert f"{len(imported)} marked" in summary(app)
        await pilot.press("delete", "y")
        await pilot.pause()
    assert [f.name for f in manage.list_feeds(bare_db)] == ["My own feed"]


async def test_refresh_takes_the_marked_feeds(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    for name in ("one", "two", "three"):
        server.routes[f"/{name}"] = Reply(body=GHOST)
        follow(bare_db, server.url(f"/{name}"), now, name)
    app = make_app(bare_db, now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "space")  # "one" and "three" (sorted by name)
        await pilot.press("r")
        await settle(app, pilot)
    assert (server.hits("/one"), server.hits("/two"), server.hits("/three")) == (1, 0, 1)


async def test_the_add_dialog_takes_name_tags_and_priority(
    bare_db: Database, server: FeedServer, now: datetime
) -> None:
    server.routes["/atom"] = Reply(body=GHOST)
    app = make_app(bare_db, now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#add-url", Input).value = server.url("/atom")
        screen.query_one("#add-name", Input).value = "Ghost's changelog"
        screen.query_one("#add-tags", Input).value = "software, weekly"
        screen.query_one("#add-priority", Input).value = "9"
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = str(screen.query_one(".dialog-status", Static).render())
        assert "Priority must be a whole number from -3 to 3" in status
        assert manage.list_feeds(bare_db) == []
        screen.query_one("#add-priority", Input).value = "2"
        await pilot.click("#add-ok")
        await settle(app, pilot)
    [feed] = manage.list_feeds(bare_db)
    assert (feed.name, feed.tags, feed.priority, feed.items) == (
        "Ghost's changelog",
        ["software", "weekly"],
        2,
        1,
    )


async def test_the_edit_dialog_sets_poll_interval_and_announce_types(
    bare_db: Database, now: datetime
) -> None:
    feed_id = follow(bare_db, "https://rss.arxiv.org/rss/cs.AI", now, "arXiv cs.AI")
    app = make_app(bare_db, now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#edit-poll", Input).value = "often"
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = str(screen.query_one(".dialog-status", Static).render())
        assert "poll interval is a whole number of minutes" in status
        screen.query_one("#edit-poll", Input).value = "720"
        screen.query_one("#edit-announce", Input).value = "new, cross"
        await pilot.press("ctrl+s")
        await pilot.pause()
    feed = manage.get_feed(bare_db, feed_id)
    assert (feed.poll_minutes, feed.announce_types) == (720, ["new", "cross"])


async def test_the_problem_column_fits_80_columns(bare_db: Database, now: datetime) -> None:
    long_name = "Alignment Forum — the curated posts, with every comment thread"
    broken = follow(bare_db, "https://a.example/feed", now, long_name)
    failing(bare_db, broken, "the server says there is nothing at this address (HTTP 404)")
    app = make_app(bare_db, now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(FeedTable)
        assert len(table.row_text(0)) <= table.size.width
        row = table.cells(0)
        assert row[1].endswith("…") and row[4] == "error"
        assert row[5].startswith("the server says")
    assert column_widths(120)[1] > column_widths(80)[1] >= 12


def test_rows_and_header_fill_the_width_exactly(now: datetime) -> None:
    feed = manage.FeedInfo(
        1, "A" * 90, "https://a.example", None, ["t"], 0, 3, 2, None, "error", "E" * 300
    )
    for width in (62, 78, 98, 118, 200):
        assert len(row(feed, now, width, marked=True).plain) == width
        assert len(header(width).plain) == width


async def test_toasts_never_cover_a_dialogs_buttons(bare_db: Database, now: datetime) -> None:
    """The welcome's buttons sit at its bottom right, where toasts used to appear: a launch
    refresh's toast covered Start and Skip. Over any dialog toasts now show at the top."""
    follow(bare_db, "https://a.example/feed", now, "A feed")
    app = CurriculumApp(bare_db, start="today", clock=lambda: now)
    app.welcome = True  # type: ignore[attr-defined]
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        dialogs = [
            (None, "#welcome-start, #welcome-skip", "escape"),
            ("f", None, None),
            ("e", "#edit-ok, #dialog-cancel", "escape"),
            ("delete", "#remove-yes, #remove-no", "escape"),
        ]
        for key, buttons, leave in dialogs:
            if key is not None:
                await pilot.press(key)
                await pilot.pause()
            if buttons is None:
                continue
            app.notify("12 new readings from 20 feeds; 1 failed (see Feeds)")
            app.notify("A second message, long enough to wrap onto more than one line here.")
            await pilot.pause()
            toasts = [t.region for t in app.screen.query(Toast)]
            shown = list(app.screen.query(buttons).results(Button))
            assert toasts and len(shown) == 2
            for button in shown:
                assert all(not button.region.overlaps(t) for t in toasts), button.id
            app.clear_notifications()
            await pilot.press(leave)
            await pilot.pause()
