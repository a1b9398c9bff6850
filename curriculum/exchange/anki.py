"""`export --format anki`: a tab-separated file Anki's text importer reads as it is.

The file starts with Anki's header lines (separator, html, note type and tag columns), so
basic cards become "Basic" notes (Front, Back) and clozes "Cloze" notes (Text, Back
Extra). The cloze cards of one text are one Anki note, as in Anki.
"""

from __future__ import annotations

import html
import json
from typing import Any

from sqlite_utils import Database

from curriculum.cards import cloze

HEADER = [
    "#separator:tab",
    "#html:true",
    "#notetype column:1",
    "#deck column:2",
    "#tags column:5",
]
DECK = "Curriculum"


def field(text: str) -> str:
    """One field as Anki HTML: escaped, tabs to spaces, line breaks as <br>."""
    escaped = html.escape(text.replace("\t", " "), quote=True)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def tag(text: str) -> str:
    """An Anki tag: no spaces (they separate tags)."""
    return "_".join(text.split())


def anki_cloze(text: str) -> str:
    """Cloze text in Anki's syntax (`{{c1::answer::hint}}`) with the rest escaped."""
    parts, position = [], 0
    for match in cloze.CLOZE.finditer(text):
        parts.append(field(text[position : match.start()]))
        hint = f"::{field(match[3])}" if match[3] else ""
        parts.append(f"{{{{c{match[1]}::{field(match[2])}{hint}}}}}")
        position = match.end()
    parts.append(field(text[position:]))
    return "".join(parts)


def notes(db: Database) -> list[list[str]]:
    """One row per Anki note: note type, deck, two fields, tags (a cloze text's tags united)."""
    found: dict[tuple[Any, ...], tuple[list[str], list[str]]] = {}
    for card_id, item_id, kind, front, back, tags, item_tags in db.execute(
        "SELECT c.id, c.item_id, c.kind, c.front, c.back, c.tags, COALESCE(i.tags, '[]')"
        " FROM cards c LEFT JOIN items i ON i.id = c.item_id ORDER BY c.id"
    ):
        labels = [tag(t) for t in [*json.loads(tags), *json.loads(item_tags)]]
        if kind == "cloze":
            key: tuple[Any, ...] = ("cloze", item_id, front)
            fields = ["Cloze", DECK, anki_cloze(front), field(back)]
        else:
            key, fields = ("basic", card_id), ["Basic", DECK, field(front), field(back)]
        known = found.setdefault(key, (fields, []))[1]
        known.extend(label for label in labels if label not in known)
    return [[*fields, " ".join(labels)] for fields, labels in found.values()]


def export(db: Database) -> str:
    """The whole deck as Anki import text."""
    lines = HEADER + ["\t".join(row) for row in notes(db)]
    return "\n".join(lines) + "\n"
