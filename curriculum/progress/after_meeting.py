"""After the meeting: keep the brief as it stood, record the advice given, start afresh."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from curriculum.clock import to_iso
from curriculum.errors import ConfigError
from curriculum.progress import advice as advice_store
from curriculum.progress import brief, meetings, stats_report
from curriculum.progress.brief_text import render
from curriculum.progress.meetings import Meeting
from curriculum.store import Database, transaction


def record_meeting(
    db: Database,
    now: datetime,
    advice: list[str],
    held_on: date | None = None,
    tz: tzinfo | None = None,
) -> Meeting:
    """The meeting took place: keep the brief as it stands, record each piece of advice (back
    tomorrow), and start the next brief. One transaction."""
    frame = stats_report.frame(db, now, tz)
    day = held_on or frame.today
    if day > frame.today:
        raise ConfigError(f"{day.isoformat()} is still to come; record a meeting once it is held.")
    snapshot = render(brief.build(db, now, tz=tz))
    with transaction(db):
        meeting_id = meetings.draft_id(db, now)
        db.execute(
            "UPDATE meetings SET held_on = ?, markdown = ?, updated_at = ? WHERE id = ?",
            [day.isoformat(), snapshot, to_iso(now), meeting_id],
        )
        for text in advice:
            advice_store.insert_advice(db, text, meeting_id, frame.today, now)
    found = meetings.last_meeting(db)
    assert found is not None
    return found
