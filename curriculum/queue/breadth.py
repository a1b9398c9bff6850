"""Breadth on purpose: the day's feed readings are not all of one kind.

Mentors say to read widely, and that returns fall after the first dozen or two posts of one
author. So, after ranking:

- every Nth feed place of a day (`daily.breadth_every`, 3 by default; 0 turns it off) goes
  to the best reading on the least-covered concept — the concept with the fewest readings
  done among those the unread feed readings are about;
- one feed or one author fills at most `daily.per_source` feed places a day (2 by default).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from curriculum.queue.picking import Candidate, FeedReading
from curriculum.store import Database, settings

FEED_REASONS = ("feed", "weak", "breadth", "more")  # queue reasons that fill a feed place
CHUNK = 500


def per_source(db: Database) -> int:
    """The most feed readings one feed or one author may fill in a day."""
    return int(settings.get(db, "daily.per_source"))


def _authors(db: Database, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, tuple[str, ...]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        marks = ", ".join("?" for _ in chunk)
        for item_id, text in db.execute(
            f"SELECT id, authors FROM items WHERE id IN ({marks})", chunk
        ):
            found[int(item_id)] = _names(text)
    return found


def _names(text: str | None) -> tuple[str, ...]:
    try:
        names = json.loads(text or "[]")
    except ValueError:
        return ()
    if not isinstance(names, list):
        return ()
    return tuple(dict.fromkeys(" ".join(str(n).lower().split()) for n in names if str(n).strip()))


def _today(db: Database, day: str) -> list[tuple[int, str | None]]:
    marks = ", ".join("?" for _ in FEED_REASONS)
    rows = db.execute(
        f"SELECT q.item_id, i.authors FROM queue q JOIN items i ON i.id = q.item_id"
        f" WHERE q.day = ? AND q.reason IN ({marks})",
        [day, *FEED_REASONS],
    ).fetchall()
    return [(int(r[0]), r[1]) for r in rows]


def cap_authors(
    readings: Iterable[FeedReading],
    authors: dict[int, tuple[str, ...]],
    taken: Counter[str],
    cap: int,
) -> list[FeedReading]:
    """The readings in order, leaving out those by an author who already fills `cap` places
    (counting `taken`, today's, and those kept before them)."""
    counts = Counter(taken)
    kept = []
    for reading in readings:
        names = authors.get(reading.id, ())
        if any(counts[name] >= cap for name in names):
            continue
        counts.update(names)
        kept.append(reading)
    return kept


def coverage(db: Database) -> Counter[str]:
    """Readings done per concept tag."""
    rows = db.execute(
        "SELECT t.value, COUNT(*) FROM items i, json_each(i.tags) t"
        " WHERE i.status = 'read' GROUP BY t.value"
    )
    return Counter({str(tag): int(count) for tag, count in rows})


def _least_covered(readings: Sequence[FeedReading], covered: Counter[str]) -> str | None:
    """The concept with the fewest readings done among those `readings` are about; ties go
    to the concept whose best reading comes first."""
    first: dict[str, int] = {}
    for position, reading in enumerate(readings):
        for tag in reading.tags:
            first.setdefault(tag, position)
    if not first:
        return None
    return min(first, key=lambda tag: (covered[tag], first[tag]))


def with_breadth(
    readings: Sequence[FeedReading], every: int, start: int, covered: Counter[str]
) -> tuple[list[FeedReading], dict[int, str]]:
    """The readings with every `every`th feed place (counting from `start` places already
    filled today) given to the best reading on the least-covered concept (readings placed
    before it count as covering their concepts); returns the new order and the concept of
    each reading placed so."""
    order = list(readings)
    chosen: dict[int, str] = {}
    covered = Counter(covered)
    if every <= 0:
        return order, chosen
    for index in range(len(order)):
        if (start + index + 1) % every == 0:
            concept = _least_covered(order[index:], covered)
            if concept is None:
                break
            pick = next(n for n in range(index, len(order)) if concept in order[n].tags)
            order.insert(index, order.pop(pick))
            chosen[order[index].id] = concept
        covered.update(order[index].tags)
    return order, chosen


def diversify(
    db: Database, ranked: Sequence[FeedReading], day: str
) -> tuple[list[FeedReading], dict[int, str]]:
    """Today's ranked feed readings with the author cap and the breadth places applied."""
    today = _today(db, day)
    taken: Counter[str] = Counter()
    for _, text in today:
        taken.update(_names(text))
    authors = _authors(db, [r.id for r in ranked])
    kept = cap_authors(ranked, authors, taken, per_source(db))
    every = int(settings.get(db, "daily.breadth_every"))
    if every <= 0 or not kept:
        return kept, {}
    return with_breadth(kept, every, len(today), coverage(db))


def marked(chosen: Sequence[Candidate], breadth: dict[int, str]) -> list[Candidate]:
    """Candidates placed for breadth carry the reason `breadth` and their concept."""
    return [
        replace(c, reason="breadth", concept=breadth[c.id]) if c.id in breadth else c
        for c in chosen
    ]
