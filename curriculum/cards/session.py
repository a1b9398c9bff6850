"""What is due, in what order, within the daily limits; a review session with undo.

Order: learning and relearning cards as soon as they are due; then review cards due before
the next study day, lowest retrievability first (so a backlog after a break is worked off in
the most useful order), with new cards interleaved evenly, up to `cards.new_per_day` new cards
and `cards.reviews_per_day` review cards a day (counted from the review log, so limits hold
across sessions). When only learning cards remain, one due within `LEARN_AHEAD` is shown early.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from curriculum.cards import rating as ratings
from curriculum.cards import repo
from curriculum.cards.repo import CardRow
from curriculum.cards.scheduling import retrievability
from curriculum.clock import (
    day_start,
    from_iso,
    next_day_start,
    study_day,
    to_iso,
)
from curriculum.store import Database, settings

LEARN_AHEAD = timedelta(minutes=20)
VISIBLE = "suspended = 0 AND (buried_until IS NULL OR buried_until <= ?)"


@dataclass(frozen=True)
class DueCounts:
    """Cards left to study today, by kind, within the daily limits."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        """All three together."""
        return self.new + self.learning + self.review


def day_bounds(db: Database, now: datetime) -> tuple[datetime, datetime]:
    """The UTC start of the current study day and of the next one."""
    starts = settings.day_starts(db)
    return day_start(study_day(now, starts), starts), next_day_start(now, starts)


def done_today(db: Database, now: datetime) -> tuple[int, int]:
    """(new cards introduced, review cards reviewed) since the study day began."""
    start, _ = day_bounds(db, now)
    row = db.execute(
        "SELECT COALESCE(SUM(json_extract(state_before, '$.state') = 'new'), 0),"
        " COALESCE(SUM(json_extract(state_before, '$.state') = 'review'), 0)"
        " FROM review_log WHERE reviewed_at >= ?",
        [to_iso(start)],
    ).fetchone()
    return int(row[0]), int(row[1])


def limits_left(db: Database, now: datetime) -> tuple[int, int]:
    """(new cards, review cards) still allowed today."""
    new_done, reviews_done = done_today(db, now)
    new_left = int(settings.get(db, "cards.new_per_day")) - new_done
    reviews_left = int(settings.get(db, "cards.reviews_per_day")) - reviews_done
    return max(new_left, 0), max(reviews_left, 0)


def _visible(db: Database, now: datetime, where: str, params: list[Any]) -> list[CardRow]:
    return repo.cards_where(db, f"{VISIBLE} AND {where}", [to_iso(now), *params])


# Lowest retrievability first: R falls as (days since the last review) / stability grows, so
# SQL can order and cut the backlog by that ratio (cards never reviewed count as R = 0).
FORGETTING_ORDER = (
    "CASE WHEN last_review IS NULL OR stability IS NULL OR stability <= 0 THEN 1e308"
    " ELSE MAX(0.0, julianday(?) - julianday(last_review)) / stability END DESC, due, id"
)


def due_reviews(db: Database, now: datetime, limit: int | None = None) -> list[CardRow]:
    """Review cards due before the next study day, lowest retrievability first (at most `limit`)."""
    _, end = day_bounds(db, now)
    stamp = to_iso(now)
    sql = (
        f"SELECT {repo.COLUMNS} FROM cards WHERE {VISIBLE} AND state = 'review' AND due < ?"
        f" ORDER BY {FORGETTING_ORDER} LIMIT ?"
    )
    rows = db.execute(sql, [stamp, to_iso(end), stamp, -1 if limit is None else limit])
    cards = [repo.row_to_card(row) for row in rows]
    scheduler = repo.build_scheduler(db)
    return sorted(cards, key=lambda c: (retrievability(c.memory, now, scheduler), c.memory.due))


def new_cards(db: Database, now: datetime, limit: int) -> list[CardRow]:
    """New cards in the order they were written."""
    sql = f"SELECT {repo.COLUMNS} FROM cards WHERE {VISIBLE} AND state = 'new'"
    rows = db.execute(f"{sql} ORDER BY created_at, id LIMIT ?", [to_iso(now), limit])
    return [repo.row_to_card(row) for row in rows]


def learning_due(db: Database, now: datetime, before: datetime) -> list[CardRow]:
    """Learning and relearning cards due before `before`, soonest first."""
    rows = _visible(db, now, "state IN ('learning', 'relearning') AND due < ?", [to_iso(before)])
    return sorted(rows, key=lambda c: c.memory.due)


def interleave(reviews: list[int], news: list[int]) -> list[int]:
    """Spread new cards evenly among reviews."""
    placed = [((i + 1) / (len(reviews) + 1), 0, cid) for i, cid in enumerate(reviews)]
    placed += [((j + 1) / (len(news) + 1), 1, cid) for j, cid in enumerate(news)]
    return [cid for _, _, cid in sorted(placed)]


def _count(db: Database, now: datetime, where: str, params: list[Any], limit: int) -> int:
    """Visible cards matching `where`, counted up to `limit` (the day's allowance)."""
    sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM cards WHERE {VISIBLE} AND {where} LIMIT ?)"
    return int(db.execute(sql, [to_iso(now), *params, limit]).fetchone()[0])


