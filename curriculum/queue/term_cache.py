"""Each unread reading's terms, kept between rankings (the `rank_terms` table).

Splitting a reading's words and counting them is most of what ranking costs; it depends on
the reading alone, not on the model, so it is done once — when the reading is first ranked,
usually on arrival — and kept as two blobs (`features.term_blobs`). Ranking again after a
retraining reads them back and looks their hashes up in the new model's vocabulary.
Triggers (migration 0014) drop a reading's blobs when its title, summary, authors or feed
change, or when it leaves the unread readings; they are worked out again when needed.
"""

from __future__ import annotations

from collections.abc import Sequence

from curriculum.queue import signals
from curriculum.queue.features import Doc, TermBlobs, term_blobs
from curriculum.store import Database

CHUNK = 500  # ids per SQL IN (...) list


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK)]


def kept(db: Database, ids: Sequence[int]) -> dict[int, TermBlobs]:
    """The kept blobs of those of these readings that have them."""
    found: dict[int, TermBlobs] = {}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT item_id, hashes, counts FROM rank_terms WHERE item_id IN ({marks})"
        found.update({i: (h, c) for i, h, c in db.execute(sql, chunk)})
    return found


def docs(db: Database, ids: Sequence[int]) -> dict[int, Doc]:
    """The readings' fields that the ranking reads (missing readings left out)."""
    found: dict[int, Doc] = {}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT id, title, summary, authors, feed_id FROM items WHERE id IN ({marks})"
        for row in db.execute(sql, chunk):
            found[int(row[0])] = signals.doc_of(*row[1:])
    return found


def authors(db: Database, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The readings' authors, tidied as a Doc holds them."""
    found: dict[int, tuple[str, ...]] = {}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for i, names in db.execute(f"SELECT id, authors FROM items WHERE id IN ({marks})", chunk):
            found[int(i)] = tuple(signals.doc_of("", "", names, None).authors)
    return found


def blobs(db: Database, ids: Sequence[int]) -> tuple[list[int], list[TermBlobs]]:
    """The readings among `ids` that exist, and their blobs: kept ones read back, the others
    worked out and kept (inside the caller's transaction)."""
    found = kept(db, ids)
    missing = [i for i in ids if i not in found]
    if missing:
        texts = docs(db, missing)
        made = dict(zip(texts, term_blobs(list(texts.values())), strict=True))
        db.conn.executemany(
            "INSERT OR REPLACE INTO rank_terms (item_id, hashes, counts) VALUES (?, ?, ?)",
            [(i, h, c) for i, (h, c) in made.items()],
        )
        found.update(made)
    present = [i for i in ids if i in found]
    return present, [found[i] for i in present]
