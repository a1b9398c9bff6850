"""Pasting text that carries control characters, in a real terminal: the app's fields show
and keep it as plain characters, and the terminal never obeys them (before, a pasted
`CSI 2J` cleared the screen and `CSI 31m` turned text red)."""

from __future__ import annotations

import pytest

from curriculum.library.home import open_home
from curriculum.progress import meetings
from tests.terminal.pty_app import SIZES

# What a terminal passes on inside a paste: C1 controls (CSI as the one byte U+009B, which
# a terminal obeys like ESC [), BEL, bidi overrides and zero-width characters. (Textual's own
# input parser turns a pasted ESC into a typed `^`, so ESC itself never reaches a field
# from a real terminal; the Pilot tests paste it directly.)
HOSTILE = "\x9b31mred\x9b0m \x07bell\u202e \x9b2Jend\u200b"
SHOWN = "31mred0m bell 2Jend"


def bracketed_paste(app, text: str) -> None:
    """What a terminal sends when text is pasted while the app asks for bracketed paste."""
    app.child.send("\x1b[200~" + text + "\x1b[201~")


def no_red(app) -> None:
    """No character on the screen is drawn in red (what ESC[31m would have done)."""
    for row in app.screen.buffer.values():
        assert all(cell.fg != "red" for cell in row.values()), app.text()


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_pasted_controls_in_the_library_search_are_plain_text(launch, columns, lines):
    app = launch(columns=columns, lines=lines)
    app.past_welcome()
    app.press("l")
    app.wait_for(r"search titles")
    app.press("/")
    app.settle()
    bracketed_paste(app, HOSTILE)
    app.wait_for(r"31mred0m bell 2Jend")
    assert "Library" in app.row(0) and "palette" in app.row(-1), "the screen is intact"
    no_red(app)
    app.press("escape")
    app.settle()
    assert app.quit() == 0


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_pasted_controls_in_the_brief_paragraph_are_kept_as_text(launch, home, columns, lines):
    app = launch(columns=columns, lines=lines)
    app.past_welcome()
    app.press("b")
    app.wait_for(r"What changed in my model|One ask")
    app.press("tab", "tab", "tab")  # the ask, the advice, the paragraph
    app.settle()
    bracketed_paste(app, "Scale " + HOSTILE)
    app.wait_for(r"Scale 31mred0m bell 2Jend")
    app.wait_for(r"4 / 120 words")
    no_red(app)
    app.press("escape")  # leave the field: the paragraph is kept
    app.settle()
    assert app.quit() == 0
    db = open_home(home)
    try:
        assert meetings.draft(db).model == "Scale " + SHOWN
    finally:
        db.close()
