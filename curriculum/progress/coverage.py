"""Concept coverage: your model of AI safety, concept by concept, and its weakest concepts.

Per concept tag: readings done, cards, and the cards' mean probability of recall now. The
queue's ranking favours the weakest concepts, so this module imports nothing from `queue`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from curriculum import store
from curriculum.clock import from_iso
from curriculum.progress import stats
from curriculum.store import Database, settings

DEFAULT_DECAY = 0.1542  # fsrs 6 default parameter w20
PARAMETERS_META_KEY = "fsrs.parameters"


def decay(db: Database) -> float:
    """The FSRS decay parameter in use (optimized parameters when present)."""
    parameters = store.get_meta(db, PARAMETERS_META_KEY)
    if isinstance(parameters, list) and len(parameters) > 20:
        return float(parameters[20])
    return DEFAULT_DECAY


# Each active card's tags, its own and its reading's, unpacked by SQLite (json_each) so no
# JSON is parsed in Python; `+` keeps the planner on a table scan, not the `cards_due` index
# (a lookup per row, twice as slow for a whole-table read).
CARD_TAGS_SQL = """
SELECT c.id, c.stability, c.last_review, t.value
FROM cards c, json_each(c.tags) t WHERE +c.suspended = 0
UNION ALL
SELECT c.id, c.stability, c.last_review, t.value
FROM cards c JOIN items i ON i.id = c.item_id, json_each(i.tags) t
WHERE +c.suspended = 0 AND i.tags != '[]'
"""


# Each read reading's tags, its own and its active cards' (the mirror of CARD_TAGS_SQL).
READ_TAGS_SQL = """
SELECT i.id, t.value FROM items i, json_each(i.tags) t WHERE i.status = 'read'
UNION
SELECT i.id, t.value FROM items i JOIN cards c ON c.item_id = i.id, json_each(c.tags) t
WHERE i.status = 'read' AND +c.suspended = 0
"""


def concept_list(db: Database, now: datetime) -> list[stats.Concept]:
    """The model of AI safety: per concept tag, readings done, cards and mean recall now.

    Readings and cards are linked both ways, and counted the same way: a read reading counts
    once for each of its own tags and its cards' tags; an active card once for each of its
    own tags and its reading's.
    """
    read_tags: dict[int, list[str]] = {}
    for item_id, tag in db.execute(READ_TAGS_SQL):
        read_tags.setdefault(item_id, []).append(tag)
    w20 = decay(db)
    tags: dict[int, set[str]] = {}
    recall: dict[int, float | None] = {}
    for card_id, stability, last, tag in db.execute(CARD_TAGS_SQL):
        if card_id not in tags:
            tags[card_id] = set()
            last_review = from_iso(last) if last else None
            recall[card_id] = stats.retrievability(stability, last_review, now, w20)
        tags[card_id].add(tag)
    cards = [(list(tags[card_id]), recall[card_id]) for card_id in tags]
    return stats.concepts(read_tags.values(), cards)


def weakest_concepts(db: Database, now: datetime, limit: int = 5) -> list[str]:
    """Concept tags to favour in the queue: weak ones (unknown or below target recall) first."""
    desired = float(settings.get(db, "cards.retention"))
    weak = [c.tag for c in concept_list(db, now) if c.is_weak(desired)]
    return weak[:limit]


def concepts_section(db: Database, now: datetime) -> list[dict[str, Any]]:
    """The concept list as JSON, each marked weak or not."""
    desired = float(settings.get(db, "cards.retention"))
    return [
        {
            "tag": c.tag,
            "readings": c.readings,
            "cards": c.cards,
            "recall": None if c.recall is None else round(c.recall, 4),
            "weak": c.is_weak(desired),
        }
        for c in concept_list(db, now)
    ]
