"""Recall-card commands: `card add|edit|suspend|unsuspend|delete`, `cards`, `optimize`,
`reschedule`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from curriculum.cli.args import whole
from curriculum.cli.context import Context
from curriculum.cli.output import ask, emit_json, plural, say, table
from curriculum.clock import to_iso
from curriculum.errors import CurriculumError

if TYPE_CHECKING:
    from curriculum import cards

# The cards package (and fsrs) is imported by the commands that use it, so commands such as
# `fetch` start without it.


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    _register_card(sub, common)
    p = sub.add_parser(
        "cards",
        parents=[common],
        help="list recall cards",
        description="List every card, or with --due the cards left to study today, "
        "in review order and within the daily limits.",
    )
    p.add_argument("--due", action="store_true", help="only the cards left to study today")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=list_cards)

    p = sub.add_parser(
        "optimize",
        parents=[common],
        help="fit FSRS parameters to your review log",
        description="Fit FSRS parameters to your own reviews (needs the 'optimize' extra). "
        "The old parameters are kept unless the new ones lower the log loss.",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=optimize)

    p = sub.add_parser(
        "reschedule",
        parents=[common],
        help="replay every reviewed card with the current retention and parameters",
        description="After a change of cards.retention or of the FSRS parameters, give every "
        "reviewed card the memory and due date the current scheduler would have given it.",
    )
    p.set_defaults(func=reschedule)


def _register_card(sub: Any, common: argparse.ArgumentParser) -> None:
    card = sub.add_parser("card", parents=[common], help="add, edit, suspend or delete a card")
    actions = card.add_subparsers(dest="card_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "add",
        parents=[common],
        help="add a question/answer card (cloze text {{c1::…}} gives one card per cloze)",
    )
    p.add_argument(
        "--item",
        type=whole("--item"),
        metavar="ITEM",
        help="the reading's id (optional with --highlight)",
    )
    p.add_argument(
        "--highlight",
        type=whole("--highlight"),
        metavar="ID",
        help="the highlight the card is written from (Review shows its quote after the answer)",
    )
    p.add_argument("--front", required=True, metavar="TEXT", help="the question")
    p.add_argument("--back", default="", metavar="TEXT", help="the answer")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="a concept tag")
    p.set_defaults(func=card_add)

    p = actions.add_parser(
        "edit",
        parents=[common],
        help="change a card's note (every cloze card of its text); keeps their schedules",
    )
    p.add_argument("id", type=whole("CARD"), metavar="CARD")
    p.add_argument("--front", metavar="TEXT")
    p.add_argument("--back", metavar="TEXT")
    p.add_argument("--tag", action="append", metavar="T", help="replace the tags")
    p.add_argument(
        "--delete-removed",
        action="store_true",
        help="delete the cards of clozes the new text removes (asked on a terminal)",
    )
    p.set_defaults(func=card_edit)

    for name, help_text in [
        ("suspend", "stop showing a card"),
        ("unsuspend", "show a suspended card again"),
        ("delete", "delete a card and its review history"),
    ]:
        p = actions.add_parser(name, parents=[common], help=help_text)
        p.add_argument("id", type=whole("CARD"), metavar="CARD")
        if name == "delete":
            p.add_argument("--note", action="store_true", help="delete its whole note")
        p.set_defaults(func=card_flag)


def card_add(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum card add`: the card, then one line of advice if the prompt coach has any."""
    from curriculum import cards
    from curriculum.cards import coach
    from curriculum.errors import CurriculumError

    item = args.item
    if args.highlight is not None and item is None:
        from curriculum.library import highlights

        item = highlights.get(ctx.db, args.highlight).item_id
    if item is None:
        raise CurriculumError("Say which reading the card is for: --item ITEM or --highlight ID.")
    made = cards.add_cards(
        ctx.db, item, args.front, args.back, args.tag, ctx.now, highlight_id=args.highlight
    )
    ids = ", ".join(str(c.id) for c in made)
    say(f"Added card{'s' if len(made) > 1 else ''} {ids}: new, due now.")
    advice = coach.for_saved(ctx.db, item, args.front, args.back, [c.id for c in made])
    if advice is not None:
        say(f"Hint: {advice.message}")
    return 0


