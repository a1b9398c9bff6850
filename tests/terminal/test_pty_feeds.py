"""The Feeds screen with many feeds, in a real 80×24 terminal: the Problem column shows,
the filter and the failing view narrow the list, and marked feeds go in one removal."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from curriculum.feeds import manage
from curriculum.library.home import open_home
from curriculum.queue import onboarding
from curriculum.store import settings, transaction

LONG_NAMES = [
    "Alignment Forum — curated posts and every comment thread under them",
    "LessWrong frontpage, karma above thirty, newest first",
    "Transformer Circuits Thread (interpretability research)",
    "AI Safety Newsletter from the Center for AI Safety",
]


def _home(home: Path, now: datetime) -> None:
    db = open_home(home)
    with transaction(db):
        db.execute("DELETE FROM feeds")
        for n, name in enumerate(LONG_NAMES):
            tags = ("imported",) if n >= 2 else ()
            options = manage.FeedOptions(name=name, tags=tags)
            manage.insert_feed(db, f"https://feeds{n}.example/rss", now, options)
        db.execute(
            "UPDATE feeds SET status = 'error', last_fetched = '2026-11-22T11:00:00.000Z',"
            " error = 'the server says there is nothing at this address (HTTP 404)'"
            " WHERE name LIKE 'LessWrong%'"
        )
    onboarding.skip(db)
    settings.set_value(db, "fetch.on_start", "false")
    db.close()


def _names(home: Path) -> list[str]:
    db = open_home(home)
    try:
        return [f.name for f in manage.list_feeds(db)]
    finally:
        db.close()


def test_many_feeds_at_80_columns(launch, home: Path, now: datetime) -> None:
    _home(home, now)
    app = launch()
    app.wait_for(r"Today")
    app.press("f")
    screen = app.wait_for(r"4 feeds · 0 unread · 1 failing")
    row = next(line for line in screen.splitlines() if "LessWrong" in line)
    assert re.search(r"error\s+the server says", row), screen  # the Problem column is on screen
    assert len(row) <= 80

    app.press("!")
    screen = app.wait_for(r"showing 1 \(failing only\)")
    assert "LessWrong" in screen and "Transformer" not in screen
    app.press("!")
    app.press("/")
    app.type("imported")
    app.wait_for(r"showing 2 \(imported\)")
    app.press("enter", "ctrl+a")
    app.wait_for(r"2 marked")
    app.press("delete")
    app.wait_for(r"Remove 2 feeds\?")
    app.press("y")
    app.wait_for(r"Removed 2 feeds")
    assert app.quit() == 0
    assert _names(home) == LONG_NAMES[:2]
