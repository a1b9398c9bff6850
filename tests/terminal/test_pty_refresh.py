"""Refreshing feeds in the real app, in a real 80×24 terminal, against 20 loopback feeds.

Inside a terminal Textual swaps `sys.stderr` for an object without a file descriptor, and the
refresh starts real processes: these are the conditions under which the launch refresh and
`R` once downloaded every feed and stored nothing, silently. Each test checks the database
after the app has quit, and what the Feeds screen shows.
"""

from __future__ import annotations

import re
import signal
import time
from datetime import datetime
from pathlib import Path

import pytest
from feeds_server import FeedServer, Reply, repeated_feed, server_fixture  # noqa: F401
from loopback import feed_states, follow_only, serve_fixtures
from processes import HAS_PROC, descendants, survivors_of

REFRESHED = r"new readings? from 20 feeds"


def _all_stored(home: Path, count: int = 20) -> None:
    states = feed_states(home)
    assert len(states) == count
    not_stored = {name: state for name, state in states.items() if state[0] != "ok" or not state[1]}
    assert not not_stored, f"feeds not stored: {not_stored}"


def _shows_every_feed_ok(screen: str, count: int = 20) -> bool:
    """The Feeds screen: the header counts `count` feeds, none failing; every row is ok."""
    rows = [line for line in screen.splitlines() if re.match(r"^\s*f\d\d\b", line)]
    return (
        bool(re.search(rf"{count} feeds · [1-9]\d* unread", screen))
        and "failing" not in screen
        and len(rows) >= 10
        and all(re.search(r"\bok\b", row) for row in rows)
    )


def test_the_launch_refresh_stores_every_feed(
    launch, home: Path, server: FeedServer, now: datetime
) -> None:
    follow_only(home, serve_fixtures(server), now, refresh_on_start=True)
    app = launch()
    app.wait_for(r"Today")
    app.wait_for(REFRESHED, timeout=90)
    app.press("f")
    app.wait_until(_shows_every_feed_ok, timeout=30, what="20 feeds, each ok")
    assert app.quit() == 0
    _all_stored(home)


def test_refresh_all_on_the_feeds_screen_stores_every_feed(
    launch, home: Path, server: FeedServer, now: datetime
) -> None:
    follow_only(home, serve_fixtures(server), now, refresh_on_start=False)
    app = launch()
    app.wait_for(r"Today")
    app.press("f")
    app.wait_for(r"20 feeds · 0 unread")
    app.press("R")
    app.wait_for(REFRESHED, timeout=90)
    app.wait_until(_shows_every_feed_ok, timeout=30, what="20 feeds, each ok")
    assert app.quit() == 0
    _all_stored(home)


def test_a_failing_feed_is_visible_after_a_refresh(
    launch, home: Path, server: FeedServer, now: datetime
) -> None:
    urls = serve_fixtures(server)
    server.routes["/broken"] = Reply(500, b"down", content_type="text/plain")
    follow_only(home, [*urls[:9], server.url("/broken")], now, refresh_on_start=False)
    app = launch()
    app.wait_for(r"Today")
    app.press("f")
    app.wait_for(r"10 feeds")
    app.press("R")
    app.wait_for(r"1 failed", timeout=90)  # the toast
    failing_row = r"(?m)^\s*f10\s+0\s+just now\s+error\s+the server had an error"
    screen = app.wait_for(failing_row, timeout=30)  # in the Problem column, cut to fit
    assert re.search(r"10 feeds · [1-9]\d* unread · 1 failing", screen), screen
    app.press("!")  # failing feeds only: f10, selected, its whole problem under the list
    app.wait_for(r"the server had an error \(HTTP 500\); try again later")
    assert app.quit() == 0
    states = feed_states(home)
    assert states["f10"][0] == "error"
    assert all(
        status == "ok" and count for name, (status, count) in states.items() if name != "f10"
    )


@pytest.mark.skipif(not HAS_PROC, reason="needs /proc")
def test_an_app_killed_during_its_refresh_leaves_no_process_behind(
    launch, home: Path, server: FeedServer, now: datetime
) -> None:
    for n in range(4):
        server.routes[f"/big{n}"] = Reply(body=repeated_feed(100, n))
    follow_only(home, [server.url(f"/big{n}") for n in range(4)], now, refresh_on_start=True)
    app = launch()
    app.wait_for(r"Today")
    deadline = time.monotonic() + 90
    family: dict[int, float] = {}
    while time.monotonic() < deadline:
        app.pump()
        family = descendants(app.child.pid)
        if len(family) >= 2 and any(cpu >= 0.5 for cpu in family.values()):
            break  # the refresh process and a worker, busy parsing
    assert len(family) >= 2, f"no refresh process with a busy worker: {family}"
    family |= descendants(app.child.pid)
    app.child.kill(signal.SIGKILL)
    survivors = survivors_of(family)
    assert not survivors, f"still running after the app was killed: {survivors}"
