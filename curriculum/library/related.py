"""Related readings: the readings in the library most like a given one ("more like this").

The reading's most distinctive words (frequent in it, rare in the library: tf·idf, with the
document frequencies read from the full-text index's own vocabulary) become one full-text
query, and the index's bm25 ranks the answers, a title match weighing most. Nothing is
trained and nothing new is stored, so it works from the first reading and costs a few
milliseconds.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from curriculum.errors import NotFoundError
from curriculum.library import terms
from curriculum.library.items import SOURCE_SQL
from curriculum.store import Database

QUERY_TERMS = 12  # distinctive words asked for
SHOWN_TERMS = 3  # shared words shown as the reason
TITLE_WEIGHT = 3  # a word in the title counts this many times
VOCAB_TABLE = "temp.curriculum_items_vocab"


@dataclass(frozen=True)
class Related:
    """A reading like another, and the words they share."""

    id: int
    title: str
    source: str
    status: str
    shared: list[str]

    def as_json(self) -> dict[str, object]:
        """The `related --json` shape."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "status": self.status,
            "shared": self.shared,
        }


def words(text: str) -> list[str]:
    """The content words of a text (three letters or more), lower-cased."""
    return [w for w in terms.words(text) if len(w) > 2]


def _document_frequencies(db: Database, terms: list[str]) -> tuple[dict[str, int], int]:
    db.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} USING fts5vocab(main, items_fts, 'row')"
    )
    marks = ", ".join("?" for _ in terms)
    found = db.execute(f"SELECT term, doc FROM {VOCAB_TABLE} WHERE term IN ({marks})", terms)
    total = int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    return {str(t): int(n) for t, n in found}, total


def distinctive(db: Database, title: str, summary: str, limit: int = QUERY_TERMS) -> list[str]:
    """A reading's most distinctive words, most distinctive first."""
    counts = Counter(words(summary))
    for word in words(title):
        counts[word] += TITLE_WEIGHT
    if not counts:
        return []
    df, total = _document_frequencies(db, list(counts))

    def weight(term: str) -> float:
        seen = df.get(term, 0)
        if seen <= 1 and total > 1:  # only in this reading: a typo or a name, not a topic
            return 0.0
        return (1 + math.log(counts[term])) * math.log((total + 1) / (seen + 1))

    ranked = sorted(counts, key=lambda t: (-weight(t), t))
    return [t for t in ranked[:limit] if weight(t) > 0]


def related(db: Database, item_id: int, limit: int = 8) -> list[Related]:
    """The readings most like `item_id` (skipped ones left out), best first."""
    row = db.execute("SELECT title, summary FROM items WHERE id = ?", [item_id]).fetchone()
    if row is None:
        raise NotFoundError(
            f"There is no reading with id {item_id}; `curriculum items` lists them."
        )
    terms = distinctive(db, row[0] or "", row[1] or "")
    if not terms:
        return []
    query = " OR ".join(f'"{t}"' for t in terms)
    found = db.execute(
        f"""
        SELECT i.id, i.title, {SOURCE_SQL}, i.status, i.summary
        FROM items_fts JOIN items i ON i.id = items_fts.rowid
        LEFT JOIN feeds f ON f.id = i.feed_id
        WHERE items_fts MATCH ? AND items_fts.rowid != ? AND i.status != 'skipped'
        ORDER BY bm25(items_fts, 5.0, 1.0, 1.0), i.id LIMIT ?
        """,
        [query, item_id, limit],
    ).fetchall()
    chosen = set(terms)
    result = []
    for other_id, title, source, status, summary in found:
        theirs = set(words(f"{title} {summary}"))
        shared = [t for t in terms if t in theirs and t in chosen][:SHOWN_TERMS]
        result.append(Related(int(other_id), str(title), str(source), str(status), shared))
    return result
