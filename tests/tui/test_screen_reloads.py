"""Screens load their data once when first shown, and again each time the user returns."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import NOW
from tui.app import CurriculumApp
from tui.screens.feeds import FeedsScreen
from tui.screens.library import LibraryScreen
from tui.screens.stats import StatsScreen
from tui.screens.today import TodayScreen

SCREENS = {"t": TodayScreen, "l": LibraryScreen, "f": FeedsScreen, "s": StatsScreen}


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each screen's real `reload` ran (it still runs)."""
    counts: Counter[str] = Counter()
    for key, screen in SCREENS.items():
        real = screen.reload

        def counted(self, _real=real, _key=key) -> None:  # type: ignore[no-untyped-def]
            counts[_key] += 1
            _real(self)

        monkeypatch.setattr(screen, "reload", counted)
    return counts


async def test_each_screen_loads_once_when_shown_and_once_per_return(db, loads):
    app = CurriculumApp(db, clock=lambda: NOW)
    app.welcome = False
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert loads == Counter({"t": 1})
        for key in "lfs":
            await pilot.press(key)
            await pilot.pause()
            assert loads[key] == 1, key
        await pilot.press("t")
        await pilot.pause()
        assert loads["t"] == 2
        for key in "lfs":
            await pilot.press(key)
            await pilot.pause()
            assert loads[key] == 2, key  # back on a screen the store may have changed under
        await pilot.press("question_mark")  # Help on top of Stats, then back
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert loads["s"] == 3


async def test_an_outside_commit_while_a_screen_is_being_built_does_not_crash(db):
    """The data watch may fire between a screen's mount and its children's: it waits."""
    from tui import guard

    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        half_built = StatsScreen()
        assert guard.reload_screen(half_built) is False, "not mounted yet: left alone"
        await app.push_screen(half_built)
        await pilot.pause()
        for child in list(half_built.query("#stats-reviews")):
            await child.remove()  # as between the screen's mount and its charts'
        assert guard.reload_screen(half_built) is False
        assert app.is_running
