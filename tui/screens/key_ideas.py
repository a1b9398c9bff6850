"""Key ideas: write what was learned as recall cards in your own words, the reading beside you.

Each prompt is a stem to complete (never the reading's title, which would give the answer
away); its blank is selected, so typing replaces it. Opened from a highlight, the quote
stands above the reading's text and the cards keep a link to it. On saving, the prompt
coach may add one line of advice; it never blocks.
"""

from __future__ import annotations

from typing import Any

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Selection
from textual.worker import get_current_worker

from curriculum import cards
from curriculum.cards import cloze, coach
from curriculum.errors import CurriculumError
from curriculum.library import concepts, highlights, texts
from curriculum.library.document import Block, parse_blocks
from curriculum.library.items import ItemDetail, get_item
from curriculum.library.reader_text import Numbering, reader_pieces
from curriculum.text import clean_line
from tui.safe import block, plain
from tui.text_fields import TextEditor, TextInput
from tui.widgets.document_view import DocumentView
from tui.widgets.footer import KeysFooter

BLANK = "…"
# (id, label, question stem): one focused thing each; the blank is where you type.
PROMPTS = [
    ("why", "Why does …?  (a claim and its reason)", "Why does …?"),
    ("what", "What is …?  (a term, precisely)", "What is …?"),
    ("problem", "What problem does … address?", "What problem does … address?"),
    ("how", "How does … work?  (a mechanism)", "How does … work?"),
    ("objection", "Strongest objection to the claim that …?",
     "What is the strongest objection to the claim that …?"),
    ("example", "An example of …?", "What is an example of …?"),
    ("connect", "How does … relate to …?", "How does … relate to …?"),
    ("cloze", "Cloze: hide words with {{c1::…}} (ctrl+l)", "{{c1::…}}"),
]  # fmt: skip
WIDE = 110  # from this many columns the reading sits beside the editor


