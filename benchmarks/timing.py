"""Whole-process timings: run a command, take its wall time and peak memory; alternate pairs."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

Prepare = Callable[[], None]


@dataclass(frozen=True)
class Command:
    """One side of a comparison: an untimed preparation, then the timed command."""

    argv: Sequence[str]
    prepare: Prepare | None = None
    cwd: Path | None = None


@dataclass
class Samples:
    """Wall times (seconds) and peak resident memory (KB) of repeated runs.

    Whole-process peaks (`run`) come from wait4's `ru_maxrss`, which also counts the
    parent's pages at fork: only the first-frame peaks (`tty`) are reported.
    """

    seconds: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        """The median wall time."""
        return statistics.median(self.seconds)

    @property
    def median_kb(self) -> float:
        """The median peak memory."""
        return statistics.median(self.peak_kb)


def environment() -> dict[str, str]:
    """The environment for timed runs: bytecode caching on, no colour surprises."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("CURRICULUM_HOME", None)
    return env


def run(command: Command, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Run once (after its preparation); returns (wall seconds, peak KB). Fails loudly."""
    if command.prepare is not None:
        command.prepare()
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command.argv),
        cwd=command.cwd,
        env=env or environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    with process.stderr:
        errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command.argv)} exited {process.returncode}: {errors.decode()[-400:]}"
        )
    return elapsed, int(usage.ru_maxrss)


def alternate(ours: Command, reference: Command, runs: int) -> tuple[Samples, Samples]:
    """Time both commands `runs` times each, alternating (and swapping who goes first)."""
    mine, theirs = Samples(), Samples()
    for n in range(runs):
        order = [(ours, mine), (reference, theirs)]
        for command, samples in order if n % 2 == 0 else reversed(order):
            seconds, peak = run(command)
            samples.seconds.append(seconds)
            samples.peak_kb.append(peak)
    return mine, theirs


def repeat(command: Command, runs: int) -> Samples:
    """Time one command `runs` times."""
    samples = Samples()
    for _ in range(runs):
        seconds, peak = run(command)
        samples.seconds.append(seconds)
        samples.peak_kb.append(peak)
    return samples
