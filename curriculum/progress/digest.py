"""`curriculum digest`: Markdown of what was read since a day, for a weekly mentor meeting.

Readings done (title, link, source), the key ideas written for each (card fronts and
backs) and the passages highlighted in it, counts (readings, minutes, key ideas,
highlights, reviews) and the streak. Quotes are escaped, so page text never becomes links
or HTML in the digest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from curriculum.cards import cloze
from curriculum.clock import day_start, to_iso
from curriculum.library import markdown_text as md
from curriculum.progress import stats_report
from curriculum.store import Database
from curriculum.text import clean_line, plural

SOURCE = (
    "COALESCE(f.name, (SELECT t.name FROM track_items ti JOIN tracks t ON t.id = ti.track_id"
    " WHERE ti.item_id = i.id ORDER BY t.id LIMIT 1), '')"
)
# The readings marked read since a moment (`?`), oldest first: the digest's and the brief's.
READ_SINCE = (
    " FROM items i LEFT JOIN feeds f ON f.id = i.feed_id"
    " WHERE i.status = 'read' AND i.read_at >= ? ORDER BY i.read_at, i.id"
)


@dataclass(frozen=True)
class Reading:
    """A reading done in the period, with its key ideas."""

    id: int
    title: str
    url: str | None
    source: str
    authors: list[str]
    minutes: int
    read_on: str  # the study day
    ideas: list[tuple[str, str]]  # question, answer, as Markdown
    quotes: tuple[str, ...] = ()  # what was highlighted in it


def readings(db: Database, start: str, frame: stats_report.Frame) -> list[Reading]:
    """Readings marked read since `start`, oldest first."""
    rows = db.execute(
        f"SELECT i.id, i.title, i.url, {SOURCE}, i.authors, i.minutes, i.read_at{READ_SINCE}",
        [start],
    ).fetchall()
    ideas = _ideas(db, [row[0] for row in rows])
    quotes = _quotes(db, [row[0] for row in rows])
    return [
        Reading(
            iid,
            clean_line(t),
            url,
            clean_line(s),
            json.loads(a),
            m,
            frame.day_of(at).isoformat(),
            ideas.get(iid, []),
            tuple(quotes.get(iid, [])),
        )
        for iid, t, url, s, a, m, at in rows
    ]


def _quotes(db: Database, item_ids: list[int]) -> dict[int, list[str]]:
    """The highlighted passages of these readings, in reading order."""
    result: dict[int, list[str]] = {}
    wanted = set(item_ids)
    for item_id, quote in db.execute(
        "SELECT item_id, quote FROM highlights ORDER BY item_id, anchor_start IS NULL,"
        " anchor_start, id"
    ):
        if item_id in wanted:
            result.setdefault(item_id, []).append(quote)
    return result


def _ideas(db: Database, item_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    result: dict[int, list[tuple[str, str]]] = {}
    wanted = set(item_ids)
    for item_id, kind, front, back in db.execute(
        "SELECT item_id, kind, front, back FROM cards WHERE item_id IS NOT NULL ORDER BY id"
    ):
        if item_id not in wanted:
            continue
        if kind == "cloze":
            shown = cloze.reveal_all(front, md.emphasis("**"), md.piece)
            pair = (shown.strip(), md.inline(back))
        else:
            pair = (md.inline(front), md.inline(back))
        if pair not in result.setdefault(item_id, []):
            result[item_id].append(pair)
    return result


def _hours(minutes: int) -> str:
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def highlights_made(db: Database, start: str) -> int:
    """Highlights made since `start`."""
    return int(
        db.execute("SELECT COUNT(*) FROM highlights WHERE created_at >= ?", [start]).fetchone()[0]
    )


def counts(db: Database, start: str) -> tuple[int, int, int]:
    """Key ideas written, reviews done and reviews passed since `start`."""
    cards = db.execute("SELECT COUNT(*) FROM cards WHERE created_at >= ?", [start]).fetchone()[0]
    reviews, passed = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(rating >= 2), 0) FROM review_log WHERE reviewed_at >= ?",
        [start],
    ).fetchone()
    return int(cards), int(reviews), int(passed)


def render_reading(reading: Reading) -> list[str]:
    """One reading's section."""
    lines = [f"### {md.link(reading.title, reading.url)}", ""]
    byline = [md.inline(reading.source), md.inline(", ".join(reading.authors))]
    byline.append(f"{reading.minutes} min")
    lines += [" · ".join(p for p in byline if p) + f" · read {reading.read_on}", ""]
    if reading.ideas:
        lines += [f"- **{q}** — {a}" if a else f"- {q}" for q, a in reading.ideas]
    else:
        lines.append("- _No key ideas written yet._")
    for quote in reading.quotes:
        lines += ["", f"> {md.inline(quote)}"]
    return [*lines, ""]


def digest(db: Database, now: datetime, since: date | None = None, tz: tzinfo | None = None) -> str:
    """The digest as Markdown, from the start of study day `since` (default: 7 days ago)."""
    frame = stats_report.frame(db, now, tz)
    first = since or frame.today - timedelta(days=6)
    start = to_iso(day_start(first, frame.day_starts, tz))
    done = readings(db, start, frame)
    cards, reviews, passed = counts(db, start)
    streak = stats_report.reading_section(db, frame)["streak"]
    minutes = sum(r.minutes for r in done)
    lines = [f"# Reading digest: {first.isoformat()} to {frame.today.isoformat()}", ""]
    share = f" ({round(100 * passed / reviews)}% passed)" if reviews else ""
    lines += [
        f"- Readings: {len(done)} ({_hours(minutes)})",
        f"- Key ideas written: {cards}",
        f"- Passages highlighted: {highlights_made(db, start)}",
        f"- Reviews: {reviews}{share}",
        f"- Streak: {plural(streak['current'], 'day')} (longest {streak['longest']})",
        "",
        "## Readings",
        "",
    ]
    for reading in done:
        lines += render_reading(reading)
    if not done:
        lines += ["_Nothing read in this period._", ""]
    return "\n".join(lines).rstrip() + "\n"
