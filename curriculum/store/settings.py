"""User settings: a registry of names, defaults and validators, stored in the database.

Names are a contract (scripts use them). Values are stored as JSON text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any

from curriculum.clock import parse_day_starts
from curriculum.errors import ConfigError
from curriculum.store import transaction
from curriculum.store.database import Database

Value = int | float | str | bool


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, help line and parser from text."""

    key: str
    default: Value
    help: str
    parse: Callable[[str], Value]


def _int_range(low: int, high: int) -> Callable[[str], Value]:
    def parse(text: str) -> Value:
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"expected a whole number from {low} to {high}") from None
        if not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return value

    return parse


def _float_range(low: float, high: float) -> Callable[[str], Value]:
    def parse(text: str) -> Value:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"expected a number from {low} to {high}") from None
        if not low <= value <= high:
            raise ValueError(f"expected a number from {low} to {high}")
        return round(value, 4)

    return parse


def _clock_time(text: str) -> Value:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError("expected a time of day as HH:MM, such as 04:00")
    return f"{int(match[1]):02d}:{match[2]}"


def _boolean(text: str) -> Value:
    lowered = text.strip().lower()
    if lowered in {"true", "yes", "on", "1"}:
        return True
    if lowered in {"false", "no", "off", "0"}:
        return False
    raise ValueError("expected true or false")


def _choice(*allowed: str) -> Callable[[str], Value]:
    def parse(text: str) -> Value:
        word = text.strip().lower()
        if word not in allowed:
            raise ValueError(f"expected {' or '.join(allowed)}")
        return word

    return parse


STEP_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_STEP_DAYS = 36500  # no step longer than the longest interval
MAX_STEPS = 20


def _steps(text: str) -> Value:
    parts = text.split()
    if not all(re.fullmatch(r"[0-9]+[smhd]", part) for part in parts):
        raise ValueError("expected durations such as '1m 10m' (units s, m, h, d)")
    if len(parts) > MAX_STEPS:
        raise ValueError(f"expected at most {MAX_STEPS} steps")
    for part in parts:
        if len(part) > 12 or int(part[:-1]) * STEP_SECONDS[part[-1]] > MAX_STEP_DAYS * 86400:
            raise ValueError(f"each step must be at most {MAX_STEP_DAYS} days ({MAX_STEP_DAYS}d)")
    return " ".join(parts)


def _word_list(text: str) -> Value:
    parts = [" ".join(part.split()) for part in str(text).split(",")]
    kept = list(dict.fromkeys(p for p in parts if p))
    if any(len(p) > 60 for p in kept) or len(kept) > 30:
        raise ValueError("expected up to 30 comma-separated concepts or words")
    if any(not ch.isprintable() for p in kept for ch in p):
        raise ValueError("expected plain words, separated by commas")
    return ", ".join(kept)


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in [
        Setting("daily.items", 2, "readings per day (0 disables this target)", _int_range(0, 50)),
        Setting("daily.minutes", 60, "reading minutes per day (0 disables)", _int_range(0, 1440)),
        Setting(
            "daily.feed_readings",
            1,
            "feed readings a day beside an active track, at least (0: the track only)",
            _int_range(0, 50),
        ),
        Setting(
            "daily.favour_weak",
            True,
            "rank feed readings on your weakest concepts higher",
            _boolean,
        ),
        Setting(
            "goal.days_per_week",
            5,
            "the weekly goal: days a week the daily target is met (days off lower it)",
            _int_range(1, 7),
        ),
        Setting(
            "daily.breadth_every",
            3,
            "every Nth feed place goes to your least-covered concept (0: off)",
            _int_range(0, 20),
        ),
        Setting(
            "daily.per_source",
            2,
            "most feed readings from one feed, or by one author, a day",
            _int_range(1, 20),
        ),
        Setting(
            "ranking.interests",
            "",
            "concepts you care about (comma-separated); they guide the ranking at first",
            _word_list,
        ),
        Setting("day.starts", "04:00", "local time at which a study day begins", _clock_time),
        Setting(
            "cards.retention", 0.90, "desired recall probability (FSRS)", _float_range(0.7, 0.99)
        ),
        Setting("cards.new_per_day", 20, "new cards per day", _int_range(0, 9999)),
        Setting("cards.reviews_per_day", 200, "reviews per day", _int_range(0, 99999)),
        Setting("cards.learning_steps", "1m 10m", "learning steps for new cards", _steps),
        Setting("cards.relearning_steps", "10m", "relearning steps after a lapse", _steps),
        Setting("cards.maximum_interval", 36500, "longest interval in days", _int_range(1, 36500)),
        Setting(
            "cards.bury_siblings",
            False,
            "after a card is reviewed, hide its note's other cards until the next day",
            _boolean,
        ),
        Setting(
            "cards.leech_action",
            "tag",
            "a leech (8 lapses) is tagged 'leech' (tag) or also suspended (suspend)",
            _choice("tag", "suspend"),
        ),
        Setting("fetch.on_start", True, "refresh due feeds when the app starts", _boolean),
        Setting(
            "fetch.texts",
            True,
            "fetch the whole text of today's readings in the background, for offline reading",
            _boolean,
        ),
        Setting(
            "fetch.interval_minutes",
            240,
            "default poll interval for automatic refreshes",
            _int_range(5, 10080),
        ),
    ]
}


def _known(key: str) -> Setting:
    setting = SETTINGS.get(key)
    if setting is None:
        names = ", ".join(SETTINGS)
        raise ConfigError(f"There is no setting named '{key}'; the settings are: {names}.")
    return setting


def validate(key: str, text: str) -> Value:
    """Parse `text` as the value of `key`, or raise ConfigError saying what is expected."""
    setting = _known(key)
    try:
        return setting.parse(str(text))
    except ValueError as error:
        raise ConfigError(f"'{text}' is not a valid value for {key}: {error}.") from None


def get(db: Database, key: str) -> Any:
    """The value of one setting (its default when unset)."""
    setting = _known(key)
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return setting.default if row is None else json.loads(row[0])


def day_starts(db: Database) -> time:
    """The `day.starts` setting as a time of day (the study-day rule lives in `clock`)."""
    return parse_day_starts(str(get(db, "day.starts")))


def get_all(db: Database) -> dict[str, Any]:
    """Every setting with its value, in registry order."""
    stored = {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM settings")}
    return {key: stored.get(key, s.default) for key, s in SETTINGS.items()}


def set_value(db: Database, key: str, text: str) -> Value:
    """Validate and store one setting; returns the stored value."""
    value = validate(key, text)
    with transaction(db):
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )
    return value


def format_value(value: Any) -> str:
    """A value as the user types it (`true`, `0.9`, `04:00`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
