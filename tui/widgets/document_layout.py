"""Lines of a document at a width: each block wrapped on words, with its marker or indent.

Pure layout for `DocumentView`: no Textual here. A block becomes lines that are ranges of
its text (so a line maps back to characters, for the cursor, highlights and clicks),
followed by one blank line. Code is folded, everything else (table rows too) word-wrapped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from rich.cells import cell_len

from curriculum.library.document import Block, count_words

READING_WIDTH = 96  # the longest line of text, however wide the terminal
_TOKEN = re.compile(r"\S+\s*|\s+")
FOLDED = frozenset({"code"})


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line: a range of a block's text (start < 0 for the gap after a block)."""

    block: int
    start: int
    end: int
    prefix: str = ""


def prefixes(block: Block) -> tuple[str, str]:
    """(first line's prefix, the others') for a block: its marker, indent or quote bar."""
    if block.kind == "item":
        indent = "  " * max(block.level - 1, 0)
        return indent + block.marker, indent + " " * len(block.marker)
    if block.kind == "quote":
        bar = "│ " * max(block.level, 1)
        return bar, bar
    if block.kind in {"code", "math"}:
        return "  ", "  "
    if block.kind == "note":
        return block.marker, " " * len(block.marker)
    return "", ""


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def wrap(text: str, width: int, fold: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each line of `text` wrapped at `width` cells; hard breaks kept."""
    width = max(width, 8)
    lines: list[tuple[int, int]] = []
    offset = 0
    for hard in text.split("\n"):
        lines.extend(_fold(hard, offset, width) if fold else _words(hard, offset, width))
        offset += len(hard) + 1
    return lines or [(0, 0)]


def _fold(line: str, offset: int, width: int) -> list[tuple[int, int]]:
    if _width(line) <= width:
        return [(offset, offset + len(line))]
    pieces, start, used = [], 0, 0
    for index, char in enumerate(line):
        size = _width(char)
        if used + size > width:
            pieces.append((offset + start, offset + index))
            start, used = index, 0
        used += size
    pieces.append((offset + start, offset + len(line)))
    return pieces


def _words(line: str, offset: int, width: int) -> list[tuple[int, int]]:
    if line.isascii():
        return _ascii_words(line, offset, width)
    if _width(line) <= width:
        return [(offset, offset + len(line))]
    pieces: list[tuple[int, int]] = []
    start = used = 0
    for match in _TOKEN.finditer(line):
        word = match[0]
        size = _width(word.rstrip())
        if used and used + size > width:
            pieces.append((offset + start, offset + match.start()))
            start, used = match.start(), 0
        if size > width:  # a word longer than the line is folded
            folded = _fold(word.rstrip(), offset + match.start(), width)
            pieces.extend(folded[:-1])
            start = folded[-1][0] - offset
            # the folded word's last piece in cells (a wide character takes two), then its spaces
            used = _width(line[start : folded[-1][1] - offset]) + len(word) - len(word.rstrip())
            continue
        used += _width(word)
    pieces.append((offset + start, offset + len(line)))
    return pieces


def _ascii_words(line: str, offset: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap where every character is one cell (most text): found with `rfind`."""
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(line) - start > width:
        space = line.rfind(" ", start + 1, start + width + 1)
        cut = space + 1 if space > start else start + width  # no space: fold the long word
        pieces.append((offset + start, offset + cut))
        start = cut
    pieces.append((offset + start, offset + len(line)))
    return pieces


@dataclass
class Layout:
    """Every line of a document at one width, with indexes to find blocks and words."""

    width: int
    lines: list[Line] = field(default_factory=list)
    first_line: list[int] = field(default_factory=list)  # each block's first line
    words_before: list[int] = field(default_factory=lambda: [0])  # cumulative, per block

    @property
    def words(self) -> int:
        """Words in the blocks laid out so far."""
        return self.words_before[-1]

    def add(self, blocks: list[Block], first_index: int) -> None:
        """Lay out blocks numbered from `first_index` after those already here."""
        for number, block in enumerate(blocks, start=first_index):
            self.first_line.append(len(self.lines))
            self.words_before.append(self.words_before[-1] + count_words(block.text))
            self.lines.extend(block_lines(block, number, self.width))

    def block_of_line(self, index: int) -> int:
        """The block a line belongs to."""
        if not self.lines:
            return 0
        return self.lines[min(max(index, 0), len(self.lines) - 1)].block

    def line_of(self, block: int, offset: int) -> int:
        """The line showing character `offset` of block `block`."""
        first = self.first_line[block]
        last = self.first_line[block + 1] if block + 1 < len(self.first_line) else len(self.lines)
        starts = [line.start for line in self.lines[first:last] if line.start >= 0]
        return first + max(bisect.bisect_right(starts, offset) - 1, 0)


def block_lines(block: Block, number: int, width: int) -> list[Line]:
    """The lines of one block at `width`, then the gap after it."""
    if block.kind == "rule":
        return [Line(number, 0, 0, "─" * min(width, READING_WIDTH)), Line(number, -1, -1)]
    first, rest = prefixes(block)
    ranges = wrap(block.text, width - len(first), fold=block.kind in FOLDED)
    lines = [
        Line(number, start, end, first if index == 0 else rest)
        for index, (start, end) in enumerate(ranges)
    ]
    return [*lines, Line(number, -1, -1)]
