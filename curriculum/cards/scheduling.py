"""FSRS scheduling: the scheduler built from settings, deterministic fuzz, previews, replay.

How the study day relates to FSRS. FSRS counts time in 24-hour periods from the moment of
the last review: a card rated at 20:00 with a 3-day interval is due at 20:00 three days
later, and "days since the last review" is the number of whole 24-hour periods elapsed.
Curriculum does not alter that arithmetic. The study day (`day.starts`, default 04:00 local)
decides only *when a card is shown*: a card is "due today" when its due moment falls before
the start of the next study day. So a card due at 20:00 tomorrow joins tomorrow's session from
04:00; reviewed at 09:00 it is a few hours early, which FSRS handles through retrievability.

Fuzz. py-fsrs draws its fuzz from the global `random` module, so a preview and the stored
outcome could differ. Here the scheduler runs with fuzzing off and the fuzz is applied by
`fuzz_interval` from a generator seeded by the card id and its review count: the interval
shown on each rating button is exactly the one stored when that button is pressed, replaying
a log reproduces the stored state, and the global `random` is never touched.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import (
    DEFAULT_PARAMETERS,
    FUZZ_RANGES,
    LOWER_BOUNDS_PARAMETERS,
    UPPER_BOUNDS_PARAMETERS,
)

from curriculum.clock import to_iso

UTC = timezone.utc
PARAMETERS_META_KEY = "fsrs.parameters"
STEP_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
STATE_NAMES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}
STATES_BY_NAME = {name: state for state, name in STATE_NAMES.items()} | {"new": State.Learning}
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@dataclass(frozen=True)
class Memory:
    """A card's scheduling state: everything FSRS needs plus our counters."""

    card_id: int
    state: str  # new, learning, review, relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0

    def to_fsrs(self) -> Card:
        """The equivalent py-fsrs Card (fsrs has no New state: a new card is Learning step 0)."""
        return Card(
            card_id=self.card_id,
            state=STATES_BY_NAME[self.state],
            step=0 if self.state == "new" else self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    def as_json(self) -> dict[str, Any]:
        """The state as stored, as JSON-ready values (a review's `state_before` starts so)."""
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": to_iso(self.due),
            "last_review": to_iso(self.last_review) if self.last_review else None,
            "reps": self.reps,
            "lapses": self.lapses,
        }


def new_memory(card_id: int, now: datetime) -> Memory:
    """A new card, due at once."""
    return Memory(card_id, "new", 0, None, None, utc_ms(now), None)


