"""Dialogs of the Feeds screen: add (with discovery), edit, remove, import OPML.

Each fits an 80×24 terminal with its buttons at its foot; toasts show at the top of a
dialog's screen (app.tcss), so they never cover the buttons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from curriculum.errors import CurriculumError
from curriculum.text import plural
from tui.dialogs.base import Dialog
from tui.safe import plain
from tui.text_fields import TextInput


def fetch_policy(app: Any) -> Any:
    """The app's fetch limits (tests shrink them), or None for the defaults."""
    return getattr(app, "fetch_policy", None)


def _words(text: str) -> list[str]:
    """Comma-separated words from an input."""
    return [part.strip() for part in text.split(",") if part.strip()]


class _Dialog(Dialog[Any]):
    """A small centred box with a title, labelled fields, a status line and buttons."""

    CSS_PATH = "feed_dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def status(self, text: str, error: bool = False) -> None:
        """Show a line under the inputs (feed text shown literally)."""
        line = self.query_one(".dialog-status", Static)
        line.update(plain(text))
        line.set_class(error, "-error")

    def field(self, label: str, value: str, field_id: str, placeholder: str = "") -> ComposeResult:
        """One labelled one-line input."""
        with Horizontal(classes="dialog-row"):
            yield Label(label, classes="dialog-label")
            yield TextInput(value=value, id=field_id, placeholder=placeholder, compact=True)

    def buttons(self, ok: str, ok_id: str, variant: str = "primary") -> ComposeResult:
        """The dialog's buttons, at its foot."""
        with Horizontal(classes="dialog-buttons"):
            yield Button(ok, id=ok_id, variant=variant, compact=True)  # type: ignore[arg-type]
            yield Button("Cancel (esc)", id="dialog-cancel", compact=True)

    def value(self, field_id: str) -> str:
        """What a field holds."""
        return self.query_one(f"#{field_id}", Input).value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "dialog-cancel":
            self.action_cancel()
        else:
            self.action_submit()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        """The dialog's main action."""

    def action_cancel(self) -> None:
        """Close without changes."""
        self.dismiss(None)


