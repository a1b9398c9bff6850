"""Highlights: passages of a reading kept with their words around them, found again after
the text changes, and the cards written from them.

A highlight stores its quote and a little of the text before and after it (as a Web
Annotation "text quote selector" does), plus where it was last found. When the reading's
text is fetched again or replaced by its whole text, `reanchor` looks for each quote in the
new text — the occurrence whose surroundings match best — and records where it is now, or
that it is not there (the highlight and its cards stay either way).

Matching ignores runs of whitespace and the link numbers the Reader adds (` [3]`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import datetime

from curriculum.clock import to_iso
from curriculum.errors import CurriculumError, NotFoundError
from curriculum.library.document import Document, clean_range
from curriculum.store import Database, transaction
from curriculum.text import strip_controls

CONTEXT = 40  # characters of context kept on each side
MAX_QUOTE = 10_000  # a card side's limit: a quote must fit on a card
_NOISE = re.compile(r"\s*\[\d+\]|\s+")
COLUMNS = "id, item_id, quote, prefix, suffix, anchor_start, anchor_end, created_at"


@dataclass(frozen=True)
class Highlight:
    """A highlighted passage of a reading."""

    id: int
    item_id: int
    quote: str
    prefix: str
    suffix: str
    start: int | None  # plain-text offsets in the reading where it was last found
    end: int | None
    created_at: str
    card_ids: list[int] = field(default_factory=list)

    @property
    def found(self) -> bool:
        """Whether the quote is in the reading's current text."""
        return self.start is not None

    def as_json(self) -> dict[str, object]:
        """The `highlights --json` contract."""
        return {
            "id": self.id,
            "item_id": self.item_id,
            "quote": self.quote,
            "created_at": self.created_at,
            "card_ids": self.card_ids,
            "found": self.found,
        }


class _Normalised:
    """A text with whitespace runs as one space and link numbers removed, mapped back."""

    def __init__(self, text: str) -> None:
        parts: list[str] = []
        self.starts: list[int] = []  # offset in the normalised text of each piece
        self.origins: list[int] = []  # offset in the original text of each piece
        self.literal: list[bool] = []
        size = position = 0
        for match in _NOISE.finditer(text):
            size = self._piece(parts, text[position : match.start()], position, size, True)
            space = " " if match[0].strip() == "" or match[0][-1:] != "]" else ""
            if space and parts and not parts[-1].endswith(" "):
                size = self._piece(parts, " ", match.start(), size, False)
            position = match.end()
        self._piece(parts, text[position:], position, size, True)
        self.text = "".join(parts)

    def _piece(self, parts: list[str], piece: str, origin: int, size: int, literal: bool) -> int:
        if piece:
            parts.append(piece)
            self.starts.append(size)
            self.origins.append(origin)
            self.literal.append(literal)
        return size + len(piece)

    def original(self, index: int) -> int:
        """The original offset of normalised offset `index`."""
        if not self.starts:
            return 0
        k = max(bisect.bisect_right(self.starts, index) - 1, 0)
        return self.origins[k] + (index - self.starts[k] if self.literal[k] else 0)

    def normalised(self, offset: int) -> int:
        """The normalised offset of original offset `offset` (the nearest piece before it)."""
        if not self.origins:
            return 0
        k = max(bisect.bisect_right(self.origins, offset) - 1, 0)
        return self.starts[k] + (offset - self.origins[k] if self.literal[k] else 0)


def normalise(text: str) -> str:
    """Text as matching sees it."""
    return _Normalised(text).text.strip()


def _row(row: tuple[object, ...], card_ids: list[int]) -> Highlight:
    return Highlight(*row, card_ids=card_ids)  # type: ignore[arg-type]


