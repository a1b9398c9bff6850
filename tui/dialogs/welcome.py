"""First launch: a short welcome to pick a track and the daily targets (skippable)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from curriculum.errors import CurriculumError
from curriculum.queue import onboarding
from curriculum.store import settings
from tui.dialogs.base import Dialog
from tui.safe import plain
from tui.text_fields import TextInput

INTRO = (
    "Curriculum picks a few readings a day and helps you remember them with recall "
    "cards; change any of this later (`curriculum config`)."
)
INTERESTS_HINT = "e.g. interpretability, ai control, evaluations (optional)"


class WelcomeScreen(Dialog[bool]):
    """Pick a track and daily targets; Start saves them, Skip keeps the defaults."""

    CSS_PATH = "welcome.tcss"
    BINDINGS = [Binding("escape", "skip", "Skip")]

    @property
    def db(self) -> Any:
        """The app's database."""
        return self.app.db  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        self.choices = onboarding.track_choices(self.db)
        with Vertical(id="welcome-box"):
            yield Static("Welcome to Curriculum", id="welcome-title", markup=False)
            yield Static(INTRO, id="welcome-intro", markup=False)
            yield Label("Start with a track")
            with RadioSet(id="welcome-tracks"):
                for index, choice in enumerate(self.choices):
                    label = plain(f"{choice.name} ({choice.readings} readings)")
                    yield RadioButton(label, value=index == 0)
                yield RadioButton("No track — only my feeds", value=not self.choices)
            with Horizontal(id="welcome-targets"):
                yield Label("Readings a day")
                yield TextInput(str(settings.get(self.db, "daily.items")), id="welcome-items")
                yield Label("Minutes a day")
                yield TextInput(str(settings.get(self.db, "daily.minutes")), id="welcome-minutes")
            with Horizontal(id="welcome-interests-row"):
                yield Label("Topics you care about")
                yield TextInput(placeholder=INTERESTS_HINT, id="welcome-interests")
            yield Static(id="welcome-error", markup=False)
            with Horizontal(id="welcome-buttons"):
                yield Button("Start", variant="primary", id="welcome-start")
                yield Button("Skip", id="welcome-skip")

    def on_mount(self) -> None:
        self.query_one("#welcome-start", Button).focus()

    def _track(self) -> str | None:
        index = self.query_one("#welcome-tracks", RadioSet).pressed_index
        return self.choices[index].slug if 0 <= index < len(self.choices) else None

    def action_start(self) -> None:
        """Save the choices and begin."""
        try:
            onboarding.finish(
                self.db,
                self._track(),
                self.query_one("#welcome-items", Input).value,
                self.query_one("#welcome-minutes", Input).value,
                self.app.now(),  # type: ignore[attr-defined]
                self.query_one("#welcome-interests", Input).value,
            )
        except CurriculumError as error:
            self.query_one("#welcome-error", Static).update(str(error))
            return
        self.dismiss(True)

    def action_skip(self) -> None:
        """Keep the defaults."""
        onboarding.skip(self.db)
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "welcome-start":
            self.action_start()
        else:
            self.action_skip()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()