class AddFeedDialog(_Dialog):
    """Ask for a URL (and name, tags, priority), find and fetch the feed; returns the
    AddResult or None."""

    BINDINGS = [Binding("ctrl+s", "submit", "Add")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Add a feed", classes="dialog-title")
            yield from self.field("Address", "", "add-url", "https://example.org or its feed URL")
            yield from self.field("Name", "", "add-name", "the feed's own title")
            yield from self.field("Tags", "", "add-tags", "comma-separated")
            yield from self.field("Priority", "0", "add-priority", "-3 (least) to 3 (most)")
            yield Static(
                "A site's address is fine: its feed is discovered. enter or ctrl+s adds.",
                classes="dialog-status",
                markup=False,
            )
            yield from self.buttons("Add (ctrl+s)", "add-ok")

    def action_submit(self) -> None:
        """Check the fields, then find and fetch the feed."""
        from curriculum.feeds import manage

        if not self.value("add-url").strip():
            self.status("Type the address of a site or a feed.", error=True)
            self.query_one("#add-url", Input).focus()
            return
        try:
            options = manage.FeedOptions(
                name=self.value("add-name").strip() or None,
                tags=_words(self.value("add-tags")),
                priority=manage.check_priority(self.value("add-priority").strip() or "0"),
            )
        except CurriculumError as error:
            self.status(str(error), error=True)
            return
        self._busy(True)
        self.status("Looking for the feed and fetching it…")
        self._add(self.value("add-url"), options)

    def _busy(self, busy: bool) -> None:
        for widget in self.query(Input):
            widget.disabled = busy
        self.query_one("#add-ok", Button).disabled = busy

    @work(exclusive=True, exit_on_error=False)
    async def _add(self, url: str, options: Any) -> None:
        from curriculum.feeds import subscribe

        app: Any = self.app
        try:
            result = await subscribe.add_feed_async(
                app.db, url, app.now(), options, policy=fetch_policy(app)
            )
        except CurriculumError as error:
            self.status(str(error), error=True)
            self._busy(False)
            self.query_one("#add-url", Input).focus()
            return
        self.dismiss(result)


class EditFeedDialog(_Dialog):
    """Edit name, tags, priority, filters, announce types and poll interval; returns True
    when saved."""

    BINDINGS = [Binding("ctrl+s", "submit", "Save")]

    def __init__(self, feed: Any) -> None:
        super().__init__()
        self.feed = feed

    def compose(self) -> ComposeResult:
        f = self.feed
        with Vertical(classes="dialog"):
            yield Static(plain(f"Edit {f.name}"), classes="dialog-title")
            yield from self.field("Name", f.name, "edit-name")
            yield from self.field("Tags", ", ".join(f.tags), "edit-tags", "comma-separated")
            yield from self.field("Priority", str(f.priority), "edit-priority", "-3 to 3")
            yield from self.field(
                "Include", ", ".join(f.include), "edit-include", "only readings with these words"
            )
            yield from self.field(
                "Exclude", ", ".join(f.exclude), "edit-exclude", "no readings with these words"
            )
            yield from self.field(
                "Announce",
                ", ".join(f.announce_types),
                "edit-announce",
                "arXiv only: new, cross, replace, replace-cross",
            )
            poll = str(f.poll_minutes or "")
            yield from self.field(
                "Poll (min)", poll, "edit-poll", "minutes; blank: fetch.interval_minutes"
            )
            yield Static(
                "Lists are comma-separated. enter or ctrl+s saves.",
                classes="dialog-status",
                markup=False,
            )
            yield from self.buttons("Save (ctrl+s)", "edit-ok")

    def action_submit(self) -> None:
        """Validate and store the changes."""
        from curriculum.feeds import manage

        app: Any = self.app
        announce: Sequence[str] = _words(self.value("edit-announce").lower())
        try:
            manage.edit_feed(
                app.db,
                self.feed.id,
                name=self.value("edit-name"),
                tags=_words(self.value("edit-tags")),
                priority=self.value("edit-priority").strip() or "0",
                include=_words(self.value("edit-include")),
                exclude=_words(self.value("edit-exclude")),
                announce_types=announce,
                poll_minutes=manage.check_poll(self.value("edit-poll")),
            )
        except CurriculumError as error:
            self.status(str(error), error=True)
            return
        self.dismiss(True)


class ConfirmRemoveDialog(_Dialog):
    """Ask before removing one feed or several; returns True to remove."""

    BINDINGS = [Binding("y", "submit", "Remove"), Binding("n", "cancel", "Keep")]

    def __init__(self, feeds: Sequence[Any]) -> None:
        super().__init__()
        self.feeds = list(feeds)

    def compose(self) -> ComposeResult:
        feeds = self.feeds
        unread = sum(f.unread for f in feeds)
        title = f"Remove {feeds[0].name}?" if len(feeds) == 1 else f"Remove {len(feeds)} feeds?"
        with Vertical(classes="dialog"):
            yield Static(plain(title), classes="dialog-title")
            if len(feeds) > 1:
                names = ", ".join(f.name for f in feeds[:5])
                more = f", and {len(feeds) - 5} more" if len(feeds) > 5 else ""
                yield Static(plain(names + more), classes="dialog-names")
            yield Static(
                f"{'Its' if len(feeds) == 1 else 'Their'} {plural(unread, 'unread reading')} "
                "go (unless another feed or a track has them); what you read, queued or made "
                "cards from stays.",
                markup=False,
            )
            yield Static("", classes="dialog-status", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Remove (y)", id="remove-yes", variant="error", compact=True)
                yield Button("Keep (n)", id="remove-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#remove-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "remove-yes")

    def action_submit(self) -> None:
        """Remove the feeds."""
        self.dismiss(True)


class ImportOpmlDialog(_Dialog):
    """Ask for an OPML file path or URL and import it; returns the OpmlImport or None."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Import OPML", classes="dialog-title")
            yield TextInput(
                placeholder="~/feeds.opml or https://…/subscriptions.opml", id="opml-src"
            )
            yield Static(
                "Folders become tags; nothing is fetched until you refresh (R). "
                "enter imports · escape cancels",
                classes="dialog-status",
                markup=False,
            )

    def action_submit(self) -> None:
        """Import the file or URL typed."""
        box = self.query_one("#opml-src", Input)
        if box.value.strip():
            box.disabled = True
            self.status("Importing…")
            self._import(box.value.strip())

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