def _cards_of(db: Database, ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for card_id, highlight_id in db.execute(
            f"SELECT id, highlight_id FROM cards WHERE highlight_id IN ({marks}) ORDER BY id",
            chunk,
        ):
            found[int(highlight_id)].append(int(card_id))
    return found


def of_item(db: Database, item_id: int | None = None) -> list[Highlight]:
    """Every highlight (of one reading, or all), in reading order then by time."""
    where, params = ("WHERE item_id = ?", [item_id]) if item_id is not None else ("", [])
    rows = db.execute(
        f"SELECT {COLUMNS} FROM highlights {where}"
        " ORDER BY item_id, anchor_start IS NULL, anchor_start, id",
        params,
    ).fetchall()
    cards = _cards_of(db, [int(r[0]) for r in rows])
    return [_row(r, cards[int(r[0])]) for r in rows]


def count_for(db: Database, item_id: int) -> int:
    """How many highlights a reading has."""
    return int(
        db.execute("SELECT COUNT(*) FROM highlights WHERE item_id = ?", [item_id]).fetchone()[0]
    )


def get(db: Database, highlight_id: int) -> Highlight:
    """One highlight, or NotFoundError."""
    row = db.execute(f"SELECT {COLUMNS} FROM highlights WHERE id = ?", [highlight_id]).fetchone()
    if row is None:
        raise NotFoundError(
            f"There is no highlight with id {highlight_id}; `curriculum highlights` lists them."
        )
    return _row(row, _cards_of(db, [highlight_id])[highlight_id])


def of_card(db: Database, card_id: int) -> Highlight | None:
    """The highlight a card was written from, if any."""
    row = db.execute(
        "SELECT highlight_id FROM cards WHERE id = ? AND highlight_id IS NOT NULL", [card_id]
    ).fetchone()
    return None if row is None else get(db, int(row[0]))


def _context(document: Document, start: int, end: int) -> tuple[str, str]:
    text = document.text
    before = normalise(text[max(0, start - 4 * CONTEXT) : start])[-CONTEXT:]
    after = normalise(text[end : end + 4 * CONTEXT])[:CONTEXT]
    return before, after


def quote_of(document: Document, start: int, end: int) -> str:
    """The words of `document` between two plain-text offsets, as a quote keeps them."""
    first, last = document.block_at(start), document.block_at(max(end - 1, start))
    pieces = []
    for block in document.blocks[first : last + 1]:
        low = max(start, block.start) - block.start
        high = min(end, block.end) - block.start
        if high > low:
            pieces.append(clean_range(block, low, high))
    return strip_controls(" ".join(p for p in pieces if p)).strip()


def add(
    db: Database, item_id: int, document: Document, start: int, end: int, now: datetime
) -> Highlight:
    """Highlight `document.text[start:end]` of a reading; one transaction."""
    quote = quote_of(document, start, end)
    if not quote:
        raise CurriculumError("There is nothing to highlight there; move to some text first.")
    if len(quote) > MAX_QUOTE:
        raise CurriculumError(
            f"A highlight can hold at most {MAX_QUOTE:,} characters (this one has "
            f"{len(quote):,}); highlight a paragraph or a sentence."
        )
    prefix, suffix = _context(document, start, end)
    with transaction(db):
        if not db.execute("SELECT 1 FROM items WHERE id = ?", [item_id]).fetchone():
            raise NotFoundError(
                f"There is no reading with id {item_id}; `curriculum items` lists them."
            )
        cursor = db.execute(
            "INSERT INTO highlights (item_id, quote, prefix, suffix, anchor_start, anchor_end,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [item_id, quote, prefix, suffix, start, end, to_iso(now)],
        )
    return get(db, int(cursor.lastrowid or 0))


def add_quote(
    db: Database, item_id: int, document: Document, quote: str, now: datetime
) -> Highlight:
    """Highlight the first place `quote` appears in the reading's text; a clear error if
    it does not appear."""
    wanted = normalise(strip_controls(quote))
    if not wanted:
        raise CurriculumError("The quote is empty; give the words to highlight with --quote.")
    found = locate(document, wanted, "", "", None)
    if found is None:
        raise CurriculumError(
            "That quote is not in the reading's text; copy it exactly "
            "(`curriculum text ITEM` prints the text)."
        )
    return add(db, item_id, document, *found, now)


def remove(db: Database, highlight_id: int) -> Highlight:
    """Delete a highlight; cards written from it stay (they lose only the link)."""
    highlight = get(db, highlight_id)
    with transaction(db):
        db.execute("UPDATE cards SET highlight_id = NULL WHERE highlight_id = ?", [highlight_id])
        db.execute("DELETE FROM highlights WHERE id = ?", [highlight_id])
    return highlight


def locate(
    document: Document, quote: str, prefix: str, suffix: str, near: int | None
) -> tuple[int, int] | None:
    """Where `quote` is in the document: of all its occurrences, the one whose surroundings
    best match `prefix` and `suffix` (then the nearest to `near`); None if absent."""
    target = normalise(quote)
    if not target:
        return None
    flat = _Normalised(document.text)
    best: tuple[float, int] | None = None
    index = flat.text.find(target)
    seen = 0
    while index >= 0 and seen < 200:
        score = _similarity(flat.text, index, index + len(target), prefix, suffix)
        if near is not None:
            score -= abs(flat.original(index) - near) / max(document.length, 1) / 10
        if best is None or score > best[0]:
            best = (score, index)
        index = flat.text.find(target, index + 1)
        seen += 1
    if best is None:
        return None
    return flat.original(best[1]), flat.original(best[1] + len(target) - 1) + 1


def _similarity(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How many characters of context match on each side (as a fraction of what is kept)."""
    before = text[max(0, start - len(prefix)) : start].rstrip()
    after = text[end : end + len(suffix) + 1].lstrip()
    matched = _common_suffix(before, prefix.rstrip()) + _common_prefix(after, suffix.lstrip())
    return matched / max(len(prefix) + len(suffix), 1)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def anchored(document: Document, highlight: Highlight) -> tuple[int, int] | None:
    """Where a highlight is in this document: where it was, if the words there still match;
    else wherever `locate` finds it."""
    start, end = highlight.start, highlight.end
    if (
        start is not None
        and end is not None
        and end <= document.length
        and normalise(quote_of(document, start, end)) == normalise(highlight.quote)
    ):
        return start, end
    return locate(document, highlight.quote, highlight.prefix, highlight.suffix, start)


def reanchor(db: Database, item_id: int, document: Document) -> list[Highlight]:
    """Find every highlight of a reading again in its (new) text and record where; returns
    the highlights as they are now."""
    found = of_item(db, item_id)
    with transaction(db):
        for highlight in found:
            place = anchored(document, highlight)
            if place != (highlight.start, highlight.end):
                db.execute(
                    "UPDATE highlights SET anchor_start = ?, anchor_end = ? WHERE id = ?",
                    [*(place or (None, None)), highlight.id],
                )
    return of_item(db, item_id)
