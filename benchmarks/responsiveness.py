"""Key-to-screen latency in a real terminal, idle and while the app refreshes 100 feeds.

The app runs in an 80×24 pseudo-terminal; everything it writes goes through a terminal
emulator (pyte). A step writes one key and stops the clock at the read of the output that
made the screen show what the key asks for (pyte's own parsing, slow in Python, is left
out): `f` → the Feeds screen, `t` → Today, `enter` on Today → the Reader (`escape` back, not
timed). Wall time, as a person waits: the refresh's process and its parsing workers compete
with the app for the same cores. In the refreshing run the app starts on a home that follows
the 100 corpus feeds, none fetched yet, with `fetch.on_start` on; a key counts as "during"
when it was sent before the refresh's toast appeared.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pyte

from benchmarks.timing import environment

COLUMNS, ROWS = 80, 24
REFRESHED = "from 100 feeds"  # the end-of-refresh toast (`… new readings from 100 feeds`)
STEPS = (("f", "Feeds", "switch"), ("t", "Today", "switch"), ("\r", "Reader", "reader"))


@dataclass
class Latencies:
    """Milliseconds per kind of step ("switch", "reader"), split by whether a refresh ran."""

    during: dict[str, list[float]] = field(default_factory=dict)
    idle: dict[str, list[float]] = field(default_factory=dict)

    def add(self, kind: str, ms: float, refreshing: bool) -> None:
        """Record one step."""
        (self.during if refreshing else self.idle).setdefault(kind, []).append(ms)


class Screen:
    """The app in a pty, its output fed to a terminal emulator."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.leader, follower = pty.openpty()
        size = struct.pack("HHHH", ROWS, COLUMNS, 0, 0)
        fcntl.ioctl(follower, termios.TIOCSWINSZ, size)
        env = environment() | {"TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC"}
        self.process = subprocess.Popen(
            list(argv),
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=env,
            start_new_session=True,
        )
        os.close(follower)
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.seen_refreshed = False
        self.arrived = 0.0  # when the app's latest output was read

    def text(self) -> str:
        """The screen's text."""
        return "\n".join(self.screen.display)

    def pump(self, wait: float) -> None:
        """Feed what the app wrote within `wait` seconds to the emulator, noting when it
        arrived (the emulator's own work, slow in Python, is not the app's latency)."""
        ready, _, _ = select.select([self.leader], [], [], wait)
        if ready:
            with contextlib.suppress(OSError):
                data = os.read(self.leader, 1 << 16)
                self.arrived = time.perf_counter()
                self.stream.feed(data)
        if REFRESHED in self.text():
            self.seen_refreshed = True

    def wait(self, check: Callable[[], bool], timeout: float = 60.0) -> None:
        """Pump until `check()` holds."""
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise TimeoutError(f"the screen never got there:\n{self.text()}")
            self.pump(0.005)

    def title(self, title: str) -> bool:
        """Whether the header (first row) names `title`."""
        return title in self.screen.display[0]

    def press(self, key: str) -> None:
        """Send a key's bytes."""
        os.write(self.leader, key.encode())

    def close(self) -> None:
        """Quit (q, then SIGTERM) and release the terminal."""
        with contextlib.suppress(OSError):
            os.write(self.leader, b"q")
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait()
        os.close(self.leader)


def _step(app: Screen, key: str, title: str) -> float:
    """Milliseconds from writing `key` to reading the output that shows the screen `title`."""
    start = time.perf_counter()
    app.press(key)
    app.wait(lambda: app.title(title))
    return (app.arrived - start) * 1000


def measure(argv: Sequence[str], latencies: Latencies, refreshing: bool, cycles: int) -> None:
    """Run the app once and time key steps: while its launch refresh runs (`refreshing`), or
    `cycles` rounds on an idle app."""
    app = Screen(argv)
    try:
        app.wait(lambda: app.title("Today") and "streak" in app.text())
        rounds = 0
        while (not app.seen_refreshed) if refreshing else rounds < cycles:
            for key, title, kind in STEPS:
                during = refreshing and not app.seen_refreshed
                ms = _step(app, key, title)
                if during or not refreshing:
                    latencies.add(kind, ms, refreshing)
            app.press("\x1b")  # back from the Reader (not timed: a lone escape waits a while)
            app.wait(lambda: app.title("Today"))
            rounds += 1
    finally:
        app.close()


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (p95: `fraction` 0.95)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]
