"""Note editing, undo of a rating and rescheduling from the command line (real subprocesses)."""

from __future__ import annotations

import json

from curriculum import cards
from curriculum.library.home import open_home


def _cards(cli):
    return json.loads(cli("cards", "--json").stdout)


def test_card_edit_updates_every_sibling_and_adds_a_card(cli):
    added = cli("card", "add", "--item", "1", "--front", "{{c1::A}} and {{c2::B}}")
    assert added.returncode == 0, added.stderr
    edited = cli("card", "edit", "2", "--front", "{{c1::A}} or {{c2::B}} or {{c3::C}}")
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout == (
        "Note 1 edited: cards 1, 2 keep their schedules and history; card 3 added for cloze 3.\n"
    )
    listed = _cards(cli)
    assert [c["front"] for c in listed] == ["{{c1::A}} or {{c2::B}} or {{c3::C}}"] * 3
    assert [(c["note_id"], c["cloze"]) for c in listed] == [(1, 1), (1, 2), (1, 3)]


def test_a_removed_cloze_is_refused_without_a_terminal_then_deleted_when_confirmed(cli):
    cli("card", "add", "--item", "1", "--front", "{{c1::A}} and {{c2::B}}")
    refused = cli("card", "edit", "1", "--front", "{{c1::A}} and B")
    assert refused.returncode == 1
    assert refused.stderr == (
        "curriculum: This edit removes a cloze, so card 2 (cloze 2, 0 reviews) would be deleted"
        " with its history; nothing was changed (add --delete-removed to delete, or keep the"
        " cloze in the text).\n"
    )
    assert len(_cards(cli)) == 2
    done = cli("card", "edit", "1", "--front", "{{c1::A}} and B", "--delete-removed")
    assert done.returncode == 0 and "card 2 deleted" in done.stdout
    assert [c["id"] for c in _cards(cli)] == [1]


def test_card_delete_of_a_sibling_needs_note(cli):
    cli("card", "add", "--item", "1", "--front", "{{c1::A}} and {{c2::B}}")
    refused = cli("card", "delete", "2")
    assert refused.returncode == 1 and "--note" in refused.stderr
    deleted = cli("card", "delete", "2", "--note")
    assert deleted.returncode == 0 and "cards 2, 1" in deleted.stdout
    assert _cards(cli) == []


def test_undo_covers_the_last_rating(cli, home, now):
    cli("card", "add", "--item", "1", "--front", "Q?", "--back", "A.")
    db = open_home(home)
    cards.rate(db, 1, 3, now)
    db.close()
    done = cli("done", "2")
    assert done.returncode == 0, done.stderr
    first = cli("undo")  # the reading action came later
    assert first.stdout.startswith("Undone (marked read)")
    second = cli("undo")
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("Undone (rating Good): card 1 is new again")
    assert _cards(cli)[0]["reps"] == 0


def test_retention_change_offers_to_reschedule_and_reschedule_does_it(cli, home, now):
    cli("card", "add", "--item", "1", "--front", "Q?", "--back", "A.")
    db = open_home(home)
    rated = cards.rate(db, 1, 3, now)
    cards.rate(db, 1, 3, rated.card.memory.due)
    db.close()
    changed = cli("config", "cards.retention", "0.8")
    assert changed.stdout.splitlines() == [
        "cards.retention = 0.8",
        "Reviewed cards keep their due dates until their next review; `curriculum reschedule`"
        " moves them to a retention of 0.8 now.",
    ]
    due = _cards(cli)[0]["due"]
    moved = cli("reschedule")
    assert moved.stdout.startswith("Rescheduled 1 card with the current retention")
    assert _cards(cli)[0]["due"] > due
    assert cli("check").returncode == 0
