"""Time a terminal app to its first frame, in a real pseudo-terminal, as a person would see it.

The app is started on a 100×30 pty; the clock stops when `marker` (plain text the first
complete screen contains) has been written; the process's peak resident memory is read
then, and `q` is sent.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.timing import Samples, environment

ANSI = re.compile(
    rb"\x1b(?:\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)
COLUMNS, ROWS = 100, 30


@dataclass(frozen=True)
class TtyCommand:
    """A terminal app and the text its first frame shows."""

    argv: Sequence[str]
    marker: str


def _open_pty() -> tuple[int, int]:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    return leader, follower


def _wait_for(leader: int, marker: bytes, deadline: float) -> bytes:
    """Read the terminal until `marker` appears in its text; returns what was read."""
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.05)
        if not ready:
            continue
        try:
            seen += os.read(leader, 1 << 16)
        except OSError:
            break
        if marker in ANSI.sub(b"", seen):
            return seen
    raise TimeoutError(f"{marker.decode()!r} never appeared; the screen had {seen[-300:]!r}")


def peak_kb(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in KB.

    Not the `ru_maxrss` of wait4: that counts the pages a child shared with its parent
    before exec, so a big harness process would inflate every program it starts.
    """
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")


def _finish(process: subprocess.Popen[bytes], leader: int) -> None:
    """Quit the app (q, then SIGTERM) and drain the terminal until it has exited."""
    os.write(leader, b"q")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return
        ready, _, _ = select.select([leader], [], [], 0.05)
        if ready:
            with contextlib.suppress(OSError):
                os.read(leader, 1 << 16)
    process.send_signal(signal.SIGTERM)
    process.wait()


def first_frame(command: TtyCommand, timeout: float = 60.0) -> tuple[float, int]:
    """Seconds from start to the first frame, and the peak memory (KB) up to it."""
    leader, follower = _open_pty()
    env = environment() | {"TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(ROWS)}
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command.argv),
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    try:
        _wait_for(leader, command.marker.encode(), time.monotonic() + timeout)
        elapsed = time.perf_counter() - start
        peak = peak_kb(process.pid)
        _finish(process, leader)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)
    return elapsed, peak


def repeat_frames(commands: Sequence[TtyCommand], runs: int) -> list[Samples]:
    """First-frame timings of several apps, interleaved run by run."""
    samples = [Samples() for _ in commands]
    for n in range(runs):
        order = list(zip(commands, samples, strict=True))
        for command, sample in order if n % 2 == 0 else reversed(order):
            seconds, peak = first_frame(command)
            sample.seconds.append(seconds)
            sample.peak_kb.append(peak)
    return samples
