"""Today's reading queue: chosen once per study day and stored; adjusted when targets change.

The order of a new day, the carry-over rule and ranking live in `candidates` and `picking`;
this module applies them to the store. Reading `today` the first time in a day writes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from curriculum.clock import study_day, to_iso
from curriculum.errors import NotFoundError
from curriculum.queue import breadth, candidates, forecast, partial, streaks
from curriculum.queue.picking import (
    Candidate,
    Progress,
    Targets,
    feed_top_up,
    fill,
    met,
    mix,
    raised,
    rank,
    trim,
)
from curriculum.store import Database, settings, transaction

WEAK_CONCEPTS = 3  # how many of the weakest concepts the queue favours


def current_day(db: Database, now: datetime) -> date:
    """The study day `now` belongs to (local time, shifted by `day.starts`)."""
    return study_day(now, settings.day_starts(db))


def targets(db: Database) -> Targets:
    """The daily targets from the settings."""
    return Targets(int(settings.get(db, "daily.items")), int(settings.get(db, "daily.minutes")))


def feed_quota(db: Database) -> int:
    """Feed readings a day should hold beside an active track (`daily.feed_readings`)."""
    return int(settings.get(db, "daily.feed_readings"))


@dataclass(frozen=True)
class _Stored:
    """A chosen day as stored: its targets and the newest reading it has considered."""

    targets: Targets
    seen_item: int


def _stored(db: Database, day: str) -> _Stored | None:
    row = db.execute(
        "SELECT target_items, target_minutes, COALESCE(seen_item_id, 0) FROM days WHERE day = ?",
        [day],
    ).fetchone()
    return None if row is None else _Stored(Targets(int(row[0]), int(row[1])), int(row[2]))


def _newest_item(db: Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM items").fetchone()[0])


def ensure_day(db: Database, now: datetime) -> str:
    """Choose the study day's queue once; afterwards adjust it when the targets change, and
    fill its empty places when readings arrived since it was last filled. Returns the day."""
    day = current_day(db, now).isoformat()
    wanted = targets(db)
    stored = _stored(db, day)
    if stored is not None and stored.targets == wanted and stored.seen_item >= _newest_item(db):
        return day
    with transaction(db):
        stored = _stored(db, day)
        if stored is None:
            _choose(db, day, wanted, now)
        else:
            _adjust(db, day, stored.targets, wanted, now)
        db.execute(
            "UPDATE days SET target_items = ?, target_minutes = ?, seen_item_id = ? WHERE day = ?",
            [wanted.items, wanted.minutes, _newest_item(db), day],
        )
    return day


def _to_inbox(db: Database, item_id: int) -> None:
    db.execute("UPDATE items SET status = 'inbox', snoozed_until = NULL WHERE id = ?", [item_id])


def _insert(db: Database, day: str, chosen: list[Candidate], stamp: str) -> None:
    row = db.execute("SELECT COALESCE(MAX(position), -1) FROM queue WHERE day = ?", [day])
    start = int(row.fetchone()[0]) + 1
    for offset, c in enumerate(chosen):
        db.execute(
            "INSERT INTO queue (day, item_id, position, reason, concept, status, added_at)"
            " VALUES (?, ?, ?, ?, ?, 'queued', ?)",
            [day, c.id, start + offset, c.reason, c.concept, stamp],
        )
        db.execute("UPDATE items SET status = 'queued', snoozed_until = NULL WHERE id = ?", [c.id])


def _carry(db: Database, day: str) -> list[Candidate]:
    """Unfinished readings still young enough to carry; older ones go back to the inbox."""
    kept = []
    for c in candidates.unfinished(db, day):
        if candidates.times_offered(db, c.id, day) >= candidates.CARRY_LIMIT:
            _to_inbox(db, c.id)
        else:
            kept.append(c)
    return kept


def weak_concepts(db: Database, now: datetime) -> list[str]:
    """The weakest concepts, weakest first, when the queue is set to favour them."""
    if not settings.get(db, "daily.favour_weak"):
        return []
    from curriculum.progress.coverage import weakest_concepts

    return weakest_concepts(db, now, limit=WEAK_CONCEPTS)


@dataclass(frozen=True)
class _Fresh:
    """Readings that could join a day: the active tracks' next ones, ranked feed readings."""

    tracks: list[Candidate]
    feeds: list[Candidate]
    track_ids: set[int]  # every reading of an active track (empty: no track is active)

    def is_feed(self, candidate: Candidate) -> bool:
        """Whether a reading is not one of an active track's."""
        return candidate.id not in self.track_ids

    def pool(self, quota: int) -> list[Candidate]:
        """Both, in queue order, `quota` feed readings placed beside the track."""
        return mix(self.tracks, self.feeds, quota)


