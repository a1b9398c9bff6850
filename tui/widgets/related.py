"""The Reader's "related in your library": the readings most like the open one.

Found with the full-text index (`curriculum.library.related`) after the Reader is drawn, so
opening a reading never waits for it. `enter` on one opens it in another Reader.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from curriculum.library.related import Related, related
from tui.safe import plain

SHOWN = 5
MARKS = {"read": "✓ ", "queued": "○ ", "snoozed": "z "}


def related_line(found: Related) -> Content:
    """One related reading: status mark, title, then its source and the words shared."""
    detail = " · ".join(p for p in (found.source, ", ".join(found.shared)) if p)
    return Content.assemble(
        MARKS.get(found.status, "  "), plain(found.title, 200), Content.styled(f"  {detail}", "dim")
    )


class RelatedReadings(Vertical):
    """A heading and a short list; posts `Chosen` when one is picked."""

    DEFAULT_CSS = """
    RelatedReadings { height: auto; margin-top: 1; }
    RelatedReadings > .related--title { text-style: bold; color: $text-muted; }
    RelatedReadings > OptionList { height: auto; max-height: 7; border: none; padding: 0; }
    """

    class Chosen(Message):
        """A related reading was picked."""

        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    def __init__(self, item_id: int, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        yield Static("Related in your library", classes="related--title")
        yield OptionList(id="related-list")

    def on_mount(self) -> None:
        self.display = False
        self.call_after_refresh(self.load)

    def load(self) -> None:
        """Find the related readings and show them (hidden when there are none)."""
        found = related(self.app.db, self.item_id, SHOWN)  # type: ignore[attr-defined]
        options = self.query_one(OptionList)
        options.clear_options()
        for item in found:
            options.add_option(Option(related_line(item), id=str(item.id)))
        self.display = bool(found)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.isdigit():
            self.post_message(self.Chosen(int(event.option.id)))
