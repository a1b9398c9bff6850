"""The brief as Markdown, ready to paste, and as the `brief --json` document."""

from __future__ import annotations

from typing import Any

from curriculum.progress import md
from curriculum.progress.advice import Advice
from curriculum.progress.brief import Brief, BriefReading
from curriculum.progress.meetings import MODEL_WORDS
from curriculum.progress.plans_text import duration
from curriculum.progress.questions import Question
from curriculum.queue.plans import Plan

OUTCOME_WORDS = {"done": "Done", "partly": "Partly done", "not": "Not done"}


def reading_line(reading: BriefReading) -> str:
    """`- [Title](url) (Source): question — answer`."""
    line = f"- {md.link(reading.title, reading.url)}"
    if reading.source:
        line += f" ({md.text(reading.source)})"
    idea = reading.idea
    if idea is None:
        return line + ": _no key idea written yet_"
    answer = f" — {idea.answer_md}" if idea.answer_md else ""
    return f"{line}: {idea.question_md}{answer}"


def question_line(number: int, question: Question) -> str:
    """`1. The question (on *Title*)`."""
    on = f" (on _{md.text(question.item_title)}_)" if question.item_title else ""
    return f"{number}. {md.text(question.text)}{on}"


def advice_line(advice: Advice) -> str:
    """`- **Done**: the advice`, `- **Open**: … (put off twice; back 2026-11-30)`."""
    if advice.status == "done":
        return f"- **Done**: {md.text(advice.text)}"
    if advice.status == "dropped":
        return f"- **Dropped**: {md.text(advice.text)}"
    times = {0: "", 1: "put off once; "}.get(
        advice.follow_ups, f"put off {advice.follow_ups} times; "
    )
    return f"- **Open**: {md.text(advice.text)} ({times}back {advice.due.isoformat()})"


def plan_line(plan: Plan) -> str:
    """A plan with its date, estimate and what happened."""
    estimate = f"estimate {duration(plan.estimate)}" if plan.estimate else "no estimate"
    if plan.outcome is None:
        forecast = f"; forecast {plan.forecast_day.isoformat()}" if plan.forecast_day else ""
        return (
            f"- **Open**, by {plan.by_day.isoformat()}: {md.text(plan.text)} ({estimate}{forecast})"
        )
    took = f", took {duration(plan.actual)}" if plan.actual is not None else ""
    return (
        f"- **{OUTCOME_WORDS[plan.outcome]}** by {plan.by_day.isoformat()}: "
        f"{md.text(plan.text)} ({estimate}{took})"
    )


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"## {title}", "", *lines, ""]


def _questions(brief: Brief) -> list[str]:
    if not brief.top:
        return ["_No open questions._"]
    lines = [question_line(n, q) for n, q in enumerate(brief.top, start=1)]
    more = brief.open_questions - len(brief.top)
    if more > 0:
        lines += ["", f"_…and {more} more open question{'s' if more != 1 else ''}._"]
    return lines


def render(brief: Brief) -> str:
    """The brief as Markdown."""
    lines = [f"# Brief: {brief.since.isoformat()} to {brief.until.isoformat()}", ""]
    read = [reading_line(r) for r in brief.readings] or ["_Nothing read in this period._"]
    lines += _section(f"What I read ({len(brief.readings)})", read)
    title = "Top questions" if brief.picked else "Open questions"
    lines += _section(title, _questions(brief))
    lines += _section("One ask", [md.text(brief.ask, 2000) if brief.ask else "_No ask this time._"])
    if brief.advice:
        when = f" ({brief.last_meeting.isoformat()})" if brief.last_meeting else ""
        lines += _section(
            f"Advice from the last meeting{when}", [advice_line(a) for a in brief.advice]
        )
    if brief.plans:
        lines += _section("Plans", [plan_line(p) for p in brief.plans])
    model = md.text(brief.model, 10_000) if brief.model else "_Not written yet._"
    lines += _section("What changed in my model", [model])
    return "\n".join(lines).rstrip() + "\n"


def _reading_json(reading: BriefReading) -> dict[str, Any]:
    idea = reading.idea
    return {
        "id": reading.id,
        "title": reading.title,
        "url": reading.url,
        "source": reading.source,
        "read_on": reading.read_on.isoformat(),
        "key_idea": None if idea is None else {"question": idea.question, "answer": idea.answer},
    }


def as_json(brief: Brief) -> dict[str, Any]:
    """The `brief --json` document (the Markdown included)."""
    return {
        "since": brief.since.isoformat(),
        "until": brief.until.isoformat(),
        "readings": [_reading_json(r) for r in brief.readings],
        "questions": {
            "top": [q.as_json() for q in brief.top],
            "picked": brief.picked,
            "open": brief.open_questions,
        },
        "ask": brief.ask,
        "last_meeting": None if brief.last_meeting is None else brief.last_meeting.isoformat(),
        "advice": [a.as_json() for a in brief.advice],
        "plans": [p.as_json() for p in brief.plans],
        "model": {
            "text": brief.model,
            "words": brief.words,
            "aim": MODEL_WORDS,
            "over": brief.over,
        },
        "markdown": render(brief),
    }
