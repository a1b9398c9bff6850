"""Answer a question: the answer is kept, and can become a recall card."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Static, TextArea

from curriculum.errors import CurriculumError
from curriculum.progress import questions
from tui.text_fields import TextEditor


class QuestionAnswerDialog(ModalScreen[bool]):
    """`ctrl+s` keeps the answer (and the card, when ticked); `escape` cancels."""

    CSS_PATH = "mentor.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save answer", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, question_id: int) -> None:
        super().__init__()
        self.question_id = question_id

    def compose(self) -> ComposeResult:
        question = questions.get_question(self.app.db, self.question_id)  # type: ignore[attr-defined]
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

    def action_save(self) -> None:
        """Mark the question answered, with its answer (and card)."""
        text = self.query_one("#answer-text", TextArea).text
        card = self.query_one("#answer-card", Checkbox).value
        app = self.app
        try:
            questions.answer_question(app.db, self.question_id, text, app.now(), make_card=card)  # type: ignore[attr-defined]
        except CurriculumError as error:
            help_line = self.query_one("#answer-help", Static)
            help_line.update(str(error))
            help_line.add_class("-error")
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close; the question stays open."""
        self.dismiss(False)
