"""Cleaning untrusted display text: control characters out, whitespace tidy."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# zero-width and invisible formatting characters, and the BOM.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile(r"[ \t\r\n]+")


def strip_controls(text: str) -> str:
    """Remove every control, bidi and zero-width character, keeping tabs and newlines."""
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(text: str | None, limit: int = 1000) -> str:
    """A single display line (title, name): controls removed, whitespace collapsed, capped."""
    if not text:
        return ""
    line = _SPACES.sub(" ", strip_controls(text)).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 feed`, `2 feeds`, `0 feeds` (`many` for an irregular plural: `1 day`, `3 days`)."""
    return f"{count} {word if count == 1 else many or word + 's'}"
