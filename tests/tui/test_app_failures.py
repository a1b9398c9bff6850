"""A storage failure inside the open app ends it with one sentence, never a traceback, and
the launcher prints that sentence and exits 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from curriculum.library.home import open_home
from curriculum.queue import actions
from curriculum.store import Database
from tests.conftest import NOW
from tui import app as app_module
from tui.app import CurriculumApp


async def test_a_full_disk_during_an_action_ends_the_app_with_a_sentence(db: Database) -> None:
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app._handle_exception(
            sqlite3.OperationalError("database or disk is full")
        )  # as Textual does
        await pilot.pause()
    assert app.return_code == 1
    assert app.failure is not None and "the disk is full" in app.failure
    assert "free some space" in app.failure


async def test_a_damaged_file_found_mid_session_ends_the_app_with_a_sentence(db: Database) -> None:
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app._handle_exception(sqlite3.DatabaseError("database disk image is malformed"))
        await pilot.pause()
    assert app.return_code == 1 and "restore a backup" in (app.failure or "")


async def test_a_programming_error_is_not_hidden(db: Database, monkeypatch) -> None:
    """A bug ends the app with one sentence naming the crash log, which holds the whole
    traceback, and the crash exit status (never 0)."""

    def bug(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(actions, "done", bug)
    app = CurriculumApp(db, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("d")
    log = Path(db.execute("PRAGMA database_list").fetchone()[2]).parent / "crash.log"
    assert app.return_code == 70 and app.failure is not None
    assert str(log) in app.failure and "ZeroDivisionError" in app.failure
    assert "\n" not in app.failure
    written = log.read_text()
    assert "Traceback (most recent call last)" in written and "ZeroDivisionError: a bug" in written


def test_run_app_prints_the_sentence_and_exits_1(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    open_home(home).close()

    def run(self: CurriculumApp) -> None:
        self.failure = "Could not write to x: the disk is full or failing."

    monkeypatch.setattr(CurriculumApp, "run", run)
    assert app_module.run_app(home) == 1
    err = capsys.readouterr().err
    assert err == "curriculum: Could not write to x: the disk is full or failing.\n"
