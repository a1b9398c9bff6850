"""Stats arithmetic: pure functions over rows already fetched (no database, no clock).

Calendar buckets for a contribution graph, reviews per day, true retention, the due
forecast, cards by state, FSRS retrievability and the per-concept model. (Streaks and
track forecasts are the queue's: `curriculum.streaks`, `curriculum.forecast`.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

CARD_STATES = ("new", "learning", "review", "relearning")
PASSING = 2  # ratings Hard, Good and Easy pass; Again (1) fails


@dataclass(frozen=True)
class DayCount:
    """What was read on one study day."""

    day: date
    items: int
    minutes: int


def calendar_start(today: date, weeks: int = 52) -> date:
    """The Monday that starts the first column of a `weeks`-column graph ending today."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)


def calendar(done: Mapping[date, tuple[int, int]], today: date, weeks: int = 52) -> list[DayCount]:
    """One bucket per day from the first graph Monday through today (missing days are 0)."""
    start = calendar_start(today, weeks)
    days = (today - start).days + 1
    result = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        items, minutes = done.get(day, (0, 0))
        result.append(DayCount(day, items, minutes))
    return result


def intensity(value: int, peak: int) -> int:
    """A 0-4 shade for a calendar cell: 0 for nothing, then quarters of the busiest day."""
    if value <= 0 or peak <= 0:
        return 0
    return min(4, -(-4 * value // peak))


@dataclass(frozen=True)
class ReviewDay:
    """Reviews done on one study day."""

    day: date
    count: int
    passed: int


def reviews_per_day(
    reviews: Iterable[tuple[date, int]], today: date, days: int = 30
) -> list[ReviewDay]:
    """Counts of reviews (and passing ones) per study day for the last `days` days."""
    first = today - timedelta(days=days - 1)
    counts: Counter[date] = Counter()
    passed: Counter[date] = Counter()
    for day, rating in reviews:
        if first <= day <= today:
            counts[day] += 1
            passed[day] += rating >= PASSING
    return [ReviewDay(d, counts[d], passed[d]) for d in (first + timedelta(n) for n in range(days))]


@dataclass(frozen=True)
class Retention:
    """True retention: the share of passing reviews of cards that were in review state."""

    passed: int
    total: int

    @property
    def value(self) -> float | None:
        """The share, or None when there were no such reviews."""
        return self.passed / self.total if self.total else None


def true_retention(reviews: Iterable[tuple[str, int]]) -> Retention:
    """Retention over (state before the review, rating) pairs; only review-state ones count."""
    passed = total = 0
    for state, rating in reviews:
        if state == "review":
            total += 1
            passed += rating >= PASSING
    return Retention(passed, total)


def due_forecast(dues: Iterable[date], today: date, days: int = 30) -> list[tuple[date, int]]:
    """Cards falling due on each of the next `days` study days; overdue ones count today."""
    counts: Counter[date] = Counter()
    last = today + timedelta(days=days - 1)
    for due in dues:
        day = max(due, today)
        if day <= last:
            counts[day] += 1
    return [(d, counts[d]) for d in (today + timedelta(n) for n in range(days))]


def cards_by_state(rows: Iterable[tuple[str, bool]]) -> dict[str, int]:
    """Counts of active cards per FSRS state, plus suspended cards on their own."""
    counts = dict.fromkeys((*CARD_STATES, "suspended"), 0)
    for state, suspended in rows:
        counts["suspended" if suspended else state] += 1
    return counts


def retrievability(
    stability: float | None, last_review: datetime | None, now: datetime, decay: float
) -> float | None:
    """FSRS recall probability at `now`; None for a card never reviewed."""
    if stability is None or last_review is None or stability <= 0:
        return None
    factor = 0.9 ** (1 / -decay) - 1
    elapsed = max(0.0, (now - last_review).total_seconds() / 86400)
    return float((1 + factor * elapsed / stability) ** -decay)


@dataclass(frozen=True)
class Concept:
    """One concept tag in the reader's model of AI safety."""

    tag: str
    readings: int
    cards: int
    recall: float | None  # mean retrievability of its reviewed cards

    def is_weak(self, desired: float) -> bool:
        """Weak: read but never turned into reviewed cards, or recalled below the target."""
        return self.recall is None or self.recall < desired


def concepts(
    read_tags: Iterable[list[str]], card_tags: Iterable[tuple[list[str], float | None]]
) -> list[Concept]:
    """Per tag: readings done, cards, mean recall; weakest first (unknown recall first)."""
    readings: Counter[str] = Counter()
    for tags in read_tags:
        readings.update(set(tags))
    cards: Counter[str] = Counter()
    recalls: dict[str, list[float]] = {}
    for tags, recall in card_tags:
        for tag in set(tags):
            cards[tag] += 1
            if recall is not None:
                recalls.setdefault(tag, []).append(recall)
    result = [
        Concept(tag, readings[tag], cards[tag], _mean(recalls.get(tag, [])))
        for tag in set(readings) | set(cards)
    ]
    return sorted(result, key=_weakness)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _weakness(concept: Concept) -> tuple[float, int, str]:
    recall = -1.0 if concept.recall is None else concept.recall
    return (recall, -(concept.readings + concept.cards), concept.tag)
