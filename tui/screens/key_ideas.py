"""Key ideas: after a reading, write what was learned as recall cards in your own words."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from curriculum import cards
from curriculum.errors import CurriculumError
from curriculum.library import concepts
from curriculum.library.items import get_item
from curriculum.text import clean_line
from tui.safe import plain
from tui.widgets.footer import KeysFooter

PROMPTS = [
    ("key", "What is the key idea of “{title}”?"),
    ("problem", "What problem does “{title}” address?"),
    ("objection", "What is the strongest objection to “{title}”?"),
    ("connect", "How does “{title}” connect to …?"),
    ("cloze", "{{c1::…}}"),
]
PROMPT_LABELS = {
    "key": "What is the key idea?",
    "problem": "What problem does it address?",
    "objection": "What is the strongest objection?",
    "connect": "How does it connect to …?",
    "cloze": "Cloze: a sentence with {{c1::hidden words}} (one card per cloze)",
}


def short_title(title: str, limit: int = 60) -> str:
    """A reading's title, shortened to fit in a question."""
    return clean_line(title, limit)


class KeyIdeasScreen(Screen[int]):
    """Pick a prompt, write question and answer, tag concepts; `ctrl+s` saves and starts another."""

    CSS_PATH = "key_ideas.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save card, start another", priority=True),
        Binding("ctrl+n", "question", "Question", priority=True),
        Binding("escape", "finish", "Finish", priority=True),
    ]

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id
        self.saved = 0
        self._warned = False

    def compose(self) -> ComposeResult:
        item = get_item(self.app.db, self.item_id)  # type: ignore[attr-defined]
        self.item = item
        suggested = concepts.suggest(item.title, item.summary)
        yield Header()
        with VerticalScroll(id="ki-body"):
            yield Static(plain(item.title), id="ki-title")
            yield Label("Prompts that build models — enter picks one:", classes="ki-label")
            yield OptionList(
                *[Option(PROMPT_LABELS[key], id=key) for key, _ in PROMPTS],
                id="ki-prompts",
                markup=False,
            )
            with Vertical(id="ki-form"):
                yield Label("Question", classes="ki-label")
                yield TextArea(id="ki-front", soft_wrap=True)
                yield Label("Answer, in your own words", classes="ki-label")
                yield TextArea(id="ki-back", soft_wrap=True)
                yield Label("Concept tags (comma-separated; add your own)", classes="ki-label")
                yield Input(", ".join(suggested), id="ki-tags")
                yield Static(self._concept_hint(suggested), id="ki-concepts", markup=False)
            yield Static(id="ki-saved", markup=False)
        yield KeysFooter()

    def _concept_hint(self, suggested: list[str]) -> str:
        others = [c for c in concepts.all_concepts() if c not in suggested]
        lead = (
            f"Suggested from the title and summary: {', '.join(suggested)}. " if suggested else ""
        )
        return f"{lead}Other concepts: {', '.join(others)}."

    def on_mount(self) -> None:
        self.title = "Key ideas"
        self.query_one("#ki-prompts", OptionList).focus()
        self._show_saved()

    def _show_saved(self) -> None:
        written = cards.cards_where(self.app.db, "item_id = ?", [self.item_id])  # type: ignore[attr-defined]
        lines = [f"Cards for this reading: {len(written)}"]
        lines += [f"  · {clean_line(card.question(), 90)}" for card in written[-8:]]
        self.query_one("#ki-saved", Static).update("\n".join(lines))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        template = dict(PROMPTS)[event.option.id or "key"]
        front = self.query_one("#ki-front", TextArea)
        front.text = template.replace("{title}", short_title(self.item.title))
        if event.option.id in {"connect", "cloze"}:
            front.focus()
            front.move_cursor(front.document.end)
        else:
            self.query_one("#ki-back", TextArea).focus()

    def _fields(self) -> tuple[str, str, list[str]]:
        front = self.query_one("#ki-front", TextArea).text
        back = self.query_one("#ki-back", TextArea).text
        tags = self.query_one("#ki-tags", Input).value.split(",")
        return front, back, tags

    def action_save(self) -> None:
        """Save the card (one per cloze) and clear the form for the next one."""
        front, back, tags = self._fields()
        try:
            made = cards.add_cards(self.app.db, self.item_id, front, back, tags, self.app.now())  # type: ignore[attr-defined]
        except CurriculumError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.saved += len(made)
        self.query_one("#ki-front", TextArea).text = ""
        self.query_one("#ki-back", TextArea).text = ""
        self._warned = False
        self._show_saved()
        self.notify(
            f"Saved {len(made)} card{'s' if len(made) > 1 else ''}; write another or escape."
        )
        self.query_one("#ki-prompts", OptionList).focus()

    def action_question(self) -> None:
        """Jot a question about this reading; the card being written stays as it is."""
        from tui.dialogs.question_jot import jot_question

        jot_question(self.app, item_id=self.item_id)

    def action_finish(self) -> None:
        """Leave; unsaved text needs a second escape, so nothing is lost by accident."""
        front, back, _ = self._fields()
        if (front.strip() or back.strip()) and not self._warned:
            self._warned = True
            self.notify("This card is not saved: ctrl+s saves it, escape again discards it.")
            return
        if self.saved:
            self.notify(f"{self.saved} new card{'s' if self.saved > 1 else ''}: due in Review (r).")
        self.dismiss(self.saved)


def open_key_ideas(app: App[Any], item_id: int) -> None:
    """Open the key-ideas editor for a reading (from the Reader, Today or the Library)."""
    app.push_screen(KeyIdeasScreen(item_id))
