"""The mentor loop's commands: `question …`, `questions`, `brief`, `meeting`, `advice …`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from curriculum.cli.context import Context
from curriculum.cli.dates import iso_date
from curriculum.cli.output import emit_json, say, table


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    _register_question(sub, common)
    p = sub.add_parser("questions", parents=[common], help="open questions (--all: every one)")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--all", action="store_true", help="answered and dropped ones too")
    p.set_defaults(func=list_questions)

    p = sub.add_parser(
        "brief",
        parents=[common],
        help="the brief for a mentor meeting, as Markdown",
        description="What you read (one key idea each), the top three open questions, one "
        "ask, last meeting's advice, your plans, and what changed in your model. With --ask "
        "or --model, those are kept first.",
    )
    p.add_argument("--since", metavar="DATE", type=iso_date, help="first day (default: the day "
                   "after the last meeting, else 7 days ago)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print as JSON (the Markdown included)")
    p.add_argument("--ask", metavar="TEXT", help="keep this as the brief's one ask")
    p.add_argument("--model", metavar="TEXT", help="keep this as 'what changed in my model'")
    p.set_defaults(func=show_brief)

    p = sub.add_parser(
        "meeting",
        parents=[common],
        help="record that the meeting took place, with its advice",
        description="Keeps the brief as it stood, records each piece of advice (it comes back "
        "until done or dropped), and starts the next brief.",
    )
    p.add_argument(
        "--on", metavar="DATE", type=iso_date, help="the day it was held (default today)"
    )
    p.add_argument("--advice", action="append", default=[], metavar="TEXT", help="a piece of "
                   "advice (repeatable)")  # fmt: skip
    p.set_defaults(func=meeting)
    _register_advice(sub, common)


def _register_question(sub: Any, common: argparse.ArgumentParser) -> None:
    question = sub.add_parser("question", parents=[common], help="add, answer, drop or pick")
    actions = question.add_subparsers(dest="question_command", metavar="ACTION", required=True)
    p = actions.add_parser("add", parents=[common], help="jot a question")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--item", metavar="ITEM", help="the reading it is about (id, arXiv id, URL)")
    p.add_argument("--card", type=int, metavar="CARD", help="the card it is about")
    p.add_argument("--highlight", type=int, metavar="ID", help="the highlight it is about")
    p.set_defaults(func=question_add)
    p = actions.add_parser("answer", parents=[common], help="mark a question answered")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--text", metavar="TEXT", help="the answer")
    p.add_argument("--card", action="store_true", help="make the question and answer a card")
    p.set_defaults(func=question_answer)
    p = actions.add_parser("drop", parents=[common], help="drop a question")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(func=question_drop)
    p = actions.add_parser(
        "pick", parents=[common], help="pick the brief's top three questions, in order"
    )
    p.add_argument("ids", type=int, nargs="*", metavar="ID", help="none: clear the picks")
    p.set_defaults(func=question_pick)


def _register_advice(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "advice",
        parents=[common],
        help="advice from meetings: list, add, done, later, drop",
        description="With no action, list open advice, soonest back first.",
    )
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--all", action="store_true", help="done and dropped advice too")
    p.set_defaults(func=list_advice)
    actions = p.add_subparsers(dest="advice_command", metavar="ACTION")
    q = actions.add_parser("add", parents=[common], help="record advice from the last meeting")
    q.add_argument("text", metavar="TEXT")
    q.set_defaults(func=advice_add)
    for name, help_text in [
        ("done", "you acted on it"),
        ("later", "not yet: it comes back after twice as long"),
        ("drop", "it no longer applies"),
    ]:
        q = actions.add_parser(name, parents=[common], help=help_text)
        q.add_argument("id", type=int, metavar="ID")
        q.set_defaults(func=advice_follow_up, answer=name)


def _on(question: Any) -> str:
    return question.item_title or (f"card {question.card_id}" if question.card_id else "")


def question_add(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum question add TEXT [--item ITEM] [--card CARD] [--highlight ID]`."""
    from curriculum.library.items import resolve
    from curriculum.progress import questions

    item = resolve(ctx.db, args.item) if args.item else None
    q = questions.add_question(ctx.db, args.text, ctx.now, item, args.card, args.highlight)
    on = f" (on “{_on(q)}”)" if _on(q) else ""
    say(f"Question {q.id} added{on}; `curriculum questions` lists the open ones.")
    return 0


