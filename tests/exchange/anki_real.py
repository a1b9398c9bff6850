"""Helpers that drive the real Anki backend (the `anki` package from PyPI) in tests."""

from __future__ import annotations

from pathlib import Path

import pytest

anki_collection = pytest.importorskip("anki.collection")
from anki.collection import Collection, ImportAnkiPackageRequest  # noqa: E402
from anki.import_export_pb2 import (  # noqa: E402
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
)


def new_collection(folder: Path, name: str = "collection.anki2") -> Collection:
    """A fresh Anki collection in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / name))


def import_apkg(col: Collection, package: Path, scheduling: bool = True):
    """Anki's own .apkg importer, as File → Import runs it."""
    options = ImportAnkiPackageOptions(with_scheduling=scheduling, update_notes=0)
    request = ImportAnkiPackageRequest(package_path=str(package), options=options)
    return col.import_anki_package(request).log


def export_apkg(col: Collection, out: Path) -> None:
    """Anki's own .apkg exporter (the whole collection, with scheduling)."""
    options = ExportAnkiPackageOptions(with_scheduling=True, with_media=False, legacy=False)
    col.export_anki_package(out_path=str(out), options=options, limit=None)


def review_all(col: Collection, ratings: dict[str, int]) -> list[tuple[str, int, int]]:
    """Answer every queued card with Anki's scheduler; `ratings` by note text prefix (3 else).

    Returns (note text, card ord, rating) for each answer.
    """
    col.decks.select(col.decks.id_for_name("Curriculum"))
    done = []
    for _ in range(50):
        queued = col.sched.get_queued_cards(fetch_limit=1)
        if not queued.cards:
            break
        entry = queued.cards[0]
        card = col.get_card(entry.card.id)
        text = card.note().fields[0]
        rating = next((r for prefix, r in ratings.items() if text.startswith(prefix)), 3)
        card.start_timer()
        answer = col.sched.build_answer(card=card, states=entry.states, rating=rating)
        col.sched.answer_card(answer)
        done.append((text, card.ord, rating))
    return done
