"""Pure queue arithmetic: daily targets, filling and trimming a day, ranking feed readings.

Nothing here touches the database or the clock; `daily` feeds it rows and a `now`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

FRESHNESS_HALF_LIFE_DAYS = 7.0
FRESHNESS_WEIGHT = 3.0
WEAK_CONCEPT_BONUS = 2.0  # a week-old reading on a weak concept outranks an unrelated fresh one
LEARNED_WEIGHT = 1.5  # per halving of the share of unread readings ranked above this one
PER_FEED_PER_DAY = 2
TRIMMABLE = frozenset({"carry", "track", "feed", "weak", "breadth"})


@dataclass(frozen=True)
class Targets:
    """The daily targets; 0 disables one."""

    items: int
    minutes: int

    @property
    def enabled(self) -> bool:
        """Whether any target is set."""
        return self.items > 0 or self.minutes > 0


@dataclass(frozen=True)
class Progress:
    """Readings and estimated minutes counted so far."""

    items: int = 0
    minutes: int = 0

    def plus(self, minutes: int) -> Progress:
        """This progress with one more reading of `minutes`."""
        return Progress(self.items + 1, self.minutes + minutes)

    def minus(self, minutes: int) -> Progress:
        """This progress without one reading of `minutes`."""
        return Progress(self.items - 1, self.minutes - minutes)


def met(progress: Progress, targets: Targets) -> bool:
    """Whether every enabled target is reached (trivially true when none is enabled)."""
    items_ok = targets.items <= 0 or progress.items >= targets.items
    minutes_ok = targets.minutes <= 0 or progress.minutes >= targets.minutes
    return items_ok and minutes_ok


def raised(before: Targets, after: Targets) -> bool:
    """Whether either target asks for more than before (0, disabled, asks for nothing)."""
    return after.items > before.items or after.minutes > before.minutes


@dataclass(frozen=True)
class Candidate:
    """A reading that could enter a day's queue, and why."""

    id: int
    minutes: int
    reason: str  # snooze, carry, track, feed, weak (a feed reading on a weak concept), more,
    # breadth (a feed reading on the least-covered concept)
    feed_id: int | None = None
    mandatory: bool = False
    concept: str | None = None  # the weak (or least-covered) concept a reading was picked for


def fill(
    candidates: Iterable[Candidate], targets: Targets, start: Progress = Progress()
) -> list[Candidate]:
    """Take mandatory candidates, then the others in order until the targets are met."""
    chosen: list[Candidate] = []
    seen: set[int] = set()
    progress = start
    for candidate in candidates:
        if candidate.id in seen or (not candidate.mandatory and met(progress, targets)):
            continue
        chosen.append(candidate)
        seen.add(candidate.id)
        progress = progress.plus(candidate.minutes)
    return chosen


def trim(entries: Sequence[Candidate], targets: Targets, progress: Progress) -> list[Candidate]:
    """Unread entries to drop from the end of a day while the targets stay met."""
    dropped: list[Candidate] = []
    for entry in reversed(entries):
        if entry.reason not in TRIMMABLE:
            continue
        after = progress.minus(entry.minutes)
        if not met(after, targets):
            break
        dropped.append(entry)
        progress = after
    return dropped


def mix(tracks: Sequence[Candidate], feeds: Sequence[Candidate], quota: int) -> list[Candidate]:
    """Track readings in order, the first `quota` feed readings placed one after each of the
    first track readings, then the remaining feed readings.

    Without track readings the feed readings come alone; with `quota` 0 the track comes first.
    """
    beside = min(max(quota, 0), len(feeds), len(tracks))
    mixed: list[Candidate] = []
    for index, track in enumerate(tracks):
        mixed.append(track)
        if index < beside:
            mixed.append(feeds[index])
    return [*mixed, *feeds[beside:]]


def feed_top_up(
    chosen: Sequence[Candidate], feeds: Sequence[Candidate], missing: int
) -> list[Candidate]:
    """The first `missing` feed readings not already `chosen`."""
    taken = {c.id for c in chosen}
    return [f for f in feeds if f.id not in taken][: max(missing, 0)]


@dataclass(frozen=True)
class FeedReading:
    """A feed reading as ranking sees it."""

    id: int
    minutes: int
    feed_id: int | None
    feed_priority: int
    priority: int
    published: datetime
    tags: tuple[str, ...] = ()  # concept tags, strongest first
    learned: float | None = None  # the learned ranking's stored score (ranking), if any


def weak_concept(reading: FeedReading, weak: Sequence[str]) -> str | None:
    """The weakest of `weak` (weakest first) that this reading is about, if any."""
    return next((tag for tag in weak if tag in reading.tags), None)


def learned_bonus(share_beaten: float) -> float:
    """The learned ranking's part of a score: LEARNED_WEIGHT for each halving of the share of
    unread readings that rank above this one (the median +1.5, the top 10% +5, the top 1% +10):
    the few readings the model is surest of lead the day, freshness orders the rest."""
    above = max(1.0 - share_beaten, 0.001)
    return LEARNED_WEIGHT * -math.log2(above)


def score(reading: FeedReading, now: datetime, weak: Sequence[str] = ()) -> float:
    """Feed priority plus item priority plus freshness (halving every week), plus a bonus
    when the reading is about one of the `weak` concepts, plus the learned score."""
    age_days = max((now - reading.published).total_seconds() / 86400, 0.0)
    freshness = 0.5 ** (age_days / FRESHNESS_HALF_LIFE_DAYS)
    bonus = WEAK_CONCEPT_BONUS if weak_concept(reading, weak) else 0.0
    if reading.learned is not None:
        bonus += learned_bonus(reading.learned)
    return reading.feed_priority + reading.priority + FRESHNESS_WEIGHT * freshness + bonus


@dataclass
class _Source:
    readings: list[FeedReading] = field(default_factory=list)


def rank(
    readings: Iterable[FeedReading],
    now: datetime,
    per_feed: int | None = PER_FEED_PER_DAY,
    already: Counter[int] | None = None,
    weak: Sequence[str] = (),
) -> list[FeedReading]:
    """Best first, at most `per_feed` per feed (minus `already` taken), sources interleaved.

    Rounds: the best reading of each feed (feeds ordered by that reading's score), then the
    second best of each, and so on. A reading with no feed is a source of its own. Readings
    on `weak` concepts (weakest first) score a bonus.
    """
    ordered = sorted(readings, key=lambda r: (-score(r, now, weak), r.id))
    sources: dict[object, _Source] = {}
    for reading in ordered:
        key: object = reading.feed_id if reading.feed_id is not None else ("item", reading.id)
        sources.setdefault(key, _Source()).readings.append(reading)
    taken = already or Counter()
    rounds: list[list[FeedReading]] = []
    for key, source in sources.items():
        room = len(source.readings)
        if per_feed is not None:
            room = max(per_feed - (taken[key] if isinstance(key, int) else 0), 0)
        for index, reading in enumerate(source.readings[:room]):
            if index == len(rounds):
                rounds.append([])
            rounds[index].append(reading)
    return [reading for round_ in rounds for reading in round_]
