"""`curriculum … | head -1`: when the reader of our output goes away, every command ends
quietly with the status Unix tools have when SIGPIPE ends them (141), printing nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = [
    ["items"],
    ["items", "--json"],
    ["today"],
    ["today", "--json"],
    ["feed", "list"],
    ["feed", "list", "--json"],
    ["cards"],
    ["stats"],
    ["stats", "--json"],
    ["digest"],
    ["config"],
    ["config", "--json"],
    ["opml", "export"],
    ["export", "--format", "json"],
    ["export", "--format", "anki"],
    ["check"],
    ["--help"],
    ["feed", "--help"],
    ["--version"],
]


def run_into_a_closed_pipe(args: list[str], home: Path, unbuffered: bool = False):
    """Run `curriculum ARGS` with its stdout a pipe whose reader has already gone."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as users run it
    env |= {"TZ": "UTC", **({"PYTHONUNBUFFERED": "1"} if unbuffered else {})}
    reader, writer = os.pipe()
    os.close(reader)  # as `head -1` does once it has its line: every write now fails
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tui.launcher", "--home", str(home), *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=120,
        )
    finally:
        os.close(writer)
    return result


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_reader_that_left_ends_the_command_quietly(args: list[str], home: Path) -> None:
    result = run_into_a_closed_pipe(args, home)
    assert (result.returncode, result.stderr) == (141, "")


@pytest.mark.parametrize("args", [["items"], ["feed", "list", "--json"]], ids=" ".join)
def test_also_when_python_writes_unbuffered(args: list[str], home: Path) -> None:
    result = run_into_a_closed_pipe(args, home, unbuffered=True)
    assert (result.returncode, result.stderr) == (141, "")