def due_counts(db: Database, now: datetime) -> DueCounts:
    """New, learning and review cards due before the next study day, within the limits."""
    _, end = day_bounds(db, now)
    new_left, reviews_left = limits_left(db, now)
    learning = _count(db, now, "state IN ('learning', 'relearning') AND due < ?", [to_iso(end)], -1)
    reviews = _count(db, now, "state = 'review' AND due < ?", [to_iso(end)], reviews_left)
    news = _count(db, now, "state = 'new'", [], new_left)
    return DueCounts(news, learning, reviews)


def due_count(db: Database, now: datetime) -> int:
    """Cards to study before the next study day starts (suspended, buried and limits respected)."""
    return due_counts(db, now).total


def next_due(db: Database, now: datetime) -> datetime | None:
    """When the next card that is not available now becomes due (None when there is none)."""
    row = db.execute(
        "SELECT MIN(MAX(due, COALESCE(buried_until, due))) FROM cards"
        " WHERE suspended = 0 AND state != 'new' AND MAX(due, COALESCE(buried_until, due)) > ?",
        [to_iso(now)],
    ).fetchone()
    return from_iso(row[0]) if row and row[0] else None


@dataclass
class Step:
    """One undoable action of a session."""

    kind: str  # rate, suspend, bury
    card_id: int
    log_id: int | None = None
    saved: dict[str, Any] | None = None
    rating: int | None = None
    duration_ms: int = 0


@dataclass
class Summary:
    """What a session did: ratings given (a card failed and seen again counts twice) and
    the distinct cards they were for."""

    reviewed: int  # ratings
    again: int
    seconds: float
    next_due: datetime | None
    cards: int = 0  # distinct cards rated

    @property
    def again_rate(self) -> float:
        """The share of ratings that were Again."""
        return self.again / self.reviewed if self.reviewed else 0.0


@dataclass
class Session:
    """A review session: the day's queue, fixed when it starts, and an undo stack."""

    db: Database
    queue: list[int] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    pinned: int | None = None

    @classmethod
    def start(cls, db: Database, now: datetime) -> Session:
        """Build the queue of review and new cards for today, within the limits."""
        new_left, reviews_left = limits_left(db, now)
        reviews = [c.id for c in due_reviews(db, now, reviews_left)]
        news = [c.id for c in new_cards(db, now, new_left)]
        return cls(db, interleave(reviews, news))

    def current(self, now: datetime) -> CardRow | None:
        """The card to show now, or None when nothing is left to study right now."""
        if self.pinned is not None:
            return repo.get_card(self.db, self.pinned)
        learning = learning_due(self.db, now, now + timedelta(milliseconds=1))
        if learning:
            return learning[0]
        while self.queue:
            card = self._eligible(self.queue[0], now)
            if card is not None:
                return card
            self.queue.pop(0)
        ahead = learning_due(self.db, now, now + LEARN_AHEAD)
        return ahead[0] if ahead else None

    def _eligible(self, card_id: int, now: datetime) -> CardRow | None:
        rows = _visible(self.db, now, "id = ? AND state IN ('new', 'review')", [card_id])
        return rows[0] if rows else None

    def _done_with(self, card_id: int) -> None:
        self.pinned = None
        if card_id in self.queue:
            self.queue.remove(card_id)

    def rate(self, card_id: int, rating: int, now: datetime, duration_ms: int) -> ratings.Rated:
        """Rate the current card."""
        rated = ratings.rate(self.db, card_id, rating, now, duration_ms)
        self.steps.append(
            Step("rate", card_id, rated.log_id, rating=rating, duration_ms=duration_ms)
        )
        self._done_with(card_id)
        return rated

    def forget(self, card_id: int) -> None:
        """Drop a card that no longer exists (deleted by an edit) from the queue and undo."""
        self._done_with(card_id)
        self.steps = [step for step in self.steps if step.card_id != card_id]

    def suspend(self, card_id: int, now: datetime) -> None:
        """Suspend the current card."""
        self.steps.append(
            Step("suspend", card_id, saved=repo.set_suspended(self.db, card_id, True, now))
        )
        self._done_with(card_id)

    def bury(self, card_id: int, now: datetime) -> None:
        """Bury the current card until tomorrow."""
        self.steps.append(Step("bury", card_id, saved=repo.bury(self.db, card_id, now)))
        self._done_with(card_id)

    def undo(self, now: datetime) -> Step | None:
        """Undo the last action of this session; its card is shown again next."""
        if not self.steps:
            return None
        step = self.steps.pop()
        if step.kind == "rate" and step.log_id is not None:
            ratings.undo_rating(self.db, step.log_id, now)
        elif step.saved is not None:
            repo.undo_snapshot(self.db, step.card_id, step.saved, now)
        self.pinned = step.card_id
        return step

    def summary(self, now: datetime) -> Summary:
        """Ratings and cards, Again count, time spent, when the next card is due."""
        rated = [s for s in self.steps if s.kind == "rate"]
        return Summary(
            cards=len({s.card_id for s in rated}),
            reviewed=len(rated),
            again=sum(1 for s in rated if s.rating == 1),
            seconds=sum(s.duration_ms for s in rated) / 1000,
            next_due=next_due(self.db, now),
        )
