"""Keys, focus and the footer under Pilot: escape goes back everywhere, leaves text fields so
the app's keys work again, the footer always shows review, help and quit at 80 columns with
whole keys only, dialogs show their own keys, and the palette puts screens and actions first."""

from __future__ import annotations

from itertools import pairwise

import pytest
from textual.widgets import Input, OptionList
from textual.widgets._footer import FooterKey

from curriculum import cards
from curriculum.store import settings
from tests.conftest import NOW
from tui.app import CurriculumApp
from tui.dialogs.snooze import SnoozeScreen
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.footer import KeyRow, KeysFooter

MODES = {"r": "review", "f": "feeds", "l": "library", "s": "stats", "comma": "settings"}


def make_app(db, start: str = "today") -> CurriculumApp:
    return CurriculumApp(db, start=start, clock=lambda: NOW)


def footer_keys(app) -> list[tuple[str, str]]:
    return [(k.key, k.description) for k in app.screen.query_one(KeysFooter).shown()]


@pytest.mark.parametrize("key", list(MODES))
async def test_escape_goes_back_from_every_top_level_screen(db, key):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert app.current_mode == MODES[key]
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "today", f"escape on {MODES[key]}"


async def test_escape_goes_back_to_the_screen_before_then_today(db):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f", "l")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "feeds"
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "today"
        await pilot.press("escape")  # Today is home: nothing happens
        await pilot.pause()
        assert app.current_mode == "today" and app.is_running


async def test_escape_closes_the_reader_and_help(db):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "today" and len(app.screen_stack) == 1


async def test_a_settings_edit_then_t_lands_on_today(db):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        assert not isinstance(app.screen.focused, Input), "Settings opens on the list"
        await pilot.press("down", "enter")  # daily.minutes
        await pilot.pause()
        field = app.screen.query_one("#setting-daily-minutes", Input)
        assert app.screen.focused is field
        await pilot.press("backspace", "backspace", "4", "5", "enter")
        await pilot.pause()
        assert settings.get(db, "daily.minutes") == 45
        await pilot.press("t")
        await pilot.pause()
        assert app.current_mode == "today"
        assert field.value == "45", "nothing typed into the field"


async def test_escape_in_a_settings_field_cancels_and_gives_the_keys_back(db):
    app = make_app(db, "settings")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "backspace", "9")
        await pilot.pause()
        field = app.screen.query_one("#setting-daily-items", Input)
        assert field.value == "9"
        assert ("escape", "Cancel edit") in footer_keys(app)
        await pilot.press("escape")
        await pilot.pause()
        assert field.value == "2" and settings.get(db, "daily.items") == 2
        assert app.current_mode == "settings", "the first escape only leaves the field"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and field.value == "2"


async def test_library_opens_on_the_list_and_slash_searches(db):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        search = app.screen.query_one("#library-search", Input)
        assert app.screen.focused is not search
        assert search.size.width >= 28, "wide enough to read what is typed"
        await pilot.press("slash", *"bitter")
        await pilot.pause()
        assert app.screen.focused is search and search.value == "bitter"
        await pilot.press("escape", "t")
        await pilot.pause()
        assert app.current_mode == "today" and search.value == "bitter"


@pytest.mark.parametrize("key", ["t", *MODES])
async def test_at_80_columns_the_footer_shows_review_help_and_quit_whole(db, key):
    cards.add_cards(db, 1, "Q?", "A.", [], NOW)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        shown = footer_keys(app)
        if app.current_mode not in ("review", "feeds"):  # reviewing already; r refreshes feeds
            assert ("r", "Review") in shown
        assert ("question_mark", "Help") in shown and ("q", "Quit") in shown
        footer = app.screen.query_one(KeysFooter)
        row = footer.query_one(KeyRow)
        assert sum(key.width for key in row.keys) <= row.size.width, "whole keys only"
        regions = [row.region, *(k.region for k in footer.query(FooterKey))]
        for region in regions:
            assert region.x >= footer.region.x and region.right <= footer.region.right
        for left, right in pairwise(regions):
            assert left.right <= right.x, "nothing drawn over another (no key cut mid-word)"


async def test_a_dialog_shows_its_own_keys_not_todays(db):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeScreen)
        shown = footer_keys(app)
        assert ("escape", "Cancel") in shown
        assert not {"d", "x", "r", "q"} & {key for key, _ in shown}, shown


async def test_toasts_never_cover_reviews_buttons(db):
    cards.add_cards(db, 1, "Q?", "A.", [], NOW)
    app = make_app(db, "review")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        app.notify("A long message that takes two or three lines of the toast to say.")
        app.notify("And a second one.")
        await pilot.pause(0.3)
        buttons = app.screen.query_one("#review-buttons").region
        toasts = [t.region for t in app.screen.query("Toast")]
        assert toasts and all(not t.overlaps(buttons) for t in toasts), (toasts, buttons)


async def test_todays_rows_are_one_line_each_at_80_columns(db):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#today-list", OptionList)
        assert options.option_count >= 4, "the starter track's long titles and source"
        assert options.virtual_size.height == options.option_count, "one line per reading"
        summary = app.screen.query_one("#today-summary")
        assert summary.size.height == 2, "date, bars and counts on one line; streak below"


async def test_the_palette_lists_screens_and_actions_before_text_editing(db):
    app = make_app(db, "library")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#library-search", Input).focus()
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        first_editing = titles.index("Delete character left")
        assert titles.index("Cut selected text") > first_editing
        assert titles[:7] == [f"Go to {n}" for n in ("Today", "Review", "Feeds", "Library",
                                                        "Inbox", "Stats", "Settings")]  # fmt: skip
        assert titles.index("Leave search") < first_editing
        assert titles.index("Help: keys") < first_editing
