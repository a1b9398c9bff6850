"""Shared fixtures: a fixed clock, a pinned local zone, throwaway homes, the CLI as a
subprocess, the app."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest

from curriculum import store
from curriculum.library.home import open_home
from curriculum.store import Database

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the developer's own data: every test gets its own CURRICULUM_HOME."""
    monkeypatch.setenv("CURRICULUM_HOME", str(tmp_path_factory.mktemp("default-home")))


@pytest.fixture
def now() -> datetime:
    """A fixed UTC time (Sunday 2026-11-22 12:00)."""
    return NOW


@contextmanager
def local_zone(zone: str) -> Iterator[None]:
    """Run with the process's local time zone set to `zone` (TZ), restored afterwards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", zone)
        time.tzset()
        try:
            yield
        finally:
            patch.undo()
            time.tzset()


@pytest.fixture
def utc_local_time() -> Iterator[None]:
    """Pin the local zone to UTC, so study days are UTC dates (from 04:00 by default).

    A test module opts in with `pytestmark = pytest.mark.usefixtures("utc_local_time")`.
    """
    with local_zone("UTC"):
        yield


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty data folder."""
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def db(home: Path) -> Iterator[Database]:
    """A home's database as a new user has it: migrated, bundled catalog applied."""
    database = open_home(home)
    yield database
    database.close()


@pytest.fixture
def bare_db(tmp_path: Path) -> Iterator[Database]:
    """A migrated database with no catalog applied (no feeds, no tracks)."""
    database = store.open_db(tmp_path / "bare.db")
    yield database
    database.close()


CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli(home: Path) -> CliRunner:
    """Run `curriculum ARGS...` as a real subprocess on the test's home; returns the result."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        environment = {**os.environ, "CURRICULUM_HOME": str(home), "TZ": "UTC", **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "tui.launcher", *args],
            capture_output=True,
            text=True,
            input=input,
            env=environment,
            cwd=ROOT,
            timeout=120,
        )

    return run
