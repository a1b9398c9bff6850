"""`export --format revlog`: the review log as CSV in the shape the FSRS tools read.

Columns: card_id, review_time (Unix milliseconds), review_rating (1-4), review_state (the
card's state before the review: 0 new, 1 learning, 2 review, 3 relearning), review_duration
(milliseconds).

The FSRS tools count reviews in days, which start at a local hour: with `--out FILE` a
sidecar `FILE` with the suffix `.json` says which (`timezone`, the IANA name when known;
`utc_offset`; `next_day_starts_at`, the hour the optimizer asks for; `day_starts`).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from curriculum.clock import from_iso, to_iso
from curriculum.exchange import json_v2
from curriculum.store import Database

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


def sidecar(db: Database, now: datetime) -> dict[str, Any]:
    """The timezone and day start the reviews are to be counted in, for the FSRS tools."""
    day = json_v2.study_day(db, now)
    hours, minutes = (int(x) for x in str(day["day_starts"]).split(":"))
    return {
        "timezone": day["timezone"],
        "utc_offset": day["utc_offset"],
        "next_day_starts_at": hours if not minutes else round(hours + minutes / 60, 2),
        "day_starts": day["day_starts"],
        "columns": COLUMNS,
        "review_time": "Unix milliseconds (UTC)",
        "exported_at": to_iso(now),
    }


def sidecar_path(out: Path) -> Path:
    """Where the sidecar of an export to `out` goes: same name, `.json` suffix."""
    return (
        out.with_suffix(".json") if out.suffix.lower() != ".json" else out.with_suffix(".day.json")
    )


def write_sidecar(db: Database, out: Path, now: datetime) -> Path:
    """Write the sidecar next to the CSV; returns its path."""
    path = sidecar_path(out)
    path.write_text(json.dumps(sidecar(db, now), indent=2) + "\n", encoding="utf-8")
    return path
