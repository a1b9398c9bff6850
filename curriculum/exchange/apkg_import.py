"""`import FILE.apkg|FILE.colpkg`: reviews made in Anki, AnkiDroid or AnkiMobile come home.

The package (a deck export, or a whole collection) is read as Anki wrote it: the modern
`collection.anki21b` (zstd-compressed), else `collection.anki21` or `collection.anki2`.
Notes are matched to this home's by GUID; other notes are left out (and counted). For each
matched note:

- its reviews (Anki's revlog, ease 1-4; manual reschedules have none) join the card's log,
  each once (a review exported from here comes back at the same time, within a second),
  and the card's state is replayed through FSRS from the whole history, so reviewing on a
  phone and at the terminal make one history;
- when the note was edited in Anki after its last edit here, its text and tags follow;
  a new cloze number adds a card; an edit that would remove a cloze (and so delete a card
  and its history) is not applied, and is counted so the user can make it here.

Everything happens in one transaction; nothing is written when the file is not a package.
"""

from __future__ import annotations

import html
import io
import re
import sqlite3
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from curriculum import store
from curriculum.cards import notes as note_store
from curriculum.clock import from_iso, to_iso
from curriculum.errors import CurriculumError
from curriculum.exchange import json_v2
from curriculum.exchange.anki import tag
from curriculum.exchange.card_import import CardImport
from curriculum.exchange.card_records import CardRecord, Review
from curriculum.exchange.records import ImportFileError
from curriculum.store import Database
from curriculum.text import strip_controls

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
MAX_COLLECTION_BYTES = 2_000_000_000
SAME_REVIEW_MS = 1000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class AnkiNote:
    """A note as the package has it."""

    guid: str
    mod: int
    tags: list[str]
    fields: list[str]
    cards: dict[int, list[Review]] = field(default_factory=dict)  # ord -> reviews


@dataclass
class AnkiImportResult:
    """What an Anki import did."""

    notes: int = 0
    notes_updated: int = 0
    cards_added: int = 0
    cards_merged: int = 0
    reviews: int = 0
    left_out: int = 0
    not_applied: list[str] = field(default_factory=list)  # edits that would delete cards


def _collection_bytes(path: Path) -> bytes:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        raise ImportFileError(
            f"{path} is not an Anki package (.apkg or .colpkg); export one from Anki with "
            "File → Export."
        ) from None
    with archive:
        names = set(archive.namelist())
        name = next((n for n in COLLECTIONS if n in names), None)
        if name is None or archive.getinfo(name).file_size > MAX_COLLECTION_BYTES:
            raise ImportFileError(f"{path} holds no Anki collection that Curriculum can read.")
        data = archive.read(name)
    if name.endswith("b"):
        import zstandard

        try:
            reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
            data = reader.read(MAX_COLLECTION_BYTES)
        except zstandard.ZstdError:
            raise ImportFileError(f"{path} holds a damaged Anki collection.") from None
    return data


def _rows(data: bytes, path: Path) -> tuple[list[Any], list[Any], list[Any]]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "collection.db"
        copy.write_bytes(data)
        conn = sqlite3.connect(copy)
        try:
            notes = conn.execute("SELECT id, guid, mod, tags, flds FROM notes").fetchall()
            cards = conn.execute("SELECT id, nid, ord FROM cards").fetchall()
            revlog = conn.execute(
                "SELECT cid, id, ease, time FROM revlog WHERE ease BETWEEN 1 AND 4"
                " AND type IN (0, 1, 2, 3) ORDER BY id"
            ).fetchall()
        except sqlite3.DatabaseError:
            raise ImportFileError(f"{path} holds an Anki collection that cannot be read.") from None
        finally:
            conn.close()
    return notes, cards, revlog


def read_package(path: Path) -> dict[str, AnkiNote]:
    """The package's notes by GUID, each with its cards' reviews."""
    notes, cards, revlog = _rows(_collection_bytes(path), path)
    by_id: dict[int, AnkiNote] = {}
    for nid, guid, mod, tags, flds in notes:
        by_id[nid] = AnkiNote(str(guid), int(mod), str(tags).split(), str(flds).split("\x1f"))
    reviews: dict[int, list[Review]] = defaultdict(list)
    for cid, at, ease, ms in revlog:
        stamp = to_iso(EPOCH + timedelta(milliseconds=int(at)))
        reviews[cid].append((int(ease), stamp, max(0, min(int(ms or 0), 86_400_000)), ""))
    for cid, nid, ord_ in cards:
        if nid in by_id:
            by_id[nid].cards[int(ord_)] = reviews.get(cid, [])
    return {note.guid: note for note in by_id.values()}


