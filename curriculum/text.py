"""Cleaning untrusted display text: control and invisible characters out, whitespace tidy.

Every way outside text enters (feeds, pages added with `add`, OPML, imports, the command
line) passes through `strip_controls` or `clean_line`, and so does everything the CLI prints.
Removed: C0 and C1 controls (tabs and newlines kept), DEL, every format character (bidi
marks, embeddings, overrides and isolates, zero-width characters, the BOM, soft hyphens,
the Arabic letter mark U+061C), invisible fillers and variation selectors, Unicode tag
characters, lone surrogates and noncharacters. Line and paragraph separators (U+2028,
U+2029) and NEL (U+0085) become plain newlines.
"""

from __future__ import annotations

import re

from curriculum.errors import CurriculumError

_BMP = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufdd0-\ufdef\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ufffe\uffff\ud800-\udfff"
)
_ASTRAL = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
_BREAKS = "\r\x85\u2028\u2029"
# Everything `strip_controls` removes, as the body of a regex class (`urls` encodes them).
UNSAFE_CLASS = _BMP + _ASTRAL
# Split for speed: a class of BMP characters only compiles to a table lookup per character;
# astral characters are looked for only in text that has some.
_UNSAFE_BMP = re.compile(f"[{_BMP}]")
_UNSAFE_ASTRAL = re.compile(f"[{_ASTRAL}]")
# A positive range: the negated BMP class `[^\x00-\uffff]` took ~5 ms to compile at start-up.
_ANY_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CHANGES = re.compile(f"[{_BMP}{_BREAKS}]")  # anything `strip_controls` would change (BMP)
_LINE_BREAKS = re.compile(f"[{_BREAKS}]")
_SPACES = re.compile(r"[ \t\r\n]+")


def strip_controls(text: str) -> str:
    """Remove every control, bidi, zero-width and invisible character, keeping tabs and
    newlines (other line breaks become newlines)."""
    astral = _ANY_ASTRAL.search(text) is not None
    if _CHANGES.search(text) is None and not astral:
        return text  # the common case: one pass, nothing to do
    text = _UNSAFE_BMP.sub("", _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n")))
    return _UNSAFE_ASTRAL.sub("", text) if astral else text


def clean_line(text: str | None, limit: int = 1000) -> str:
    """A single display line (title, name): controls removed, whitespace collapsed, capped."""
    if not text:
        return ""
    line = _SPACES.sub(" ", strip_controls(text)).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def required_line(text: str, limit: int, empty: str, too_long: str) -> str:
    """`text` as one clean line (`clean_line`); a CurriculumError with the sentence `empty`
    when nothing is left, or `too_long` when it is longer than `limit` characters."""
    line = clean_line(text, limit + 1)
    if not line:
        raise CurriculumError(empty)
    if len(line) > limit:
        raise CurriculumError(too_long)
    return line


def is_clean(text: str) -> bool:
    """True when `text` holds nothing `strip_controls` would remove or change."""
    if _CHANGES.search(text) is not None:
        return False
    # The astral class is slow to search: look for it only in text that has astral characters.
    return text.isascii() or _ANY_ASTRAL.search(text) is None or not _UNSAFE_ASTRAL.search(text)


MAX_ID = 2**63 - 1  # SQLite's largest integer: every id, count and duration fits below it


def whole_number(value: object, field: str, low: int, high: int) -> int:
    """`value` (text or an int) as a whole number from `low` to `high`; ValueError with one
    sentence naming `field` otherwise (too big, too small, not a number, a bool)."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        digits = text.lstrip("+-")
        if digits.isascii() and digits.isdigit() and len(digits) <= 30:
            number = int(text)
    if number is None or not low <= number <= high:
        shown = clean_line(str(value), 40) if isinstance(value, str | int) else type(value).__name__
        raise ValueError(f"{field} must be a whole number from {low} to {high}, not '{shown}'")
    return number


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 feed`, `2 feeds`, `0 feeds` (`many` for an irregular plural: `1 day`, `3 days`)."""
    return f"{count} {word if count == 1 else many or word + 's'}"
