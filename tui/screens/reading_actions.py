"""What Today and the Library share: the reading actions, their keys, and error toasts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.screen import Screen

from curriculum.errors import CurriculumError
from curriculum.queue import actions, daily
from tui import guard

if TYPE_CHECKING:
    from datetime import date

    from curriculum.store import Database


class ReadingScreen(Screen[None]):
    """A screen listing readings; subclasses say which is selected and how to reload."""

    BINDINGS = [
        Binding("d", "done", "Done"),
        Binding("x", "skip", "Skip"),
        Binding("z", "snooze", "Snooze"),
        Binding("plus", "more", "One more"),
        Binding("slash", "search", "Search"),
        Binding("k", "key_ideas", "Key ideas"),
        Binding("u", "undo", "Undo"),
        Binding("i", "inbox", "Back to inbox", show=False),
        Binding("right_square_bracket", "priority(1)", "Priority up", show=False),
        Binding("left_square_bracket", "priority(-1)", "Priority down", show=False),
    ]

    @property
    def db(self) -> Database:
        """The app's database."""
        return self.app.db  # type: ignore[attr-defined,no-any-return]

    def selected_id(self) -> int | None:
        """The reading under the cursor."""
        raise NotImplementedError

    def reload(self) -> None:
        """Show the store's current state."""
        raise NotImplementedError

    def open_reading(self, item_id: int) -> None:
        """Open a reading in the Reader."""
        from tui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen(item_id))

    def run_core(
        self, call: Callable[[], actions.Done], then: Callable[[], None] | None = None
    ) -> None:
        """Run one core action; toast its sentence or its error, then reload (and call
        `then`). When another process holds the write lock, the action waits (with a message)
        and runs after."""

        def act() -> None:
            try:
                result = call()
            except CurriculumError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.notify(result.message, markup=False)
            self.reload()
            if then is not None:
                then()

        guard.patient_write(self.app, self.db, act)

    def _with_selected(self, make: Callable[[int], Callable[[], actions.Done]]) -> None:
        item_id = self.selected_id()
        if item_id is None:
            self.notify("Select a reading first.", severity="warning")
            return
        self.run_core(make(item_id))

    def now(self) -> Any:
        """The app's clock."""
        return self.app.now()  # type: ignore[attr-defined]

    def action_open(self) -> None:
        """Open the selected reading."""
        item_id = self.selected_id()
        if item_id is not None:
            self.open_reading(item_id)

    def action_done(self) -> None:
        """Mark the selected reading read."""
        self._with_selected(lambda i: lambda: actions.done(self.db, i, self.now()))

    def action_skip(self) -> None:
        """Skip the selected reading."""
        self._with_selected(lambda i: lambda: actions.skip(self.db, i, self.now()))

    def action_inbox(self) -> None:
        """Put the selected reading back in the inbox."""
        self._with_selected(lambda i: lambda: actions.to_inbox(self.db, i, self.now()))

    def action_priority(self, delta: int) -> None:
        """Raise or lower the selected reading's priority."""
        self._with_selected(lambda i: lambda: actions.bump(self.db, i, delta, self.now()))

    def action_more(self) -> None:
        """Pull one more reading into today's queue."""
        self.run_core(lambda: actions.more(self.db, self.now()), then=self.today_grew)

    def today_grew(self) -> None:
        """A reading joined today's queue: the app fetches its whole text in the background."""
        prefetch = getattr(self.app, "start_prefetch", None)
        if callable(prefetch):
            prefetch()

    def action_undo(self) -> None:
        """Undo the last reading action."""
        self.run_core(lambda: actions.undo(self.db))

    def action_key_ideas(self) -> None:
        """Write key ideas for the selected reading."""
        item_id = self.selected_id()
        if item_id is not None:
            from tui.screens.key_ideas import open_key_ideas  # a TextArea: loaded when needed

            open_key_ideas(self.app, item_id)

    def action_snooze(self) -> None:
        """Ask until when, then snooze the selected reading."""
        item_id = self.selected_id()
        if item_id is None:
            self.notify("Select a reading first.", severity="warning")
            return
        from tui.dialogs.snooze import SnoozeScreen

        today = daily.current_day(self.db, self.now())

        def chosen(until: date | None) -> None:
            if until is not None:
                self.run_core(lambda: actions.snooze(self.db, item_id, until, self.now()))

        self.app.push_screen(SnoozeScreen(today), chosen)