BREAKS = re.compile(r"<br\s*/?>|</div>\s*<div[^>]*>|</p>\s*<p[^>]*>", re.IGNORECASE)
TAGS = re.compile(r"<[^>]*>")


def field_text(value: str) -> str:
    """An Anki field (HTML) as the plain text Curriculum stores."""
    text = TAGS.sub("", BREAKS.sub("\n", value))
    return strip_controls(html.unescape(text).replace("\xa0", " ")).strip()


def _new_reviews(have: list[tuple[int, str]], theirs: list[Review]) -> list[Review]:
    """Reviews of `theirs` that are not already in `have` (same rating, within a second)."""
    known = [(rating, from_iso(at).timestamp() * 1000) for rating, at in have]
    return [
        review
        for review in theirs
        if not any(
            r == review[0] and abs(m - from_iso(review[1]).timestamp() * 1000) < SAME_REVIEW_MS
            for r, m in known
        )
    ]


class AnkiImport:
    """One package's notes merged into this home."""

    def __init__(self, db: Database, now: datetime) -> None:
        self.db = db
        self.now = now
        self.result = AnkiImportResult()
        self.job = CardImport(db, now, json_v2.import_fsrs(db, {}, False))

    def note(self, ours: note_store.NoteRow, theirs: AnkiNote) -> None:
        """Merge one note: its text when edited there, then each card's reviews."""
        self.result.notes += 1
        self._text(ours, theirs)
        for card in note_store.siblings(self.db, ours.id):
            reviews = theirs.cards.get((card.cloze_index or 1) - 1, [])
            have = self.db.execute(
                "SELECT rating, reviewed_at FROM review_log WHERE card_id = ?", [card.id]
            ).fetchall()
            fresh = [
                (rating, at, ms, self.job.replayer.default)
                for rating, at, ms, _ in _new_reviews(have, reviews)
            ]
            if fresh:
                self._merge(card.id, fresh)

    def _merge(self, card_id: int, fresh: list[Review]) -> None:
        record = CardRecord(None, "basic", "", "", None, [], False, fresh, None)
        before = len(self.job.reviews)
        self.job.merge(card_id, record)
        self.result.cards_merged += 1
        self.result.reviews += len(self.job.reviews) - before

    def _text(self, ours: note_store.NoteRow, theirs: AnkiNote) -> None:
        if theirs.mod <= int(from_iso(ours.updated_at).timestamp()) or len(theirs.fields) < 2:
            return
        front, back = field_text(theirs.fields[0]), field_text(theirs.fields[1])
        named = {tag(t): t for t in ours.tags}  # Anki's form of a tag (no spaces) -> ours
        kept = [t for t in ours.tags if tag(t) in theirs.tags]
        tags = kept + [t for t in theirs.tags if t not in named]
        if (front, back, tags) == (ours.front, ours.back, ours.tags):
            return
        stamp = datetime.fromtimestamp(theirs.mod, tz=UTC)
        try:
            edit = note_store.edit_note(self.db, ours.id, front, back, tags, stamp)
        except note_store.RemovesCards as removal:
            self.result.not_applied.append(f"note {ours.id}: {removal.message}")
            return
        except CurriculumError as error:
            self.result.not_applied.append(f"note {ours.id}: {error.message}")
            return
        self.result.notes_updated += 1
        self.result.cards_added += len(edit.added)


def import_package(
    db: Database, path: Path, now: datetime, package: dict[str, AnkiNote] | None = None
) -> AnkiImportResult:
    """Merge a package's reviews and edits into the home (one transaction)."""
    package = read_package(path) if package is None else package
    with store.transaction(db):
        job = AnkiImport(db, now)
        ours = {n.guid: n for n in note_store.notes_where(db)}
        for guid, theirs in package.items():
            if guid in ours:
                job.note(ours[guid], theirs)
            else:
                job.result.left_out += 1
        job.job.write()
    return job.result


def is_package(path: Path) -> bool:
    """Whether `path` names an Anki package (by its suffix)."""
    return path.suffix.lower() in (".apkg", ".colpkg")
