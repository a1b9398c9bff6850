"""Settings: every setting with its meaning; enter validates and saves one."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Static, Switch

from curriculum.errors import ConfigError
from curriculum.store import settings
from tui.widgets.footer import KeysFooter


def _field_id(key: str) -> str:
    return "setting-" + key.replace(".", "-")


class SettingsScreen(Screen[None]):
    """The settings `curriculum config` shows, editable in place."""

    CSS_PATH = "settings.tcss"

    def compose(self) -> ComposeResult:
        values = settings.get_all(self.app.db)  # type: ignore[attr-defined]
        yield Header()
        with VerticalScroll(id="settings-list"):
            yield Static(
                "Enter saves a value; a bad one is refused and nothing changes.",
                classes="settings-hint",
                markup=False,
            )
            for key, setting in settings.SETTINGS.items():
                with Horizontal(classes="setting-row"):
                    yield Label(key, classes="setting-key", markup=False)
                    if isinstance(setting.default, bool):
                        yield Switch(value=bool(values[key]), id=_field_id(key))
                    else:
                        yield Input(
                            settings.format_value(values[key]),
                            id=_field_id(key),
                            classes="setting-value",
                        )
                    yield Label(setting.help, classes="setting-help", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Settings"

    def _key_of(self, widget_id: str | None) -> str | None:
        for key in settings.SETTINGS:
            if widget_id == _field_id(key):
                return key
        return None

    def _save(self, key: str, text: str) -> bool:
        db = self.app.db  # type: ignore[attr-defined]
        before = settings.get(db, key)
        try:
            value = settings.set_value(db, key, text)
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
        if not self._save(key, event.value):
            event.input.value = settings.format_value(settings.get(self.app.db, key))  # type: ignore[attr-defined]

    def on_switch_changed(self, event: Switch.Changed) -> None:
        key = self._key_of(event.switch.id)
        if key is not None:
            self._save(key, "true" if event.value else "false")
