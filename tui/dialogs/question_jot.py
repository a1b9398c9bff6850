"""Jot a question while reading, reviewing or writing key ideas: one line, enter saves.

Screens call `jot_question(app, …)` with the reading, card and highlight in view (the
Reader passes the highlight under its cursor; Key ideas the one it was opened from).
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from curriculum.errors import CurriculumError
from curriculum.library.items import get_item
from curriculum.progress import questions
from curriculum.text import clean_line
from tui.dialogs.mentor import MentorDialog
from tui.text_fields import TextInput


class QuestionJotDialog(MentorDialog[int | None]):
    """One line for a question; enter saves it (linked), escape cancels. Returns its id."""

    HELP_ID = "jot-help"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        item_id: int | None = None,
        card_id: int | None = None,
        highlight_id: int | None = None,
    ) -> None:
        super().__init__()
        self.item_id, self.card_id, self.highlight_id = item_id, card_id, highlight_id

    def _link_text(self) -> str:
        parts = []
        if self.item_id is not None:
            try:
                title = get_item(self.db, self.item_id).title
            except CurriculumError:
                title = f"reading {self.item_id}"
            parts.append(f"on “{clean_line(title, 60)}”")
        if self.card_id is not None:
            parts.append(f"card {self.card_id}")
        if self.highlight_id is not None:
            parts.append(f"highlight {self.highlight_id}")
        return " · ".join(parts) or "not linked to a reading"

    def compose(self) -> ComposeResult:
        with Vertical(classes="mentor-dialog"):
            title = "A question — what confused you, what you would ask"
            yield Static(title, classes="mentor-title", markup=False)
            yield Static(self._link_text(), classes="mentor-context", markup=False)
            yield TextInput(
                placeholder="Why does …?", id="jot-text", max_length=questions.MAX_QUESTION
            )
            help_text = "enter keeps it for your questions (w) · escape cancels"
            yield Static(help_text, id="jot-help", classes="mentor-help", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            saved = questions.add_question(
                self.db, event.value, self.now(), self.item_id, self.card_id, self.highlight_id
            )
        except CurriculumError as error:
            self.say(str(error), error=True)
            return
        self.dismiss(saved.id)

    def action_cancel(self) -> None:
        """Close without keeping anything."""
        self.dismiss(None)


def jot_question(
    app: App[Any],
    item_id: int | None = None,
    card_id: int | None = None,
    highlight_id: int | None = None,
) -> None:
    """Open the question dialog; a toast confirms what was kept."""

    def kept(question_id: int | None) -> None:
        if question_id is not None:
            app.notify(f"Question {question_id} kept: w lists your questions.", timeout=3)

    app.push_screen(QuestionJotDialog(item_id, card_id, highlight_id), kept)
