"""What every dialog shares: its own keys in a footer, and toasts kept off its buttons.

A modal dialog used to show the footer of the screen beneath it (Today's keys under the
snooze box, none of which work there). `Dialog` mounts a footer of its own, which lists the
dialog's keys only (the app's keys do not reach a modal screen). Its toasts appear at the top
right, over the dim backdrop or the box's title, never over the buttons at its foot.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from tui.widgets.footer import KeysFooter

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    """A modal screen with its own keys in a footer."""

    DEFAULT_CSS = """
    Dialog #textual-toastrack {
        dock: top;
        align: right top;
        margin-bottom: 0;
    }
    """

    def on_mount(self) -> None:
        # Textual runs each class's `on_mount` along the MRO, so subclasses keep theirs.
        self.mount(KeysFooter())

    def on_screen_resume(self) -> None:
        """The screens beneath show through: hide their toasts, which this dialog now shows
        (theirs come back when they are resumed)."""
        for screen in self.app.screen_stack[:-1]:
            for rack in screen.query("#textual-toastrack"):
                rack.display = False
