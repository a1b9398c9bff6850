"""Plain text into Markdown that shows it literally: for notes, digests and other exports.

Titles, sources and card text are plain text, often from a feed. Written into Markdown as
they are, a title's `<script>` or `<img onerror=…>` would be live HTML in a vault, `[[…]]`
an Obsidian wikilink, `#word` a tag, `==…==` a highlight, `%%…%%` a hidden comment, and
`[x](javascript:…)` a link. `inline` backslash-escapes every such character (CommonMark
shows an escaped punctuation character as itself), `link` and `autolink` accept only web
addresses.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from curriculum import urls
from curriculum.text import strip_controls

# Markdown, GFM and Obsidian syntax characters; each is ASCII punctuation, so `\x` is `x`.
SPECIAL = re.compile(r"([\\`*_\[\]<>&|~=^$#%{}!])")
URL_UNSAFE = {"<": "%3C", ">": "%3E", " ": "%20", "\n": "", "\t": ""}


def inline(text: str, strip: bool = True) -> str:
    """One line of plain text, shown literally by any Markdown reader (`strip`: no outer
    spaces; off for a piece of a longer line)."""
    line = re.sub(r"\s+", " ", strip_controls(text))
    return SPECIAL.sub(r"\\\1", line.strip() if strip else line)


def web_address(url: str | None) -> str | None:
    """`url` made safe inside `<…>` when it is an http(s) address; None for anything else."""
    if not url or not urls.is_http_url(url):
        return None
    return "".join(URL_UNSAFE.get(ch, ch) for ch in url.strip())


def link(title: str, url: str | None) -> str:
    """`[title](<url>)` for a web address; the escaped title alone otherwise."""
    address = web_address(url)
    return f"[{inline(title)}](<{address}>)" if address else inline(title)


def autolink(url: str | None) -> str | None:
    """`<url>` for a web address (None otherwise)."""
    address = web_address(url)
    return f"<{address}>" if address else None


def piece(text: str) -> str:
    """A piece of a longer line (its outer spaces kept)."""
    return inline(text, strip=False)


def emphasis(marker: str) -> Callable[[str], str]:
    """A function that escapes text and wraps it in `marker` (`**`, `==`)."""
    return lambda text: f"{marker}{inline(text)}{marker}" if text.strip() else ""