def list_questions(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum questions [--json] [--all]`."""
    from curriculum.progress import questions

    found = questions.list_questions(ctx.db, include_closed=args.all)
    if args.json:
        emit_json([q.as_json() for q in found])
        return 0
    if not found:
        say("No open questions: jot one with ctrl+n in the Reader or `curriculum question add`.")
        return 0
    table(
        ["ID", "TOP", "STATUS", "QUESTION", "ON"],
        [[q.id, q.top_rank or "", q.status, q.text, _on(q)] for q in found],
    )
    return 0


def question_answer(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum question answer ID [--text TEXT] [--card]`."""
    from curriculum.progress import questions

    q = questions.answer_question(ctx.db, args.id, args.text, ctx.now, make_card=args.card)
    card = f"; card {q.answer_card_id} made (due now)" if q.answer_card_id else ""
    say(f"Question {q.id} answered{card}.")
    return 0


def question_drop(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum question drop ID`."""
    from curriculum.progress import questions

    say(f"Question {questions.drop_question(ctx.db, args.id, ctx.now).id} dropped.")
    return 0


def question_pick(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum question pick [ID [ID [ID]]]`."""
    from curriculum.progress import questions

    top = questions.pick_top(ctx.db, args.ids)
    if not top:
        say("No questions picked: the brief shows the newest three open ones.")
    for rank, q in enumerate(top, start=1):
        say(f"{rank}. {q.text}")
    return 0


def show_brief(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum brief [--since DATE] [--json] [--ask TEXT] [--model TEXT]`."""
    from curriculum.progress import brief, brief_text, meetings

    if args.ask is not None or args.model is not None:
        meetings.save(ctx.db, ctx.now, ask=args.ask, model=args.model)
    data = brief.build(ctx.db, ctx.now, args.since)
    if args.json:
        emit_json(brief_text.as_json(data))
    else:
        sys.stdout.write(brief_text.render(data))
    if data.over:
        sys.stderr.write(
            f"curriculum: note: 'what changed in my model' has {data.words} words; "
            f"aim for {meetings.MODEL_WORDS} or fewer.\n"
        )
    return 0


def meeting(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum meeting [--on DATE] [--advice TEXT]...`."""
    from curriculum.progress import after_meeting

    held = after_meeting.record_meeting(ctx.db, ctx.now, args.advice, args.on)
    count = len(args.advice)
    pieces = f"{count} piece{'s' if count != 1 else ''} of advice"
    back = "; each comes back tomorrow until done or dropped" if count else ""
    assert held.held_on is not None
    say(f"Meeting of {held.held_on.isoformat()} recorded with {pieces}{back}.")
    return 0


def _advice_rows(found: list[Any]) -> list[list[Any]]:
    return [
        [a.id, a.status, a.due.isoformat() if a.status == "open" else "", a.follow_ups, a.text]
        for a in found
    ]


def list_advice(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum advice [--json] [--all]`."""
    from curriculum.progress import advice

    found = advice.list_advice(ctx.db, include_closed=args.all)
    if args.json:
        emit_json([a.as_json() for a in found])
        return 0
    if not found:
        say("No open advice: `curriculum meeting --advice TEXT` records a meeting's advice.")
        return 0
    table(["ID", "STATUS", "BACK", "PUT OFF", "ADVICE"], _advice_rows(found))
    return 0


def advice_add(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum advice add TEXT`."""
    from curriculum.progress import advice

    added = advice.add_advice(ctx.db, args.text, ctx.now)
    say(f"Advice {added.id} recorded; it comes back on {added.due.isoformat()}.")
    return 0


def advice_follow_up(ctx: Context, args: argparse.Namespace) -> int:
    """`curriculum advice done|later|drop ID`."""
    from curriculum.progress import advice

    result = advice.follow_up(ctx.db, args.id, args.answer, ctx.now)
    if result.status == "open":
        say(f"Advice {result.id} comes back on {result.due.isoformat()}.")
    else:
        say(f"Advice {result.id} {result.status}.")
    return 0
