"""Key-idea recall cards scheduled by FSRS, and the optimizer that fits FSRS to you.

Holds: cards and their store (`repo`), cloze parsing (`cloze`), FSRS scheduling and replay
(`scheduling`), review sessions (`session`), the consistency check (`check`), the prompt
coach's one-line hints (`coach`) and the parameter optimizer (`optimize`, an optional
extra).

May import: `store`, `library` and the shared top-level modules.
Must not import: `feeds`, `queue`, `progress`, `exchange`, `cli`, nor textual, rich or tui.

Public API (other areas import from here):
- `build_scheduler(db)`: the one fsrs Scheduler from settings and optimized parameters.
- `retrievability(memory, now, scheduler=None)`: recall probability of a card's `Memory`
  (`CardRow.memory`); `card_retrievability(card, now)` takes a CardRow.
- `replay(scheduler, card_id, created_at, [(rating, reviewed_at), ...])`: states after each
  review, for importers and the consistency check.
- `due_count(db, now)` / `due_counts(db, now)`: what is left to study today.
- `add_cards`, `edit_card`, `rate`, `undo_rating`, `set_suspended`, `bury`, `Session`.
"""

from __future__ import annotations

from datetime import datetime

from curriculum.cards.repo import (
    CardRow,
    Rated,
    add_cards,
    build_scheduler,
    bury,
    cards_where,
    delete_card,
    edit_card,
    get_card,
    rate,
    set_suspended,
    undo_rating,
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
    "Memory",
    "Rated",
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
    "format_interval",
    "get_card",
    "make_scheduler",
    "preview",
    "rate",
    "replay",
    "retrievability",
    "set_suspended",
    "undo_rating",
]
