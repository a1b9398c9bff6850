"""`export --format revlog`: the review log as CSV in the shape the FSRS tools read.

Columns: card_id, review_time (Unix milliseconds), review_rating (1-4), review_state (the
card's state before the review: 0 new, 1 learning, 2 review, 3 relearning), review_duration
(milliseconds).
"""

from __future__ import annotations

import csv
import io

from sqlite_utils import Database

from curriculum.clock import from_iso

COLUMNS = ["card_id", "review_time", "review_rating", "review_state", "review_duration"]
STATE_CODES = {"new": 0, "learning": 1, "review": 2, "relearning": 3}


def rows(db: Database) -> list[list[int]]:
    """Every review, by card then time."""
    result = []
    for card_id, at, rating, state, duration in db.execute(
        "SELECT card_id, reviewed_at, rating, json_extract(state_before, '$.state'), duration_ms"
        " FROM review_log ORDER BY card_id, reviewed_at, id"
    ):
        millis = round(from_iso(at).timestamp() * 1000)
        result.append([card_id, millis, rating, STATE_CODES.get(state, 0), duration or 0])
    return result


def export(db: Database) -> str:
    """The CSV text with its header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(db))
    return out.getvalue()
