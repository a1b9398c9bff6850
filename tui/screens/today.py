"""Today: the readings picked for today against the daily target."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from curriculum import queue
from tui.safe import plain


class TodayScreen(Screen[None]):
    """The day's queue; `enter` opens a reading in the Reader."""

    BINDINGS = [Binding("enter", "open", "Open", show=True)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="today-summary", markup=False)
        yield OptionList(id="today-list")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Today"
        self.refresh_queue()

    def on_screen_resume(self) -> None:
        self.refresh_queue()

    def refresh_queue(self) -> None:
        """Reload the queue from the store."""
        app = self.app
        data = queue.today(app.db, app.now())  # type: ignore[attr-defined]
        target = data["target"]
        items = data["items"]
        assert isinstance(target, dict) and isinstance(items, list)
        summary = self.query_one("#today-summary", Static)
        summary.update(
            f"{data['date']} · target {target['items']} readings / {target['minutes']} min"
        )
        options = self.query_one("#today-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for item in items:
            line = Content.assemble(
                plain(item["title"]),
                Content.styled(f"  {item['source']} · {item['minutes']} min", "dim")
                if item["source"]
                else Content.styled(f"  {item['minutes']} min", "dim"),
            )
            options.add_option(Option(line, id=str(item["id"])))
        if not items:
            options.add_option(
                Option("Nothing queued — press f to add a feed.", id="empty", disabled=True)
            )
        if items:
            options.highlighted = min(highlighted or 0, len(items) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def action_open(self) -> None:
        options = self.query_one("#today-list", OptionList)
        if options.highlighted is not None:
            self._open(options.get_option_at_index(options.highlighted).id)

    def _open(self, option_id: str | None) -> None:
        if option_id and option_id.isdigit():
            from tui.screens.reader import ReaderScreen

            self.app.push_screen(ReaderScreen(int(option_id)))
