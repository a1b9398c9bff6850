"""A reading's Markdown as a document of blocks: what the Reader shows, moves through and marks.

Markdown is parsed with markdown-it-py (CommonMark, tables, footnotes, `$…$` math) into a
flat list of `Block`s — headings, paragraphs, list items, quotes, code, math, tables,
notes — each with its plain text and inline style spans. The document's plain text is the
blocks' texts joined by blank lines; highlights are anchored in it, sentences are found in
it, and its headings are the outline.

Long documents are parsed in pieces (`pieces`, split at blank lines outside code fences), so
the Reader can show the first screen before the rest is parsed. Numbers the Reader adds
after links (` [3]`) are `ref` spans: they are shown but never part of a quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from curriculum.text import strip_controls

PIECE_CHARS = 48_000  # a piece of a long document parsed at once
FIRST_PIECE_CHARS = 12_000  # the first piece is small, so the first screen comes at once
_FENCE = re.compile(r"^ {0,3}(```+|~~~+)")
_REF = re.compile(r"^ \[\d+\]")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "et", "al", "etc", "cf", "vs", "fig", "figs", "eq", "eqs", "sec", "ref"}
    | {"refs", "dr", "mr", "mrs", "ms", "prof", "st", "no", "vol", "pp", "approx", "resp", "ca"}
)


@dataclass(frozen=True, slots=True)
class Span:
    """An inline style over `text[start:end]` of a block."""

    start: int
    end: int
    style: str  # bold, italic, code, link, math, image, ref (a link's number), note
    href: str | None = None


@dataclass(slots=True)
class Block:
    """One block of the document, its plain text and inline spans."""

    kind: str  # heading, paragraph, item, quote, code, math, table, rule, note
    text: str
    spans: tuple[Span, ...] = ()
    level: int = 0  # heading level; list or quote depth
    marker: str = ""  # shown before the text, not part of it: "- ", "3. ", "[1] "
    start: int = 0  # where the text begins in the document's plain text

    @property
    def end(self) -> int:
        """Where the text ends in the document's plain text."""
        return self.start + len(self.text)


