"""Edit a card's question, answer and tags in a dialog; the schedule is kept."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, TextArea

from curriculum import cards
from curriculum.errors import CurriculumError
from tui.dialogs.base import Dialog


class CardEditScreen(Dialog[bool]):
    """`ctrl+s` saves, `escape` cancels; dismisses with whether the card changed."""

    CSS_PATH = "card_edit.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, card_id: int) -> None:
        super().__init__()
        self.card_id = card_id

    def compose(self) -> ComposeResult:
        card = cards.get_card(self.app.db, self.card_id)  # type: ignore[attr-defined]
        with Vertical(id="card-edit"):
            yield Label("Edit card — ctrl+s saves, escape cancels", id="card-edit-title")
            yield Label("Question (cloze: {{c1::…}})", markup=False)
            yield TextArea(card.front, id="card-edit-front", soft_wrap=True)
            yield Label("Answer")
            yield TextArea(card.back, id="card-edit-back", soft_wrap=True)
            yield Label("Concept tags, comma-separated")
            yield Input(", ".join(card.tags), id="card-edit-tags")

    def action_save(self) -> None:
        """Save the text; the card keeps its schedule and history."""
        front = self.query_one("#card-edit-front", TextArea).text
        back = self.query_one("#card-edit-back", TextArea).text
        tags = self.query_one("#card-edit-tags", Input).value.split(",")
        try:
            cards.edit_card(self.app.db, self.card_id, front, back, tags, self.app.now())  # type: ignore[attr-defined]
        except CurriculumError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(False)
