"""Key-idea recall cards scheduled by FSRS, and the optimizer that fits FSRS to you.

Holds: notes (what the user wrote: a question/answer, or a cloze text with one card per
cloze number) and their cards (`notes`, `repo`), cloze parsing (`cloze`), ratings and their
undo (`rating`), FSRS scheduling and replay (`scheduling`), rescheduling after a change of
retention or parameters (`reschedule`), review sessions (`session`), the consistency check
(`check`), the prompt coach's one-line hints (`coach`) and the parameter optimizer
(`optimize`, an optional extra).

May import: `store`, `library` and the shared top-level modules.
Must not import: `feeds`, `queue`, `progress`, `exchange`, `cli`, nor textual, rich or tui.

Public API (other areas import from here):
- `build_scheduler(db)`: the one fsrs Scheduler from settings and optimized parameters.
- `retrievability(memory, now, scheduler=None)`: recall probability of a card's `Memory`
  (`CardRow.memory`); `card_retrievability(card, now)` takes a CardRow.
- `replay(scheduler, card_id, created_at, [(rating, reviewed_at), ...])`: states after each
  review, for importers and the consistency check.
- `due_count(db, now)` / `due_counts(db, now)`: what is left to study today.
- `add_cards`, `edit_card`, `edit_note`, `delete_card`, `rate`, `undo_rating`,
  `last_rating`, `set_suspended`, `bury`, `Session`.
"""

from __future__ import annotations

from datetime import datetime

from curriculum.cards.notes import (
    NoteEdit,
    NoteRow,
    RemovesCards,
    add_cards,
    delete_card,
    edit_card,
    edit_note,
    get_note,
    note_of,
    planned_removals,
    siblings,
)
from curriculum.cards.rating import LastRating, Rated, last_rating, rate, undo_rating
from curriculum.cards.repo import (
    CardRow,
    build_scheduler,
    bury,
    cards_where,
    get_card,
    set_suspended,
)
from curriculum.cards.scheduling import (
    Memory,
    format_interval,
    make_scheduler,
    preview,
    replay,
    retrievability,
)
from curriculum.cards.session import DueCounts, Session, Summary, due_count, due_counts


def card_retrievability(card: CardRow, now: datetime) -> float:
    """A stored card's probability of recall at `now`, under the default decay."""
    return retrievability(card.memory, now)


__all__ = [
    "CardRow",
    "DueCounts",
    "LastRating",
    "Memory",
    "NoteEdit",
    "NoteRow",
    "Rated",
    "RemovesCards",
    "Session",
    "Summary",
    "add_cards",
    "build_scheduler",
    "bury",
    "card_retrievability",
    "cards_where",
    "delete_card",
    "due_count",
    "due_counts",
    "edit_card",
    "edit_note",
    "format_interval",
    "get_card",
    "get_note",
    "last_rating",
    "make_scheduler",
    "note_of",
    "planned_removals",
    "preview",
    "rate",
    "replay",
    "retrievability",
    "set_suspended",
    "siblings",
    "undo_rating",
]
