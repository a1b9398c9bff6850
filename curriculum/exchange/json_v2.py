"""What version 2 of the JSON export adds, export and import side by side.

- `fsrs`: the optimized parameters (`null` when the defaults are in use) and when they were
  fitted, so a restore does not silently go back to the defaults.
- `schedulers`: every FSRS configuration (parameters, retention, steps, maximum interval)
  that scheduled a review, by key; each review names its key, so a replay after import uses
  what was in effect then and `curriculum check` stays clean after optimize or a change of
  retention.
- `study_day`: the timezone and `day.starts` the reviews were counted in (the FSRS tools
  group reviews into days with them).
- On records: a reading's `snoozed_until`, a card's `note` (its note's GUID) and `leech`,
  a review's `scheduler`.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fsrs import Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from curriculum import store
from curriculum.cards import build_scheduler
from curriculum.cards.rating import remember_scheduler
from curriculum.cards.repo import SCHEDULERS_META_KEY
from curriculum.cards.scheduling import PARAMETERS_META_KEY, scheduler_key
from curriculum.exchange import records as r
from curriculum.store import Database, settings
from curriculum.text import clean_line

OPTIMIZED_AT_KEY = "fsrs.optimized_at"
MAX_STEPS = 20
MAX_STEP_SECONDS = 366 * 86400


def fsrs_section(db: Database) -> dict[str, Any]:
    """The optimized parameters in use (None: the defaults) and when they were fitted."""
    return {
        "parameters": store.get_meta(db, PARAMETERS_META_KEY),
        "optimized_at": store.get_meta(db, OPTIMIZED_AT_KEY),
    }


def current_key(db: Database) -> str:
    """The key of the scheduler in use now."""
    return scheduler_key(build_scheduler(db))


def schedulers_section(db: Database) -> dict[str, Any]:
    """Every scheduler configuration that rated a review here (and the current one)."""
    known = dict(store.get_meta(db, SCHEDULERS_META_KEY) or {})
    current = build_scheduler(db)
    known.setdefault(scheduler_key(current), current.to_dict())
    return known


def timezone_name() -> str | None:
    """The local IANA timezone name (`TZ`, else /etc/localtime's target), if it is known."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ")
    if name is None:
        try:
            name = str(Path("/etc/localtime").resolve()).partition("zoneinfo/")[2]
        except OSError:
            name = ""
    name = name.lstrip(":")
    try:
        return name if name and ZoneInfo(name) is not None else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def study_day(db: Database, now: datetime) -> dict[str, Any]:
    """The timezone and day start that study days (and FSRS's days) are counted in."""
    offset = now.astimezone().utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    return {
        "timezone": timezone_name(),
        "utc_offset": f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}",
        "day_starts": settings.get(db, "day.starts"),
    }


def _parameters(value: Any, where: str) -> list[float]:
    if not isinstance(value, list) or len(value) != len(DEFAULT_PARAMETERS):
        raise r.fail(where, f"is not a list of {len(DEFAULT_PARAMETERS)} FSRS parameters")
    checked = []
    for n, (x, low, high) in enumerate(
        zip(value, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    ):
        number = r.number({"p": x}, "p", f"{where}[{n}]", low, high)
        checked.append(float(number if number is not None else math.nan))
    if any(math.isnan(x) for x in checked):
        raise r.fail(where, "has an empty parameter")
    return checked


def _steps(value: Any, where: str) -> None:
    if not isinstance(value, list) or len(value) > MAX_STEPS:
        raise r.fail(where, f"is not a list of at most {MAX_STEPS} steps in seconds")
    for n, step in enumerate(value):
        r.integer({"s": step}, "s", f"{where}[{n}]", None, 1, MAX_STEP_SECONDS)


def scheduler_from_file(value: Any, where: str) -> Scheduler:
    """A scheduler configuration of the file, checked field by field."""
    if not isinstance(value, dict):
        raise r.fail(where, "is not an FSRS scheduler configuration")
    _parameters(value.get("parameters"), f"{where}.parameters")
    r.number(value, "desired_retention", where, 0.5, 0.999)
    r.integer(value, "maximum_interval", where, None, 1, 36500)
    _steps(value.get("learning_steps"), f"{where}.learning_steps")
    _steps(value.get("relearning_steps"), f"{where}.relearning_steps")
    if not isinstance(value.get("enable_fuzzing"), bool | None):
        raise r.fail(where, "has an 'enable_fuzzing' that is not true or false")
    try:
        return Scheduler.from_dict(value)
    except (KeyError, TypeError, ValueError):
        raise r.fail(where, "is not an FSRS scheduler configuration") from None


@dataclass
class FsrsImport:
    """The file's schedulers as this home knows them."""

    keys: dict[str, str] = field(default_factory=dict)  # the file's key -> the key here
    default: str = ""  # for reviews that name none (version 1): this home's scheduler

    def key_for(self, file_key: Any, where: str) -> str:
        """The scheduler (key here) of one review of the file."""
        if file_key is None:
            return self.default
        if not isinstance(file_key, str) or file_key not in self.keys:
            raise r.fail(where, "names a 'scheduler' that is not in the file's 'schedulers'")
        return self.keys[file_key]


def _import_parameters(db: Database, section: Any, fresh: bool) -> None:
    if section is None:
        return
    if not isinstance(section, dict):
        raise r.fail("'fsrs'", "is not an object")
    if section.get("parameters") is None:
        return
    parameters = _parameters(section["parameters"], "fsrs.parameters")
    if fresh or store.get_meta(db, PARAMETERS_META_KEY) is None:
        store.set_meta(db, PARAMETERS_META_KEY, parameters)
        fitted = r.stamp(section, "optimized_at", "fsrs")
        if fitted is not None:
            store.set_meta(db, OPTIMIZED_AT_KEY, fitted)


def import_fsrs(db: Database, document: dict[str, Any], fresh: bool) -> FsrsImport:
    """Take the file's parameters (unless this home has its own) and its schedulers."""
    _import_parameters(db, document.get("fsrs"), fresh)
    result = FsrsImport(default=remember_scheduler(db, build_scheduler(db)))
    section = document.get("schedulers")
    if section is None:
        return result
    if not isinstance(section, dict):
        raise r.fail("'schedulers'", "is not an object")
    for key, value in section.items():
        scheduler = scheduler_from_file(value, f"schedulers[{clean_line(str(key), 40)!r}]")
        result.keys[key] = remember_scheduler(db, scheduler)
    return result


def known_schedulers(db: Database) -> dict[str, Scheduler]:
    """Every scheduler this home has recorded, by key."""
    known = store.get_meta(db, SCHEDULERS_META_KEY) or {}
    return {key: Scheduler.from_dict(value) for key, value in known.items()}
