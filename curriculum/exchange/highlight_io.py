"""Highlights in the JSON export (schema version 2) and back: their own top-level key.

`"highlights": [{"id", "item_id", "quote", "prefix", "suffix", "start", "end", "created_at",
"card_ids"}]` — ids are references inside the file; `card_ids` links the cards written from
each highlight. Importing matches a highlight by its reading and quote (nothing is
duplicated) and restores the links to the cards the import matched or added. Version-1
files have no highlights, and import the same as before.
"""

from __future__ import annotations

from typing import Any

from curriculum.exchange import records as r
from curriculum.library.highlights import MAX_QUOTE
from curriculum.store import Database


def export(db: Database) -> list[dict[str, Any]]:
    """Every highlight with the cards written from it."""
    cards: dict[int, list[int]] = {}
    for card_id, highlight_id in db.execute(
        "SELECT id, highlight_id FROM cards WHERE highlight_id IS NOT NULL ORDER BY id"
    ):
        cards.setdefault(int(highlight_id), []).append(int(card_id))
    rows = db.execute(
        "SELECT id, item_id, quote, prefix, suffix, anchor_start, anchor_end, created_at"
        " FROM highlights ORDER BY id"
    )
    keys = ("id", "item_id", "quote", "prefix", "suffix", "start", "end", "created_at")
    return [
        {**dict(zip(keys, row, strict=True)), "card_ids": cards.get(row[0], [])} for row in rows
    ]


def _card_ids(
    file_cards: list[dict[str, Any]], item_ids: dict[int, int], db: Database
) -> dict[int, int]:
    """File card id → this home's card id, for the cards the import matched or added."""
    found: dict[int, int] = {}
    for card in file_cards:
        file_id, item = card.get("id"), card.get("item_id")
        if not isinstance(file_id, int) or not isinstance(item, int) or item not in item_ids:
            continue
        row = db.execute(
            "SELECT id FROM cards WHERE item_id = ? AND front = ? AND cloze_index IS ?",
            [item_ids[item], r.body(card, "front", "cards"), card.get("cloze_index")],
        ).fetchone()
        if row is not None:
            found[file_id] = int(row[0])
    return found


def _record(record: dict[str, Any], where: str, item_ids: dict[int, int]) -> dict[str, Any]:
    item = r.integer(record, "item_id", where, None)
    if item is None or item not in item_ids:
        raise r.fail(where, "names a reading that is not in the file's 'items'")
    quote = " ".join(r.body(record, "quote", where).split())
    if not quote:
        raise r.fail(where, "has no 'quote'")
    if len(quote) > MAX_QUOTE:
        raise r.fail(where, f"has a 'quote' longer than {MAX_QUOTE:,} characters")
    start, end = r.integer(record, "start", where, None), r.integer(record, "end", where, None)
    if start is None or end is None or not 0 <= start < end:
        start = end = None
    cards = record.get("card_ids") or []
    if not isinstance(cards, list) or not all(
        isinstance(c, int) and not isinstance(c, bool) for c in cards
    ):
        raise r.fail(where, "has 'card_ids' that are not a list of whole numbers")
    return {
        "file_id": r.identifier(record, "id", where),
        "item_id": item_ids[item],
        "quote": quote,
        "prefix": r.body(record, "prefix", where)[-200:],
        "suffix": r.body(record, "suffix", where)[:200],
        "start": start,
        "end": end,
        "created_at": r.stamp(record, "created_at", where),
        "card_ids": cards,
    }


def import_highlights(
    db: Database,
    document: dict[str, Any],
    item_ids: dict[int, int],
    stamp: str,
    highlight_ids: dict[int, int] | None = None,
) -> int:
    """Merge the file's highlights (call inside the import's transaction); returns how many
    were added. `highlight_ids`, when given, receives the file's highlight id → this home's."""
    found = [
        _record(record, f"highlights[{n}]", item_ids)
        for n, record in enumerate(r.records(document, "highlights"))
    ]
    if not found:
        return 0
    cards = _card_ids(r.records(document, "cards"), item_ids, db)
    added = 0
    for h in found:
        row = db.execute(
            "SELECT id FROM highlights WHERE item_id = ? AND quote = ?", [h["item_id"], h["quote"]]
        ).fetchone()
        if row is None:
            cursor = db.execute(
                "INSERT INTO highlights (item_id, quote, prefix, suffix, anchor_start, anchor_end,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [h["item_id"], h["quote"], h["prefix"], h["suffix"], h["start"], h["end"],
                 h["created_at"] or stamp],
            )  # fmt: skip
            highlight_id, added = int(cursor.lastrowid or 0), added + 1
        else:
            highlight_id = int(row[0])
        if highlight_ids is not None and h["file_id"] is not None:
            highlight_ids[h["file_id"]] = highlight_id
        for file_card in h["card_ids"]:
            if file_card in cards:
                db.execute(
                    "UPDATE cards SET highlight_id = ? WHERE id = ? AND highlight_id IS NULL",
                    [highlight_id, cards[file_card]],
                )
    return added
