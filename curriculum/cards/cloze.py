"""Cloze text: `{{c1::answer}}` or `{{c1::answer::hint}}` gives one card per cloze number."""

from __future__ import annotations

import re

CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
MAX_INDEX = 1000  # cloze numbers go from 1 (c0 is read as 0) to this


def _number(digits: str) -> int:
    """A cloze number; anything past `MAX_INDEX` (however many digits) reads as one more."""
    return int(digits) if len(digits) <= 4 else MAX_INDEX + 1


def cloze_indices(text: str) -> list[int]:
    """The distinct cloze numbers in `text`, ascending (see `too_large` for the bound)."""
    return sorted({_number(match[1]) for match in CLOZE.finditer(text)})


def too_large(text: str) -> str | None:
    """The first cloze number in `text` past `MAX_INDEX`, as written (shortened), or None."""
    for match in CLOZE.finditer(text):
        if _number(match[1]) > MAX_INDEX:
            return match[1] if len(match[1]) <= 12 else match[1][:11] + "…"
    return None


def is_cloze(text: str) -> bool:
    """Whether `text` holds at least one cloze."""
    return CLOZE.search(text) is not None


def segments(text: str, index: int, reveal: bool) -> list[tuple[str, bool]]:
    """`text` as (piece, is_the_asked_cloze) pairs: cloze `index` hidden unless `reveal`."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in CLOZE.finditer(text):
        pieces.append((text[position : match.start()], False))
        if _number(match[1]) == index:
            hidden = f"[{match[3]}]" if match[3] else "[…]"
            pieces.append((match[2] if reveal else hidden, True))
        else:
            pieces.append((match[2], False))
        position = match.end()
    pieces.append((text[position:], False))
    return [(piece, asked) for piece, asked in pieces if piece]


def render(text: str, index: int, reveal: bool) -> str:
    """`text` as plain text with cloze `index` hidden (`[…]`) or revealed."""
    return "".join(piece for piece, _ in segments(text, index, reveal))
