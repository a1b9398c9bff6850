"""The key map of DESIGN.md: one table that the Help screen shows and tests check."""

from __future__ import annotations

KEYMAP: list[tuple[str, str, str]] = [
    ("Everywhere", "t", "Today"),
    ("Everywhere", "r", "Review"),
    ("Everywhere", "f", "Feeds"),
    ("Everywhere", "l", "Library"),
    ("Everywhere", "s", "Stats"),
    ("Everywhere", "comma", "Settings"),
    ("Everywhere", "question_mark", "Help: every key"),
    ("Everywhere", "ctrl+p", "Command palette: every screen and action"),
    ("Everywhere", "q", "Quit (when not typing)"),
    ("Everywhere", "escape", "Back"),
    ("Today / Library", "enter", "Open the reading"),
    ("Today / Library", "d", "Done"),
    ("Today / Library", "x", "Skip"),
    ("Today / Library", "z", "Snooze"),
    ("Today / Library", "plus", "One more reading"),
    ("Today / Library", "slash", "Search"),
    ("Today / Library", "k", "Key ideas for the reading"),
    ("Today / Library", "u", "Undo the last reading action"),
    ("Today / Library", "i", "Back to the inbox"),
    ("Today / Library", "right_square_bracket", "Priority up"),
    ("Today / Library", "left_square_bracket", "Priority down"),
    ("Reader", "d", "Done, then write key ideas"),
    ("Reader", "o", "Open in the browser"),
    ("Reader", "1-9", "Open link number n"),
    ("Reader", "k", "Key ideas"),
    ("Reader", "escape", "Back"),
    ("Key ideas", "ctrl+s", "Save the card and start another"),
    ("Key ideas", "escape", "Finish"),
    ("Review", "space", "Reveal the answer"),
    ("Review", "1 2 3 4", "Again, Hard, Good, Easy"),
    ("Review", "u", "Undo"),
    ("Review", "e", "Edit the card"),
    ("Review", "s", "Suspend the card"),
    ("Review", "b", "Bury until tomorrow"),
    ("Review", "o", "Open the source reading"),
    ("Feeds", "a", "Add a feed"),
    ("Feeds", "r", "Refresh the marked feeds (or the selected one)"),
    ("Feeds", "R", "Refresh all feeds"),
    ("Feeds", "e", "Edit the feed"),
    ("Feeds", "delete", "Remove the marked feeds (or the selected one)"),
    ("Feeds", "slash", "Filter by name, address, tag or problem"),
    ("Feeds", "exclamation_mark", "Failing feeds only (again: all)"),
    ("Feeds", "space", "Mark the feed"),
    ("Feeds", "ctrl+a", "Mark every shown feed (again: unmark)"),
    ("Feeds", "i", "Import OPML"),
]

KEY_LABELS = {
    "question_mark": "?",
    "comma": ",",
    "plus": "+",
    "slash": "/",
    "exclamation_mark": "!",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
}


def label(key: str) -> str:
    """How a key is written for people."""
    return KEY_LABELS.get(key, key)
