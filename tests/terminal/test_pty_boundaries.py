"""Issue 18 in a real terminal: the installed app meets another process's write lock (a
message and a retry, never a frozen or closed app) and an unexpected error (one sentence
naming the crash log, exit status 70)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from curriculum.library.home import open_home
from curriculum.queue import onboarding
from curriculum.store import settings
from tests.terminal.pty_app import SIZES

BUG = """
import os
if os.environ.get("CURRICULUM_PLANTED_BUG"):
    import curriculum.queue.actions as actions

    def planted(*args, **kwargs):
        raise ZeroDivisionError("a planted bug")

    actions.done = planted
"""


@pytest.fixture
def today_home(home: Path) -> Path:
    """A home past the welcome, with the starter track's readings on Today, no fetching."""
    db = open_home(home)
    onboarding.skip(db)
    settings.set_value(db, "fetch.on_start", "false")
    db.close()
    return home


def flat(screen: str) -> str:
    """The screen's words in one line (a toast wraps across lines behind a bar)."""
    return " ".join(screen.replace("▌", " ").split())


def status_of_first_reading(home: Path) -> str:
    db = sqlite3.connect(home / "curriculum.db")
    try:
        row = db.execute(
            "SELECT i.status FROM queue q JOIN items i ON i.id = q.item_id"
            " ORDER BY q.day DESC, q.position LIMIT 1"
        ).fetchone()
        return str(row[0])
    finally:
        db.close()


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_done_under_another_process_lock_waits_then_saves(launch, today_home, columns, lines):
    app = launch(columns=columns, lines=lines)
    app.wait_for(r"Four Background Claims")
    other = sqlite3.connect(today_home / "curriculum.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # as a cron fetch writing a big feed would
    try:
        app.press("d")
        app.wait_until(lambda text: "your change will be saved" in flat(text), what="the wait")
        assert status_of_first_reading(today_home) == "queued"
    finally:
        other.execute("ROLLBACK")
        other.close()
    app.wait_for(r"✓ Four Background Claims")
    assert status_of_first_reading(today_home) == "read"
    assert app.quit() == 0


def test_an_unexpected_error_is_one_sentence_and_a_crash_log(launch, today_home, tmp_path):
    planted = tmp_path / "planted"
    planted.mkdir()
    (planted / "sitecustomize.py").write_text(BUG)
    env = {"PYTHONPATH": str(planted), "CURRICULUM_PLANTED_BUG": "1"}
    app = launch(env=env)
    app.wait_for(r"Four Background Claims")
    app.press("d")
    assert app.wait_exit() == 70
    screen = flat(app.text())
    log = today_home / "crash.log"
    assert "ZeroDivisionError); the details are in" in screen
    assert str(log) in "".join(screen.split())  # the path may wrap at the terminal's edge
    assert "Traceback" not in screen
    written = log.read_text()
    assert "Traceback (most recent call last)" in written and "a planted bug" in written
