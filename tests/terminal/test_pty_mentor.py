"""The mentor loop in a real terminal: a question jotted from the Reader, and the brief's
paragraph written with its live word count, which turns amber above 120 words."""

from __future__ import annotations

import re

import pytest

from curriculum.library.home import open_home
from curriculum.progress import meetings, questions
from tests.terminal.pty_app import SIZES


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_a_question_jotted_in_the_reader(launch, home, columns, lines):
    app = launch(columns=columns, lines=lines)
    app.past_welcome()
    app.press("enter")
    app.wait_for(r"Reader")
    app.press("ctrl+n")
    app.wait_for(r"A question — what confused you")
    app.wait_for(r"on “Four Background Claims”")  # the dialog may be drawn in more than one go
    app.type("Are the four claims independent?")
    app.wait_for(r"Are the four claims independent\?")
    app.press("enter")
    app.wait_for(r"Question 1 kept")
    assert "Reader" in app.row(0), "back in the Reader"
    app.press("escape")
    app.wait_for(r"Today")
    assert app.quit() == 0
    db = open_home(home)
    try:
        (question,) = questions.list_questions(db)
        assert (question.text, question.item_title) == (
            "Are the four claims independent?",
            "Four Background Claims",
        )
    finally:
        db.close()


def count_row(app) -> tuple[int, str]:
    """The row of the word count, and its text."""
    for number in range(app.lines):
        if re.search(r"\d+ / 120 words", app.row(number)):
            return number, app.row(number)
    raise AssertionError(f"no word count on the screen:\n{app.text()}")


def amber(colour: str) -> bool:
    """A warm orange-yellow: much red, some green, little blue."""
    if not re.fullmatch(r"[0-9a-fA-F]{6}", colour):
        return False
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return red > 180 and 90 < green < 220 and blue < 120


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_the_brief_paragraph_with_its_live_word_count(launch, home, columns, lines):
    app = launch(columns=columns, lines=lines)
    app.past_welcome()
    app.press("b")
    app.wait_for(r"What changed in my model|One ask")
    app.press("tab", "tab", "tab")  # the ask, the advice, the paragraph
    app.type("Scale is not the whole story.")
    app.wait_for(r"6 / 120 words")
    row, text = count_row(app)
    first = app.screen.buffer[row][text.index("6")]
    assert not amber(first.fg) and not first.bold
    app.type(" word" * 115)
    app.wait_for(r"121 / 120 words — over the aim")
    row, text = count_row(app)
    over = app.screen.buffer[row][text.index("121")]
    assert amber(over.fg) and over.bold, over
    app.press("escape")  # leave the field: the paragraph is kept
    app.settle()
    assert app.quit() == 0
    db = open_home(home)
    try:
        kept = meetings.draft(db)
        assert kept.model.startswith("Scale is not the whole story. word")
        assert meetings.word_count(kept.model) == 121
    finally:
        db.close()