class KeyIdeasScreen(Screen[int]):
    """Pick a prompt, write question and answer, tag concepts; `ctrl+s` saves and starts another."""

    CSS_PATH = "key_ideas.tcss"
    TYPING_SCREEN = True  # every letter writes: the footer shows no global letter keys
    BINDINGS = [
        Binding("ctrl+s", "save", "Save card", priority=True),
        Binding("ctrl+n", "question", "Question", priority=True),
        Binding("escape", "finish", "Finish", priority=True),
        Binding("ctrl+l", "cloze", "Cloze", priority=True),
        Binding("ctrl+r", "reading", "Reading", priority=True),
    ]

    def __init__(self, item_id: int, highlight_id: int | None = None) -> None:
        super().__init__()
        self.item_id = item_id
        self.highlight_id = highlight_id
        self.saved = 0
        self._warned = False
        self._kind = "why"

    @property
    def db(self) -> Any:
        """The app's database."""
        return self.app.db  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        item = get_item(self.db, self.item_id)
        self.item = item
        self.highlight = self._highlight()
        suggested = concepts.suggest(item.title, item.summary)
        yield Header()
        with Vertical(id="ki-layout"):
            with Vertical(id="ki-source"):
                yield Label(self._source_label(), id="ki-source-label", markup=False)
                if self.highlight is not None:
                    yield Static(block(f"“{self.highlight.quote}”"), id="ki-quote")
                yield DocumentView(id="ki-reading", margin=1)
            with VerticalScroll(id="ki-body"):
                yield Static(plain(item.title), id="ki-title")
                yield Label("Prompts that build models — enter picks one:", classes="ki-label")
                yield OptionList(
                    *[Option(label, id=key) for key, label, _ in PROMPTS],
                    id="ki-prompts",
                    markup=False,
                )
                with Vertical(id="ki-form"):
                    yield Label("Question", id="ki-front-label", classes="ki-label")
                    yield TextEditor(id="ki-front", soft_wrap=True)
                    yield Label("Answer, in your own words", id="ki-back-label", classes="ki-label")
                    yield TextEditor(id="ki-back", soft_wrap=True)
                    yield Label("Concept tags (comma-separated; add your own)", classes="ki-label")
                    yield TextInput(", ".join(suggested), id="ki-tags")
                    yield Static(self._concept_hint(suggested), id="ki-concepts", markup=False)
                yield Static(id="ki-hint", markup=False)
                yield Static(id="ki-saved", markup=False)
        yield KeysFooter()

    def _highlight(self) -> highlights.Highlight | None:
        if self.highlight_id is None:
            return None
        try:
            return highlights.get(self.db, self.highlight_id)
        except CurriculumError:
            self.highlight_id = None
            return None

    def _source_label(self) -> str:
        lead = "Your highlight, then the reading" if self.highlight_id else "The reading"
        return f"{lead} — ctrl+r to scroll it, ctrl+r again to write"

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
        self._fit(self.app.size.width)
        self.load_reading(self.item, texts.stored(self.db, self.item_id))

    def on_resize(self) -> None:
        self._fit(self.app.size.width)

    def on_key(self, event: events.Key) -> None:
        """Typing is writing: a character typed while the prompts or the reading have the
        focus starts the question, never a global key (`t`, `x`, `q`… would leave the
        screen or change a reading mid-sentence)."""
        if not event.is_printable or event.character is None:
            return
        if isinstance(self.focused, TextArea | Input):
            return
        event.stop()
        event.prevent_default()
        front = self.query_one("#ki-front", TextArea)
        front.focus()
        front.insert(event.character)

    def _fit(self, width: int) -> None:
        """The reading beside the editor when there is room, above it otherwise."""
        self.query_one("#ki-layout").set_class(width >= WIDE, "-wide")

    # -- the reading, loaded off the UI thread ----------------------------------------------
    @work(thread=True, exclusive=True, group="ki-reading", exit_on_error=False)
    def load_reading(self, item: ItemDetail, kept: texts.ReadingText | None) -> None:
        """Parse the reading's text a piece at a time into the side panel."""
        worker = get_current_worker()
        text = texts.choose(item, kept)
        for piece in reader_pieces(item, text, Numbering(), openable=False):
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._add_reading, parse_blocks(piece))

    def _add_reading(self, blocks: list[Block]) -> None:
        view = self.query_one("#ki-reading", DocumentView)
        view.append(blocks)
        quote = self.highlight
        if quote is None or quote.start is None or quote.end is None or view.highlights:
            return
        if view.document.length >= quote.end:
            view.set_highlights([(quote.start, quote.end, quote.id)])
            view.scroll_to_offset(quote.start, center=False)

    # -- prompts -------------------------------------------------------------------------------
    def _show_saved(self) -> None:
        written = cards.cards_where(self.db, "item_id = ?", [self.item_id])
        lines = [f"Cards for this reading: {len(written)}"]
        lines += [f"  · {clean_line(card.question(), 90)}" for card in written[-8:]]
        self.query_one("#ki-saved", Static).update("\n".join(lines))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        kind = event.option.id or "why"
        template = {key: stem for key, _, stem in PROMPTS}[kind]
        if kind == "cloze" and self.highlight is not None:
            template = self.highlight.quote
        self._set_kind(kind)
        front = self.query_one("#ki-front", TextArea)
        front.text = template
        front.focus()
        place = template.find(BLANK)
        if place >= 0:
            front.selection = Selection((0, place), (0, place + len(BLANK)))
        else:
            front.move_cursor((0, 0))

    def _set_kind(self, kind: str) -> None:
        """Labels that fit the kind of card being written."""
        self._kind = kind
        is_cloze = kind == "cloze"
        self.query_one("#ki-front-label", Label).update(
            "Cloze text — select words and press ctrl+l to hide them" if is_cloze else "Question"
        )
        self.query_one("#ki-back-label", Label).update(
            "Extra shown after the answer (optional)" if is_cloze else "Answer, in your own words"
        )

    def action_cloze(self) -> None:
        """Hide the selected words of the question as the next cloze."""
        front = self.query_one("#ki-front", TextArea)
        chosen = front.selected_text
        if not chosen:
            self.notify("Select the words to hide first (shift+arrows), then ctrl+l.", timeout=3)
            return
        number = max(cloze.cloze_indices(front.text), default=0) + 1
        front.replace(f"{{{{c{number}::{chosen}}}}}", *front.selection)
        self._set_kind("cloze")
        front.focus()

    def action_reading(self) -> None:
        """Move between the reading (to scroll it) and the editor."""
        reading = self.query_one("#ki-reading", DocumentView)
        if reading.has_focus:
            self.query_one("#ki-front", TextArea).focus()
        else:
            reading.focus()

    def _fields(self) -> tuple[str, str, list[str]]:
        front = self.query_one("#ki-front", TextArea).text
        back = self.query_one("#ki-back", TextArea).text
        tags = self.query_one("#ki-tags", Input).value.split(",")
        return front, back, tags

    def action_save(self) -> None:
        """Save the card (one per cloze), show the coach's hint if any, start another."""
        front, back, tags = self._fields()
        try:
            made = cards.add_cards(
                self.db, self.item_id, front, back, tags, self.app.now(),  # type: ignore[attr-defined]
                highlight_id=self.highlight_id,
            )  # fmt: skip
        except CurriculumError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.saved += len(made)
        advice = coach.for_saved(self.db, self.item_id, front, back, [c.id for c in made])
        self.query_one("#ki-hint", Static).update(f"Hint: {advice.message}" if advice else "")
        self.query_one("#ki-front", TextArea).text = ""
        self.query_one("#ki-back", TextArea).text = ""
        self._warned = False
        self._show_saved()
        noun = "cards" if len(made) > 1 else "card"
        lead = f"Saved {len(made)} {noun}"
        self.notify(
            f"{lead}. Hint: {advice.message}" if advice else f"{lead}; write another or escape.",
            markup=False,
            timeout=6 if advice else 3,
        )
        self.query_one("#ki-prompts", OptionList).focus()

    def action_question(self) -> None:
        """Jot a question about this reading; the card being written stays as it is."""
        from tui.dialogs.question_jot import jot_question

        jot_question(self.app, item_id=self.item_id, highlight_id=self.highlight_id)

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


def open_key_ideas(app: App[Any], item_id: int, highlight_id: int | None = None) -> None:
    """Open the key-ideas editor for a reading (from the Reader, Today or the Library),
    optionally for a highlight of it."""
    app.push_screen(KeyIdeasScreen(item_id, highlight_id))
