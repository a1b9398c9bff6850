"""Editing a cloze note from Review in the installed app, in a real terminal: the edit adds a
card for a new cloze; removing that cloze asks first, then deletes only its card."""

from __future__ import annotations

import json

import pytest

from tests.terminal.pty_app import SIZES

TEXT = "{{c1::Goodhart}} says a {{c2::target}} stops measuring."


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_edit_a_cloze_note_in_review(cli, launch, columns, lines):
    assert cli("card", "add", "--item", "1", "--front", TEXT).returncode == 0
    app = launch("review", columns=columns, lines=lines)
    screen = app.wait_until(lambda s: "Welcome" in s or "says a" in s)
    if "Welcome" in screen:
        app.press("escape")
        app.press("r")
    app.wait_for(r"\[…\] says a target")
    app.press("e")
    app.wait_for(r"Edit note \(its 2 cards change together\)")
    app.press("end")
    app.type(" {{c3::Always.}}")
    app.press("ctrl+s")
    app.wait_for(r"card 3 added")  # the toast: "Saved: 2 cards updated, card 3 added …"
    app.wait_for(r"New 3 · Learning 0")
    app.press("e")
    app.wait_for(r"its 3 cards change together")
    app.press("end", *["backspace"] * len(" {{c3::Always.}}"))
    app.press("ctrl+s")
    screen = app.wait_for(r"card 3 \(cloze 3, 0")  # the question, once drawn whole
    assert "Delete cards?" in screen
    app.press("y")
    app.wait_for(r"1 deleted")
    app.wait_for(r"New 2 · Learning 0")
    assert app.quit() == 0
    listed = json.loads(cli("cards", "--json").stdout)
    assert [(c["id"], c["front"]) for c in listed] == [(1, TEXT), (2, TEXT)]
