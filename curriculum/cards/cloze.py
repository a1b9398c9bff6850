"""Cloze text as Anki reads it: `{{c1::answer}}`, `{{c1::answer::hint}}`, nested clozes.

A cloze text is one note with one card per cloze number. The parser follows Anki's own
(checked against the `anki` package): `{{cN::` opens a cloze and `}}` closes the innermost
open one; a `}}` with nothing open is plain text; the first `::` in a cloze's own text
starts its hint; `c01` is cloze 1. Clozes nest: in `{{c1::outer {{c2::inner}} text}}`
card 1 hides the whole phrase and card 2 only "inner".

What Anki would accept but never ask is refused in new text (`check`): `{{c0::…}}` (cloze
numbers start at 1), a cloze left open, and numbers past `MAX_NUMBER`. Stored text is read
leniently (`parse`), so an older card never fails to show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from curriculum.errors import CurriculumError

MAX_NUMBER = 999  # more clozes than any note needs; Anki's card ordinals are small numbers
TOKEN = re.compile(r"\{\{c(\d+)::|\}\}")
OPENER = re.compile(r"\{\{c\d+::")


class ClozeError(CurriculumError):
    """Cloze text that would give a card Anki never asks, or no card at all."""

    def __init__(self, message: str) -> None:
        super().__init__(message, title="Cloze")


@dataclass
class Cloze:
    """One `{{cN::…}}`: its number, its content (text and nested clozes) and its hint."""

    number: int
    content: list[Node] = field(default_factory=list)
    hint: str | None = None
    start: int = 0  # where its opener starts in the source text
    opener: str = ""


Node = str | Cloze


def _number(digits: str) -> int:
    # a very long run of digits is one huge number; no need to convert all of it
    return int(digits) if len(digits) <= 6 else MAX_NUMBER + 1


def _add_text(stack: list[Cloze], root: list[Node], text: str) -> None:
    if not text:
        return
    if not stack:
        root.append(text)
        return
    top = stack[-1]
    if top.hint is not None:
        top.hint += text
    elif "::" in text:
        before, after = text.split("::", 1)
        if before:
            top.content.append(before)
        top.hint = after
    else:
        top.content.append(text)


def _tokens(text: str) -> tuple[list[Node], list[Cloze]]:
    """The parse tree, and the clozes left open at the end (outermost first)."""
    root: list[Node] = []
    stack: list[Cloze] = []
    position = 0
    for match in TOKEN.finditer(text):
        _add_text(stack, root, text[position : match.start()])
        if match[1] is not None:
            stack.append(Cloze(_number(match[1]), start=match.start(), opener=match[0]))
        elif stack:
            closed = stack.pop()
            (stack[-1].content if stack else root).append(closed)
        else:
            _add_text(stack, root, "}}")
        position = match.end()
    _add_text(stack, root, text[position:])
    return root, stack


def _unwind(root: list[Node], open_clozes: list[Cloze]) -> list[Node]:
    """Clozes never closed become plain text again (their content stays where it was)."""
    while open_clozes:
        cloze = open_clozes.pop()
        target = open_clozes[-1].content if open_clozes else root
        target.append(cloze.opener)
        target.extend(cloze.content)
        if cloze.hint is not None:
            target.append("::" + cloze.hint)
    return root


def parse(text: str) -> list[Node]:
    """`text` as a tree of plain text and clozes (lenient: open clozes are plain text)."""
    root, open_clozes = _tokens(text)
    return _unwind(root, open_clozes)


def _all(nodes: list[Node]) -> list[Cloze]:
    found: list[Cloze] = []
    for node in nodes:
        if isinstance(node, Cloze):
            found.append(node)
            found.extend(_all(node.content))
    return found


def cloze_indices(text: str) -> list[int]:
    """The distinct cloze numbers that give cards (1 to `MAX_NUMBER`), ascending."""
    return sorted({c.number for c in _all(parse(text)) if 1 <= c.number <= MAX_NUMBER})


def is_cloze(text: str) -> bool:
    """Whether `text` is written as cloze text (it has at least one `{{cN::`)."""
    return OPENER.search(text) is not None


def check(text: str) -> list[int]:
    """The cloze numbers of new or edited text; ClozeError for what Anki would never ask."""
    root, open_clozes = _tokens(text)
    if open_clozes:
        first = open_clozes[0]
        raise ClozeError(
            f"The cloze {first.opener}… is never closed; end it with }} and save again."
        )
    numbers = {c.number for c in _all(root)}
    if 0 in numbers:
        raise ClozeError(
            "Cloze numbers start at 1: {{c0::…}} would never be asked (Anki refuses it too); "
            "use {{c1::…}}."
        )
    too_large = [c for c in _all(root) if c.number > MAX_NUMBER]
    if too_large:
        digits = too_large[0].opener[3:-2]
        shown = digits if len(digits) <= 11 else digits[:11] + "…"
        raise ClozeError(
            f"Cloze numbers go from 1 to {MAX_NUMBER}; c{shown} is too large, so renumber "
            "that cloze and save again."
        )
    if not numbers:
        raise ClozeError("Cloze text needs at least one cloze such as {{c1::…}}.")
    return sorted(numbers)


def _walk(nodes: list[Node], index: int, reveal: bool, inside: bool) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    for node in nodes:
        if isinstance(node, str):
            pieces.append((node, inside))
        elif node.number == index and not inside:
            if reveal:
                pieces += _walk(node.content, index, reveal, True)
            else:
                pieces.append((f"[{node.hint}]" if node.hint else "[…]", True))
        else:
            pieces += _walk(node.content, index, reveal, inside)
    return pieces


def segments(text: str, index: int, reveal: bool) -> list[tuple[str, bool]]:
    """`text` as (piece, is_the_asked_cloze) pairs: cloze `index` hidden unless `reveal`."""
    merged: list[tuple[str, bool]] = []
    for piece, asked in _walk(parse(text), index, reveal, False):
        if not piece:
            continue
        if merged and merged[-1][1] == asked:
            merged[-1] = (merged[-1][0] + piece, asked)
        else:
            merged.append((piece, asked))
    return merged


def render(text: str, index: int, reveal: bool) -> str:
    """`text` as plain text with cloze `index` hidden (`[…]`) or revealed."""
    return "".join(piece for piece, _ in segments(text, index, reveal))


def _plain(nodes: list[Node]) -> str:
    return "".join(node if isinstance(node, str) else _plain(node.content) for node in nodes)


def reveal_all(text: str, mark: Callable[[str], str], plain: Callable[[str], str]) -> str:
    """Every cloze answered: outermost clozes' text through `mark`, the rest through `plain`."""
    return "".join(
        plain(node) if isinstance(node, str) else mark(_plain(node.content)) for node in parse(text)
    )
