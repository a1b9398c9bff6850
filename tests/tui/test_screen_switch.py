"""Switching screens draws at once: no fixed hold for a screen already built, and no parse
of every stylesheet for one shown the first time after the idle warm-up (`tui.warm`)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet

from curriculum.feeds import manage
from curriculum.store import Database, transaction
from tests.conftest import NOW
from tui import warm
from tui.app import CurriculumApp
from tui.widgets.feed_table import FeedTable


def count_reparses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record each full parse of the app's stylesheets (the real one still runs)."""
    calls: list[int] = []
    original = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        calls.append(1)
        original(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return calls


def timers_named(app: App[object], monkeypatch: pytest.MonkeyPatch, name: str) -> list[float]:
    """Record the delays of the app's timers called `name`."""
    delays: list[float] = []
    original = app.set_timer

    def recorded(delay: float, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("name") == name:
            delays.append(delay)
        return original(delay, *args, **kwargs)

    monkeypatch.setattr(app, "set_timer", recorded)
    return delays


async def test_a_screen_shown_before_comes_back_without_a_hold_and_with_fresh_data(
    db: Database, monkeypatch: pytest.MonkeyPatch
):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        with transaction(db):
            manage.insert_feed(db, "http://127.0.0.1:9/new.xml", NOW, manage.FeedOptions("New"))
        holds = timers_named(app, monkeypatch, "delay_update")
        await pilot.press("f")
        await pilot.pause()
        assert app.current_mode == "feeds"
        assert holds == []  # Textual's fixed 50 ms hold on every frame
        assert app._batch_count == 0  # the screen's own hold ended once it had reloaded
        table = app.screen.query_one(FeedTable)
        assert "New" in [feed.name for feed in table.feeds]


async def test_a_new_screen_still_waits_to_be_built(db: Database, monkeypatch):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        holds = timers_named(app, monkeypatch, "delay_update")
        await pilot.press("f")
        await pilot.pause()
        assert app.current_mode == "feeds" and holds == [0.05]


async def test_after_the_warm_up_a_first_visit_parses_no_stylesheet(db: Database, monkeypatch):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        warmer = warm.Warmer(app)
        assert "tui.screens.feeds" in warmer.waiting
        while warmer.waiting:
            warmer.step()
        reparses = count_reparses(monkeypatch)
        warmer.step()  # all imported: their stylesheets are added in one parse
        assert reparses == [1]
        assert any(cls.__name__ == "ReaderScreen" for cls in warmer.classes)
        reparses.clear()
        for key, mode in (("f", "feeds"), ("l", "library"), ("s", "stats")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
        assert reparses == []


async def test_without_the_warm_up_a_first_visit_parses_them_all(db: Database, monkeypatch):
    """The measure above can see a parse: a first visit with nothing warmed makes one."""
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        reparses = count_reparses(monkeypatch)
        await pilot.press("f")
        await pilot.pause()
        assert app.current_mode == "feeds" and reparses != []


async def test_the_warm_up_waits_while_keys_are_coming(db: Database):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        warmer = warm.Warmer(app)
        waiting = list(warmer.waiting)
        await pilot.press("f")
        warmer.step()  # a key just came: nothing is imported, the step comes back later
        assert warmer.waiting == waiting and warmer.classes == []
        app.last_input -= warm.QUIET_SECONDS
        warmer.step()
        assert len(warmer.waiting) == len(waiting) - 1
