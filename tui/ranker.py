"""Keeping the learned ranking current from the app, in a process of its own.

Training loads scikit-learn (over a second, ~100 MB) and holds the interpreter while it
tokenises: in the app's own process that would stall the screen. So the app starts
`curriculum rank --if-stale` as a child process when its data may have changed (after the
first frame, when readings arrive, after triage in the Inbox) and lets it run to its end:
it retrains only if the reader's signals changed, ranks new arrivals, and commits in one
transaction; the app notices the commit (`guard.DataWatch`) and redraws. At most one job
runs at a time; a request while one runs starts another when it ends. Quitting the app
stops a running job (its transaction is rolled back, nothing is lost).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

RETRY_AFTER_FAILURE = 600.0  # seconds before a failed job is tried again on its own
NICE = 10  # how much lower the job's CPU priority is than the app's (as the refresh's)


class RankJob:
    """One `curriculum rank --if-stale` child process at a time, for one home."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.process: subprocess.Popen[bytes] | None = None
        self.pending = False  # asked for while one was running
        self.started = 0
        self.failed_at: float | None = None  # when a job last ended with an error

    def command(self) -> list[str]:
        """The child's command line."""
        return [
            sys.executable,
            "-m",
            "tui.launcher",
            "--home",
            str(self.home),
            "rank",
            "--if-stale",
        ]

    def running(self) -> bool:
        """Whether a job is still running."""
        return self.process is not None and self.process.poll() is None

    def request(self) -> bool:
        """Start a job now, or once the running one ends; True when one started. After a
        failed job, no other starts for ten minutes (a broken install does not respawn)."""
        if self.running():
            self.pending = True
            return False
        if self.process is not None and self.process.returncode:
            self.failed_at, self.process = time.monotonic(), None
        if self.failed_at is not None and time.monotonic() - self.failed_at < RETRY_AFTER_FAILURE:
            return False
        self.pending = False
        # Textual replaces sys.stderr (fileno -1): every stream is given explicitly.
        self.process = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        with contextlib.suppress(OSError):  # training runs beside the interface, not before it
            os.setpriority(
                os.PRIO_PROCESS, self.process.pid, os.getpriority(os.PRIO_PROCESS, 0) + NICE
            )
        self.started += 1
        return True

    def tick(self) -> None:
        """Start the job asked for while the last one ran, once it has ended."""
        if self.pending and not self.running():
            self.request()

    def stop(self) -> None:
        """End a running job (the app is closing) and wait for it."""
        if self.running() and self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
