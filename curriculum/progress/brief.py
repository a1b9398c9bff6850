"""The brief for a mentor meeting (or a reading group, or one's own weekly review).

One page, ready to paste: what was read with one key idea each, the top three open questions
(the reader picks them), one ask, last meeting's advice with its status, the plans scored
in the period, and a paragraph on what changed in the reader's model (aim: at most 120
words). The ask and the paragraph are kept with the meeting being prepared (`meetings`);
the Markdown and JSON are made in `brief_text`; `after_meeting` records a meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from curriculum.cards import cloze
from curriculum.clock import day_start, to_iso
from curriculum.errors import ConfigError
from curriculum.progress import advice as advice_store
from curriculum.progress import md, meetings, questions, stats_report
from curriculum.progress.advice import Advice
from curriculum.progress.digest import READ_SINCE, SOURCE
from curriculum.progress.meetings import MODEL_WORDS, Meeting, word_count
from curriculum.progress.questions import Question
from curriculum.queue import plans as plan_store
from curriculum.queue.plans import Plan
from curriculum.store import Database

DEFAULT_DAYS = 7


@dataclass(frozen=True)
class Idea:
    """One key idea: a card's question and answer, as Markdown (cloze answers in bold) and
    as plain text."""

    question_md: str
    answer_md: str
    question: str
    answer: str


@dataclass(frozen=True)
class BriefReading:
    """A reading done in the period, with its first key idea."""

    id: int
    title: str
    url: str | None
    source: str
    read_on: date
    idea: Idea | None


@dataclass(frozen=True)
class Brief:
    """Everything the brief holds."""

    since: date
    until: date
    readings: list[BriefReading]
    top: list[Question]
    picked: bool  # the reader picked the top questions (else: the newest three are shown)
    open_questions: int
    ask: str
    model: str
    last_meeting: date | None
    advice: list[Advice]
    plans: list[Plan]

    @property
    def words(self) -> int:
        """Words in the paragraph."""
        return word_count(self.model)

    @property
    def over(self) -> bool:
        """The paragraph is longer than the aim."""
        return self.words > MODEL_WORDS


def _spaced(text: str) -> str:
    """Markdown-safe text that keeps the spaces at its ends (between cloze answers)."""
    core = md.text(text)
    if not core:
        return " " if text else ""
    return (" " if text[:1].isspace() else "") + core + (" " if text[-1:].isspace() else "")


def _idea(kind: str, front: str, back: str) -> Idea:
    answer = " ".join(back.split())
    if kind != "cloze":
        return Idea(md.text(front), md.text(back), " ".join(front.split()), answer)
    marked = cloze.reveal_all(front, mark=lambda text: f"**{md.text(text)}**", plain=_spaced)
    question = " ".join(cloze.reveal_all(front, mark=str, plain=str).split())
    return Idea(" ".join(marked.split()), md.text(back), question, answer)


def first_ideas(db: Database, item_ids: list[int]) -> dict[int, Idea]:
    """The first key idea written for each reading."""
    found: dict[int, Idea] = {}
    if not item_ids:
        return found
    marks = ",".join("?" * len(item_ids))
    for item_id, kind, front, back in db.execute(
        f"SELECT item_id, kind, front, back FROM cards WHERE item_id IN ({marks}) ORDER BY id",
        item_ids,
    ):
        found.setdefault(int(item_id), _idea(kind, front, back))
    return found


def readings(db: Database, start: str, frame: stats_report.Frame) -> list[BriefReading]:
    """Readings marked read since `start`, oldest first, with their first key idea."""
    sql = f"SELECT i.id, i.title, i.url, {SOURCE}, i.read_at{READ_SINCE}"
    rows = db.execute(sql, [start]).fetchall()
    ideas = first_ideas(db, [int(r[0]) for r in rows])
    return [
        BriefReading(int(i), title, url, source, frame.day_of(at), ideas.get(int(i)))
        for i, title, url, source, at in rows
    ]


def default_since(db: Database, today: date) -> date:
    """The day after the last meeting (today, on the meeting's own day), else a week ago
    (today counted)."""
    last = meetings.last_meeting(db)
    if last is not None and last.held_on is not None:
        return min(last.held_on + timedelta(days=1), today)
    return today - timedelta(days=DEFAULT_DAYS - 1)


def _advice_shown(db: Database, last: Meeting | None, start: str) -> list[Advice]:
    """The last meeting's advice, and any older advice still open or closed in the period."""
    shown = advice_store.of_meeting(db, last.id) if last is not None and last.id else []
    seen = {a.id for a in shown}
    for item in advice_store.list_advice(db, include_closed=True):
        if item.id in seen:
            continue
        if item.status == "open" or (item.closed_at or "") >= start:
            shown.append(item)
    return shown


def _plans_shown(db: Database, start: str) -> list[Plan]:
    """Plans closed in the period, then open plans."""
    shown = [
        p for p in plan_store.all_plans(db) if p.outcome is None or (p.closed_at or "") >= start
    ]
    return sorted(shown, key=lambda p: (p.outcome is None, p.by_day, p.id))


def build(
    db: Database, now: datetime, since: date | None = None, tz: tzinfo | None = None
) -> Brief:
    """The brief from the start of study day `since` (default: the day after the last
    meeting, else a week ago) to today."""
    frame = stats_report.frame(db, now, tz)
    first = since or default_since(db, frame.today)
    if first > frame.today:
        raise ConfigError(f"{first.isoformat()} is after today; give a day on or before it.")
    start = to_iso(day_start(first, frame.day_starts, tz))
    prepared, last = meetings.draft(db), meetings.last_meeting(db)
    top = questions.top_questions(db)
    return Brief(
        since=first,
        until=frame.today,
        readings=readings(db, start, frame),
        top=top or questions.list_questions(db)[: questions.TOP],
        picked=bool(top),
        open_questions=questions.open_count(db),
        ask=prepared.ask,
        model=prepared.model,
        last_meeting=None if last is None else last.held_on,
        advice=_advice_shown(db, last, start),
        plans=_plans_shown(db, start),
    )
