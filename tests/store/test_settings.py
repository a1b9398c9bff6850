"""Settings: exact names, defaults, validation, persistence."""

from __future__ import annotations

import pytest

from curriculum.errors import ConfigError
from curriculum.store import settings

DEFAULTS = {
    "daily.items": 2,
    "daily.minutes": 60,
    "day.starts": "04:00",
    "cards.retention": 0.90,
    "cards.new_per_day": 20,
    "cards.reviews_per_day": 200,
    "fetch.on_start": True,
}


def test_the_contract_names_and_defaults(bare_db):
    values = settings.get_all(bare_db)
    for key, default in DEFAULTS.items():
        assert values[key] == default


@pytest.mark.parametrize(
    ("key", "text", "stored"),
    [
        ("daily.items", "3", 3),
        ("daily.minutes", "0", 0),
        ("day.starts", "5:30", "05:30"),
        ("cards.retention", "0.85", 0.85),
        ("fetch.on_start", "no", False),
        ("cards.learning_steps", "30s 5m  1h", "30s 5m 1h"),
    ],
)
def test_set_validates_normalises_and_persists(bare_db, key, text, stored):
    assert settings.set_value(bare_db, key, text) == stored
    assert settings.get(bare_db, key) == stored


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("daily.items", "two", "whole number"),
        ("daily.items", "-1", "whole number from 0"),
        ("day.starts", "25:00", "HH:MM"),
        ("cards.retention", "1.5", "number from 0.7"),
        ("fetch.on_start", "maybe", "true or false"),
        ("cards.learning_steps", "ten minutes", "durations"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(bare_db, key, text, message):
    before = settings.get(bare_db, key)
    with pytest.raises(ConfigError, match=message):
        settings.set_value(bare_db, key, text)
    assert settings.get(bare_db, key) == before


def test_unknown_key_lists_the_known_ones(bare_db):
    with pytest.raises(ConfigError, match=r"no setting named 'daily\.item'.*daily\.items"):
        settings.get(bare_db, "daily.item")
