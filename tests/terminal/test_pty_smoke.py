"""The harness itself: the installed app starts in a pty, answers keys and quits cleanly."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("columns", "lines"), [(80, 24), (120, 36)])
def test_the_app_opens_on_the_welcome_and_quits(launch, columns, lines):
    app = launch(columns=columns, lines=lines)
    app.wait_for(r"Welcome")
    screen = app.wait_for(r"Skip")  # the whole dialog drawn (a busy machine draws it in steps)
    assert len(screen.split("\n")) == lines
    app.press("escape")
    app.wait_for(r"Today")
    assert app.quit() == 0
