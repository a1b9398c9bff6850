"""What the app does before its first frame: Today loads once, the footer builds its keys once,
the app opens on its start screen directly, and start-up imports stay lean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from tests.conftest import NOW
from tui.app import CurriculumApp
from tui.screens.today import TodayScreen
from tui.widgets.footer import KeysFooter


def count_calls(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[object]:
    """Record each call of `cls.name` (the real method still runs)."""
    calls: list[object] = []
    original = getattr(cls, name)

    def counted(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


def footer_keys(app: App[object]) -> list[str]:
    return [key.description for key in app.screen.query_one(KeysFooter).shown() if key.description]


async def test_today_loads_its_data_once_when_the_app_opens(db, monkeypatch):
    reloads = count_calls(monkeypatch, TodayScreen, "reload")
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert len(reloads) == 1
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert len(reloads) == 2, "coming back to Today shows the store's current state"


async def test_today_reloads_after_a_pushed_screen_closes(db, monkeypatch):
    reloads = count_calls(monkeypatch, TodayScreen, "reload")
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert len(reloads) == 2


async def test_todays_footer_builds_its_keys_once_at_start(db, monkeypatch):
    composes = count_calls(monkeypatch, KeysFooter, "compose")
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # Once empty (before the screen's keys are known), once with them; Textual's own
        # Footer builds them again on each bindings refresh (three times here).
        assert len(composes) == 2
        assert footer_keys(app)[:4] == ["Open", "Done", "Skip", "Snooze"]


class AlphaButton(Button):
    BINDINGS = [Binding("a", "alpha", "Alpha")]

    def action_alpha(self) -> None:
        pass


class BetaButton(Button):
    BINDINGS = [Binding("b", "beta", "Beta")]

    def action_beta(self) -> None:
        pass


class TwoButtons(App[None]):
    """Two focusable widgets with different shown keys, for the footer's key changes."""

    def compose(self) -> ComposeResult:
        yield AlphaButton("first")
        yield BetaButton("second")
        yield KeysFooter()


async def test_the_footer_follows_the_focused_widgets_keys():
    app = TwoButtons()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        assert "Alpha" in footer_keys(app)
        await pilot.press("tab")
        await pilot.pause()
        assert "Beta" in footer_keys(app)
        assert "Alpha" not in footer_keys(app)
        await pilot.press("tab")
        await pilot.pause()
        assert "Alpha" in footer_keys(app)


async def test_the_app_opens_on_its_start_screen_without_building_today(db, monkeypatch):
    reloads = count_calls(monkeypatch, TodayScreen, "reload")
    app = CurriculumApp(db, start="review", clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.current_mode == "review"
        assert reloads == []
        await pilot.press("t")
        await pilot.pause()
        assert app.current_mode == "today"
        assert len(reloads) == 1


def test_an_unknown_start_screen_is_refused(db):
    with pytest.raises(ValueError, match="nowhere"):
        CurriculumApp(db, start="nowhere")


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_the_app_runs_with_the_garbage_collector_on(tmp_path: Path) -> None:
    code = (
        "import gc, sys\n"
        "import tui.app\n"
        "def run_app(home, start):\n"
        "    print(gc.isenabled(), gc.get_freeze_count() > 0)\n"
        "    return 0\n"
        "tui.app.run_app = run_app\n"
        "from tui import launcher\n"
        f"assert launcher.main(['--home', {str(tmp_path)!r}]) == 0\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    # On while the app runs; what start-up imported is set aside from its collections.
    assert result.stdout.split() == ["True", "True"]


def test_the_help_screen_is_loaded_when_first_asked_for() -> None:
    result = run_python(
        "import sys\nimport tui.app\nassert 'tui.screens.help' not in sys.modules\n"
    )
    assert result.returncode == 0, result.stderr
