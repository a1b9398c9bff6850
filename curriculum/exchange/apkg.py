"""`export --format apkg`: an Anki package (written with genanki) for Anki, AnkiDroid and
AnkiMobile.

The package carries its own note types, "Curriculum Q&A" (Front, Back, Source) and
"Curriculum Cloze" (Text, Back Extra, Source), with fixed ids, so it imports into a
collection in any language, and a later export of the same notes updates them (Anki matches
notes by GUID, each note's own stable GUID here, and takes a note whose modification time is
newer). Source is the reading, linked when it has a web address; tags are the note's.

Scheduling goes with the cards (Anki: Import → "Import any learning progress"): each card's
state, due date, interval, FSRS memory (stability, difficulty) and its review log, so
reviewing continues on the phone where it stands here. `import FILE.apkg` brings the
reviews made there back (`apkg_import`).
"""

from __future__ import annotations

import html
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from curriculum.cards import cloze
from curriculum.clock import from_iso
from curriculum.errors import CurriculumError
from curriculum.exchange.anki import field, tag
from curriculum.library.markdown_text import web_address
from curriculum.store import Database, settings
from curriculum.text import clean_line

BASIC_MODEL_ID = 1_742_551_801
CLOZE_MODEL_ID = 1_742_551_802
DECK_ID = 1_742_551_803
DECK = "Curriculum"
COLLECTION_CREATED = 1_411_124_400  # genanki's collection `crt`: review due days count from it
CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; }
.cloze { font-weight: bold; color: #1565c0; }
.nightMode .cloze { color: #90caf9; }
.source { margin-top: 1.5em; font-size: 14px; color: #777; }"""
STATE_TYPES = {"new": (0, 0), "learning": (1, 1), "review": (2, 2), "relearning": (3, 1)}
REVLOG_TYPES = {"new": 0, "learning": 0, "review": 1, "relearning": 2}


def _genanki() -> Any:
    try:
        import genanki
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise CurriculumError(
            "Writing an Anki package needs genanki; reinstall Curriculum (`pip install .`)."
        ) from None
    return genanki


def models(genanki: Any) -> tuple[Any, Any]:
    """The two note types the package carries."""
    source = '<div class="source">{{Source}}</div>'
    basic = genanki.Model(
        BASIC_MODEL_ID,
        "Curriculum Q&A",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}' + source,
        }],
        css=CSS,
    )  # fmt: skip
    cloze_model = genanki.Model(
        CLOZE_MODEL_ID,
        "Curriculum Cloze",
        fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": "Source"}],
        templates=[{
            "name": "Cloze",
            "qfmt": "{{cloze:Text}}",
            "afmt": "{{cloze:Text}}<br>{{Back Extra}}" + source,
        }],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )  # fmt: skip
    return basic, cloze_model


def millis(stamp: str) -> int:
    """A stored time as Unix milliseconds."""
    return round(from_iso(stamp).timestamp() * 1000)


def source_field(title: str | None, url: str | None) -> str:
    """The reading as HTML: its title, linked when it has a web address."""
    if title is None:
        return ""
    text = html.escape(clean_line(title), quote=True)
    address = web_address(url)
    return f'<a href="{html.escape(address, quote=True)}">{text}</a>' if address else text


@dataclass
class PackageCard:
    """One card with what Anki's `cards` row and its revlog rows need."""

    id: int
    ord: int
    row: tuple[Any, ...]  # type .. data, after id/nid/did/ord
    reviews: list[tuple[Any, ...]]


@dataclass
class PackageNote:
    """One note: GUID, note type, fields, tags, times, cards."""

    id: int
    guid: str
    cloze: bool
    fields: list[str]
    tags: list[str]
    mod: int
    cards: list[PackageCard]
    sort: str = ""


class Ids:
    """Unique ids within the package, starting from a wanted value."""

    def __init__(self) -> None:
        self.used: set[int] = set()

    def take(self, wanted: int) -> int:
        """`wanted`, or the next free id after it."""
        while wanted in self.used:
            wanted += 1
        self.used.add(wanted)
        return wanted


def _schedule(card: dict[str, Any], retention: float) -> tuple[Any, ...]:
    """Anki's type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data."""
    kind, queue = STATE_TYPES[card["state"]]
    queue = -1 if card["suspended"] else queue
    due_ms = millis(card["due"])
    ivl, due = 0, 0
    if card["state"] == "review":
        last = millis(card["last_review"]) if card["last_review"] else due_ms
        ivl = max(1, round((due_ms - last) / 86_400_000))
        due = int(due_ms / 1000 - COLLECTION_CREATED) // 86_400
    elif card["state"] in ("learning", "relearning"):
        due = due_ms // 1000
    memory = {}
    if card["stability"] is not None and card["difficulty"] is not None:
        memory = {"s": round(card["stability"], 4), "d": round(card["difficulty"], 4)}
        memory["dr"] = retention
    left = 1 if card["state"] in ("learning", "relearning") else 0
    return (kind, queue, due, ivl, 2500 if kind else 0, card["reps"], card["lapses"], left,
            0, 0, 0, json.dumps(memory) if memory else "")  # fmt: skip


