"""Settings: every setting with its meaning; enter edits one, enter again validates and saves.

The screen opens with the list focused (not a field), so the app's keys work there: `up` and
`down` move between settings, `enter` edits the one marked (or toggles a switch). In a field,
`enter` saves and gives the keys back to the list; `escape`, or leaving the field any other
way, puts the saved value back.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import DescendantBlur, DescendantFocus
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Label, Static, Switch

from curriculum.errors import ConfigError
from curriculum.store import settings
from tui.text_fields import TextInput
from tui.widgets.footer import KeysFooter

KEYS = list(settings.SETTINGS)


def _field_id(key: str) -> str:
    return "setting-" + key.replace(".", "-")


class SettingsList(VerticalScroll, can_focus=True):
    """The settings, one row each; up and down mark one, enter edits it."""

    BINDINGS = [
        Binding("up", "screen.move(-1)", "Previous", show=False),
        Binding("down", "screen.move(1)", "Next", show=False),
        Binding("enter", "screen.edit", "Edit"),
    ]


class SettingsScreen(Screen[None]):
    """The settings `curriculum config` shows, editable in place."""

    CSS_PATH = "settings.tcss"
    AUTO_FOCUS = "#settings-list"
    BINDINGS = [
        Binding("up", "move(-1)", "Previous setting", show=False),
        Binding("down", "move(1)", "Next setting", show=False),
        Binding("escape", "leave_field", "Cancel edit"),  # in a field; elsewhere the app's Back
    ]

    current = 0  # the marked setting's index in KEYS

    @property
    def db(self) -> Any:
        """The app's database."""
        return self.app.db  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        values = settings.get_all(self.db)
        yield Header()
        with SettingsList(id="settings-list"):
            yield Static(
                "up/down choose · enter edits, enter again saves · escape cancels the edit."
                " A bad value is refused and nothing changes.",
                classes="settings-hint",
                markup=False,
            )
            for key, setting in settings.SETTINGS.items():
                with Horizontal(classes="setting-row"):
                    yield Label(key, classes="setting-key", markup=False)
                    if isinstance(setting.default, bool):
                        yield Switch(value=bool(values[key]), id=_field_id(key))
                    else:
                        yield TextInput(
                            settings.format_value(values[key]),
                            id=_field_id(key),
                            classes="setting-value",
                        )
                    yield Label(setting.help, classes="setting-help", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Settings"
        self._mark(0)
        self.query_one(SettingsList).focus()

    # moving between settings ---------------------------------------------------------------

    def _field(self, index: int) -> Widget:
        return self.query_one(f"#{_field_id(KEYS[index])}")

    def _mark(self, index: int) -> None:
        """Mark one setting's row (the list's cursor) and keep it in view."""
        self.current = max(0, min(index, len(KEYS) - 1))
        for row_index, row in enumerate(self.query(".setting-row")):
            row.set_class(row_index == self.current, "-current")
        self._field(self.current).parent.scroll_visible(animate=False)  # type: ignore[union-attr]

    def action_move(self, step: int) -> None:
        """Mark the previous or next setting; from a field, move into that setting's field."""
        editing = isinstance(self.focused, (Input, Switch))
        self._mark(self.current + step)
        if editing:
            self._field(self.current).focus()

    def action_edit(self) -> None:
        """Edit the marked setting (a switch just toggles)."""
        field = self._field(self.current)
        if isinstance(field, Switch):
            field.toggle()
        else:
            field.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape cancels an edit only while a field has the focus."""
        if action == "leave_field":
            return isinstance(self.focused, Input)
        return True

    def leave_field(self) -> None:
        """Escape in a field: its saved value back, the keys back to the list."""
        self.query_one(SettingsList).focus()

    def action_leave_field(self) -> None:
        """Cancel the edit."""
        self.leave_field()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        key = self._key_of(getattr(event.widget, "id", None))
        if key is not None:
            self._mark(KEYS.index(key))

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        """Leaving a field without enter keeps the stored value (and says so if it differed)."""
        field = event.widget
        key = self._key_of(field.id)
        if key is None or not isinstance(field, Input):
            return
        stored = settings.format_value(settings.get(self.db, key))
        if field.value != stored:
            field.value = stored
            self.notify(f"{key} not changed (enter saves).", timeout=3, markup=False)

    # saving ----------------------------------------------------------------------------------

    def _key_of(self, widget_id: str | None) -> str | None:
        for key in KEYS:
            if widget_id == _field_id(key):
                return key
        return None

    def _save(self, key: str, text: str) -> bool:
        db = self.app.db  # type: ignore[attr-defined]
        before = settings.get(db, key)
        try:
            value = settings.set_value(self.db, key, text)
        except ConfigError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return False
        self.notify(f"{key} = {settings.format_value(value)}", title="Saved", markup=False)
        if key == "cards.retention" and value != before:
            self._offer_reschedule(f"a retention of {settings.format_value(value)}")
        return True

    def _offer_reschedule(self, change: str) -> None:
        """Ask, as Anki does, whether reviewed cards move to the new setting now."""
        from curriculum.cards import reschedule

        count = reschedule.reviewed_cards(self.app.db)  # type: ignore[attr-defined]
        if not count:
            return
        from tui.dialogs.confirm import ConfirmDialog

        question = (
            f"Reschedule your {count} reviewed card{'s' if count != 1 else ''} for {change}? "
            "Otherwise they keep their due dates until their next review."
        )
        self.app.push_screen(
            ConfirmDialog("Reschedule cards?", question, "Reschedule", "Keep dates"),
            lambda yes: self._reschedule() if yes else None,
        )

    def _reschedule(self) -> None:
        """Replay every reviewed card in a thread (seconds for tens of thousands of cards)."""
        row = self.app.db.execute("PRAGMA database_list").fetchone()  # type: ignore[attr-defined]
        self.notify("Rescheduling your reviewed cards…", markup=False)
        self.run_worker(
            partial(self._reschedule_in_thread, Path(row[2]), self.app.now()),  # type: ignore[attr-defined]
            thread=True,
            group="reschedule",
            exit_on_error=False,
        )

    def _reschedule_in_thread(self, path: Path, now: datetime) -> None:
        from curriculum import store
        from curriculum.cards import reschedule
        from curriculum.errors import CurriculumError

        try:
            db = store.connect(path)  # a connection of this thread's own
            try:
                moved = reschedule.reschedule(db, now)
            finally:
                db.close()
        except CurriculumError as error:
            self.app.call_from_thread(
                self.notify, f"Not rescheduled: {error}", severity="error", markup=False
            )
            return
        message = f"Rescheduled {moved} card{'s' if moved != 1 else ''}."
        self.app.call_from_thread(self.notify, message, markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        key = self._key_of(event.input.id)
        if key is None:
            return
        if self._save(key, event.value):
            self.query_one(SettingsList).focus()  # the app's keys work again
        else:
            event.input.value = settings.format_value(settings.get(self.db, key))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        key = self._key_of(event.switch.id)
        if key is not None:
            self._save(key, "true" if event.value else "false")
