"""Every screen's footer is a KeysFooter: it shows what Textual's Footer would show, and
rebuilds its keys only when they change (Textual's rebuilds them on every bindings refresh)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual._context import active_message_pump
from textual.app import App
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from curriculum import cards
from tests.conftest import NOW
from tui.app import CurriculumApp
from tui.screens.key_ideas import KeyIdeasScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.footer import KeysFooter

TUI = Path(__file__).resolve().parents[2] / "tui"
MODE_KEYS = ["t", "r", "f", "l", "s", "comma"]
Shown = list[tuple[str, str, bool]]
STOCK_COMPOSE = Footer.compose  # what Textual's Footer builds (not counted below)


def count_composes(monkeypatch: pytest.MonkeyPatch) -> list[Footer]:
    """Record each footer rebuild (the real one still runs)."""
    calls: list[Footer] = []
    original = Footer.compose

    def counted(self: Footer):
        calls.append(self)
        return original(self)

    monkeypatch.setattr(Footer, "compose", counted)
    return calls


def footer_of(app: App[object]) -> Footer:
    return app.screen.query_one(Footer)


def shown(app: App[object]) -> Shown:
    """The keys the screen's footer shows now."""
    return [(k.key, k.description, k._disabled) for k in footer_of(app).query(FooterKey)]


def stock_footer_keys(app: App[object]) -> Shown:
    """The keys Textual's own Footer would build now, from the screen's current bindings."""
    footer = footer_of(app)
    token = active_message_pump.set(footer)  # as when Textual composes the footer
    try:
        built = list(STOCK_COMPOSE(footer))
    finally:
        active_message_pump.reset(token)
    return [(k.key, k.description, k._disabled) for k in built if isinstance(k, FooterKey)]


def assert_up_to_date(app: App[object]) -> None:
    footer = footer_of(app)
    assert type(footer) is KeysFooter, f"{type(app.screen).__name__} uses {type(footer)}"
    assert shown(app) == stock_footer_keys(app)
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


async def test_reviewing_cards_rebuilds_no_footer_keys(db, monkeypatch):
    for i in range(3):
        cards.add_cards(db, 1, f"Question {i}?", f"Answer {i}.", [], NOW)
    app = CurriculumApp(db, start="review", clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = shown(app)
        composes = count_composes(monkeypatch)
        for _ in range(2):
            await pilot.press("space")
            await pilot.pause()
            assert_up_to_date(app)
            await pilot.press("3")
            await pilot.pause()
            assert_up_to_date(app)
        assert shown(app) == before
        assert composes == []