@dataclass
class Document:
    """A parsed reading: blocks in order, with the plain text they make."""

    blocks: list[Block] = field(default_factory=list)
    length: int = 0  # characters of plain text so far

    def extend(self, blocks: list[Block]) -> None:
        """Append blocks parsed from a later piece, giving them their text offsets."""
        for block in blocks:
            if self.blocks:
                self.length += 2
            block.start = self.length
            self.length += len(block.text)
            self.blocks.append(block)

    @property
    def text(self) -> str:
        """The plain text: every block's text, separated by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)

    def outline(self) -> list[tuple[int, int, str]]:
        """(block index, level, title) of every heading, in order."""
        return [(i, b.level, b.text) for i, b in enumerate(self.blocks) if b.kind == "heading"]

    def block_at(self, offset: int) -> int:
        """The index of the block holding plain-text `offset` (the nearest before it)."""
        low, high = 0, len(self.blocks) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.blocks[middle].start <= offset:
                low = middle
            else:
                high = middle - 1
        return max(low, 0)

    def words_before(self, index: int) -> int:
        """Words in the blocks before block `index`."""
        return sum(count_words(b.text) for b in self.blocks[:index])


_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def count_words(text: str) -> int:
    """Words in plain text."""
    return len(_WORD.findall(text))


def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    return parser.use(dollarmath_plugin, double_inline=True)


# Footnotes are read here rather than by a markdown-it plugin, which moves every note to
# the end of what it parses and drops those defined in another piece. A definition line
# `[^label]: text` is marked before parsing (so CommonMark cannot take it for a link
# definition) and becomes a `note` block where it stands; `[^label]` in text is a note mark.
_NOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*", re.MULTILINE)
_NOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]")
_DEFINED = re.compile("^\ue002([^\ue003]*)\ue003 ?")


def _mark_notes(markdown: str) -> str:
    """Control characters out (text is data), tabs as spaces, note definitions marked."""
    clean = strip_controls(markdown).replace("\t", "    ")
    clean = clean.replace("\ue002", "").replace("\ue003", "")
    return _NOTE_DEFINITION.sub(lambda m: f"\ue002{m[1]}\ue003 ", clean)


_PARSER: Any = None


def parse_blocks(markdown: str) -> list[Block]:
    """The blocks of a piece of Markdown (offsets are given when added to a Document)."""
    global _PARSER
    if _PARSER is None:
        _PARSER = _parser()
    return _Builder().build(_PARSER.parse(_mark_notes(markdown)))


def parse(markdown: str) -> Document:
    """A whole Markdown document, parsed piece by piece."""
    document = Document()
    for piece in pieces(markdown):
        document.extend(parse_blocks(piece))
    return document


def pieces(markdown: str, first: int = FIRST_PIECE_CHARS, size: int = PIECE_CHARS) -> Iterator[str]:
    """`markdown` cut at blank lines outside code fences into pieces of about `size`
    characters (the first about `first`), so each can be parsed on its own."""
    limit = first
    start = 0
    while len(markdown) - start > limit:
        cut = _cut_at(markdown, start, start + limit)
        if cut <= start:
            break
        yield markdown[start:cut]
        start, limit = cut, size
    if start < len(markdown):
        yield markdown[start:]


def _cut_at(markdown: str, start: int, near: int) -> int:
    """The end of the first blank line at or after `near`, outside fenced code (scanning
    from `start`, itself never inside a fence)."""
    fence: str | None = None
    position = start
    while position < len(markdown):
        end = markdown.find("\n", position)
        end = len(markdown) if end < 0 else end + 1
        line = markdown[position:end]
        match = _FENCE.match(line)
        if match:
            marker = match[1][0] * 3
            fence = None if fence == marker else (fence or marker)
        position = end
        if position >= near and fence is None and not line.strip():
            return position
    return len(markdown)


class _Builder:
    """Walks markdown-it's token stream and emits blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lists: list[dict[str, Any]] = []  # open lists: ordered?, next number
        self.quote = 0
        self.item_marker: str | None = None  # the marker of a list item not yet used
        self.table: list[list[str]] | None = None
        self.heading = 0

    def build(self, tokens: list[Any]) -> list[Block]:
        for token in tokens:
            handler = getattr(self, f"_{token.type}", None)
            if handler is not None:
                handler(token)
        return self.blocks

    # containers
    def _bullet_list_open(self, token: Any) -> None:
        self.lists.append({"ordered": False, "next": 1})

    def _ordered_list_open(self, token: Any) -> None:
        start = token.attrGet("start")
        self.lists.append({"ordered": True, "next": int(start) if start else 1})

    def _bullet_list_close(self, token: Any) -> None:
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Any) -> None:
        current = self.lists[-1] if self.lists else {"ordered": False, "next": 1}
        if current["ordered"]:
            self.item_marker = f"{current['next']}. "
            current["next"] += 1
        else:
            self.item_marker = "• "

    def _blockquote_open(self, token: Any) -> None:
        self.quote += 1

    def _blockquote_close(self, token: Any) -> None:
        self.quote -= 1

    def _heading_open(self, token: Any) -> None:
        self.heading = int(token.tag[1:])

    def _heading_close(self, token: Any) -> None:
        self.heading = 0

    # leaves
    def _inline(self, token: Any) -> None:
        text, spans = inline_text(token.children or [])
        if self.table is not None:
            self.table[-1].append(text)
            return
        if self.heading:
            self._add("heading", text, spans, level=self.heading)
        elif (defined := _DEFINED.match(text)) is not None:
            cut = defined.end()
            moved = tuple(
                Span(max(s.start - cut, 0), s.end - cut, s.style, s.href)
                for s in spans
                if s.end > cut
            )
            self._add("note", text[cut:], moved, marker=f"[{defined[1]}] ")
        elif self.item_marker is not None or self.lists:
            marker, self.item_marker = self.item_marker or "  ", None
            self._add("item", text, spans, level=len(self.lists), marker=marker)
        elif self.quote:
            self._add("quote", text, spans, level=self.quote)
        else:
            self._add("paragraph", text, spans)

    def _fence(self, token: Any) -> None:
        self._add("code", token.content.rstrip("\n"), ())

    _code_block = _fence

    def _math_block(self, token: Any) -> None:
        self._add("math", token.content.strip(), ())

    _math_block_label = _math_block

    def _hr(self, token: Any) -> None:
        self._add("rule", "", ())

    def _html_block(self, token: Any) -> None:
        self._add("paragraph", token.content.strip(), ())

    def _table_open(self, token: Any) -> None:
        self.table = []

    def _tr_open(self, token: Any) -> None:
        if self.table is not None:
            self.table.append([])

    def _table_close(self, token: Any) -> None:
        rows, self.table = self.table or [], None
        self._add("table", table_text(rows), ())

    def _add(
        self, kind: str, text: str, spans: tuple[Span, ...], level: int = 0, marker: str = ""
    ) -> None:
        if kind != "rule" and not text.strip():
            return
        self.blocks.append(Block(kind, text, spans, level, marker))


