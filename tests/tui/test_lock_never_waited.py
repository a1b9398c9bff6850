"""While another process holds the write lock (the app's refresh storing a batch, a cron
fetch), showing Today and leaving the Reader never wait for it: Today shows the day as stored
and fills its empty places a moment later; the Reader's place is saved once the lock frees."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from curriculum.library import positions
from curriculum.queue import daily, onboarding
from curriculum.store import Database
from tests.conftest import NOW
from tests.queue_data import add_feed, add_item, feeds_only
from tests.tui.test_reader_text import open_reader, paper  # noqa: F401
from tui import guard
from tui.app import CurriculumApp
from tui.screens.today import TodayScreen


@contextlib.contextmanager
def write_lock(db: Database) -> Iterator[None]:
    """Another process's open write transaction on the same file."""
    path = Path(guard.db_file(db))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def queued_titles(db: Database) -> list[str]:
    return [e.title for e in daily.snapshot(db, NOW, fill=False).entries]


async def test_today_shows_the_stored_day_while_locked_and_fills_it_after(db: Database):
    onboarding.skip(db)
    feeds_only(db)
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen) and today._entries == []
        add_item(db, "Arrived during a refresh", add_feed(db, "Blog"))
        with write_lock(db):
            today.reload()  # waited 15 s for the lock (the busy timeout), then failed
            assert [e.title for e in today._entries] == []
            assert queued_titles(db) == []
        today._refill()  # the retry the reload scheduled
        assert [e.title for e in today._entries] == ["Arrived during a refresh"]
        assert queued_titles(db) == ["Arrived during a refresh"]


async def test_leaving_the_reader_while_locked_saves_its_place_once_free(db, paper):  # noqa: F811
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, paper)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # the outline's third section
        await pilot.pause()
        place = reader.view.top_offset()
        assert place > 0
        with write_lock(db):
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, type(reader))
            before = positions.get(db, paper)  # the outline's opening saved the top
            assert before is not None and before.offset != place
        for _ in range(50):
            await pilot.pause(0.1)  # the background retry runs every 0.1 s
            if positions.get(db, paper).offset == place:  # type: ignore[union-attr]
                break
        saved = positions.get(db, paper)
        assert saved is not None and saved.offset == place


async def test_a_place_still_waiting_for_the_lock_is_saved_as_the_app_closes(db, paper):  # noqa: F811
    """The lock is held past the Reader's last tries; quitting does the waiting write,
    once the lock frees (it was lost before)."""
    other = sqlite3.connect(Path(guard.db_file(db)), isolation_level=None, check_same_thread=False)
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(app, pilot, paper)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        place = reader.view.top_offset()
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("escape")
        await pilot.pause(0.3)  # a few background tries meet the lock
        assert positions.get(db, paper).offset != place  # type: ignore[union-attr]
        release = threading.Timer(0.5, lambda: other.execute("ROLLBACK"))
        release.start()
    release.join()
    other.close()
    saved = positions.get(db, paper)
    assert saved is not None and saved.offset == place