def _fresh(db: Database, day: str, now: datetime, uncapped_if_empty: bool = False) -> _Fresh:
    """Track readings and ranked feed readings with today's per-feed allowance left (or, with
    `uncapped_if_empty` and nothing else left, every feed reading)."""
    taken = Counter(
        int(r[0])
        for r in db.execute(
            "SELECT i.feed_id FROM queue q JOIN items i ON i.id = q.item_id"
            " WHERE q.day = ? AND i.feed_id IS NOT NULL"
            " AND q.reason IN ('feed', 'weak', 'breadth', 'more')",
            [day],
        )
    )
    readings = candidates.feed_readings(db)
    weak = weak_concepts(db, now) if readings else []
    ranked = rank(readings, now, per_feed=breadth.per_source(db), already=taken, weak=weak)
    ranked, wide = breadth.diversify(db, ranked, day)
    tracks = candidates.track_next(db)
    if uncapped_if_empty and not tracks and not ranked:
        ranked = rank(readings, now, per_feed=None, weak=weak)
    feeds = breadth.marked(candidates.as_candidates(ranked, weak), wide)
    return _Fresh(tracks, feeds, candidates.track_item_ids(db))


def _quota_left(db: Database, fresh: _Fresh, held: Iterable[Candidate], wanted: Targets) -> int:
    """Feed readings still missing from a day holding `held`, while a track is active."""
    if not fresh.track_ids or not wanted.enabled:
        return 0
    return max(feed_quota(db) - sum(1 for c in held if fresh.is_feed(c)), 0)


def _with_feed_quota(chosen: list[Candidate], fresh: _Fresh, missing: int) -> list[Candidate]:
    """`chosen`, plus feed readings until `missing` of them are among it."""
    short = missing - sum(1 for c in chosen if fresh.is_feed(c))
    return [*chosen, *feed_top_up(chosen, fresh.feeds, short)]


def _choose(db: Database, day: str, wanted: Targets, now: datetime) -> None:
    carry = _carry(db, day)
    due = candidates.snoozed_due(db, day)
    fresh = _fresh(db, day, now)
    missing = _quota_left(db, fresh, (), wanted)
    beside = _quota_left(db, fresh, [*due, *carry], wanted)
    chosen = fill([*due, *carry, *fresh.pool(beside)], wanted)
    chosen = _with_feed_quota(chosen, fresh, missing)
    db.execute(
        "INSERT INTO days (day, target_items, target_minutes, chosen_at) VALUES (?, ?, ?, ?)",
        [day, wanted.items, wanted.minutes, to_iso(now)],
    )
    _insert(db, day, chosen, to_iso(now))
    picked = {c.id for c in chosen}
    for c in carry:
        if c.id not in picked:
            _to_inbox(db, c.id)


def _entries(db: Database, day: str) -> list[tuple[Candidate, str]]:
    rows = db.execute(
        f"SELECT q.item_id, {partial.remaining_sql()}, q.reason, i.feed_id, q.status FROM queue q"
        " JOIN items i ON i.id = q.item_id WHERE q.day = ? ORDER BY q.position",
        [day],
    ).fetchall()
    return [(Candidate(r[0], r[1], r[2], r[3]), r[4]) for r in rows]


def _adjust(db: Database, day: str, before: Targets, wanted: Targets, now: datetime) -> None:
    """Fill a day's empty places (after new arrivals or a raised target) and its feed
    readings; trim unread entries only when a target was lowered. Done entries stay."""
    entries = _entries(db, day)
    progress = Progress()
    for entry, status in entries:
        if status in ("queued", "read"):
            progress = progress.plus(entry.minutes)
    fresh = _fresh(db, day, now)
    missing = _quota_left(db, fresh, [entry for entry, _ in entries], wanted)
    added: list[Candidate] = []
    if not met(progress, wanted):
        added = fill(fresh.pool(missing), wanted, progress)
    elif not raised(before, wanted):
        _trim(db, day, entries, wanted, progress, fresh)
    _insert(db, day, _with_feed_quota(added, fresh, missing), to_iso(now))


def _trim(
    db: Database,
    day: str,
    entries: list[tuple[Candidate, str]],
    wanted: Targets,
    progress: Progress,
    fresh: _Fresh,
) -> None:
    """Drop unread entries from the end while the targets stay met; the day's feed readings
    (up to the quota) stay and do not count towards the targets here."""
    quota = feed_quota(db) if fresh.track_ids else 0
    keep = set([entry.id for entry, _ in entries if fresh.is_feed(entry)][:quota])
    for entry, status in entries:
        if entry.id in keep and status in ("queued", "read"):
            progress = progress.minus(entry.minutes)
    queued = [entry for entry, status in entries if status == "queued" and entry.id not in keep]
    for entry in trim(queued, wanted, progress):
        db.execute("DELETE FROM queue WHERE day = ? AND item_id = ?", [day, entry.id])
        _to_inbox(db, entry.id)


def pull_one(db: Database, now: datetime) -> int:
    """Add one more reading to today's queue; returns its id. The next track reading comes
    first, or a feed reading while the day holds fewer than `daily.feed_readings`."""
    day = ensure_day(db, now)
    with transaction(db):
        fresh = _fresh(db, day, now, uncapped_if_empty=True)
        held = [entry for entry, _ in _entries(db, day)]
        short = _quota_left(db, fresh, held, targets(db)) > 0
        pool = [*fresh.feeds, *fresh.tracks] if short else fresh.pool(0)
        if not pool:
            raise NotFoundError(
                "There is nothing left to add: every reading is queued, read or snoozed; "
                "add a feed with `curriculum feed add URL`."
            )
        _insert(db, day, [replace(pool[0], reason="more")], to_iso(now))
    return pool[0].id