def utc_ms(moment: datetime) -> datetime:
    """`moment` in `timezone.utc`, truncated to whole milliseconds (the stored precision)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not allowed; pass a UTC-aware one")
    utc = moment.astimezone(UTC)
    return utc.replace(microsecond=utc.microsecond // 1000 * 1000, tzinfo=UTC)


def parse_steps(text: str) -> list[timedelta]:
    """`'1m 10m'` → step durations (units s, m, h, d)."""
    return [timedelta(seconds=int(part[:-1]) * STEP_UNITS[part[-1]]) for part in text.split()]


def clean_parameters(values: Sequence[float]) -> list[float]:
    """Round (optimizers return float32 noise) and clamp parameters into fsrs's bounds."""
    if len(values) != len(DEFAULT_PARAMETERS):
        return list(DEFAULT_PARAMETERS)
    return [
        min(max(round(float(v), 4), low), high)
        for v, low, high in zip(
            values, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    ]


def make_scheduler(
    retention: float = 0.9,
    learning_steps: str = "1m 10m",
    relearning_steps: str = "10m",
    maximum_interval: int = 36500,
    parameters: Sequence[float] | None = None,
    fuzz: bool = True,
) -> Scheduler:
    """An fsrs Scheduler; when `fuzz`, `review` applies deterministic fuzz (never fsrs's own)."""
    return Scheduler(
        parameters=clean_parameters(parameters) if parameters else DEFAULT_PARAMETERS,
        desired_retention=float(retention),
        learning_steps=parse_steps(learning_steps),
        relearning_steps=parse_steps(relearning_steps),
        maximum_interval=int(maximum_interval),
        enable_fuzzing=fuzz,
    )


def scheduler_from_values(
    values: Mapping[str, Any], parameters: Sequence[float] | None
) -> Scheduler:
    """The scheduler for a settings mapping (as `settings.get_all` returns) and parameters."""
    return make_scheduler(
        retention=values["cards.retention"],
        learning_steps=values["cards.learning_steps"],
        relearning_steps=values["cards.relearning_steps"],
        maximum_interval=values["cards.maximum_interval"],
        parameters=parameters,
    )


def scheduler_key(scheduler: Scheduler) -> str:
    """A short fingerprint of a scheduler's configuration (stored with each review)."""
    text = json.dumps(scheduler.to_dict(), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def fuzz_range(interval_days: int, maximum_interval: int) -> tuple[int, int]:
    """The lowest and highest fuzzed interval for `interval_days` (fsrs's own ranges)."""
    delta = 1.0
    for band in FUZZ_RANGES:
        delta += band["factor"] * max(min(float(interval_days), band["end"]) - band["start"], 0.0)
    low = max(2, round(interval_days - delta))
    high = min(round(interval_days + delta), maximum_interval)
    return min(low, high), high


def fuzz_interval(
    interval_days: int, card_id: int, reps: int, maximum_interval: int, minimum: int = 0
) -> int:
    """The fuzzed interval in days, at least `minimum`, drawn from a generator seeded by card
    id and review count (one draw per review, shared by the ratings, as in Anki)."""
    interval_days = min(max(interval_days, minimum), maximum_interval)
    if interval_days < 2.5:
        return interval_days
    low, high = fuzz_range(interval_days, maximum_interval)
    low, high = max(low, minimum), max(high, minimum)
    draw = random.Random(f"{card_id}:{reps}").random()
    return max(min(round(draw * (high - low + 1) + low), maximum_interval), minimum)


def _unfuzzed(scheduler: Scheduler) -> Scheduler:
    if not scheduler.enable_fuzzing:
        return scheduler
    plain = copy.copy(scheduler)
    plain.enable_fuzzing = False
    return plain


def _outcome(scheduler: Scheduler, memory: Memory, rating: int, at: datetime) -> Card:
    """fsrs's unfuzzed outcome of one rating."""
    card, _ = _unfuzzed(scheduler).review_card(memory.to_fsrs(), Rating(rating), at)
    return card


def _review_days(scheduler: Scheduler, memory: Memory, at: datetime) -> dict[int, int]:
    """A review card's passing intervals in days, fuzzed and strictly increasing as in Anki:
    Hard at least 1 day, Good at least Hard + 1, Easy at least Good + 1."""
    days: dict[int, int] = {}
    minimum = 1
    for rating in (Rating.Hard, Rating.Good, Rating.Easy):
        interval = (_outcome(scheduler, memory, rating, at).due - at).days
        if scheduler.enable_fuzzing:
            interval = fuzz_interval(
                interval, memory.card_id, memory.reps, scheduler.maximum_interval, minimum
            )
        days[rating] = min(max(interval, minimum), scheduler.maximum_interval)
        minimum = days[rating] + 1
    return days


def _fuzzed_due(scheduler: Scheduler, memory: Memory, card: Card, at: datetime) -> datetime:
    """A graduating card's due date with the card's deterministic fuzz."""
    if not scheduler.enable_fuzzing or card.state != State.Review:
        return card.due
    days = (card.due - at).days
    return at + timedelta(
        days=fuzz_interval(days, memory.card_id, memory.reps, scheduler.maximum_interval)
    )


def _due(
    scheduler: Scheduler, memory: Memory, rating: int, card: Card, at: datetime, ordered: bool
) -> datetime:
    """When the card is due after `rating`: for a review card the ordered intervals; in
    learning, Easy at least one whole day beyond Good (`ordered` False: fsrs's own, as
    reviews were scheduled before the order was enforced)."""
    if not ordered:
        return _fuzzed_due(scheduler, memory, card, at)
    if memory.state == "review" and rating != Rating.Again:
        return at + timedelta(days=_review_days(scheduler, memory, at)[rating])
    due = _fuzzed_due(scheduler, memory, card, at)
    if rating == Rating.Easy and memory.state != "review":
        good = _outcome(scheduler, memory, Rating.Good, at)
        good_span = _fuzzed_due(scheduler, memory, good, at) - at
        if due - at <= good_span:
            due = at + timedelta(days=math.ceil(good_span / timedelta(days=1)) + 1)
    return due


def review(
    scheduler: Scheduler, memory: Memory, rating: int, moment: datetime, ordered: bool = True
) -> Memory:
    """The state after rating `memory` at `moment` (pure; fuzz deterministic per card and rep)."""
    at = utc_ms(moment)
    card = _outcome(scheduler, memory, rating, at)
    lapsed = memory.state == "review" and rating == Rating.Again
    return Memory(
        card_id=memory.card_id,
        state=STATE_NAMES[card.state],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_due(scheduler, memory, rating, card, at, ordered),
        last_review=card.last_review,
        reps=memory.reps + 1,
        lapses=memory.lapses + int(lapsed),
    )


def preview(scheduler: Scheduler, memory: Memory, moment: datetime) -> dict[int, timedelta]:
    """For each rating 1-4, how long until the card would be due again."""
    at = utc_ms(moment)
    return {rating: review(scheduler, memory, rating, at).due - at for rating in RATING_NAMES}


def format_interval(span: timedelta) -> str:
    """A short human interval: `<1m`, `10m`, `5h`, `3d`, `2.1mo`, `1.5y`."""
    seconds = span.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 31:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30.4:.1f}mo"
    return f"{days / 365:.1f}y"


def retrievability(memory: Memory, now: datetime, scheduler: Scheduler | None = None) -> float:
    """The probability of recalling the card at `now` (0 for a card never reviewed)."""
    if memory.last_review is None or memory.stability is None:
        return 0.0
    sched = scheduler or make_scheduler()
    elapsed = max(0.0, (now - memory.last_review).total_seconds() / 86400)
    decay = -sched.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * elapsed / memory.stability) ** decay)


def replay(
    scheduler: Scheduler,
    card_id: int,
    created_at: datetime,
    reviews: Iterable[tuple[int, datetime]],
    schedulers: Mapping[int, Scheduler] | None = None,
    ordered: bool = True,
) -> list[Memory]:
    """Replay (rating, reviewed_at) pairs from a new card; returns the state after each review.

    `schedulers` may give, per review index, the scheduler that was in effect then; `ordered`
    False replays the intervals as scheduled before Hard < Good < Easy was enforced.
    """
    memory = new_memory(card_id, created_at)
    states = []
    for index, (rating, at) in enumerate(sorted(reviews, key=lambda r: r[1])):
        memory = review((schedulers or {}).get(index, scheduler), memory, rating, at, ordered)
        states.append(memory)
    return states


def same_state(left: Memory, right: Memory) -> bool:
    """Whether two states agree (floats to 1e-9 relative)."""
    floats = [(left.stability, right.stability), (left.difficulty, right.difficulty)]
    for a, b in floats:
        if (a is None) != (b is None) or (
            a is not None and not math.isclose(a, b or 0, rel_tol=1e-9)
        ):
            return False
    plain = replace(left, stability=None, difficulty=None)
    return plain == replace(right, stability=None, difficulty=None)
