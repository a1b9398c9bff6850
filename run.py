#!/usr/bin/env python3
"""Set up Curriculum in a local virtual environment, then run the app or the tests.

    python3 run.py [ARGS...]        set up (first time only), then `curriculum ARGS...`
    python3 run.py test [ARGS...]   set up, then ruff format --check, ruff check, pytest ARGS

Needs only Python >= 3.11 and access to the package index. Idempotent: the environment
in .venv/ is (re)installed only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".curriculum-installed"


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def setup() -> None:
    """Create .venv and install the project with its test extras, if not already done."""
    if sys.version_info < (3, 11):  # noqa: UP036 - run.py may be started by an old python3
        sys.exit("curriculum: Python 3.11 or newer is needed; run this with python3.11 or later.")
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    if not (BIN / "python").exists():
        print("Creating .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing Curriculum and its dependencies into .venv …", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(_fingerprint())


def run_tests(extra: list[str]) -> int:
    """Every check, in order; stops at the first that fails."""
    steps = [
        [str(BIN / "ruff"), "format", "--check", "."],
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "python"), "-m", "pytest", *extra],
    ]
    for step in steps:
        print("$", " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)))
        code = subprocess.run(step, cwd=ROOT).returncode
        if code != 0:
            return code
    return 0


def main() -> int:
    setup()
    args = sys.argv[1:]
    if args[:1] == ["test"]:
        return run_tests(args[1:])
    return subprocess.run([str(BIN / "curriculum"), *args]).returncode


if __name__ == "__main__":
    sys.exit(main())
