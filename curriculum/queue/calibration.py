"""Plans scored against what happened: the calibration record, and forecasts that learn from it.

Pure arithmetic over closed plans; `plans` fetches them. The record holds:
- plans met on time: closed as `done` (the outcome answers "what happened by the date?");
- the median ratio of actual to estimated time, over plans done with both known — the
  reader's own overrun, which new plans and track forecasts show beside their estimates
  once `MIN_PLANS_FOR_OVERRUN` plans give it;
- how often plans slipped (not done by the date) among those where the reader said they
  would *not* be surprised by a slip, and among those where they said they would be.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

OUTCOMES = ("done", "partly", "not")
MIN_PLANS_FOR_OVERRUN = 2


@dataclass(frozen=True)
class ClosedPlan:
    """What calibration needs of one closed plan."""

    outcome: str  # done, partly, not
    estimate: int | None  # minutes, the reader's own
    actual: int | None  # minutes it took
    surprised: bool | None  # "would you be surprised if it is not done by then?"

    @property
    def slipped(self) -> bool:
        """Not done by its date."""
        return self.outcome != "done"

    @property
    def ratio(self) -> float | None:
        """Actual over estimated time, for a plan done with both known (a zero is not known)."""
        if self.outcome != "done" or not self.estimate or not self.actual:
            return None
        return self.actual / self.estimate


@dataclass(frozen=True)
class Share:
    """How many of a group of plans slipped."""

    plans: int
    slipped: int

    @property
    def share(self) -> float | None:
        """The slipped fraction, when the group is not empty."""
        return self.slipped / self.plans if self.plans else None

    def as_json(self) -> dict[str, object]:
        """`{"plans", "slipped", "share"}`."""
        return {"plans": self.plans, "slipped": self.slipped, "share": _round(self.share)}


@dataclass(frozen=True)
class Calibration:
    """The calibration record of the closed plans."""

    closed: int
    met: int
    ratios: tuple[float, ...]
    not_surprised: Share
    surprised: Share

    @property
    def met_share(self) -> float | None:
        """Plans met on time, as a fraction of the closed ones."""
        return self.met / self.closed if self.closed else None

    @property
    def median_ratio(self) -> float | None:
        """The median of actual over estimated time (None without a done plan that has both)."""
        return median(self.ratios)

    @property
    def overrun(self) -> float | None:
        """The factor forecasts apply to an estimate, once enough plans give it."""
        return self.median_ratio if len(self.ratios) >= MIN_PLANS_FOR_OVERRUN else None

    def as_json(self) -> dict[str, object]:
        """The `calibration` section of `stats --json`."""
        return {
            "plans_closed": self.closed,
            "met_on_time": self.met,
            "met_share": _round(self.met_share),
            "median_ratio": _round(self.median_ratio),
            "ratio_plans": len(self.ratios),
            "overrun": _round(self.overrun),
            "not_surprised": self.not_surprised.as_json(),
            "surprised": self.surprised.as_json(),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def median(values: Sequence[float]) -> float | None:
    """The median (the mean of the middle two for an even count); None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def calibrate(plans: Iterable[ClosedPlan]) -> Calibration:
    """The record of closed plans."""
    closed = list(plans)

    def group(answer: bool) -> Share:
        members = [p for p in closed if p.surprised is answer]
        return Share(len(members), sum(p.slipped for p in members))

    ratios = tuple(r for p in closed if (r := p.ratio) is not None)
    return Calibration(
        closed=len(closed),
        met=sum(not p.slipped for p in closed),
        ratios=ratios,
        not_surprised=group(False),
        surprised=group(True),
    )


def expected_minutes(estimate: int | None, overrun: float | None) -> int | None:
    """The reader's estimate, stretched by their own overrun when it is known."""
    if estimate is None:
        return None
    return math.ceil(estimate * overrun) if overrun is not None else estimate


def forecast_day(minutes: int | None, pace: float, start: date) -> date | None:
    """The study day `minutes` of work are done at `pace` minutes a day, counting `start`.

    None without an estimate or without a pace (nothing read lately).
    """
    if minutes is None or pace <= 0:
        return None
    days = max(math.ceil(minutes / pace), 1)
    return start + timedelta(days=days - 1)


def stretched_finish(start: date, planned: date | None, overrun: float | None) -> date | None:
    """A planned finish date moved out by the reader's overrun (days counted from `start`)."""
    if planned is None or overrun is None:
        return None
    days = (planned - start).days + 1
    return start + timedelta(days=max(math.ceil(days * overrun), 1) - 1)
