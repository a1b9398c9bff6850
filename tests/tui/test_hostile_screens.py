"""Hostile feed text on every screen: shown literally, never run as an action, never a
non-web link, never a terminal escape, never a crash."""

from __future__ import annotations

import webbrowser
from datetime import datetime
from pathlib import Path

import pytest
from feeds_server import FeedServer, server_fixture  # noqa: F401
from textual.widgets import Input

from curriculum.store import Database
from tests.hostile_data import (
    CLICK_TITLE,
    MARKUP_TITLE,
    assert_safe,
    load,
    render,
)
from tests.tui.app_helpers import settle
from tui.app import CurriculumApp
from tui.screens.reader import ReaderScreen


@pytest.fixture
def hostile(bare_db: Database, server: FeedServer, now: datetime, tmp_path: Path) -> dict:
    return load(bare_db, server, now, tmp_path)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL the app asks the browser to open (nothing really opens)."""
    calls: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: calls.append(url) or True)
    return calls


def make_app(db: Database, now: datetime, start: str) -> CurriculumApp:
    return CurriculumApp(db, start=start, clock=lambda: now)


def test_the_render_check_would_catch_markup() -> None:
    """The helper finds a markup action when one is there (so its silence means something)."""
    from textual.app import App
    from textual.widgets import Static

    class Marked(App[None]):
        def compose(self):
            yield Static("[@click=app.quit]x[/]")

    import asyncio

    async def probe() -> list:
        app = Marked()
        async with app.run_test():
            return render(app)[1]

    assert asyncio.run(probe())[0]["@click"] == "app.quit"


async def test_today_library_feeds_stats_show_hostile_text_literally(
    bare_db: Database, now: datetime, hostile: dict
) -> None:
    app = make_app(bare_db, now, "today")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        text = assert_safe(app)
        assert "Imported [@click=app.quit]reading[/] 1" in text
        assert "[blink]Hostile[/blink] …" in text  # the feed name, literal (cut to fit the row)
        for mode, expected in (
            ("library", MARKUP_TITLE),
            ("feeds", "[blink]Hostile[/blink]"),
            ("stats", "[reverse]tag[/reverse]"),
            ("settings", ""),
        ):
            await pilot.press(
                {"library": "l", "feeds": "f", "stats": "s", "settings": "comma"}[mode]
            )
            await settle(app, pilot)
            assert expected in assert_safe(app), mode
        await pilot.press("l", "slash")
        for query in ('"[bold', "[@click=app.quit]", "AND OR NOT", "*", 'NEAR("x'):
            app.screen.query_one(Input).value = query
            app.screen.reload()  # what the search box's debounce timer calls
            await pilot.pause()
            assert_safe(app)
    assert app.return_code in (None, 0)


@pytest.mark.parametrize(
    "key", ["click", "markup", "link", "badlinks", "scripts", "huge", "xxe", "imported"]
)
async def test_the_reader_shows_each_hostile_reading_safely(
    bare_db: Database, now: datetime, hostile: dict, opened: list[str], key: str
) -> None:
    app = make_app(bare_db, now, "today")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(ReaderScreen(hostile[key]))
        await pilot.pause()
        text = assert_safe(app)
        assert "<script" not in text and "alert(" not in text and "onclick" not in text
        assert "root:" not in text  # no file content, here or anywhere
        await pilot.press("o", *"123456789")
        await pilot.pause()
        assert all(url.startswith(("http://", "https://")) for url in opened), opened
        assert_safe(app)


async def test_review_and_key_ideas_show_hostile_cards_safely(
    bare_db: Database, now: datetime, hostile: dict, opened: list[str]
) -> None:
    app = make_app(bare_db, now, "review")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = assert_safe(app)
        assert "[@click=app.quit]Quit?[/]" in text
        await pilot.press("space")
        await pilot.pause()
        text = assert_safe(app)
        assert "[bold]answer[/bold]" in text and "evil" in text
        await pilot.press("o")  # the source reading, in the Reader
        await pilot.pause()
        assert CLICK_TITLE in assert_safe(app)
        await pilot.press("k")  # key ideas for it: suggested tags come from hostile text
        await pilot.pause()
        assert_safe(app)
