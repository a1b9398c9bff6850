"""Every screen's footer is a KeysFooter: it shows what Textual's Footer would show, and
rebuilds its keys only when they change (Textual's rebuilds them on every bindings refresh)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Footer, Input

from curriculum import cards
from tests.conftest import NOW
from tui.app import CurriculumApp
from tui.screens.key_ideas import KeyIdeasScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.footer import KeysFooter, footer_layout

TUI = Path(__file__).resolve().parents[2] / "tui"
MODE_KEYS = ["t", "r", "f", "l", "s", "comma"]
Shown = list[tuple[str, str, bool]]


def count_composes(monkeypatch: pytest.MonkeyPatch) -> list[Footer]:
    """Record each footer rebuild (the real one still runs)."""
    calls: list[Footer] = []
    original = KeysFooter.compose

    def counted(self: KeysFooter):
        calls.append(self)
        return original(self)

    monkeypatch.setattr(KeysFooter, "compose", counted)
    return calls


def footer_of(app: App[object]) -> Footer:
    return app.screen.query_one(Footer)


def shown(app: App[object]) -> Shown:
    """The keys the screen's footer shows now."""
    footer = footer_of(app)
    assert isinstance(footer, KeysFooter)
    return [(k.key, k.description, not k.enabled) for k in footer.shown()]


def expected_keys(app: App[object]) -> Shown:
    """What the footer should show at its width: the screen's keys that fit, then review,
    help, quit and the palette."""
    footer = footer_of(app)
    layout = footer_layout(app.screen, footer.size.width)
    keys = [*layout.keys, *layout.essentials, *([layout.palette] if layout.palette else [])]
    return [(k.key, k.description, not k.enabled) for k in keys]


def assert_up_to_date(app: App[object]) -> None:
    footer = footer_of(app)
    assert type(footer) is KeysFooter, f"{type(app.screen).__name__} uses {type(footer)}"
    assert shown(app) == expected_keys(app)
    assert shown(app), f"{type(app.screen).__name__}'s footer shows no keys"


def test_no_screen_yields_textuals_own_footer() -> None:
    stock = re.compile(r"\bFooter\(")
    users = [
        path.relative_to(TUI).as_posix()
        for path in TUI.rglob("*.py")
        if path.name != "footer.py" and stock.search(path.read_text(encoding="utf-8"))
    ]
    assert users == [], "use tui.footer.KeysFooter"


async def test_every_screen_shows_its_keys_and_revisits_rebuild_none(db, monkeypatch):
    composes = count_composes(monkeypatch)
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for key in MODE_KEYS:  # each mode shown a first time
            await pilot.press(key)
            await pilot.pause()
            assert_up_to_date(app)
        first_round = len(composes)
        for key in MODE_KEYS:  # and again: the same keys, nothing to rebuild
            await pilot.press(key)
            await pilot.pause()
            assert_up_to_date(app)
        # Textual's Footer rebuilt every screen's keys on each show (~20 ms each time).
        assert len(composes) == first_round


async def test_the_reader_and_key_ideas_screens_show_their_keys(db):
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.push_screen(ReaderScreen(1))
        await pilot.pause()
        assert_up_to_date(app)
        assert ("h", "Highlight", False) in shown(app)
        await app.push_screen(KeyIdeasScreen(1))
        await pilot.pause()
        assert_up_to_date(app)
        assert ("ctrl+s", "Save card", False) in shown(app)


async def test_librarys_keys_follow_the_focus_one_rebuild_per_change(db, monkeypatch):
    app = CurriculumApp(db, start="library", clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        composes = count_composes(monkeypatch)
        assert ("enter", "Open", False) in shown(app)  # the reading list has the focus
        app.screen.query_one("#library-search", Input).focus()
        await pilot.pause()
        assert_up_to_date(app)
        assert ("enter", "Open", False) not in shown(app)  # typing: the reading keys go
        await pilot.press("escape")
        await pilot.pause()
        assert_up_to_date(app)
        assert ("enter", "Open", False) in shown(app)
        assert len(composes) == 2


async def test_reviews_footer_follows_the_session_without_rebuilds(db, monkeypatch):
    for i in range(2):
        cards.add_cards(db, 1, f"Question {i}?", f"Answer {i}.", [], NOW)
    app = CurriculumApp(db, start="review", clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        composes = count_composes(monkeypatch)

        def keys() -> list[str]:
            return [key for key, _, _ in shown(app)]

        assert keys()[0] == "space" and "1" not in keys()
        for _ in range(2):
            await pilot.press("space")
            await pilot.pause()
            assert_up_to_date(app)
            assert keys()[:4] == ["1", "2", "3", "4"] and "space" not in keys()
            await pilot.press("4")  # Easy: each card leaves the session
            await pilot.pause()
            assert_up_to_date(app)
        assert keys()[0] == "r" and "space" not in keys() and "1" not in keys()
        assert ("r", "Check again", False) in shown(app)
        assert composes == [], "each state's keys are repainted in the key row, not rebuilt"


def test_every_dialog_shows_its_own_keys() -> None:
    """A modal screen that is not a Dialog shows no footer: the keys that work in it are
    nowhere on the screen (the mentor, outline, highlights and confirm dialogs did so)."""
    import importlib
    import inspect
    import pkgutil

    from textual.screen import ModalScreen

    import tui
    from tui.dialogs.base import Dialog

    modals = []
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        module = importlib.import_module(info.name)
        modals += [
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, ModalScreen)
            and value.__module__ == module.__name__
        ]
    assert len(modals) > 10
    assert [m.__qualname__ for m in modals if not issubclass(m, Dialog)] == []


async def test_a_confirm_dialog_lists_yes_and_no_in_its_footer(db):
    from tui.dialogs.confirm import ConfirmDialog

    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ConfirmDialog("Remove", "Remove it?", "Remove"))
        await pilot.pause()
        descriptions = [description for _, description, _ in shown(app)]
        assert "Yes" in descriptions and "No" in descriptions
        assert "Today" not in descriptions
