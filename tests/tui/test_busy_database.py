"""Writers that meet a held lock in the app (issue 18): pressing `d` while another process
holds the database's write lock is a message and a retry, never a frozen or closed app; a
410 feed shows its note on the Feeds screen."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from curriculum.feeds import manage
from curriculum.queue import daily
from curriculum.store import Database, transaction
from tests.conftest import NOW
from tests.tui.app_helpers import text_of
from tui import guard
from tui.app import CurriculumApp
from tui.widgets.feed_table import FeedTable


def db_path(db: Database) -> Path:
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


@contextmanager
def write_lock(db: Database) -> Iterator[sqlite3.Connection]:
    """Another connection (as another process would) holding the write lock."""
    other = sqlite3.connect(db_path(db), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


def messages(app: CurriculumApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def statuses(db: Database) -> list[str]:
    return [e.status for e in daily.snapshot(db, NOW).entries]


async def wait_for(pilot, check, seconds: float = 10.0) -> None:
    """Let the app run (its timers fire) until `check()` holds."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the condition never held"
        await pilot.pause(0.1)


async def test_done_while_another_process_writes_waits_then_saves(db: Database) -> None:
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        with write_lock(db):
            started = time.monotonic()
            await pilot.press("d")
            assert time.monotonic() - started < 5  # the UI thread did not wait out 15 s
            await pilot.pause()
            assert app.is_running and statuses(db)[0] == "queued"
            assert any("your change will be saved" in m for m in messages(app))
            await pilot.press("x")  # a second write while the first waits is refused
            await pilot.pause()
            assert any("Still waiting" in m for m in messages(app))
        await wait_for(pilot, lambda: statuses(db)[0] == "read")
        assert app.is_running and app.pending_write is None
        assert statuses(db)[1] == "queued"  # the refused skip did nothing
    assert app.return_code in (None, 0) and app.failure is None


async def test_a_lock_held_past_the_wait_gives_up_with_a_message(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "RETRY_FOR", 1.0)
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        with write_lock(db):
            await pilot.press("d")
            await wait_for(pilot, lambda: any("nothing was changed" in m for m in messages(app)))
        assert app.is_running and app.pending_write is None and statuses(db)[0] == "queued"
        await pilot.press("d")  # once the other process is done, the key works again
        await pilot.pause()
        assert statuses(db)[0] == "read"


async def test_any_busy_error_is_a_message_never_a_closed_app(db: Database) -> None:
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app._handle_exception(sqlite3.OperationalError("database is locked"))  # as Textual does
        await pilot.pause()
        assert app.is_running and app.failure is None
        assert any("not saved; try again" in m for m in messages(app))


def test_the_connection_keeps_its_patience_after_a_quick_write(db: Database) -> None:
    before = db.execute("PRAGMA busy_timeout").fetchone()[0]
    with guard.quick_lock(db, 100):
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 100
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == before == 15_000


async def test_a_gone_feed_shows_its_note_on_the_feeds_screen(db: Database, now: datetime) -> None:
    with transaction(db):
        feed_id = manage.insert_feed(db, "https://gone.example/feed", now, manage.FeedOptions())
        db.execute(
            "UPDATE feeds SET status = 'gone', error = ? WHERE id = ?",
            ["the server says this feed is gone for good (HTTP 410), so it is no longer polled; "
             "remove it, or fetch it by name to try once more", feed_id],
        )  # fmt: skip
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("f")
        await pilot.pause()
        table = app.screen.query_one("#feeds-table", FeedTable)
        index = [f.id for f in table.feeds].index(feed_id)
        table.cursor = index
        await pilot.pause()
        row = table.cells(index)
        assert "gone" in row and any("gone for good" in cell for cell in row)
        detail = text_of(app, "#feeds-detail")
        assert "HTTP 410" in detail and "no longer polled" in detail
        summary = text_of(app, "#feeds-summary")
        assert "1 gone (not polled)" in summary