def card_edit(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum card edit`: edits the card's note, so every sibling changes with it."""
    from curriculum import cards

    note = cards.note_of(ctx.db, args.id)
    front = note.front if args.front is None else args.front
    back = note.back if args.back is None else args.back
    confirmed = args.delete_removed
    removed = cards.planned_removals(ctx.db, note.id, front)
    if removed and not confirmed:
        from curriculum.cards.notes import describe_removal

        confirmed = ask(f"{describe_removal(removed)} Delete?")
        if not confirmed:
            raise CurriculumError(
                f"{describe_removal(removed)[:-1]}; nothing was changed (add --delete-removed "
                "to delete, or keep the cloze in the text)."
            )
    edit = cards.edit_note(ctx.db, note.id, front, back, args.tag, ctx.now, confirmed)
    say(describe_edit(edit))
    return 0


def describe_edit(edit: cards.NoteEdit) -> str:
    """One line saying what a note edit did."""
    ids = ", ".join(str(i) for i in edit.updated)
    parts = [f"Note {edit.note.id} edited: card{'s' if len(edit.updated) != 1 else ''} {ids}"
             " keep their schedules and history"]  # fmt: skip
    for card in edit.added:
        parts.append(f"card {card.id} added for cloze {card.cloze_index}")
    if edit.deleted:
        parts.append(f"card{'s' if len(edit.deleted) > 1 else ''} "
                     f"{', '.join(map(str, edit.deleted))} deleted")  # fmt: skip
    return "; ".join(parts) + "."


def card_flag(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum card suspend|unsuspend|delete CARD`."""
    from curriculum import cards

    if args.card_command == "delete":
        deleted = cards.delete_card(ctx.db, args.id, whole_note=args.note)
        if len(deleted) > 1:
            say(f"Deleted the note of card {args.id}: cards {', '.join(map(str, deleted))}.")
            return 0
    else:
        cards.set_suspended(ctx.db, args.id, args.card_command == "suspend", ctx.now)
    say(f"Card {args.id}: {args.card_command}{'d' if args.card_command.endswith('e') else 'ed'}.")
    return 0


def due_cards(ctx: Context) -> list[cards.CardRow]:
    """The cards left to study today, in the order a review session takes them."""
    from curriculum import cards
    from curriculum.cards import session

    _, end = session.day_bounds(ctx.db, ctx.now)
    learning = session.learning_due(ctx.db, ctx.now, end)
    queued = cards.Session.start(ctx.db, ctx.now).queue
    by_id = {c.id: c for c in cards.cards_where(ctx.db, "state IN ('new', 'review')")}
    return learning + [by_id[cid] for cid in queued]


def list_cards(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum cards [--due] [--json]`."""
    from curriculum import cards

    rows = due_cards(ctx) if args.due else cards.cards_where(ctx.db)
    if args.json:
        emit_json([card.to_json() for card in rows])
        return 0
    if not rows:
        say("No cards due today." if args.due else "No cards yet: `curriculum card add` adds one.")
        return 0
    table(
        ["ID", "STATE", "DUE", "REPS", "LAPSES", "FLAGS", "FRONT"],
        [_row(card) for card in rows],
    )
    return 0


def _row(card: cards.CardRow) -> list[Any]:
    flags = ",".join(
        name for name, on in [("suspended", card.suspended), ("leech", card.leech)] if on
    )
    due = to_iso(card.memory.due)[:16].replace("T", " ")
    return [card.id, card.state, due, card.memory.reps, card.memory.lapses, flags, card.question()]


def optimize(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum optimize`."""
    from curriculum.cards import optimize as fitter

    result = fitter.fit(ctx.db, ctx.now)
    if args.json:
        emit_json(result.__dict__)
        return 0
    say(f"Fitted FSRS parameters to {plural(result.reviews, 'review')}.")
    say(f"  log loss  {result.old_log_loss:.4f} → {result.new_log_loss:.4f}")
    say(f"  RMSE      {result.old_rmse:.4f} → {result.new_rmse:.4f}")
    if result.kept_old:
        say("The new parameters do not lower the log loss, so the old ones are kept.")
    else:
        say("Saved: cards are scheduled with your parameters from now on.")
        offer_reschedule(ctx, "the new parameters")
    return 0


def offer_reschedule(ctx: Context, change: str) -> None:
    """After a change of retention or parameters: ask (on a terminal) to reschedule."""
    from curriculum.cards import reschedule as moves

    count = moves.reviewed_cards(ctx.db)
    if not count:
        return
    question = f"Reschedule your {count} reviewed card{'s' if count != 1 else ''} for {change}?"
    if ask(question):
        moved = moves.reschedule(ctx.db, ctx.now)
        say(f"Rescheduled {moved} card{'s' if moved != 1 else ''}.")
    else:
        say(
            f"Reviewed cards keep their due dates until their next review; "
            f"`curriculum reschedule` moves them to {change} now."
        )


def reschedule(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum reschedule`."""
    from curriculum.cards import reschedule as moves

    moved = moves.reschedule(ctx.db, ctx.now)
    say(
        f"Rescheduled {moved} card{'s' if moved != 1 else ''} with the current retention "
        "and parameters; their histories are unchanged."
    )
    return 0


def check_cards(ctx: Context) -> list[str]:
    """Problems found by replaying each card's review log (for `curriculum check`)."""
    from curriculum.cards.check import replay_problems

    return replay_problems(ctx.db)
