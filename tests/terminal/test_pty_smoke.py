"""The harness itself: the installed app starts in a pty, answers keys and quits cleanly."""

from __future__ import annotations

import pytest

from tests.terminal.pty_app import SIZES


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_the_app_opens_on_the_welcome_and_quits(launch, columns, lines):
    app = launch(columns=columns, lines=lines)
    app.wait_for(r"Welcome")
    screen = app.wait_for(r"Skip")  # a frame may arrive in more than one read
    assert len(screen.split("\n")) == lines and "Welcome" in screen
    app.press("escape")
    app.wait_gone(r"Welcome")  # the header says Today under the dialog already
    app.wait_for(r"Today")
    assert app.quit() == 0
