"""The Inbox, the Library's "for you" order, the Reader's related list and the welcome's
interests, under Pilot."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from curriculum.library import items
from curriculum.queue import actions, ranking
from curriculum.store import settings
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item, feeds_only, set_targets
from tests.tui.app_helpers import text_of
from tui.app import CurriculumApp
from tui.dialogs.welcome import WelcomeScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.inbox_list import InboxList
from tui.widgets.reading_list import ReadingList

TOPIC = ["Sparse autoencoders and circuits", "Circuits in attention heads", "Probing circuits"]
OTHER = ["Bitcoin exchange volume", "Litecoin wallets", "Bitcoin trading bots"]


def seed(db) -> dict[str, list[int]]:
    feeds_only(db)
    set_targets(db, 0, 0)
    papers, markets = add_feed(db, "Papers"), add_feed(db, "Markets")
    ids = {
        "topic": [add_item(db, t, papers, summary=t + " circuits") for t in TOPIC],
        "other": [add_item(db, t, markets, summary=t + " bitcoin") for t in OTHER],
    }
    actions.done(db, ids["topic"][0], NOW)
    actions.dismiss(db, ids["other"][0], NOW)
    ranking.retrain(db, NOW)
    return ids


def make_app(db) -> CurriculumApp:
    app = CurriculumApp(db, clock=lambda: NOW)
    app.welcome = False
    return app


def triage(db, item_id: int) -> tuple[str, int, str | None]:
    row = db.execute("SELECT status, priority, triage FROM items WHERE id = ?", [item_id])
    return tuple(row.fetchone())  # type: ignore[return-value]


async def test_n_opens_the_inbox_best_first_with_a_preview(db):
    ids = seed(db)
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.title == "Inbox"
        listing = app.screen.query_one(InboxList)
        assert set(listing.ids[:2]) == set(ids["topic"][1:])
        assert len(listing.ids) == 4
        summary = text_of(app, "#inbox-summary")
        assert "4 new readings" in summary and "1 reading you liked" in summary
        preview = text_of(app, "#inbox-preview")
        first = listing.current_row()
        assert first is not None and first.title in preview and "why:" in preview


async def test_one_key_per_verdict_and_the_next_comes_under_the_cursor(db):
    ids = seed(db)
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        listing = app.screen.query_one(InboxList)
        first, second, third = listing.ids[:3]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert triage(db, first) == ("inbox", 1, "kept")
        assert listing.current_id() == second
        await pilot.press("x")
        await pilot.pause()
        assert triage(db, second) == ("skipped", 0, "dismissed")
        assert listing.current_id() == third
        await pilot.press("plus")
        await pilot.pause()
        assert triage(db, third)[0] == "queued"
        assert len(listing.ids) == 1
        await pilot.press("u")
        await pilot.pause()
        assert triage(db, third) == ("inbox", 0, None) and len(listing.ids) == 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.title == "Inbox"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.title == "Today"
    assert ids


async def test_the_library_can_be_ordered_for_you(db):
    ids = seed(db)
    app = make_app(db)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        listing = app.screen.query_one(ReadingList)
        assert set(listing.ids[:2]) == set(ids["topic"][1:])
        assert listing.cursor == 0 and listing.scroll_offset.y == 0
        assert app.screen.sub_title.startswith("for you")
        await pilot.press("o")
        await pilot.pause()
        assert app.screen.query_one(ReadingList).ids == items.ids(db, items.Query())


async def test_the_reader_lists_related_readings_and_opens_one(db):
    ids = seed(db)
    app = make_app(db)
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(ReaderScreen(ids["topic"][1]))
        await pilot.pause()
        await pilot.pause()
        related = app.screen.query_one("#related-list", OptionList)
        assert related.option_count >= 1
        assert related.get_option_at_index(0).id in {str(i) for i in ids["topic"]}
        await pilot.press("R")  # shows "related in your library" and moves the keys there
        await pilot.pause()
        assert app.focused is related and related.region.height > 0
        related.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.item_id != ids["topic"][1]


async def test_the_welcome_saves_the_topics_you_care_about(db):
    app = CurriculumApp(db, clock=lambda: NOW)
    app.welcome = True
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#welcome-interests", Input).value = "interpretability, AI control"
        app.screen.action_start()
        await pilot.pause()
    assert settings.get(db, "ranking.interests") == "interpretability, AI control"
    assert ranking.is_stale(db)  # the interests give the ranking something to learn from


def test_today_says_why_a_feed_reading_was_picked():
    from curriculum.queue.daily import Entry
    from tui.screens.today import entry_line

    feed = Entry(1, "A paper", None, "Papers", 20, "queued", "feed", why="circuits, sparse")
    wide = Entry(2, "A debate", None, "Blog", 10, "queued", "breadth", concept="debate")
    assert "for you: circuits, sparse" in str(entry_line(feed))
    assert "breadth: debate" in str(entry_line(wide))
    assert "weak concept: debate" in str(
        entry_line(Entry(3, "x", None, "", 5, "queued", "weak", concept="debate"))
    )


async def test_feed_text_shows_literally_in_the_inbox(db):
    feeds_only(db)
    set_targets(db, 0, 0)
    hostile = "[@click=app.quit]Quit[/] [b]bold[/b] \x1b[31mred"
    add_item(db, hostile, add_feed(db, "[i]Feed[/i]"), summary="[link=file:///etc]x[/link]")
    app = make_app(db)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        line = app.screen.query_one(InboxList).render_line(0).text
        assert "[@click=app.quit]Quit[/]" in line and "[i]Feed[/i]" in line
        preview = text_of(app, "#inbox-preview")
        assert "[link=file:///etc]x[/link]" in preview and "\x1b" not in preview
        assert app.is_running
