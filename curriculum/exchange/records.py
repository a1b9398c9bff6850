"""Reading untrusted records of an import file: typed fields or one plain error sentence."""

from __future__ import annotations

import re
from typing import Any

from curriculum import urls
from curriculum.clock import from_iso, to_iso
from curriculum.errors import CurriculumError
from curriculum.text import clean_line, strip_controls


class ImportFileError(CurriculumError):
    """An import file that does not follow the export format."""

    def __init__(self, message: str) -> None:
        super().__init__(message, title="Import")


def fail(where: str, problem: str) -> ImportFileError:
    """The one-sentence error for a bad field."""
    return ImportFileError(f"{where} {problem}; fix the file and import again.")


def records(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The list under `key` (missing means empty), each entry a JSON object."""
    value = document.get(key) or []
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise fail(f"'{key}'", "must be a list of objects")
    return value


def text(record: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
    """A one-line string field, cleaned of control characters."""
    value = record.get(key)
    if value is None or value == "":
        if required:
            raise fail(where, f"has no '{key}'")
        return None
    if not isinstance(value, str):
        raise fail(where, f"has a '{key}' that is not text")
    return clean_line(value, 2000) or None


def web_url(record: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
    """An http(s) address; any other scheme (file:, javascript:, data:) is never kept."""
    value = text(record, key, where, required)
    if value is None or urls.is_http_url(value):
        return value
    if required:
        raise fail(where, f"has a '{key}' that is not an http(s) address")
    return None


def body(record: dict[str, Any], key: str, where: str) -> str:
    """A multi-line string field (summary, card text), controls removed."""
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise fail(where, f"has a '{key}' that is not text")
    return strip_controls(value).strip()


def strings(record: dict[str, Any], key: str, where: str) -> list[str]:
    """A list of short strings (tags, authors, keywords)."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(where, f"has a '{key}' that is not a list of text")
    return [line for line in (clean_line(v, 200) for v in value) if line]


def integer(record: dict[str, Any], key: str, where: str, default: int | None) -> int | None:
    """A whole-number field."""
    value = record.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(where, f"has a '{key}' that is not a whole number")
    return value


def number(record: dict[str, Any], key: str, where: str) -> float | None:
    """A real-number field."""
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(where, f"has a '{key}' that is not a number")
    return float(value)


STORED_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def stamp(record: dict[str, Any], key: str, where: str) -> str | None:
    """An ISO 8601 time, normalised to the stored UTC millisecond form."""
    value = record.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str) and STORED_STAMP.fullmatch(value):
        return value
    try:
        return to_iso(from_iso(str(value)))
    except ValueError:
        raise fail(where, f"has a '{key}' that is not an ISO 8601 time") from None


def choice(record: dict[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> str | None:
    """A field restricted to a few words."""
    value = record.get(key)
    if value is None:
        return None
    if value not in allowed:
        raise fail(where, f"has a '{key}' that is not one of {', '.join(allowed)}")
    return str(value)
