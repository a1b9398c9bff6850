"""Answer a question: the answer is kept, and can become a recall card."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Static, TextArea

from curriculum.progress import questions
from tui.dialogs.mentor import SaveDialog
from tui.text_fields import TextEditor


class QuestionAnswerDialog(SaveDialog):
    """`ctrl+s` keeps the answer (and the card, when ticked); `escape` cancels (the question
    stays open)."""

    BINDINGS = [Binding("ctrl+s", "save", "Save answer", priority=True)]
    HELP_ID = "answer-help"

    def __init__(self, question_id: int) -> None:
        super().__init__()
        self.question_id = question_id

    def compose(self) -> ComposeResult:
        question = questions.get_question(self.db, self.question_id)
        on = f"on “{question.item_title}”" if question.item_title else "not linked to a reading"
        with Vertical(classes="mentor-dialog"):
            yield Static(question.text, classes="mentor-title", markup=False)
            yield Static(on, classes="mentor-context", markup=False)
            yield TextEditor(id="answer-text", soft_wrap=True)
            yield Checkbox("Make it a recall card (the question on the front)", id="answer-card")
            yield Static(
                "ctrl+s keeps the answer · escape cancels",
                id="answer-help",
                classes="mentor-help",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#answer-text", TextArea).focus()

    def save(self) -> None:
        """Mark the question answered, with its answer (and card)."""
        text = self.query_one("#answer-text", TextArea).text
        card = self.query_one("#answer-card", Checkbox).value
        questions.answer_question(self.db, self.question_id, text, self.now(), make_card=card)
