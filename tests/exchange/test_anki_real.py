"""Exports and imports against real Anki: the `anki` package (Anki's own Rust backend).

The text export, the .apkg export and the .apkg/.colpkg import are each run through Anki's
own importer and exporter, and reviews are made with Anki's own scheduler.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from curriculum import cards
from curriculum.cards.check import replay_problems
from curriculum.cards.scheduling import make_scheduler, replay
from curriculum.clock import from_iso
from curriculum.exchange import anki, apkg, apkg_import
from curriculum.exchange.records import ImportFileError
from tests.exchange.anki_real import export_apkg, import_apkg, new_collection, review_all

pytest.importorskip("anki")
from anki.collection import ImportCsvRequest


def _import_tsv(col, path):
    metadata = col.get_csv_metadata(str(path), None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def _all_notes(col):
    return [col.get_note(nid) for nid in col.find_notes("")]


def test_tsv_with_a_quoted_tag_imports_every_note_into_anki(db, now, tmp_path):
    """A tag starting with a quote made Anki read the rest of the file as one field."""
    for n in range(15):
        tags = ['"quoted', "two words"] if n == 3 else [f"t{n}"]
        cards.add_cards(db, 1, f"Question {n}?", f'Answer {n} with "quotes"', tags, now)
    path = tmp_path / "deck.txt"
    path.write_text(anki.export(db), encoding="utf-8")
    col = new_collection(tmp_path / "anki")
    _import_tsv(col, path)
    notes = _all_notes(col)
    assert len(notes) == 15
    by_front = {n.fields[0]: n for n in notes}
    assert {'"quoted', "two_words"} <= set(by_front["Question 3?"].tags)
    assert by_front["Question 14?"].fields[1] == "Answer 14 with &quot;quotes&quot;"
    col.close()


def test_tsv_again_updates_notes_by_guid_instead_of_duplicating(db, now, tmp_path):
    (made,) = cards.add_cards(db, 1, "What is outer alignment?", "The objective", [], now)
    first = tmp_path / "first.txt"
    first.write_text(anki.export(db), encoding="utf-8")
    cards.edit_card(db, made.id, "What is outer alignment?", "Getting the objective right",
                    None, now + timedelta(minutes=5))  # fmt: skip
    second = tmp_path / "second.txt"
    second.write_text(anki.export(db), encoding="utf-8")
    col = new_collection(tmp_path / "anki")
    _import_tsv(col, first)
    _import_tsv(col, second)
    notes = _all_notes(col)
    assert [n.fields for n in notes] == [
        ["What is outer alignment?", "Getting the objective right"]
    ]
    col.close()


def _seeded_notes(db, now):
    basic = cards.add_cards(db, 1, "Why read widely?", "Breadth <beats> depth", ["reading habit"],
                            now)  # fmt: skip
    nested = cards.add_cards(db, 2, "A {{c1::mesa-optimizer {{c2::pursues}} its own}} objective",
                             "extra", ["inner alignment"], now)  # fmt: skip
    return basic, nested


def test_apkg_imports_into_a_german_collection_with_notes_cards_tags(db, now, tmp_path):
    """Stock note types are named in the collection's language; the package brings its own."""
    _seeded_notes(db, now)
    package = tmp_path / "deck.apkg"
    assert apkg.write(db, package, now) == (2, 3)
    col = new_collection(tmp_path / "anki")
    for english, german in (("Basic", "Einfach"), ("Cloze", "Lückentext")):
        model = col.models.by_name(english)
        model["name"] = german
        col.models.update_dict(model)
    import_apkg(col, package)
    notes = _all_notes(col)
    assert len(notes) == 2
    by_type = {n.note_type()["name"]: n for n in notes}
    assert set(by_type) == {"Curriculum Q&A", "Curriculum Cloze"}
    qa, cloze = by_type["Curriculum Q&A"], by_type["Curriculum Cloze"]
    assert qa.fields[:2] == ["Why read widely?", "Breadth &lt;beats&gt; depth"]
    title, url = db.execute("SELECT title, url FROM items WHERE id = 1").fetchone()
    assert title in qa.fields[2] and f'href="{url}"' in qa.fields[2]
    assert qa.tags == ["reading_habit"] and cloze.tags == ["inner_alignment"]
    assert sorted(c.ord for c in cloze.cards()) == [0, 1]  # nested clozes: a card per number
    guids = {g for (g,) in db.execute("SELECT guid FROM notes")}
    assert {n.guid for n in notes} == guids
    question = cloze.cards()[1].question()
    assert 'mesa-optimizer <span class="cloze" data-cloze="pursues" data-ordinal="2">[...]' in (
        question
    )  # as Curriculum asks it: card 2 hides only the inner cloze
    assert cards.get_card(db, 3).question() == "A mesa-optimizer […] its own objective"
    col.close()


def test_apkg_export_again_updates_rather_than_duplicates(db, now, tmp_path):
    basic, _ = _seeded_notes(db, now)
    col = new_collection(tmp_path / "anki")
    import_apkg(col, _write(db, tmp_path / "1.apkg", now))
    cards.edit_card(db, basic[0].id, "Why read widely, early on?", "Breadth", None,
                    now + timedelta(minutes=3))  # fmt: skip
    cards.add_cards(db, 3, "New question?", "New answer", [], now + timedelta(minutes=4))
    import_apkg(col, _write(db, tmp_path / "2.apkg", now + timedelta(minutes=5)))
    notes = _all_notes(col)
    assert len(notes) == 3 and col.card_count() == 4
    assert "Why read widely, early on?" in {n.fields[0] for n in notes}
    col.close()


