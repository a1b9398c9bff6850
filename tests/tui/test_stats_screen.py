"""The Stats screen under Pilot and as a snapshot at 80×24."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from textual.widgets import Static

from tests.conftest import NOW
from tests.stats_history import read, seed, track_items
from tui.app import CurriculumApp
from tui.screens.stats import StatsScreen
from tui.widgets.charts import bar_rows, month_header


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch):
    """Study days as in the fixed history: local time is UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _text(app: CurriculumApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_s_opens_stats_with_every_section(db):
    seed(db, NOW)
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert "Streak 3 days (best 3)" in _text(app, "#stats-summary")
        assert "met 5/30 days" in _text(app, "#stats-summary")
        calendar = _text(app, "#stats-calendar").splitlines()
        assert len(calendar) == 9 and calendar[1].startswith("Mon ")
        assert calendar[3].endswith("█")  # Wednesday the 18th: two readings, the busiest day
        assert calendar[7].endswith("▒")  # today, Sunday: one reading, half the peak
        assert "True retention 75% of 4 reviews" in _text(app, "#stats-cards")
        assert "7/33" in _text(app, "#stats-tracks")
        concepts = _text(app, "#stats-concepts").splitlines()
        assert concepts[1].startswith("! reward-hacking")


async def test_stats_refresh_when_shown_again(db):
    seed(db, NOW)
    app = CurriculumApp(db, start="stats", clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "7 readings, 115 min" in _text(app, "#stats-summary")
        await pilot.press("t")
        read(db, track_items(db)[10], NOW - timedelta(minutes=5))
        await pilot.press("s")
        await pilot.pause()
        assert "8 readings" in _text(app, "#stats-summary")


def test_chart_helpers():
    assert bar_rows([0, 1, 8], 2) == ["  █", " ▂█"]
    assert month_header(NOW.date().replace(day=2), 5).strip() == "Nov"


def test_stats_screen_snapshot(db, snap_compare):
    """Summary line, the 52-week calendar with shades, and the two 30-day bar charts."""
    seed(db, NOW)
    app = CurriculumApp(db, start="stats", clock=lambda: NOW)
    assert snap_compare(app, terminal_size=(80, 24))
