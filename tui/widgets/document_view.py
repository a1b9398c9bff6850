"""A reading shown a line at a time: any length, a cursor by paragraph or sentence, highlights.

`DocumentView` is a Line API widget (Textual's `ScrollView`): it draws only the lines on
screen, from the document's blocks laid out at the current width (`document_layout`), so
a reading of megabytes costs what one screen costs. Blocks may arrive in pieces
(`append`): the first screen shows while the rest is still being parsed. Text is data:
it is drawn as segments, never read as markup.

The cursor selects a whole paragraph (block) or one sentence; `selection()` gives its
place in the document's plain text, where highlights live too.
"""

from __future__ import annotations

import bisect
import itertools
import time
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from curriculum.library.document import Block, Document, sentences
from tui.widgets.document_layout import READING_WIDTH, Layout, Line

SPAN_STYLES = {
    "bold": "document--bold",
    "italic": "document--italic",
    "code": "document--code",
    "math": "document--math",
    "link": "document--link",
    "ref": "document--dim",
    "image": "document--dim",
    "note": "document--dim",
}
KIND_STYLES = {
    "heading": "document--heading",
    "code": "document--code",
    "math": "document--math",
    "table": "document--code",
    "quote": "document--quote",
    "note": "document--note",
}


@dataclass(frozen=True)
class Cursor:
    """What the cursor selects: a range of one block's text."""

    block: int
    start: int
    end: int
    sentence: bool  # a sentence, else the whole paragraph


