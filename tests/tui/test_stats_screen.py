"""The Stats screen under Pilot and as a snapshot at 80×24."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from curriculum.progress.stats import calendar_start
from tests.conftest import NOW
from tests.stats_history import read, seed, track_items
from tests.tui.app_helpers import text_of
from tui.app import CurriculumApp
from tui.screens.stats import StatsScreen
from tui.widgets.charts import bar_rows, month_header

pytestmark = pytest.mark.usefixtures("utc_local_time")  # study days as in the fixed history


async def test_s_opens_stats_with_every_section(db):
    seed(db, NOW)
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert "Streak 3 days (best 3)" in text_of(app, "#stats-summary")
        assert "met 5/30 days" in text_of(app, "#stats-summary")
        calendar = text_of(app, "#stats-calendar").splitlines()
        assert len(calendar) == 9 and calendar[1].startswith("Mon ")
        assert calendar[3].endswith("█")  # Wednesday the 18th: two readings, the busiest day
        assert calendar[7].endswith("▒")  # today, Sunday: one reading, half the peak
        assert "True retention, last 30 days: 75% (3 of 4 reviews" in text_of(app, "#stats-cards")
        assert "Reviews · last 30 days · 6 in all" in text_of(app, "#stats-reviews-heading")
        assert "7/33" in text_of(app, "#stats-tracks")
        concepts = text_of(app, "#stats-concepts").splitlines()
        assert concepts[1].startswith("! reward-hacking")


async def test_stats_refresh_when_shown_again(db):
    seed(db, NOW)
    app = CurriculumApp(db, start="stats", clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "7 readings, 115 min" in text_of(app, "#stats-summary")
        await pilot.press("t")
        read(db, track_items(db)[10], NOW - timedelta(minutes=5))
        await pilot.press("s")
        await pilot.pause()
        assert "8 readings" in text_of(app, "#stats-summary")


def test_chart_helpers():
    assert bar_rows([0, 1, 8], 2) == ["  █", " ▂█"]
    assert month_header(NOW.date().replace(day=2), 5).strip() == "Nov Dec"


SOME_DAYS = [date(2026, 12, 1), date(2026, 11, 22), date(2027, 3, 1)] + [
    date(2026, 1, 1) + timedelta(days=n) for n in range(0, 365, 9)
]


@pytest.mark.parametrize("day", SOME_DAYS)
def test_the_52_week_calendar_names_every_month(day):
    first = calendar_start(day)
    header = month_header(first, 52, day)
    shown = [first + timedelta(days=n) for n in range((day - first).days + 1)]
    months = {(d.year, d.month) for d in shown}
    assert len(header.split()) == len(months), header
    names = [date(y, m, 1).strftime("%b") for y, m in sorted(months)]
    assert header.split() == names
    for d in shown[1:]:
        if d.day == 1:  # a month's name stands over the column holding its 1st
            column = 4 + (d - first).days // 7
            assert header[column : column + 3] == d.strftime("%b"), (d, header)


async def test_stats_dates_are_written_one_way(db):
    seed(db, NOW)
    app = CurriculumApp(db, start="stats", clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = "\n".join(
            text_of(app, selector)
            for selector in ("#stats-reviews", "#stats-forecast", "#stats-tracks")
        )
        assert "24 Oct" in screen and "22 Nov" in screen and "21 Dec" in screen
        assert not re.search(r"\d{4}-\d\d-\d\d|[A-Z][a-z]{2} \d\d\b", screen), screen


def test_stats_screen_snapshot(db, snap_compare):
    """Summary line, the 52-week calendar with shades, and the two 30-day bar charts."""
    seed(db, NOW)
    app = CurriculumApp(db, start="stats", clock=lambda: NOW)
    assert snap_compare(app, terminal_size=(80, 24))
