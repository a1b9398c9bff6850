"""The Settings screen writes the same settings as `curriculum config`, validated."""

from __future__ import annotations

from textual.widgets import Input, Switch

from curriculum.store import settings
from tests.conftest import NOW
from tui.app import CurriculumApp


async def _open_settings(pilot) -> None:
    await pilot.press("comma")
    await pilot.pause()


async def test_enter_saves_a_valid_value(db):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_settings(pilot)
        assert app.current_mode == "settings"
        field = app.screen.query_one("#setting-daily-items", Input)
        assert field.value == "2"
        field.focus()
        field.value = "3"
        await pilot.press("enter")
        await pilot.pause()
    assert settings.get(db, "daily.items") == 3


async def test_a_bad_value_is_refused_and_restored(db):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_settings(pilot)
        field = app.screen.query_one("#setting-day-starts", Input)
        field.focus()
        field.value = "25:99"
        await pilot.press("enter")
        await pilot.pause()
        assert field.value == "04:00"
        assert any("HH:MM" in str(n.message) for n in app._notifications)
    assert settings.get(db, "day.starts") == "04:00"


async def test_typing_q_in_a_field_does_not_quit(db):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_settings(pilot)
        app.screen.query_one("#setting-cards-learning_steps", Input).focus()
        await pilot.press("q", "t")
        await pilot.pause()
        assert app.is_running and app.current_mode == "settings"


async def test_switch_toggles_a_boolean(db):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_settings(pilot)
        switch = app.screen.query_one("#setting-fetch-on_start", Switch)
        switch.toggle()
        await pilot.pause()
    assert settings.get(db, "fetch.on_start") is False
