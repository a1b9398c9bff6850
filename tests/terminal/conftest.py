"""Fixtures for tests that drive the installed app in a real pseudo-terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.terminal.pty_app import Terminal

Launch = Callable[..., Terminal]


@pytest.fixture
def launch(home: Path) -> Iterator[Launch]:
    """Start `curriculum ARGS` in a pty (80×24 unless told); every run is killed at the end."""
    started: list[Terminal] = []

    def start(
        *args: str, columns: int = 80, lines: int = 24, env: dict[str, str] | None = None
    ) -> Terminal:
        terminal = Terminal(list(args), home, columns=columns, lines=lines, env=env)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.close()
