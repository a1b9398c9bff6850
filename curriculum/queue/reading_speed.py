"""Reading speed per kind of reading, and estimates given as an 80% interval.

Three kinds: a paper (an arXiv reading), a long post (about 2,000 words or more) and a short
post. Each timed read of known length (words, seconds) is one sample of the reader's speed
on its kind. Speeds are compared on a log scale, where a reading twice as fast and one
twice as slow are equally far from typical:

- a kind's starting point is its starting speed (`PRIOR_WPM`) moved by how fast the reader
  is on the *other* kinds relative to theirs (their mean log ratio, shrunk toward 1 by
  `PRIOR_WEIGHT` readings' worth of no change), so a slow reader of posts starts slow on
  papers too;
- the kind's typical speed moves from there toward its own samples, with `PRIOR_WEIGHT`
  readings' worth of weight on the start, so one odd reading cannot swing it;
- the spread of one reading around the typical speed starts at `PRIOR_SPREAD` and learns
  the kind's scatter the same way; an estimate's 80% interval is the typical minutes times
  exp(±1.28 × spread), widened a little while few samples are known.

A paper's words count as a sample only when its whole text is held (`PAPER_TEXT_WORDS`),
not just its abstract. Nothing here reads the clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from curriculum.store import Database

KINDS = ("paper", "long", "short")
KIND_NAMES = {"paper": "paper", "long": "long post", "short": "short post"}
LONG_POST_WORDS = 2000
LONG_POST_MINUTES = 9  # a reading of unknown length is long when estimated at this or more
PAPER_TEXT_WORDS = 2000  # fewer words on a paper: only its abstract is held
PRIOR_WPM = {"paper": 150.0, "long": 230.0, "short": 230.0}
PRIOR_SPREAD = 0.35  # log-scale spread of one reading's speed around the typical
PRIOR_WEIGHT = 3.0  # readings' worth of weight the starting values carry
SAMPLE_WPM = (30.0, 2000.0)  # a sample outside this is clipped (a tab left open, a skim)
RECENT_SAMPLES = 40  # per kind, most recent first
RECENT_READS = 400  # the timed reads looked at (a top-N sort, not the whole log)
Z_80 = 1.2816  # the standard normal's 90th percentile: 80% of readings fall within ±Z_80 sd

KIND_SQL = (
    "CASE WHEN i.arxiv_id IS NOT NULL THEN 'paper'"
    f" WHEN i.words >= {LONG_POST_WORDS} THEN 'long'"
    f" WHEN COALESCE(i.words, 0) = 0 AND i.minutes >= {LONG_POST_MINUTES} THEN 'long'"
    " ELSE 'short' END"
)


def kind_of(arxiv_id: str | None, words: int | None, minutes: int) -> str:
    """The kind of a reading: paper, long (post) or short (post)."""
    if arxiv_id:
        return "paper"
    if words:
        return "long" if words >= LONG_POST_WORDS else "short"
    return "long" if minutes >= LONG_POST_MINUTES else "short"


@dataclass(frozen=True)
class Interval:
    """An estimate in minutes: the typical value and the 80% range around it."""

    minutes: int
    low: int
    high: int

    def text(self) -> str:
        """`12 min`, or `9–16 min` when the range is wider than a minute."""
        if self.high - self.low <= 1:
            return f"{self.minutes} min"
        return f"{self.low}–{self.high} min"

    def as_json(self) -> list[int]:
        """`[low, high]`."""
        return [self.low, self.high]


@dataclass(frozen=True)
class KindSpeed:
    """The reader's speed on one kind of reading."""

    kind: str
    wpm: float  # typical words a minute
    spread: float  # log-scale spread of one reading's time around the typical
    samples: int

    def minutes(self, words: int) -> int:
        """Typical whole minutes for `words` (at least one)."""
        return max(1, math.ceil(words / self.wpm))

    def interval(self, minutes: float) -> Interval:
        """The 80% range around a typical estimate of `minutes`."""
        typical = max(1, round(minutes))
        factor = math.exp(Z_80 * self.spread)
        low = max(1, math.floor(minutes / factor))
        return Interval(typical, min(low, typical), max(math.ceil(minutes * factor), typical))

    def as_json(self) -> dict[str, object]:
        """`{"kind", "wpm", "samples", "range_factor"}`."""
        return {
            "kind": self.kind,
            "name": KIND_NAMES[self.kind],
            "wpm": round(self.wpm),
            "samples": self.samples,
            "range_factor": round(math.exp(Z_80 * self.spread), 2),
        }


