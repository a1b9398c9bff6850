"""Edit a card's note — the question, answer and tags every card of it shares; schedules stay.

A cloze text is one note with a card per cloze number: saving updates every sibling, a new
cloze number adds a card, and a removed one asks before its card (and history) is deleted.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, TextArea

from curriculum import cards
from curriculum.errors import CurriculumError
from tui.dialogs.base import Dialog
from tui.dialogs.confirm import ConfirmDialog
from tui.text_fields import TextEditor, TextInput


def describe(edit: cards.NoteEdit) -> str:
    """A short notice of what a save did."""
    parts = [f"{len(edit.updated)} card{'s' if len(edit.updated) != 1 else ''} updated"]
    parts += [f"card {c.id} added for cloze {c.cloze_index}" for c in edit.added]
    if edit.deleted:
        parts.append(f"{len(edit.deleted)} deleted")
    return "Saved: " + ", ".join(parts) + "; schedules kept."


class CardEditScreen(Dialog[bool]):
    """`ctrl+s` saves, `escape` cancels; dismisses with whether the note changed."""

    CSS_PATH = "card_edit.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, card_id: int) -> None:
        super().__init__()
        self.card_id = card_id

    def compose(self) -> ComposeResult:
        db = self.app.db  # type: ignore[attr-defined]
        note = cards.note_of(db, self.card_id)
        count = len(cards.siblings(db, note.id))
        shared = f" (its {count} cards change together)" if count > 1 else ""
        with Vertical(id="card-edit"):
            yield Label(
                f"Edit note{shared} — ctrl+s saves, escape cancels",
                id="card-edit-title",
                markup=False,
            )
            yield Label("Question (cloze: {{c1::…}})", markup=False)
            yield TextEditor(note.front, id="card-edit-front", soft_wrap=True)
            yield Label("Answer")
            yield TextEditor(note.back, id="card-edit-back", soft_wrap=True)
            yield Label("Concept tags, comma-separated")
            yield TextInput(", ".join(note.tags), id="card-edit-tags")

    def _fields(self) -> tuple[str, str, list[str]]:
        front = self.query_one("#card-edit-front", TextArea).text
        back = self.query_one("#card-edit-back", TextArea).text
        return front, back, self.query_one("#card-edit-tags", Input).value.split(",")

    def action_save(self, delete_removed: bool = False) -> None:
        """Save the note; each card keeps its schedule and history."""
        front, back, tags = self._fields()
        db, now = self.app.db, self.app.now()  # type: ignore[attr-defined]
        try:
            edit = cards.edit_card(db, self.card_id, front, back, tags, now, delete_removed)
        except cards.RemovesCards as removal:
            self.app.push_screen(
                ConfirmDialog("Delete cards?", removal.message, "Delete"), self._confirmed
            )
            return
        except CurriculumError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(describe(edit), markup=False)
        self.dismiss(True)

    def _confirmed(self, yes: bool | None) -> None:
        if yes:  # saved once the question has closed, so this screen is on top again
            self.call_after_refresh(self.action_save, True)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(False)
