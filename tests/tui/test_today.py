"""Today under Pilot: actions by key, the snooze dialog, one more, undo, the welcome, a snapshot."""

from __future__ import annotations

from textual.widgets import OptionList

from curriculum import store
from curriculum.queue import daily
from tests.conftest import NOW
from tests.tui.app_helpers import text_of
from tui.app import CurriculumApp
from tui.dialogs.snooze import SnoozeScreen
from tui.dialogs.welcome import WelcomeScreen


def statuses(db) -> list[str]:
    return [e.status for e in daily.snapshot(db, NOW).entries]


def make_app(db, welcome: bool = False) -> CurriculumApp:
    app = CurriculumApp(db, clock=lambda: NOW)
    app.welcome = welcome
    return app


async def test_done_skip_snooze_more_and_undo_by_key(db):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        count = len(statuses(db))
        await pilot.press("d")
        await pilot.pause()
        assert statuses(db)[0] == "read"
        summary = text_of(app, "#today-summary")
        assert "1/2 readings" in summary
        await pilot.press("down", "x")
        await pilot.pause()
        assert statuses(db)[1] == "skipped"
        await pilot.press("down", "z")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert statuses(db)[2] == "snoozed"
        await pilot.press("plus")
        await pilot.pause()
        assert len(statuses(db)) == count + 1
        assert app.screen.query_one(OptionList).option_count == count + 1
        await pilot.press("u", "u")
        await pilot.pause()
        assert statuses(db)[:count] == ["read", "skipped"] + ["queued"] * (count - 2)
        assert len(statuses(db)) == count


async def test_the_snooze_dialog_rejects_a_bad_date_and_escape_cancels(db):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("z", "ctrl+a", *"soon", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeScreen)
        assert "YYYY-MM-DD" in text_of(app, "#snooze-help")
        await pilot.press("escape")
        await pilot.pause()
        assert statuses(db)[0] == "queued"


async def test_welcome_sets_targets_and_track(db):
    app = make_app(db, welcome=True)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        items = app.screen.query_one("#welcome-items")
        items.value = "1"
        app.screen.query_one("#welcome-minutes").value = "0"
        await pilot.click("#welcome-start")
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
        assert len(statuses(db)) == 1, "today's queue was chosen again with the new target"
    assert store.get_meta(db, "welcomed") is True


async def test_welcome_can_start_with_feeds_only_or_be_skipped(db):
    app = make_app(db, welcome=True)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        buttons = list(app.screen.query("RadioButton"))
        await pilot.click(buttons[-1])
        await pilot.click("#welcome-start")
        await pilot.pause()
        assert statuses(db) == [], "no track, no feeds yet: nothing queued"
        empty = app.screen.query_one(OptionList).get_option_at_index(0)
        assert "press +" in str(empty.prompt)
    again = make_app(db, welcome=False)
    async with again.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert not isinstance(again.screen, WelcomeScreen)


def test_today_snapshot(db, snap_compare):
    """Today on a fresh home: the date, two empty progress bars (0/2 readings, 0/60 min),
    streak 0, the starter track's forecast, and four track readings marked ○."""
    assert snap_compare(make_app(db), terminal_size=(100, 24))


async def test_a_reading_left_for_later_shows_as_later_with_the_minutes_left(db):
    from curriculum.queue import actions

    first = daily.snapshot(db, NOW).entries[0]
    actions.later(db, first.id, NOW, fraction=0.5)
    [entry] = [e for e in daily.snapshot(db, NOW).entries if e.id == first.id]
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        row = str(options.get_option(str(first.id)).prompt)
        assert row.startswith("◐ ") and f"later · {entry.minutes} min left" in row
        assert "z " not in row[:2]
