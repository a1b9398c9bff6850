"""A `curriculum fetch` killed with SIGKILL while its workers parse leaves no process behind.

Nothing in the killed process can clean up, so whatever it started must end by itself: the
test starts a real fetch of big feeds on a loopback server, waits until a parsing process is
busy, SIGKILLs the fetch, and checks that every process descended from it ends.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from feeds_server import FeedServer, Reply, repeated_feed, server_fixture  # noqa: F401
from processes import HAS_PROC, descendants, survivors_of

from curriculum.feeds import manage
from curriculum.library.home import open_home
from curriculum.store import transaction

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not HAS_PROC, reason="needs /proc")


def test_a_killed_fetch_leaves_no_process_behind(
    home: Path, server: FeedServer, now: datetime
) -> None:
    db = open_home(home)
    with transaction(db):
        db.execute("DELETE FROM feeds")
        for n in range(8):
            server.routes[f"/big{n}"] = Reply(body=repeated_feed(100, n))
            # By name, as real feeds are: resolving it starts a thread in the fetch.
            url = server.url(f"/big{n}").replace("127.0.0.1", "localhost")
            manage.insert_feed(db, url, now, manage.FeedOptions())
    db.close()
    fetch = subprocess.Popen(
        [sys.executable, "-m", "tui.launcher", "--home", str(home), "fetch"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        family: dict[int, float] = {}
        while time.monotonic() < deadline and fetch.poll() is None:
            family = descendants(fetch.pid)
            if any(cpu >= 0.5 for cpu in family.values()):  # a worker is busy parsing
                break
            time.sleep(0.05)
        assert fetch.poll() is None, "the fetch ended before any worker was busy"
        assert family, "no parsing process was started"
        family |= descendants(fetch.pid)
        fetch.send_signal(signal.SIGKILL)
        fetch.wait()
        family |= descendants(fetch.pid)
        survivors = survivors_of(family)
        assert not survivors, f"still running after the fetch was killed: {survivors}"
    finally:
        if fetch.poll() is None:
            fetch.kill()
            fetch.wait()
