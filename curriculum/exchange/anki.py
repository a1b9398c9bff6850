"""`export --format anki`: a tab-separated file Anki's text importer reads as it is.

The file starts with Anki's header lines (separator, html, note type, deck, GUID and tag
columns): question/answer notes become "Basic" notes (Front, Back) and cloze notes "Cloze"
notes (Text, Back Extra), one row per note, so a cloze text's cards stay one Anki note. The
GUID column carries each note's stable GUID, so importing a newer file updates the notes
instead of adding copies. Any field holding a quote, tab or line break is quoted as CSV
quotes it (Anki's reader treats a field that starts with `"` as quoted).

"Basic" and "Cloze" are the names of Anki's stock note types in an English collection; a
collection in another language names them differently, so `export --format apkg` (which
carries its own note types) is the route that works everywhere.
"""

from __future__ import annotations

import html
import json

from curriculum.store import Database

HEADER = [
    "#separator:tab",
    "#html:true",
    "#notetype column:1",
    "#deck column:2",
    "#guid column:3",
    "#tags column:6",
]
DECK = "Curriculum"
NOTETYPES = {"basic": "Basic", "cloze": "Cloze"}


def field(text: str) -> str:
    """One field as Anki HTML: escaped (cloze markers pass), line breaks as <br>."""
    escaped = html.escape(text.replace("\t", " "), quote=True)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def tag(text: str) -> str:
    """An Anki tag: no spaces (they separate tags)."""
    return "_".join(text.split())


def quoted(value: str) -> str:
    """A column as Anki's CSV reader needs it: quoted when it holds `"`, a tab or a newline."""
    if any(ch in value for ch in '"\t\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def notes(db: Database) -> list[list[str]]:
    """One row per note: note type, deck, GUID, two fields, tags (the note's and its
    reading's)."""
    rows = []
    for kind, guid, front, back, tags, item_tags in db.execute(
        "SELECT n.kind, n.guid, n.front, n.back, n.tags, COALESCE(i.tags, '[]')"
        " FROM notes n LEFT JOIN items i ON i.id = n.item_id ORDER BY n.id"
    ):
        labels: list[str] = []
        for name in [*json.loads(tags), *json.loads(item_tags)]:
            if tag(name) and tag(name) not in labels:
                labels.append(tag(name))
        rows.append([NOTETYPES[kind], DECK, guid, field(front), field(back), " ".join(labels)])
    return rows


def export(db: Database) -> str:
    """The whole deck as Anki import text."""
    lines = HEADER + ["\t".join(quoted(column) for column in row) for row in notes(db)]
    return "\n".join(lines) + "\n"
