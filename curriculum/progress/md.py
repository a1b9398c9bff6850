"""Text into Markdown that renders as written: no stray emphasis, links, HTML or headings.

Feed titles and the reader's own words both pass through here before they enter a brief, so
a title such as `[x](javascript:…)` or `<script>` shows literally in any CommonMark renderer,
and only web links become links.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from curriculum.text import clean_line
from curriculum.urls import is_http_url

# `_` inside a word (snake_case) makes no emphasis in CommonMark, so it stays as typed
_SPECIAL = re.compile(r"([\\`*\[\]<>~|]|(?<![^\W_])_|_(?![^\W_]))")
_BULLET_START = re.compile(r"^([#+=-])")
_NUMBER_START = re.compile(r"^(\d+)([.)])")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def text(value: str | None, limit: int = 2000) -> str:
    """One line of plain text as inline Markdown: whitespace collapsed, specials escaped, and a
    leading `#`, `>`, `-`, `+`, `=` or `1.` kept from starting a block."""
    escaped = _SPECIAL.sub(r"\\\1", clean_line(value, limit))
    escaped = _BULLET_START.sub(r"\\\1", escaped)
    return _NUMBER_START.sub(r"\1\\\2", escaped)


def link(label: str | None, url: str | None) -> str:
    """`[label](<url>)` for a web URL, else the label alone (escaped)."""
    shown = text(label) or "untitled"
    if not url or not is_http_url(url):
        return shown
    return f"[{shown}](<{quote(url.strip(), safe=_URL_SAFE)}>)"
