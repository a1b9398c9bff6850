"""Untrusted text into widgets: always as plain Content, never parsed as markup."""

from __future__ import annotations

from textual.content import Content

from curriculum.text import clean_line, strip_controls


def plain(text: str | None, limit: int = 1000) -> Content:
    """A single line of feed text, shown literally (no markup, no escapes), capped."""
    return Content(clean_line(text, limit))


def block(text: str | None) -> Content:
    """Multi-line feed text, shown literally."""
    return Content(strip_controls(text or ""))
