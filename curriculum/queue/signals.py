"""The reader's own signals, read from the store as labels for the learned ranking.

Liked: read (done), carded, highlighted, kept in the Inbox or given a higher priority, or
opened and read for a while. Not liked: skipped, dismissed in the Inbox, or given a lower
priority. Until there are enough of these, the active track's readings and the concepts
chosen at the first launch (`ranking.interests`) stand in as liked readings, with a weight
that shrinks as the reader's own likes grow.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from curriculum.library.concepts import CONCEPTS
from curriculum.queue.features import Doc
from curriculum.store import Database, settings

READ_A_WHILE_SECONDS = 120  # an opened reading read this long counts as liked
ENOUGH_LIKED = 10  # own likes from which the stand-ins no longer count
CARDED_WEIGHT = 1.5  # writing cards about a reading says more than finishing it
WHILE_WEIGHT = 0.7  # time in the Reader says less than a verdict


@dataclass(frozen=True)
class Label:
    """One reading's verdict: liked or not, how much it counts, and the signal behind it."""

    item_id: int
    liked: bool
    weight: float
    signal: str  # carded, highlighted, read, skipped, dismissed, lowered, kept, raised, opened


@dataclass(frozen=True)
class StandIn:
    """A liked example standing in for the reader's own: a track reading or an interest."""

    doc: Doc
    weight: float
    source: str  # "track" or "interest"


SIGNALS_SQL = """
SELECT i.id, i.status, i.priority, i.triage,
       EXISTS (SELECT 1 FROM cards c WHERE c.item_id = i.id) AS carded,
       EXISTS (SELECT 1 FROM highlights h WHERE h.item_id = i.id) AS highlighted,
       COALESCE((SELECT SUM(r.seconds) FROM reading_log r
                 WHERE r.item_id = i.id AND r.event = 'session'), 0) AS seconds
FROM items i
WHERE i.status IN ('read', 'skipped') OR i.priority != 0 OR i.triage IS NOT NULL
   OR i.id IN (SELECT item_id FROM cards WHERE item_id IS NOT NULL)
   OR i.id IN (SELECT item_id FROM reading_log WHERE event = 'session' AND item_id IS NOT NULL)
   OR i.id IN (SELECT item_id FROM highlights)
ORDER BY i.id
"""


def _verdict(row: tuple[object, ...]) -> tuple[bool, float, str] | None:
    """The strongest signal of one reading (first match wins)."""
    _, status, priority, triage, carded, highlighted, seconds = row
    if carded:
        return True, CARDED_WEIGHT, "carded"
    if highlighted:
        return True, CARDED_WEIGHT, "highlighted"
    if status == "read":
        return True, 1.0, "read"
    if triage == "dismissed":
        return False, 1.0, "dismissed"
    if status == "skipped":
        return False, 1.0, "skipped"
    if int(priority) < 0:  # type: ignore[call-overload]
        return False, 1.0, "lowered"
    if triage == "kept":
        return True, 1.0, "kept"
    if int(priority) > 0:  # type: ignore[call-overload]
        return True, 1.0, "raised"
    if int(seconds) >= READ_A_WHILE_SECONDS:  # type: ignore[call-overload]
        return True, WHILE_WEIGHT, "opened"
    return None


def labels(db: Database) -> list[Label]:
    """Every reading the reader has given a signal about, in id order."""
    found = []
    for row in db.execute(SIGNALS_SQL):
        verdict = _verdict(row)
        if verdict is not None:
            found.append(Label(int(row[0]), *verdict))
    return found


def interests(db: Database) -> list[str]:
    """The concepts (or words) the reader said they care about."""
    text = str(settings.get(db, "ranking.interests") or "")
    return [part.strip() for part in text.split(",") if part.strip()]


def interest_doc(interest: str) -> Doc:
    """A made-up reading about one interest: a known concept brings its signal phrases."""
    phrases = CONCEPTS.get(interest.lower(), ())
    return Doc(title=interest, summary=" ".join(phrases))


def standin_weight(liked: int) -> float:
    """How much each stand-in counts, given the reader's own likes (1 with none, 0 at enough)."""
    return max(0.0, 1.0 - liked / ENOUGH_LIKED)


def track_docs(db: Database) -> list[tuple[int, Doc]]:
    """The active tracks' readings as (id, Doc)."""
    rows = db.execute(
        "SELECT DISTINCT i.id, i.title, i.summary, i.authors, i.feed_id FROM track_items ti"
        " JOIN tracks t ON t.id = ti.track_id AND t.active = 1"
        " JOIN items i ON i.id = ti.item_id ORDER BY i.id"
    ).fetchall()
    return [(int(r[0]), doc_of(r[1], r[2], r[3], r[4])) for r in rows]


def standins(db: Database, liked: int, labelled: set[int]) -> list[StandIn]:
    """The stand-ins for a reader with `liked` own likes (none once there are enough);
    track readings that already carry a signal are left out."""
    weight = standin_weight(liked)
    if weight <= 0:
        return []
    found = [StandIn(interest_doc(i), weight, "interest") for i in interests(db)]
    found += [
        StandIn(doc, weight, "track") for item_id, doc in track_docs(db) if item_id not in labelled
    ]
    return found


def doc_of(title: object, summary: object, authors: object, feed_id: object) -> Doc:
    """A Doc from an items row's title, summary, authors (JSON) and feed id."""
    try:
        names = json.loads(str(authors or "[]"))
    except ValueError:
        names = []
    if not isinstance(names, list):
        names = []
    return Doc(
        title=str(title or ""),
        summary=str(summary or ""),
        authors=tuple(str(n) for n in names),  # tidied by Doc
        feed_id=int(feed_id) if feed_id is not None else None,  # type: ignore[call-overload]
    )


def digest(found: list[Label], stand: list[StandIn], corpus_size: int) -> str:
    """A fingerprint of what a model would learn from: the labels, the stand-ins, and the
    library's order of magnitude (a library that doubled deserves a new vocabulary)."""
    text = json.dumps(
        [
            [(x.item_id, x.liked, x.weight) for x in found],
            [(s.doc.title, s.weight, s.source) for s in stand],
            corpus_size.bit_length(),
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]