def _revlog(db: Database, card_id: int, anki_id: int, ids: Ids) -> list[tuple[Any, ...]]:
    """The card's reviews as Anki revlog rows (id = review time in ms)."""
    rows = db.execute(
        "SELECT rating, reviewed_at, duration_ms, json_extract(state_before, '$.state'),"
        " json_extract(state_before, '$.due') FROM review_log WHERE card_id = ?"
        " ORDER BY reviewed_at, id",
        [card_id],
    ).fetchall()
    due = db.execute("SELECT due FROM cards WHERE id = ?", [card_id]).fetchone()[0]
    out, last_ivl = [], 0
    for n, (rating, at, duration, state, _) in enumerate(rows):
        next_due = rows[n + 1][4] if n + 1 < len(rows) else due
        span = (millis(next_due) - millis(at)) / 1000 if next_due else 0
        ivl = round(span / 86400) if span >= 86400 else -round(span)
        kind = REVLOG_TYPES.get(state or "review", 1)
        ms = min(duration or 0, 60_000)
        out.append((ids.take(millis(at)), anki_id, -1, rating, ivl, last_ivl, 2500, ms, kind))
        last_ivl = ivl
    return out


def package_notes(db: Database) -> Iterator[PackageNote]:
    """Every note, its fields, tags and cards (with schedules and reviews)."""
    retention = float(settings.get(db, "cards.retention"))
    note_ids, card_ids, review_ids = Ids(), Ids(), Ids()
    columns = ("id", "cloze_index", "state", "due", "last_review", "stability", "difficulty")
    columns += ("reps", "lapses", "suspended", "created_at")
    for nid, guid, kind, front, back, tags, created, updated, title, url in db.execute(
        "SELECT n.id, n.guid, n.kind, n.front, n.back, n.tags, n.created_at, n.updated_at,"
        " i.title, i.url FROM notes n LEFT JOIN items i ON i.id = n.item_id ORDER BY n.id"
    ).fetchall():
        cards = []
        for row in db.execute(
            f"SELECT {', '.join(columns)} FROM cards WHERE note_id = ? ORDER BY cloze_index, id",
            [nid],
        ).fetchall():
            card = dict(zip(columns, row, strict=True))
            ord_ = (card["cloze_index"] or 1) - 1
            anki_id = card_ids.take(millis(card["created_at"]) + ord_)
            reviews = _revlog(db, card["id"], anki_id, review_ids)
            cards.append(PackageCard(anki_id, ord_, _schedule(card, retention), reviews))
        labels = [t for t in (tag(name) for name in json.loads(tags)) if t]
        yield PackageNote(
            note_ids.take(millis(created)), guid, kind == "cloze",
            [field(front), field(back), source_field(title, url)], labels,
            int(from_iso(updated).timestamp()), cards,
            clean_line(cloze.reveal_all(front, str, str), 200),
        )  # fmt: skip


def _v2_scheduler(cursor: Any) -> None:
    """Mark the collection as using Anki's v2+ scheduler: its revlog eases are 1-4 for every
    kind of review (a v1 collection's learning eases 2 and 3 would be read as 3 and 4)."""
    (conf,) = cursor.execute("SELECT conf FROM col").fetchone()
    cursor.execute("UPDATE col SET conf = ?", (json.dumps(json.loads(conf) | {"schedVer": 2}),))


def _write_note(cursor: Any, note: PackageNote, model: Any, deck_id: int) -> None:
    cursor.execute(
        "INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (note.id, note.guid, model.model_id, note.mod, -1, f" {' '.join(note.tags)} ",
         "\x1f".join(note.fields), note.sort, 0, 0, ""),
    )  # fmt: skip
    for card in note.cards:
        cursor.execute(
            "INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (card.id, note.id, deck_id, card.ord, note.mod, -1, *card.row),
        )
        cursor.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", card.reviews)


def write(db: Database, out: Path, now: datetime) -> tuple[int, int]:
    """Write every note into an .apkg at `out`; returns (notes, cards)."""
    genanki = _genanki()
    basic, cloze_model = models(genanki)
    deck = genanki.Deck(DECK_ID, DECK)
    deck.add_model(basic)
    deck.add_model(cloze_model)
    notes = list(package_notes(db))

    class _Package(genanki.Package):  # type: ignore[misc, name-defined]
        def write_to_db(self, cursor: Any, timestamp: float, id_gen: Any) -> None:
            super().write_to_db(cursor, timestamp, id_gen)
            _v2_scheduler(cursor)
            for note in notes:
                _write_note(cursor, note, cloze_model if note.cloze else basic, DECK_ID)

    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, suffix=".apkg", delete=False) as handle:
        partial = Path(handle.name)
    try:
        _Package(deck).write_to_file(str(partial), timestamp=now.astimezone(UTC).timestamp())
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return len(notes), sum(len(n.cards) for n in notes)