def _write(db, path, now):
    apkg.write(db, path, now)
    return path


@pytest.mark.parametrize("kind", ["apkg", "colpkg"])
def test_reviews_made_in_anki_come_back_as_one_replayed_history(db, now, tmp_path, kind):
    basic, _ = _seeded_notes(db, now)
    start = now - timedelta(days=20)
    rated = cards.rate(db, basic[0].id, 3, start, duration_ms=2000)
    cards.rate(db, basic[0].id, 3, rated.card.memory.due, duration_ms=1500)
    col = new_collection(tmp_path / "anki")
    import_apkg(col, _write(db, tmp_path / "deck.apkg", start + timedelta(days=1)))
    answered = review_all(col, {"A <span": 1})
    assert len(answered) >= 3  # the two new cloze cards, and the basic card, answered in Anki
    _shift_revlog_after(col, exported=2, start=now - timedelta(days=10))
    back = tmp_path / f"back.{kind}"
    if kind == "apkg":
        export_apkg(col, back)
    else:
        col.export_collection_package(str(back), include_media=False, legacy=False)
    anki_reviews = _anki_reviews(tmp_path, back)
    col.close()

    result = apkg_import.import_package(db, back, now)
    assert result.notes == 2 and result.left_out == 0
    assert result.reviews == len(anki_reviews) - 2  # the two exported from here are not doubled
    scheduler = make_scheduler()
    for card in cards.cards_where(db):
        log = db.execute(
            "SELECT rating, reviewed_at FROM review_log WHERE card_id = ? ORDER BY reviewed_at",
            [card.id],
        ).fetchall()
        expected = replay(scheduler, card.id, from_iso(card.created_at),
                          [(r, from_iso(at)) for r, at in log])  # fmt: skip
        if log:
            assert card.memory.stability == pytest.approx(expected[-1].stability)
            assert card.memory.due == expected[-1].due and card.memory.reps == len(log)
    assert replay_problems(db) == []
    again = apkg_import.import_package(db, back, now)
    assert again.reviews == 0  # importing the same package twice adds nothing


def _shift_revlog_after(col, exported: int, start) -> None:
    """Keep the reviews exported from here; spread Anki's own over fixed later times."""
    rows = col.db.all("SELECT id FROM revlog ORDER BY id")
    start_ms = int(start.timestamp() * 1000)
    for n, (old,) in enumerate(rows[exported:]):
        col.db.execute("UPDATE revlog SET id = ? WHERE id = ?", start_ms + n * 3_600_000, old)


def _anki_reviews(tmp_path, package):
    notes = apkg_import.read_package(package)
    return [r for note in notes.values() for reviews in note.cards.values() for r in reviews]


def test_a_note_edited_in_anki_updates_here_and_a_removed_cloze_is_not_applied(db, now, tmp_path):
    basic, nested = _seeded_notes(db, now)
    col = new_collection(tmp_path / "anki")
    import_apkg(col, _write(db, tmp_path / "deck.apkg", now))
    notes = {n.note_type()["name"]: n for n in _all_notes(col)}
    qa = notes["Curriculum Q&A"]
    qa["Back"] = "Breadth<br>beats <b>depth</b>&nbsp;early"
    qa.tags = ["reading_habit", "leech"]
    col.update_note(qa)
    cloze = notes["Curriculum Cloze"]
    cloze["Text"] = "A {{c1::mesa-optimizer}} objective"  # drops c2
    col.update_note(cloze)
    back = tmp_path / "back.apkg"
    export_apkg(col, back)
    col.close()
    result = apkg_import.import_package(db, back, now + timedelta(days=400))
    assert result.notes_updated == 1 and len(result.not_applied) == 1
    note = cards.note_of(db, basic[0].id)
    assert note.back == "Breadth\nbeats depth early"
    assert note.tags == ["reading habit", "leech"]  # its own tag keeps its name here
    assert cards.get_card(db, basic[0].id).back == note.back  # the card follows its note
    assert len(cards.siblings(db, nested[0].note_id)) == 2  # nothing deleted without asking


def test_a_file_that_is_not_a_package_is_one_sentence(db, tmp_path):
    path = tmp_path / "deck.apkg"
    path.write_text("not a zip")
    with pytest.raises(ImportFileError, match="is not an Anki package"):
        apkg_import.read_package(path)


def test_apkg_from_the_cli(cli, tmp_path):
    added = cli("card", "add", "--item", "1", "--front", "Q {{c1::x}} {{c2::y}}")
    assert added.returncode == 0, added.stderr
    out = tmp_path / "deck.apkg"
    result = cli("export", "--format", "apkg", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "1 note, 2 cards" in result.stdout and out.exists()
    back = cli("import", str(out))
    assert back.returncode == 0, back.stderr
    assert "1 notes matched, 0 reviews added" in back.stdout
    bad = tmp_path / "bad.colpkg"
    bad.write_bytes(b"PK\x03\x04 broken")
    failed = cli("import", str(bad))
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1
    assert "is not an Anki package" in failed.stderr
