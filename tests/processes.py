"""Which processes descend from a process, read from /proc (Linux), for the SIGKILL tests."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

HAS_PROC = Path("/proc/self/stat").exists()


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
    """Whether a process exists and is not a zombie."""
    stat = _stat(pid)
    return stat is not None and stat[1] != "Z"


def survivors_of(family: dict[int, float], seconds: float = 10.0) -> dict[int, bytes]:
    """Wait up to `seconds` for every process of `family` to end; the command lines of those
    still running (which are then killed, so a failing test leaves nothing behind)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(pid) for pid in family):
        time.sleep(0.05)
    left = {}
    for pid in family:
        if alive(pid):
            try:
                left[pid] = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            os.kill(pid, signal.SIGKILL)
    return left
