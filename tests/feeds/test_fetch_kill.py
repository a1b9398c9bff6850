"""A `curriculum fetch` killed with SIGKILL while its workers parse leaves no process behind.

Nothing in the killed process can clean up, so whatever it started must end by itself: the
test starts a real fetch of big feeds on a loopback server, waits until a parsing process is
busy, SIGKILLs the fetch, and checks that every process descended from it ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from feeds_server import FeedServer, Reply, repeated_feed, server_fixture  # noqa: F401

from curriculum.feeds import manage
from curriculum.library.home import open_home
from curriculum.store import transaction

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _stat(pid: int) -> tuple[int, str, float] | None:
    """(parent pid, state, CPU seconds) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2 :].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[1]), fields[0], (int(fields[11]) + int(fields[12])) / ticks


def descendants(root: int) -> dict[int, float]:
    """Every living process under `root`, with its CPU seconds so far."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))) is not None:
            table[int(entry)] = stat
    found: dict[int, float] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, state, cpu) in table.items():
            if ppid == parent and pid not in found and state != "Z":
                found[pid] = cpu
                frontier.append(pid)
    return found


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[1] != "Z"


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
        family |= {pid: 0.0 for pid in descendants(fetch.pid)}
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(pid) for pid in family):
            time.sleep(0.05)
        survivors = {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in family if alive(pid)}
        for pid in survivors:  # this test's own leftovers: do not leave them running
            os.kill(pid, signal.SIGKILL)
        assert not survivors, f"still running after the fetch was killed: {survivors}"
    finally:
        if fetch.poll() is None:
            fetch.kill()
            fetch.wait()
