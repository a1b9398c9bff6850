"""Plans and planned days off in the JSON export (schema version 2) and back.

`"plans": [{"id", "text", "by_day", "estimate_minutes", "forecast_day", "pace_minutes",
"overrun", "surprised", "created_at", "created_day", "outcome", "actual_minutes",
"closed_at", "asked_on"}]` — each plan with Curriculum's forecast when it was made and, once
closed, what happened, so the calibration record (plans met, the median overrun) survives a
restore. `"days_off": [{"day", "created_at"}]`. Importing matches a plan by its goal and
date and a day off by its day: nothing is duplicated. A plan open here that the file closed
is closed here too; otherwise what the home has wins. Version-1 files have neither.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from curriculum.clock import from_iso, study_day, to_iso
from curriculum.exchange import records as r
from curriculum.exchange.card_import import IdPool
from curriculum.exchange.mentor_io import insert_row
from curriculum.queue import plans
from curriculum.queue.calibration import OUTCOMES
from curriculum.store import Database, settings

PLAN_KEYS = ("id", "text", "by_day", "estimate_minutes", "forecast_day", "pace_minutes",
             "overrun", "surprised", "created_at", "created_day", "outcome", "actual_minutes",
             "closed_at", "asked_on")  # fmt: skip
MAX_PACE = 24 * 60.0  # reading minutes a day
MAX_OVERRUN = 1_000.0  # actual time over the estimate


def export_plans(db: Database) -> list[dict[str, Any]]:
    """Every plan, open or closed, as stored."""
    result = []
    for row in db.execute(f"SELECT {', '.join(PLAN_KEYS)} FROM plans ORDER BY id"):
        plan = dict(zip(PLAN_KEYS, row, strict=True))
        plan["surprised"] = None if plan["surprised"] is None else bool(plan["surprised"])
        result.append(plan)
    return result


def export_days_off(db: Database) -> list[dict[str, Any]]:
    """Every planned day off."""
    rows = db.execute("SELECT day, created_at FROM days_off ORDER BY day")
    return [{"day": day, "created_at": created} for day, created in rows]


def _surprised(record: dict[str, Any], where: str) -> int | None:
    value = record.get("surprised")
    if value is None:
        return None
    if not isinstance(value, bool):
        raise r.fail(where, "has a 'surprised' that is not true, false or null")
    return int(value)


def _required_day(record: dict[str, Any], key: str, where: str) -> str:
    value = r.day(record, key, where)
    if value is None:
        raise r.fail(where, f"has no '{key}'")
    return value


def _plan(record: dict[str, Any], where: str, stamp: str, starts: time) -> dict[str, Any]:
    outcome = r.choice(record, "outcome", where, OUTCOMES)
    created = r.stamp(record, "created_at", where) or stamp
    made_on = study_day(from_iso(created), starts).isoformat()
    actual = r.integer(record, "actual_minutes", where, None, 0, plans.MAX_ESTIMATE)
    closed_at = r.stamp(record, "closed_at", where)
    closed = outcome is not None
    return {
        "text": r.text(record, "text", where, required=True, limit=plans.MAX_TEXT),
        "by_day": _required_day(record, "by_day", where),
        "estimate_minutes": r.integer(record, "estimate_minutes", where, None, 1,
                                      plans.MAX_ESTIMATE),
        "forecast_day": r.day(record, "forecast_day", where),
        "pace_minutes": r.number(record, "pace_minutes", where, 0.0, MAX_PACE),
        "overrun": r.number(record, "overrun", where, 0.0, MAX_OVERRUN),
        "surprised": _surprised(record, where),
        "created_at": created,
        "created_day": r.day(record, "created_day", where) or made_on,
        "outcome": outcome,
        "actual_minutes": actual if closed else None,
        "closed_at": closed_at if closed else None,
        "asked_on": r.day(record, "asked_on", where),
    }  # fmt: skip


def import_plans(db: Database, document: dict[str, Any], stamp: str) -> int:
    """Merge the file's plans (inside the import's transaction); returns how many were
    added."""
    records = r.records(document, "plans")
    starts = settings.day_starts(db)
    found = [_plan(record, f"plans[{n}]", stamp, starts) for n, record in enumerate(records)]
    ids = IdPool(db, "plans")
    known = {(text, by): pid for pid, text, by in db.execute(
        "SELECT id, text, by_day FROM plans"
    )}  # fmt: skip
    added = 0
    for n, (record, plan) in enumerate(zip(records, found, strict=True)):
        key = (plan["text"], plan["by_day"])
        if key not in known:
            file_id = r.identifier(record, "id", f"plans[{n}]")
            known[key] = insert_row(db, "plans", {**plan, "id": ids.take(file_id)})
            added += 1
        elif plan["outcome"] is not None:
            db.execute(
                "UPDATE plans SET outcome = ?, actual_minutes = ?, closed_at = ? WHERE id = ?"
                " AND outcome IS NULL",
                [plan["outcome"], plan["actual_minutes"], plan["closed_at"], known[key]],
            )
    return added


def import_days_off(db: Database, document: dict[str, Any], now: datetime) -> int:
    """Add the file's days off this home lacks; returns how many were added."""
    rows = []
    for n, record in enumerate(r.records(document, "days_off")):
        where = f"days_off[{n}]"
        day = _required_day(record, "day", where)
        rows.append((day, r.stamp(record, "created_at", where) or to_iso(now)))
    before = db.execute("SELECT COUNT(*) FROM days_off").fetchone()[0]
    db.conn.executemany("INSERT OR IGNORE INTO days_off (day, created_at) VALUES (?, ?)", rows)
    return int(db.execute("SELECT COUNT(*) FROM days_off").fetchone()[0] - before)
