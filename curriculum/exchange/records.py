"""Reading untrusted records of an import file: typed fields or one plain error sentence.

Every field is checked before anything is written: its type (a JSON `true`, not the text
`"false"`), its range (no id beyond 2^53, no negative duration, no NaN), and its length
(titles up to 1,000 characters, card sides up to 10,000, as the README promises). A bad
field is one sentence naming the record and the field; the import then writes nothing.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from curriculum import urls
from curriculum.clock import from_iso, to_iso
from curriculum.errors import CurriculumError
from curriculum.text import clean_line, strip_controls

MAX_ID = 2**53 - 1  # beyond this a JSON number is no longer exact anywhere
MAX_TITLE = 1_000
MAX_CARD_SIDE = 10_000
MAX_NAME = 1_000
MAX_URL = 4_000
MAX_TAG = 200
MAX_SUMMARY = 200_000
FIRST_YEAR, LAST_YEAR = 1900, 9998


class ImportFileError(CurriculumError):
    """An import file that does not follow the export format."""

    def __init__(self, message: str) -> None:
        super().__init__(message, title="Import")


def fail(where: str, problem: str) -> ImportFileError:
    """The one-sentence error for a bad field."""
    return ImportFileError(f"{where} {problem}; fix the file and import again.")


def records(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The list under `key` (missing means empty), each entry a JSON object."""
    value = document.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise fail(f"'{key}'", "must be a list of objects")
    return value


def _too_long(where: str, key: str, limit: int) -> ImportFileError:
    return fail(where, f"has a '{key}' longer than {limit:,} characters")


def _given_text(record: dict[str, Any], key: str, where: str, required: bool) -> str | None:
    """The field as given, when it is text; None when missing or empty (refused if
    `required`)."""
    value = record.get(key)
    if value is None or value == "":
        if required:
            raise fail(where, f"has no '{key}'")
        return None
    if not isinstance(value, str):
        raise fail(where, f"has a '{key}' that is not text")
    return value


def text(
    record: dict[str, Any], key: str, where: str, required: bool = False, limit: int = MAX_NAME
) -> str | None:
    """A one-line string field, cleaned of control characters, at most `limit` long."""
    value = _given_text(record, key, where, required)
    if value is None:
        return None
    line = clean_line(value, len(value) + 1)
    if len(line) > limit:
        raise _too_long(where, key, limit)
    if not line and required:
        raise fail(where, f"has no '{key}'")
    return line or None


def web_url(record: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
    """An http(s) address as `urls.web_url` normalises it (the form every other way in
    stores); anything else (file:, javascript:, data:, a bad host or port) is never kept:
    refused when `required`, else dropped."""
    value = _given_text(record, key, where, required)
    if value is None:
        return None
    if len(value) > MAX_URL:
        raise _too_long(where, key, MAX_URL)
    try:
        return urls.web_url(value)
    except urls.BadURL as bad:
        if required:
            reason = clean_line(str(bad), 120)
            raise fail(
                where, f"has a '{key}' that is not an http(s) address (it {reason})"
            ) from None
        return None


def body(record: dict[str, Any], key: str, where: str, limit: int = MAX_SUMMARY) -> str:
    """A multi-line string field (summary, card text), controls removed, at most `limit`."""
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise fail(where, f"has a '{key}' that is not text")
    cleaned = strip_controls(value).strip()
    if len(cleaned) > limit:
        raise _too_long(where, key, limit)
    return cleaned


def strings(record: dict[str, Any], key: str, where: str) -> list[str]:
    """A list of short strings (tags, authors, keywords)."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(where, f"has a '{key}' that is not a list of text")
    lines = [clean_line(v, len(v) + 1) for v in value]
    if any(len(line) > MAX_TAG for line in lines):
        raise fail(where, f"has a '{key}' entry longer than {MAX_TAG} characters")
    return [line for line in lines if line]


def integer(
    record: dict[str, Any],
    key: str,
    where: str,
    default: int | None,
    low: int = 0,
    high: int = MAX_ID,
) -> int | None:
    """A whole-number field from `low` to `high`."""
    value = record.get(key)
    if value is None:
        return default
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_ID:
        value = int(value)  # 5.0 is 5
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(where, f"has a '{key}' that is not a whole number")
    if not low <= value <= high:
        raise fail(where, f"has a '{key}' outside {low:,} to {high:,}")
    return value


def identifier(record: dict[str, Any], key: str, where: str) -> int | None:
    """A record id or a reference to one (1 to 2^53 - 1)."""
    return integer(record, key, where, None, 1, MAX_ID)


def number(
    record: dict[str, Any], key: str, where: str, low: float = -math.inf, high: float = math.inf
) -> float | None:
    """A finite real-number field from `low` to `high` (never NaN or infinite)."""
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(where, f"has a '{key}' that is not a number")
    if isinstance(value, int) and abs(value) > MAX_ID:
        raise fail(where, f"has a '{key}' outside {low:g} to {high:g}")
    result = float(value)
    if not math.isfinite(result):
        raise fail(where, f"has a '{key}' that is not a finite number")
    if not low <= result <= high:
        raise fail(where, f"has a '{key}' outside {low:g} to {high:g}")
    return result


def boolean(record: dict[str, Any], key: str, where: str) -> bool:
    """A true/false field (JSON `true` or `false`; missing is false)."""
    value = record.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise fail(where, f"has a '{key}' that is not true or false")
    return value


STORED_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def stamp(record: dict[str, Any], key: str, where: str) -> str | None:
    """An ISO 8601 time, normalised to the stored UTC millisecond form."""
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise fail(where, f"has a '{key}' that is not an ISO 8601 time")
    try:
        moment = from_iso(value)
    except (ValueError, OverflowError):
        raise fail(where, f"has a '{key}' that is not an ISO 8601 time") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise fail(where, f"has a '{key}' outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return value if STORED_STAMP.fullmatch(value) else to_iso(moment)


def day(record: dict[str, Any], key: str, where: str) -> str | None:
    """A calendar date, `YYYY-MM-DD`."""
    value = record.get(key)
    if value is None or value == "":
        return None
    try:
        parsed = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None or not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise fail(where, f"has a '{key}' that is not a date such as 2026-11-22")
    return parsed.isoformat()


def choice(record: dict[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> str | None:
    """A field restricted to a few words."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        raise fail(where, f"has a '{key}' that is not one of {', '.join(allowed)}")
    return value