@dataclass(frozen=True)
class SpeedModel:
    """The reader's speed on each kind."""

    kinds: Mapping[str, KindSpeed]

    def of(self, kind: str) -> KindSpeed:
        """The speed on `kind`."""
        return self.kinds[kind]

    @property
    def measured(self) -> bool:
        """Whether any timed read is behind it."""
        return any(k.samples for k in self.kinds.values())

    def estimate(self, arxiv_id: str | None, words: int | None, minutes: int) -> Interval:
        """The 80% interval of a reading whose stored estimate is `minutes`."""
        return self.of(kind_of(arxiv_id, words, minutes)).interval(minutes)

    def as_json(self) -> list[dict[str, object]]:
        """Each kind's speed."""
        return [self.kinds[kind].as_json() for kind in KINDS]


def log_speed(words: int, seconds: int) -> float:
    """The log of a sample's words a minute, clipped to `SAMPLE_WPM`."""
    low, high = SAMPLE_WPM
    return math.log(min(max(words / (seconds / 60), low), high))


def learn(samples: Mapping[str, Iterable[tuple[int, int]]]) -> SpeedModel:
    """The speed model from each kind's samples of (words, seconds)."""
    logs = {
        kind: [log_speed(w, s) for w, s in samples.get(kind, ()) if w > 0 and s > 0]
        for kind in KINDS
    }
    offsets = {kind: [x - math.log(PRIOR_WPM[kind]) for x in logs[kind]] for kind in KINDS}
    kinds = {}
    for kind in KINDS:
        others = [o for other in KINDS if other != kind for o in offsets[other]]
        overall = sum(others) / (PRIOR_WEIGHT + len(others))
        xs, start = logs[kind], math.log(PRIOR_WPM[kind]) + overall
        weight = PRIOR_WEIGHT + len(xs)
        mean = (PRIOR_WEIGHT * start + sum(xs)) / weight
        variance = (PRIOR_WEIGHT * PRIOR_SPREAD**2 + sum((x - mean) ** 2 for x in xs)) / weight
        spread = math.sqrt(variance * (1 + 1 / weight))  # a new reading, not the mean
        kinds[kind] = KindSpeed(kind, math.exp(mean), spread, len(xs))
    return SpeedModel(kinds)


def samples(db: Database) -> dict[str, list[tuple[int, int]]]:
    """Each kind's most recent timed reads of known length, as (words, seconds), among the
    last `RECENT_READS`."""
    rows = db.execute(
        f"SELECT {KIND_SQL}, i.words, r.seconds FROM reading_log r"
        " JOIN items i ON i.id = r.item_id"
        " WHERE r.event = 'read' AND r.seconds > 0 AND i.words > 0"
        " ORDER BY r.at DESC, r.id DESC LIMIT ?",
        [RECENT_READS],
    ).fetchall()
    found: dict[str, list[tuple[int, int]]] = {kind: [] for kind in KINDS}
    for kind, words, seconds in rows:
        if kind == "paper" and words < PAPER_TEXT_WORDS:
            continue
        if len(found[kind]) < RECENT_SAMPLES:
            found[kind].append((int(words), int(seconds)))
    return found


def speed_model(db: Database) -> SpeedModel:
    """The reader's speed model from the reading log."""
    return learn(samples(db))


def apply(db: Database, model: SpeedModel) -> None:
    """Re-estimate unread readings of known length once any timed read is known (a kind
    without samples of its own follows the reader's overall pace); call inside a
    transaction. Papers are re-estimated only when their whole text is held."""
    if not model.measured:
        return
    unread = "i.status IN ('inbox', 'queued', 'snoozed') AND i.words > 0"
    for kind in KINDS:
        speed = model.of(kind)
        floor = PAPER_TEXT_WORDS if kind == "paper" else 1
        db.execute(
            "UPDATE items AS i SET minutes = MAX(1, CAST(i.words / ? + 0.999 AS INTEGER))"
            f" WHERE {unread} AND i.words >= ? AND {KIND_SQL} = ?",
            [speed.wpm, floor, kind],
        )
