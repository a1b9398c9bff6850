"""The app shell under Pilot: Today on a fresh home, every screen by key, help, palette, quit."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import OptionList

from tests.conftest import NOW
from tui.app import CurriculumApp
from tui.screens.help import HelpScreen


def make_app(db) -> CurriculumApp:
    """The app on a test database with the clock fixed."""
    return CurriculumApp(db, clock=lambda: NOW)


async def test_today_shows_the_first_starter_reading_offline(db):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.current_mode == "today"
        options = app.screen.query_one(OptionList)
        first = options.get_option_at_index(0)
        assert "Four Background Claims" in str(first.prompt)


async def test_every_top_level_screen_is_reachable_by_its_key(db):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        for key, mode in [("r", "review"), ("f", "feeds"), ("l", "library"), ("s", "stats")]:
            await pilot.press("t")
            await pilot.pause()
            assert app.current_mode == "today"
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode, key


async def test_question_mark_lists_every_key_and_escape_closes(db):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table")
        assert table.row_count >= 30
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_every_screen(db):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for name in ["Today", "Review", "Feeds", "Library", "Stats", "Settings"]:
            assert f"Go to {name}" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_q_quits_cleanly(db):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_palette_offers_the_current_screens_actions(db):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Open in browser" in titles
