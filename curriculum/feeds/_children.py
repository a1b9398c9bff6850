"""Processes a refresh starts: the command line that runs a function of ours in a fresh
Python, and how such a child ends when its parent does."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])  # where `curriculum` is imported from


def python_command(module: str, *args: str) -> list[str]:
    """`python -c …` calling `module.main(*args)` (args as strings), importing ours first."""
    call = ", ".join(repr(a) for a in args)
    code = f"import sys; sys.path.insert(0, {ROOT!r}); from {module} import main; main({call})"
    return [sys.executable, "-c", code]


def die_with(parent: int) -> None:
    """End this process when `parent` ends, however it ends (Linux: PR_SET_PDEATHSIG, which
    also covers SIGKILL); exit at once if it has already ended."""
    if sys.platform == "linux":
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(0)
