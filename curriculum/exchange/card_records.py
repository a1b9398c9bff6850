"""The cards of an import file, checked field by field before anything is written.

A card's text is at most 10,000 characters a side and its cloze numbers are ones Anki
would ask; its state, when given, is one the scheduler can continue from (a learning,
review or relearning card has a positive, finite stability and a difficulty from 1 to 10)
and does not contradict the card's own reviews (a new card has none; the last review is
not before the latest one; the due time is not before the last review; lapses do not exceed
reviews). Each problem is one sentence naming the card and the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from curriculum.cards import cloze
from curriculum.exchange import json_v2
from curriculum.exchange import records as r

STATES = ("new", "learning", "review", "relearning")
MAX_COUNT = 1_000_000  # reps and lapses
MAX_STEP = 100
MAX_STABILITY = 1_000_000.0  # days; FSRS itself stops at 36,500
MAX_DURATION_MS = 86_400_000  # one day on one card is already implausible
MAX_GUID = 100

Review = tuple[int, str, int | None, str]  # rating, reviewed_at (stored form), ms, scheduler


@dataclass(frozen=True)
class CardRecord:
    """One card of the file, checked."""

    item_id: int | None
    kind: str
    front: str
    back: str
    cloze_index: int | None
    tags: list[str]
    suspended: bool
    reviews: list[Review]
    stored: dict[str, Any] | None  # the file's scheduling state, when it has one
    file_id: int | None = None
    note_guid: str | None = None
    leech: bool = False

    @property
    def key(self) -> tuple[int | None, str, int | None]:
        """Identity: the same text on the same reading is the same card."""
        return (self.item_id, self.front, self.cloze_index)


def parse_reviews(card: dict[str, Any], where: str, fsrs: json_v2.FsrsImport) -> list[Review]:
    """The card's reviews, checked, in time order, one per moment."""
    raw = card.get("reviews")
    if raw is None:
        raw = []
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        raise r.fail(where, "has 'reviews' that are not a list of objects")
    seen: dict[str, Review] = {}
    for k, review in enumerate(raw):
        at = f"{where}.reviews[{k}]"
        rating = review.get("rating")
        if isinstance(rating, bool) or rating not in (1, 2, 3, 4):
            raise r.fail(at, "needs a 'rating' from 1 to 4")
        moment = r.stamp(review, "reviewed_at", at)
        if moment is None:
            raise r.fail(at, "has no 'reviewed_at'")
        duration = r.integer(review, "duration_ms", at, None, 0, MAX_DURATION_MS)
        key = fsrs.key_for(review.get("scheduler"), at)
        seen.setdefault(moment, (int(rating), moment, duration, key))
    return sorted(seen.values(), key=lambda x: x[1])


def _memory_fields(card: dict[str, Any], where: str, state: str) -> dict[str, Any]:
    stability = r.number(card, "stability", where, 0.0, MAX_STABILITY)
    difficulty = r.number(card, "difficulty", where, 1.0, 10.0)
    step = r.integer(card, "step", where, None, 0, MAX_STEP)
    if state == "new":
        return {"step": 0, "stability": None, "difficulty": None}
    needs_memory = state in ("review", "relearning") or (stability, difficulty) != (None, None)
    if needs_memory and (stability is None or stability <= 0):
        raise r.fail(where, f"is a {state} card without a positive 'stability'")
    if needs_memory and difficulty is None:
        raise r.fail(where, f"is a {state} card without a 'difficulty'")
    if state in ("learning", "relearning") and step is None:
        raise r.fail(where, f"is a {state} card without a 'step'")
    return {"step": step, "stability": stability, "difficulty": difficulty}


def _contradictions(stored: dict[str, Any], reviews: list[Review], where: str) -> None:
    state, last = stored["state"], stored["last_review"]
    if state == "new" and reviews:
        raise r.fail(where, "is in state 'new' but has reviews")
    if state != "new" and last is None:
        raise r.fail(where, f"is a {state} card without a 'last_review'")
    if last is not None and reviews and last < reviews[-1][1]:
        raise r.fail(where, "has a 'last_review' before its latest review")
    if last is not None and stored["due"] < last:
        raise r.fail(where, "has a 'due' time before its 'last_review'")
    reps, lapses = stored["reps"], stored["lapses"]
    if reps is not None and lapses is not None and lapses > reps:
        raise r.fail(where, "has more 'lapses' than 'reps'")


def parse_state(card: dict[str, Any], where: str, reviews: list[Review]) -> dict[str, Any] | None:
    """The stored scheduling state, or None when the file leaves it out."""
    state = r.choice(card, "state", where, STATES)
    due = r.stamp(card, "due", where)
    if state is None or due is None:
        return None
    stored = {
        "state": state,
        **_memory_fields(card, where, state),
        "due": due,
        "last_review": None if state == "new" else r.stamp(card, "last_review", where),
        "reps": r.integer(card, "reps", where, None, 0, MAX_COUNT),
        "lapses": r.integer(card, "lapses", where, None, 0, MAX_COUNT),
    }
    _contradictions(stored, reviews, where)
    return stored


def _cloze_index(card: dict[str, Any], where: str, front: str) -> int:
    try:
        numbers = cloze.check(front)
    except cloze.ClozeError as error:
        raise r.fail(where, f"has cloze text that cannot be asked ({error.message[:-1]})") from None
    index = r.integer(card, "cloze_index", where, None, 1, cloze.MAX_NUMBER)
    if index is None:
        return numbers[0]
    if index not in numbers:
        raise r.fail(where, f"has a 'cloze_index' of {index}, a cloze its text does not have")
    return index


def _guid(card: dict[str, Any], where: str) -> str | None:
    value = card.get("note")
    if value is None:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= MAX_GUID or not value.isprintable():
        raise r.fail(where, f"has a 'note' that is not a note GUID (up to {MAX_GUID} characters)")
    return value


def parse_card(
    card: dict[str, Any], where: str, item_ids: dict[int, int], fsrs: json_v2.FsrsImport
) -> CardRecord:
    """Check one card of the file."""
    front = r.body(card, "front", where, r.MAX_CARD_SIDE)
    if not front:
        raise r.fail(where, "has no 'front'")
    kind = r.choice(card, "kind", where, ("basic", "cloze"))
    kind = kind or ("cloze" if cloze.is_cloze(front) else "basic")
    index = _cloze_index(card, where, front) if kind == "cloze" else None
    file_item = r.identifier(card, "item_id", where)
    reviews = parse_reviews(card, where, fsrs)
    return CardRecord(
        file_id=r.identifier(card, "id", where),
        item_id=None if file_item is None else item_ids.get(file_item),
        kind=kind,
        front=front,
        back=r.body(card, "back", where, r.MAX_CARD_SIDE),
        cloze_index=index,
        tags=r.strings(card, "tags", where),
        suspended=r.boolean(card, "suspended", where),
        reviews=reviews,
        stored=parse_state(card, where, reviews),
        note_guid=_guid(card, where),
        leech=r.boolean(card, "leech", where),
    )


def card_records(
    cards: list[dict[str, Any]], item_ids: dict[int, int], fsrs: json_v2.FsrsImport
) -> Iterator[CardRecord]:
    """Every card of the file, checked, in file order."""
    for n, card in enumerate(cards):
        yield parse_card(card, f"cards[{n}]", item_ids, fsrs)
