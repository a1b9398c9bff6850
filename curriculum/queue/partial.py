"""Partial reading, as in incremental reading: stop for now, keep the place, finish later.

"Later" (`actions.later`) leaves a reading unfinished — neither read nor skipped — at the
position the reader stopped, and brings it back on the next study day. The share already
read is credited to today's minutes (a reading-log `session` row whose `minutes` is that
share of the estimate); on a later day the reading counts only the minutes still left,
and marking it read credits the rest. Over all its days a reading counts its estimate once.
"""

from __future__ import annotations

from curriculum.store import Database

# Minutes of a reading credited by partial reads since it was last marked read.
CREDITED_SQL = """COALESCE((SELECT SUM(pr.minutes) FROM reading_log pr
    WHERE pr.item_id = {item} AND pr.event = 'session' AND pr.minutes > 0
      AND pr.at > COALESCE((SELECT MAX(rr.at) FROM reading_log rr
                            WHERE rr.item_id = {item} AND rr.event = 'read'), '')), 0)"""


def remaining_sql(item: str = "i") -> str:
    """SQL for the minutes a reading still counts: its estimate less what was credited."""
    credited = CREDITED_SQL.format(item=f"{item}.id")
    return f"MAX(1, {item}.minutes - {credited})"


def credited_minutes(db: Database, item_id: int) -> int:
    """Minutes of a reading already credited by partial reads (since it was last read)."""
    row = db.execute(f"SELECT {CREDITED_SQL.format(item='?')}", [item_id, item_id]).fetchone()
    return int(row[0] or 0)


def credit_for(minutes: int, fraction: float, credited: int) -> int:
    """Minutes to credit now for having read `fraction` of a reading of `minutes`."""
    share = round(max(0.0, min(fraction, 1.0)) * max(minutes, 0))
    return max(share - credited, 0)