@dataclass(frozen=True)
class Entry:
    """One reading in a day's queue, as Today lists it. `status`: queued, read, skipped,
    snoozed, or later (stopped part-way today with `L`; the rest comes back tomorrow);
    `minutes`: the minutes it still counts (less what partial reads credited)."""

    id: int
    title: str
    url: str | None
    source: str
    minutes: int
    status: str
    reason: str
    concept: str | None = None  # the weak concept a reading was picked for
    why: str | None = None  # the learned ranking's few words, for a feed reading

    @property
    def partly_read(self) -> bool:
        """Left for later part-way (today, or on an earlier day): `minutes` is what is left."""
        return self.status == "later" or self.reason == "later"

    def as_json(self) -> dict[str, object]:
        """The `today --json` item shape."""
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "minutes": self.minutes,
            "status": self.status,
        }


SOURCE_SQL = """COALESCE(f.name, (SELECT t.name FROM track_items ti JOIN tracks t
                ON t.id = ti.track_id WHERE ti.item_id = i.id ORDER BY t.active DESC, t.id
                LIMIT 1), '')"""


def entries(db: Database, day: str) -> list[Entry]:
    """A day's queue in order, with titles and sources."""
    rows = db.execute(
        f"""
        SELECT i.id, i.title, i.url, {SOURCE_SQL}, {partial.remaining_sql()}, q.status,
               q.reason, q.concept,
               CASE WHEN q.reason IN ('feed', 'weak', 'breadth', 'more')
                    THEN (SELECT r.why FROM ranks r WHERE r.item_id = i.id) END
        FROM queue q JOIN items i ON i.id = q.item_id LEFT JOIN feeds f ON f.id = i.feed_id
        WHERE q.day = ? ORDER BY q.position
        """,
        [day],
    ).fetchall()
    return [Entry(*row) for row in rows]


def unread_today(db: Database, now: datetime) -> list[int]:
    """Today's readings still to read, in queue order (choosing the day first if needed):
    the ones whose whole text is worth having at hand."""
    day = ensure_day(db, now)
    return [e.id for e in entries(db, day) if e.status == "queued"]


def read_on(db: Database, day: str) -> Progress:
    """Readings marked read on a study day, and the estimated minutes read (partial reads
    left for later count their share)."""
    row = db.execute(
        "SELECT COALESCE(SUM(event = 'read'), 0), COALESCE(SUM(minutes), 0) FROM reading_log"
        " WHERE event IN ('read', 'session') AND day = ?",
        [day],
    ).fetchone()
    return Progress(int(row[0]), int(row[1]))


def cards_due(db: Database, now: datetime) -> int:
    """Recall cards due before the next study day (the cards feature's count)."""
    from curriculum import cards

    return int(cards.due_count(db, now))


@dataclass(frozen=True)
class Today:
    """Everything Today shows."""

    day: date
    day_starts: str
    target: Targets
    done: Progress
    streak: streaks.Streak
    cards_due: int
    forecast: list[forecast.TrackForecast]
    entries: list[Entry]

    @property
    def met(self) -> bool:
        """Whether today's target is reached."""
        return streaks.day_met(self.done, self.target)

    def as_json(self) -> dict[str, object]:
        """The `today --json` contract."""
        return {
            "date": self.day.isoformat(),
            "day_starts": self.day_starts,
            "target": {"items": self.target.items, "minutes": self.target.minutes},
            "done": {"items": self.done.items, "minutes": self.done.minutes},
            "streak": self.streak.current,
            "best_streak": self.streak.best,
            "cards_due": self.cards_due,
            "forecast": [f.as_json() for f in self.forecast],
            "items": [e.as_json() for e in self.entries],
        }


def snapshot(db: Database, now: datetime, fill: bool = True) -> Today:
    """Choose today's queue if needed (`fill`; without it, the day as stored, which writes
    nothing), then gather progress, streak, cards and forecast."""
    day = ensure_day(db, now) if fill else current_day(db, now).isoformat()
    today_date = date.fromisoformat(day)
    wanted = targets(db)
    done = read_on(db, day)
    start = today_date + timedelta(days=1 if streaks.day_met(done, wanted) else 0)
    return Today(
        day=today_date,
        day_starts=str(settings.get(db, "day.starts")),
        target=wanted,
        done=done,
        streak=streaks.streak_of(db, today_date, wanted),
        cards_due=cards_due(db, now),
        forecast=forecast.forecast(
            forecast.tracks_left(db), wanted, forecast.recent_pace(db, today_date), start
        ),
        entries=entries(db, day),
    )


def today(db: Database, now: datetime) -> dict[str, object]:
    """Today's queue as the `today --json` contract shapes it."""
    return snapshot(db, now).as_json()