class DocumentView(ScrollView, can_focus=True):
    """Blocks of a document, drawn line by line, with a cursor and highlights."""

    COMPONENT_CLASSES = {
        "document--heading",
        "document--bold",
        "document--italic",
        "document--code",
        "document--math",
        "document--link",
        "document--dim",
        "document--quote",
        "document--note",
        "document--highlight",
        "document--cursor",
    }
    DEFAULT_CSS = """
    DocumentView { height: 1fr; }
    DocumentView > .document--heading { text-style: bold; color: $accent; }
    DocumentView > .document--bold { text-style: bold; }
    DocumentView > .document--italic { text-style: italic; }
    DocumentView > .document--code { color: $text-secondary; background: $boost; }
    DocumentView > .document--math { color: $text-secondary; text-style: italic; }
    DocumentView > .document--link { color: $text-primary; text-style: underline; }
    DocumentView > .document--dim { color: $text-muted; }
    DocumentView > .document--quote { color: $text-muted; text-style: italic; }
    DocumentView > .document--note { color: $text-muted; }
    DocumentView > .document--highlight { background: $warning-muted; }
    DocumentView > .document--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    """

    class CursorMoved(Message):
        """The cursor moved (or was cleared)."""

    def __init__(self, *, id: str | None = None, margin: int = 2) -> None:
        super().__init__(id=id)
        self.document = Document()
        self.layout_ = Layout(READING_WIDTH)
        self.margin = margin
        self.cursor: Cursor | None = None
        self.highlights: list[tuple[int, int, int]] = []  # (start, end, id), by start
        self._cache: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}
        self.first_paint: float | None = None  # perf_counter when text was first drawn
        self._anchor: tuple[int, int] | None = None  # (offset, line) put at the top by us

    # -- content -------------------------------------------------------------------------
    def text_width(self) -> int:
        """The width text is wrapped at: the view's, within a comfortable reading width."""
        width = self.scrollable_content_region.width or self.size.width or READING_WIDTH
        return max(min(width - 2 * self.margin, READING_WIDTH), 10)

    def append(self, blocks: list[Block]) -> None:
        """Add blocks parsed from the next piece of the reading."""
        first = len(self.document.blocks)
        self.document.extend(blocks)
        self.layout_.add(blocks, first)
        self._sized()

    def replace(self, document: Document) -> None:
        """Show another document from its start (a new text arrived)."""
        self.document = Document()
        self.cursor = None
        self.layout_ = Layout(self.text_width())
        self.append(document.blocks)
        self.scroll_to(y=0, animate=False)

    def set_highlights(self, places: list[tuple[int, int, int]]) -> None:
        """Mark these (start, end, id) ranges of the plain text."""
        self.highlights = sorted(places)
        self._redraw()

    def _sized(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.layout_.lines))
        self._redraw()

    def _redraw(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self.text_width() == self.layout_.width:
            return
        anchor = self._anchor
        top = anchor[0] if anchor is not None and anchor[1] == self.top_line else self.top_offset()
        self.layout_ = Layout(self.text_width())
        self.layout_.add(self.document.blocks, 0)
        self._sized()
        self.scroll_to_offset(top, center=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    # -- where we are --------------------------------------------------------------------
    @property
    def top_line(self) -> int:
        """The index of the first line on screen."""
        return int(self.scroll_offset.y)

    def top_block(self) -> int:
        """The block at the top of the screen."""
        return self.layout_.block_of_line(self.top_line)

    def top_offset(self) -> int:
        """The plain-text offset of the first line on screen (a place that survives resizes)."""
        if not self.layout_.lines:
            return 0
        line = self.layout_.lines[min(self.top_line, len(self.layout_.lines) - 1)]
        if line.start < 0 and line.block + 1 < len(self.document.blocks):
            return self.document.blocks[line.block + 1].start  # the gap: the next block's
        block = self.document.blocks[line.block]
        return block.start + max(line.start, 0)

    def fraction_read(self) -> float:
        """Words above the bottom of the screen, as a share of all the words (0..1)."""
        total = self.layout_.words
        if not total:
            return 0.0
        if self.top_line + self.size.height >= len(self.layout_.lines):
            return 1.0
        return self.layout_.words_before[self.top_block()] / total

    def section(self) -> str:
        """The title of the section the top of the screen is in."""
        top = self.top_block()
        for index in range(min(top, len(self.document.blocks) - 1), -1, -1):
            block = self.document.blocks[index]
            if block.kind == "heading":
                return block.text
        return ""

    def scroll_to_offset(self, offset: int, center: bool = True) -> None:
        """Scroll so plain-text `offset` is on screen (a third down, or at the top)."""
        if not self.document.blocks:
            return
        block = self.document.block_at(offset)
        line = self.layout_.line_of(block, offset - self.document.blocks[block].start)
        target = max(line - (self.size.height // 3 if center else 0), 0)
        self.scroll_to(y=target, animate=False, force=True)
        self._anchor = None if center else (offset, target)

    # -- the cursor ------------------------------------------------------------------------
    def selection(self) -> tuple[int, int] | None:
        """The cursor's range in the document's plain text."""
        if self.cursor is None:
            return None
        start = self.document.blocks[self.cursor.block].start
        return start + self.cursor.start, start + self.cursor.end

    def _visible(self, block: int) -> bool:
        first = self.layout_.first_line[block]
        return self.top_line <= first < self.top_line + self.size.height

    def _text_blocks(self) -> list[int]:
        return [i for i, b in enumerate(self.document.blocks) if b.kind != "rule" and b.text]

    def move_paragraph(self, step: int) -> None:
        """Select the next (`step` 1) or previous (-1) paragraph; from off-screen, the one at
        the top of the screen."""
        candidates = self._text_blocks()
        if not candidates:
            return
        if self.cursor is None or not self._visible(self.cursor.block):
            top = self.top_block()
            position = bisect.bisect_left(candidates, top)  # the first at or after the top
        else:
            position = bisect.bisect_left(candidates, self.cursor.block) + step
        block = candidates[min(max(position, 0), len(candidates) - 1)]
        self._select(Cursor(block, 0, len(self.document.blocks[block].text), sentence=False))

    def move_sentence(self, step: int) -> None:
        """Select the next (`step` 1) or previous (-1) sentence, across paragraphs."""
        if self.cursor is None or not self._visible(self.cursor.block):
            self.move_paragraph(1 if step > 0 else -1)
            if self.cursor is None:
                return
            self._select_sentence(self.cursor.block, 0 if step > 0 else -1)
            return
        block = self.cursor.block
        parts = sentences(self.document.blocks[block].text)
        if not self.cursor.sentence:
            self._select_sentence(block, 0 if step > 0 else -1)
            return
        index = next((i for i, p in enumerate(parts) if p[0] >= self.cursor.start), 0)
        index += step
        if 0 <= index < len(parts):
            self._select_sentence(block, index)
            return
        candidates = self._text_blocks()
        position = candidates.index(block) + step if block in candidates else -1
        if 0 <= position < len(candidates):
            self._select_sentence(candidates[position], 0 if step > 0 else -1)

    def _select_sentence(self, block: int, index: int) -> None:
        parts = sentences(self.document.blocks[block].text)
        start, end = parts[index]
        self._select(Cursor(block, start, end, sentence=True))

    def _select(self, cursor: Cursor) -> None:
        self.cursor = cursor
        first = self.layout_.line_of(cursor.block, cursor.start)
        last = self.layout_.line_of(cursor.block, max(cursor.end - 1, cursor.start))
        if first < self.top_line or last >= self.top_line + self.size.height:
            self.scroll_to(y=max(first - 2, 0), animate=False, force=True)
        self._redraw()
        self.post_message(self.CursorMoved())

    def select_offset(self, offset: int, sentence: bool = True) -> None:
        """Put the cursor on the sentence (or paragraph) holding plain-text `offset`."""
        if not self.document.blocks:
            return
        block = self.document.block_at(offset)
        local = offset - self.document.blocks[block].start
        text = self.document.blocks[block].text
        if not sentence:
            self._select(Cursor(block, 0, len(text), sentence=False))
            return
        parts = sentences(text)
        index = next((i for i, (s, e) in enumerate(parts) if s <= local < e), 0)
        self._select_sentence(block, index)

    def clear_cursor(self) -> None:
        """No selection."""
        self.cursor = None
        self._redraw()

    def on_click(self, event: events.Click) -> None:
        """A click selects the sentence under it; a second click, its paragraph."""
        index = self.top_line + event.y
        if not 0 <= index < len(self.layout_.lines):
            return
        line = self.layout_.lines[index]
        if line.start < 0:
            return
        column = event.x - self._indent() - len(line.prefix)
        local = min(max(line.start + max(column, 0), line.start), max(line.end - 1, line.start))
        offset = self.document.blocks[line.block].start + local
        self.select_offset(offset, sentence=event.chain < 2)

    # -- drawing ---------------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        """A component's style to lay over the text (a see-through background blended)."""
        if name not in self._styles:
            style = self.get_component_rich_style(name, partial=True)
            if style.bgcolor is not None:  # the full style has the alpha blended in
                style += Style(bgcolor=self.get_component_rich_style(name).bgcolor)
            self._styles[name] = style
        return self._styles[name]

    def _indent(self) -> int:
        width = self.scrollable_content_region.width or self.size.width
        return max((width - self.layout_.width) // 2, self.margin) if width else self.margin

    def render_line(self, y: int) -> Strip:
        index = self.top_line + y
        width = self.scrollable_content_region.width or self.size.width
        if index >= len(self.layout_.lines):
            return Strip.blank(width, self.rich_style)
        strip = self._cache.get(index)
        if strip is None:
            strip = self._render(self.layout_.lines[index], width)
            if self.first_paint is None:
                self.first_paint = time.perf_counter()
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[index] = strip
        return strip

    def _render(self, line: Line, width: int) -> Strip:
        base = self.rich_style
        indent = Segment(" " * self._indent(), base)
        block = self.document.blocks[line.block]
        if line.start < 0:
            return Strip([Segment(" " * width, base)], width).crop(0, width)
        kind = base + self._style(KIND_STYLES[block.kind]) if block.kind in KIND_STYLES else base
        prefix_style = base + self._style("document--dim")
        segments = [indent, Segment(line.prefix, prefix_style if line.prefix else kind)]
        segments += self._text_segments(block, line, kind)
        strip = Strip(segments).adjust_cell_length(width, base)
        return strip

    def _text_segments(self, block: Block, line: Line, kind: Style) -> list[Segment]:
        """A line's text cut where any style starts or stops, each piece styled."""
        marks: list[tuple[int, int, Style]] = [
            (s.start, s.end, self._style(SPAN_STYLES[s.style]))
            for s in block.spans
            if s.style in SPAN_STYLES and s.end > line.start and s.start < line.end
        ]
        marks += self._range_marks(block, line)
        cuts = sorted({line.start, line.end} | {
            min(max(p, line.start), line.end) for s, e, _ in marks for p in (s, e)
        })  # fmt: skip
        segments = []
        for start, end in itertools.pairwise(cuts):
            if end <= start:
                continue
            style = kind
            for s, e, extra in marks:
                if s <= start and end <= e:
                    style = style + extra
            segments.append(Segment(block.text[start:end].replace("\n", " "), style))
        return segments

    def _range_marks(self, block: Block, line: Line) -> list[tuple[int, int, Style]]:
        """Highlights and the cursor over this line, in the block's own offsets."""
        marks = []
        low, high = block.start + line.start, block.start + line.end
        position = bisect.bisect_left(self.highlights, (low - 20_000,))
        for start, end, _ in self.highlights[position:]:
            if start >= high:
                break
            if end > low:
                marks.append(
                    (start - block.start, end - block.start, self._style("document--highlight"))
                )
        if self.cursor is not None and self.cursor.block == line.block:
            marks.append((self.cursor.start, self.cursor.end, self._style("document--cursor")))
        return marks