TABLE_WIDTH = 96  # a table is laid out to fit this many columns of text where it can


def table_text(rows: list[list[str]]) -> str:
    """A table as aligned text lines, cells separated by ` │ `; columns share the width
    (a cell longer than its column runs on, and the line wraps there)."""
    rows = [[" ".join(cell.split()) for cell in row] for row in rows if any(c.strip() for c in row)]
    if not rows:
        return ""
    columns = max(len(row) for row in rows)
    natural = [
        max((len(row[c]) for row in rows if c < len(row)), default=0) for c in range(columns)
    ]
    widths = _share(natural, TABLE_WIDTH - 3 * (columns - 1))
    lines = [
        " │ ".join(
            (row[c] if c < len(row) else "").ljust(widths[c]) for c in range(columns)
        ).rstrip()
        for row in rows
    ]
    return "\n".join(lines)


def _share(natural: list[int], budget: int) -> list[int]:
    """Column widths: each its natural width if all fit, else narrow columns keep theirs and
    the wide ones share what is left equally."""
    widths = list(natural)
    left, wide = budget, sorted(range(len(natural)), key=lambda c: natural[c])
    for position, column in enumerate(wide):
        fair = max(left // max(len(wide) - position, 1), 8)
        widths[column] = min(natural[column], fair)
        left -= widths[column]
    return widths


_STYLE_OPEN = {"strong_open": "bold", "em_open": "italic", "link_open": "link"}
_STYLE_CLOSE = {"strong_close", "em_close", "link_close"}


def inline_text(children: list[Any]) -> tuple[str, tuple[Span, ...]]:
    """The plain text of an inline token's children, with its style spans."""
    parts: list[str] = []
    spans: list[Span] = []
    open_: list[tuple[str, int, str | None]] = []
    length = 0
    after_link = False
    for token in children:
        kind = token.type
        piece = ""
        if kind == "text":
            piece = _note_marks(token.content, length, spans)
            if after_link and (ref := _REF.match(piece)):
                spans.append(Span(length, length + len(ref[0]), "ref"))
        elif kind in {"softbreak"}:
            piece = " "
        elif kind == "hardbreak":
            piece = "\n"
        elif kind in {"code_inline", "math_inline", "math_inline_double"}:
            piece = token.content
            spans.append(
                Span(length, length + len(piece), "code" if kind == "code_inline" else "math")
            )
        elif kind == "image":
            alt = token.content or "image"
            piece = f"[image: {alt}]"
            spans.append(Span(length, length + len(piece), "image"))
        elif kind == "html_inline":
            piece = token.content
        elif kind in _STYLE_OPEN:
            open_.append((_STYLE_OPEN[kind], length, token.attrGet("href")))
        elif kind in _STYLE_CLOSE and open_:
            style, start, href = open_.pop()
            if length > start:
                spans.append(Span(start, length, style, str(href) if href else None))
        after_link = kind == "link_close"
        if piece:
            parts.append(piece)
            length += len(piece)
    return "".join(parts), tuple(sorted(spans, key=lambda s: (s.start, -s.end)))


def _note_marks(text: str, offset: int, spans: list[Span]) -> str:
    """`text` with each `[^label]` shown as `[label]`, a note span added for each."""
    if "[^" not in text:
        return text
    parts: list[str] = []
    position = 0
    length = offset
    for match in _NOTE_MARK.finditer(text):
        before = text[position : match.start()]
        parts.append(before)
        length += len(before)
        mark = f"[{match[1]}]"
        spans.append(Span(length, length + len(mark), "note"))
        parts.append(mark)
        length += len(mark)
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)


def clean_range(block: Block, start: int, end: int) -> str:
    """The block's text from `start` to `end` without link numbers (what a quote keeps)."""
    kept = []
    position = start
    for span in block.spans:
        if span.style != "ref" or span.end <= start or span.start >= end:
            continue
        kept.append(block.text[position : max(span.start, position)])
        position = max(position, span.end)
    kept.append(block.text[position:end])
    return " ".join("".join(kept).split())


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in a block's text, spaces between them left out."""
    result: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if _is_abbreviation(text, match.start()) or end <= start:
            continue
        result.append((start, end))
        start = _skip_space(text, end)
    if start < len(text.rstrip()):
        result.append((start, len(text.rstrip())))
    return result or [(0, len(text))]


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` ends an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[:dot])
    if word is None:
        return False
    token = word[1].lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())
