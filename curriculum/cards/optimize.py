"""Fit FSRS parameters to the user's own review log (fsrs-rs-python, an optional extra).

Reviews are grouped per card and counted in study days (`day.starts`), as FSRS's optimizer
expects. New parameters replace the old only when they lower the log loss on the same data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from curriculum import store
from curriculum.cards.scheduling import PARAMETERS_META_KEY, clean_parameters
from curriculum.errors import CurriculumError
from curriculum.store import Database, settings

MIN_REVIEWS = 400


class OptimizeError(CurriculumError):
    """Not enough data, or the optimizer is not installed."""


@dataclass(frozen=True)
class Fit:
    """The outcome of one optimization."""

    reviews: int
    old_parameters: list[float]
    new_parameters: list[float]
    old_log_loss: float
    new_log_loss: float
    old_rmse: float
    new_rmse: float
    kept_old: bool


def _library() -> Any:
    try:
        import fsrs_rs_python
    except ImportError:
        raise OptimizeError(
            "The optimizer is not installed; run `pip install 'curriculum[optimize]'` "
            "(it adds fsrs-rs-python) and try again."
        ) from None
    return fsrs_rs_python


def histories(db: Database) -> dict[int, list[tuple[int, int]]]:
    """Per card (in id order), its (rating, study-day ordinal) reviews in time order.

    SQLite works out each review's study day (`clock.study_day`: the local date, shifted back
    by `day.starts`; its 'localtime' is the same C library clock), ten times faster than
    converting 200,000 datetimes in Python.
    """
    starts = settings.day_starts(db)
    shift = f"-{starts.hour * 60 + starts.minute} minutes"
    by_card: dict[int, list[tuple[int, int]]] = defaultdict(list)
    ordinals: dict[str, int] = {}
    rows = db.execute(
        "SELECT card_id, rating, date(reviewed_at, 'localtime', ?) FROM review_log"
        " ORDER BY card_id, reviewed_at, id",
        [shift],
    )
    for card_id, rating, day in rows:
        ordinal = ordinals.get(day)
        if ordinal is None:
            ordinal = ordinals[day] = date.fromisoformat(day).toordinal()
        by_card[card_id].append((rating, ordinal))
    return by_card


def training_items(lib: Any, by_card: dict[int, list[tuple[int, int]]]) -> list[Any]:
    """fsrs-rs items: for each review on a later day, the card's history up to it."""
    items = []
    for history in by_card.values():
        reviews = []
        last_day = history[0][1]
        for rating, day in history:
            reviews.append(lib.FSRSReview(rating, day - last_day))
            if day > last_day:
                items.append(lib.FSRSItem(list(reviews)))
            last_day = day
    return [item for item in items if item.long_term_review_cnt() > 0]


def review_count(db: Database) -> int:
    """How many reviews the log holds."""
    return int(db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0])


def current_parameters(lib: Any, db: Database) -> list[float]:
    """The parameters in use: optimized ones when stored, else the defaults."""
    stored = store.get_meta(db, PARAMETERS_META_KEY)
    return list(stored) if stored else clean_parameters(lib.DEFAULT_PARAMETERS)


def fit(db: Database, now: datetime) -> Fit:
    """Fit parameters; store them only if they lower the log loss. Raises when data is short."""
    lib = _library()
    count = review_count(db)
    if count < MIN_REVIEWS:
        raise OptimizeError(
            f"The optimizer needs at least {MIN_REVIEWS} reviews and your log has {count}; "
            f"review {MIN_REVIEWS - count} more cards and run it again."
        )
    items = training_items(lib, histories(db))
    if not items:
        raise OptimizeError("Your reviews all fall on first days; review on more days first.")
    old = current_parameters(lib, db)
    new = clean_parameters(lib.FSRS(old).compute_parameters(items))
    before, after = lib.FSRS(old).evaluate(items), lib.FSRS(new).evaluate(items)
    kept = not after.log_loss < before.log_loss
    if not kept:
        with store.transaction(db):
            store.set_meta(db, PARAMETERS_META_KEY, new)
            store.set_meta(db, "fsrs.optimized_at", now.isoformat())
    return Fit(
        count, old, new, before.log_loss, after.log_loss, before.rmse_bins, after.rmse_bins, kept
    )
