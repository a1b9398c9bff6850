"""Keeping a newly fetched text: store it, then find the reading's highlights again in it."""

from __future__ import annotations

from datetime import datetime

from curriculum.library import highlights, items, reader_text, texts
from curriculum.store import Database, transaction


def keep(
    db: Database, text: texts.ReadingText, now: datetime, wpm: float | None = None
) -> texts.ReadingText:
    """Store a fetched text (`texts.save`) and re-anchor the reading's highlights in what
    the Reader will now show; one transaction (the new text is parsed before it starts)."""
    document = None
    if text.whole and highlights.count_for(db, text.item_id):
        document = reader_text.reader_document(items.get_item(db, text.item_id), text)
    with transaction(db):
        kept = texts.save(db, text, now, wpm)
        if document is not None and kept.markdown == text.markdown:
            highlights.reanchor(db, text.item_id, document)
    return kept
