"""The app's text fields: an Input and a TextArea that never hold a control character.

Text reaches a field by typing, by a paste from the terminal (which carries whatever was
copied: `ESC[31m` from a log or a web page would otherwise be drawn as it is, and the
terminal would obey it, colouring or clearing the screen), or from code. Every way goes
through `strip_controls` (C0 and C1 controls, ESC, DEL, bidi and zero-width marks out), and
a one-line field also turns tabs and newlines into spaces. Every Input and TextArea the app
makes is one of these: `tests/tui/test_text_fields.py` reads the app's source to hold that.
"""

from __future__ import annotations

import re
from typing import Any

from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from curriculum.text import strip_controls

_TABS_AND_NEWLINES = re.compile("[\t\n]")


def line_text(text: str) -> str:
    """Text for a one-line field: controls out, tabs and newlines as spaces."""
    return _TABS_AND_NEWLINES.sub(" ", strip_controls(text))


class TextInput(Input):
    """A one-line Input that drops control characters, however they arrive."""

    def replace(self, text: str, start: int, end: int) -> None:
        """Typing and pasting come here: the cursor lands after what was kept."""
        super().replace(line_text(text), start, end)

    def validate_value(self, value: str) -> str:
        """A value set from code (or the constructor) is cleaned the same way."""
        return line_text(value)


class TextEditor(TextArea):
    """A multi-line TextArea that drops control characters (tabs and newlines stay)."""

    def __init__(self, text: str = "", **options: Any) -> None:
        super().__init__(strip_controls(text), **options)

    def edit(self, edit: Edit) -> EditResult:
        """Every change of the text — typed, pasted, inserted from code — passes here."""
        edit.text = strip_controls(edit.text)
        return super().edit(edit)

    def load_text(self, text: str) -> None:
        """Replace the whole text (also `text = …`), cleaned."""
        super().load_text(strip_controls(text))
