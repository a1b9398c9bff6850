"""Two lists over a reading: its outline (sections to jump to) and its highlights."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from curriculum.library.highlights import Highlight
from curriculum.text import clean_line
from tui.dialogs.base import Dialog


class OutlineScreen(Dialog[int | None]):
    """The reading's headings, indented by level; returns the chosen block's index."""

    CSS_PATH = "reading_lists.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, headings: list[tuple[int, int, str]], current: int | None = None) -> None:
        super().__init__()
        self.headings = headings
        self.current = current

    def compose(self) -> ComposeResult:
        top = min((level for _, level, _ in self.headings), default=1)
        options = [
            Option(Content("  " * (level - top) + clean_line(title, 200)), id=str(index))
            for index, level, title in self.headings
        ]
        with Vertical(classes="list-box"):
            yield Static("Outline — enter jumps to a section · escape closes", markup=False)
            yield OptionList(*options, id="outline-list")

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.focus()
        if self.current is not None:
            listing.highlighted = self.current

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)


class HighlightsScreen(Dialog[tuple[str, int] | None]):
    """A reading's highlights: enter jumps to one, c writes a card from it, delete removes."""

    CSS_PATH = "reading_lists.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("c", "choose('card')", "Card from it"),
        Binding("delete", "choose('remove')", "Remove"),
    ]

    def __init__(self, found: list[Highlight]) -> None:
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        options = [Option(self._line(h), id=str(h.id)) for h in self.found]
        with Vertical(classes="list-box"):
            yield Static(
                "Highlights — enter jumps · c card · delete removes · escape closes", markup=False
            )
            yield OptionList(*options, id="highlights-list")

    @staticmethod
    def _line(highlight: Highlight) -> Content:
        cards = len(highlight.card_ids)
        note = f"  {cards} card{'s' if cards != 1 else ''}" if cards else ""
        lost = "" if highlight.found else "  (not in the current text)"
        quote = Content(f"“{clean_line(highlight.quote, 300)}”")
        return Content.assemble(quote, Content.styled(note + lost, "dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("jump", int(event.option.id or 0)))

    def action_choose(self, what: str) -> None:
        """Act on the highlighted entry."""
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return
        option = listing.get_option_at_index(listing.highlighted)
        self.dismiss((what, int(option.id or 0)))

    def action_cancel(self) -> None:
        """Close."""
        self.dismiss(None)
