"""Dialogs of the Feeds screen: add (with discovery), edit, remove, import OPML."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from curriculum.errors import CurriculumError
from tui.dialogs.base import Dialog
from tui.safe import plain


def fetch_policy(app: Any) -> Any:
    """The app's fetch limits (tests shrink them), or None for the defaults."""
    return getattr(app, "fetch_policy", None)


def _words(text: str) -> list[str]:
    """Comma-separated words from an input."""
    return [part.strip() for part in text.split(",") if part.strip()]


class _Dialog(Dialog[Any]):
    """A small centred box with a title, a status line and escape to cancel."""

    CSS_PATH = "feed_dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def status(self, text: str, error: bool = False) -> None:
        """Show a line under the inputs (feed text shown literally)."""
        line = self.query_one(".dialog-status", Static)
        line.update(plain(text))
        line.set_class(error, "-error")

    def action_cancel(self) -> None:
        """Close without changes."""
        self.dismiss(None)


class AddFeedDialog(_Dialog):
    """Ask for a URL, find and fetch the feed; returns the AddResult or None."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Add a feed", classes="dialog-title")
            yield Input(placeholder="https://example.org or its feed URL", id="add-url")
            yield Static(
                "A site's address is fine: its feed is discovered. enter adds · escape cancels",
                classes="dialog-status",
                markup=False,
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            event.input.disabled = True
            self.status("Looking for the feed and fetching it…")
            self._add(event.value)

    @work(exclusive=True, exit_on_error=False)
    async def _add(self, url: str) -> None:
        from curriculum.feeds import subscribe

        app: Any = self.app
        try:
            result = await subscribe.add_feed_async(
                app.db, url, app.now(), policy=fetch_policy(app)
            )
        except CurriculumError as error:
            self.status(str(error), error=True)
            box = self.query_one("#add-url", Input)
            box.disabled = False
            box.focus()
            return
        self.dismiss(result)


class EditFeedDialog(_Dialog):
    """Edit name, tags, priority and filters; returns True when saved."""

    BINDINGS = [Binding("ctrl+s", "save", "Save")]

    def __init__(self, feed: Any) -> None:
        super().__init__()
        self.feed = feed

    def _field(self, label: str, value: str, field_id: str) -> ComposeResult:
        with Horizontal(classes="dialog-row"):
            yield Label(label, classes="dialog-label")
            yield Input(value=value, id=field_id, compact=True)

    def compose(self) -> ComposeResult:
        f = self.feed
        with Vertical(classes="dialog"):
            yield Static(plain(f"Edit {f.name}"), classes="dialog-title")
            yield from self._field("Name", f.name, "edit-name")
            yield from self._field("Tags", ", ".join(f.tags), "edit-tags")
            yield from self._field("Priority", str(f.priority), "edit-priority")
            yield from self._field("Include", ", ".join(f.include), "edit-include")
            yield from self._field("Exclude", ", ".join(f.exclude), "edit-exclude")
            if f.kind == "arxiv":
                yield from self._field("Announce", ", ".join(f.announce_types), "edit-announce")
            yield Static(
                "Lists are comma-separated; priority -3..3. ctrl+s or enter saves · escape cancels",
                classes="dialog-status",
                markup=False,
            )

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Validate and store the changes."""
        from curriculum.feeds import manage

        app: Any = self.app
        announce: Sequence[str] | None = None
        if self.feed.kind == "arxiv":
            announce = _words(self._value("edit-announce"))
        try:
            manage.edit_feed(
                app.db,
                self.feed.id,
                name=self._value("edit-name"),
                tags=_words(self._value("edit-tags")),
                priority=self._value("edit-priority").strip() or "0",
                include=_words(self._value("edit-include")),
                exclude=_words(self._value("edit-exclude")),
                announce_types=announce,
            )
        except CurriculumError as error:
            self.status(str(error), error=True)
            return
        self.dismiss(True)


class ConfirmRemoveDialog(_Dialog):
    """Ask before removing a feed; returns True to remove."""

    BINDINGS = [Binding("y", "confirm", "Remove"), Binding("n", "cancel", "Keep")]

    def __init__(self, feed: Any) -> None:
        super().__init__()
        self.feed = feed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(f"Remove {self.feed.name}?"), classes="dialog-title")
            yield Static(
                f"Its {self.feed.unread} unread readings go (unless another feed or a track has "
                "them); what you read, queued or made cards from stays.",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Remove (y)", id="remove-yes", variant="error")
                yield Button("Keep (n)", id="remove-no")
            yield Static("", classes="dialog-status", markup=False)

    def on_mount(self) -> None:
        self.query_one("#remove-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "remove-yes")

    def action_confirm(self) -> None:
        """Remove the feed."""
        self.dismiss(True)


class ImportOpmlDialog(_Dialog):
    """Ask for an OPML file path or URL and import it; returns the OpmlImport or None."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Import OPML", classes="dialog-title")
            yield Input(placeholder="~/feeds.opml or https://…/subscriptions.opml", id="opml-src")
            yield Static(
                "Folders become tags; nothing is fetched until you refresh (R). "
                "enter imports · escape cancels",
                classes="dialog-status",
                markup=False,
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            event.input.disabled = True
            self.status("Importing…")
            self._import(event.value.strip())

    @work(exclusive=True, exit_on_error=False)
    async def _import(self, source: str) -> None:
        from curriculum.feeds import opml

        app: Any = self.app
        try:
            data = await opml.read_source(source, fetch_policy(app))
            result = opml.import_opml(app.db, data, app.now())
        except CurriculumError as error:
            self.status(str(error), error=True)
            box = self.query_one("#opml-src", Input)
            box.disabled = False
            box.focus()
            return
        self.dismiss(result)
