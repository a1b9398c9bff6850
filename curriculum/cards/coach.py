"""The prompt coach: one line of advice on a card as it is saved (never a block).

The hints follow the research on writing prompts that build lasting models (Andy
Matuschak's "How to write good prompts": focused, precise, consistent, tractable,
effortful). Each check is a small pure function; `hint` returns the most useful single
one, or None when the card looks good.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from curriculum.cards import cloze
from curriculum.store import Database

LONG_ANSWER_WORDS = 25
DUPLICATE_SIMILARITY = 0.8
_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
STOP_WORDS = """
a an the of to in on for and or but is are was were be been being it its this that these
those with as by at from what which who whom whose why how when where does do did can could
should would will has have had not no than then so if into about their they them there here
such
"""
_STOP = frozenset(re.findall(r"\S+", STOP_WORDS))
_YES_NO = re.compile(
    r"^(is|are|was|were|do|does|did|can|could|should|would|will|has|have|had|may|might|"
    r"must|shall|isn['’]t|aren['’]t|doesn['’]t|don['’]t|didn['’]t|can['’]t|won['’]t)\b",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"^\s*(what\s+(is|are|was|were)\s+(important|interesting|significant|notable|"
    r"remarkable|key|special|useful)\b|what\s+(is|are)\s+the\s+(main|key|big)\s+"
    r"(point|idea|takeaway|message)s?\b|tell\s+me\s+about\b|describe\b|discuss\b|"
    r"what\s+do\s+you\s+(think|know|remember)\b|what\s+about\b|summari[sz]e\b|"
    r"explain\s+(everything|it\b|this\b))",
    re.IGNORECASE,
)
_TWO_ASKS = re.compile(r"\b(and|also)\s+(why|how|what|when|where|which|who)\b", re.IGNORECASE)
_LIST_LINE = re.compile(r"^\s*([-*•]|\d+[.)])\s+\S", re.MULTILINE)


@dataclass(frozen=True)
class Hint:
    """One piece of advice: a short code (for tests and scripts) and the sentence."""

    code: str
    message: str


def _stem(word: str) -> str:
    """A crude stem, so that "predict" and "predicts" count as one word."""
    word = word.removesuffix("'s").removesuffix("’s")
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """The stems of the words of `text` that carry meaning (common words left out)."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


def _vague(front: str, back: str) -> Hint | None:
    if _VAGUE.search(front):
        return Hint(
            "vague",
            "A vague stem (“What is important about…”) has many right answers: "
            "ask for one specific thing.",
        )
    return None


def _yes_no(front: str, back: str) -> Hint | None:
    if _YES_NO.search(front.strip()) and front.strip().endswith("?"):
        return Hint("yes-no", "A yes/no question can be guessed: ask what, why or how instead.")
    return None


def _two_ideas(front: str, back: str) -> Hint | None:
    if front.count("?") >= 2 or _TWO_ASKS.search(front) or len(_LIST_LINE.findall(back)) >= 2:
        return Hint(
            "two-ideas", "This card asks two things: one idea per card is easier to recall."
        )
    return None


def _long(front: str, back: str) -> Hint | None:
    words = len(_WORD.findall(back.lower()))
    if words > LONG_ANSWER_WORDS:
        return Hint(
            "long",
            f"The answer has {words} words: a focused card's answer is short "
            f"(about {LONG_ANSWER_WORDS} at most); split it or ask for less.",
        )
    return None


def _repeats(front: str, back: str) -> Hint | None:
    answer = content_words(back)
    asked = set(content_words(front))
    if len(answer) >= 2 and sum(w in asked for w in answer) / len(answer) >= 0.6:
        return Hint(
            "repeats",
            "The answer repeats the question's words: let it add what the question does not say.",
        )
    return None


CHECKS: list[Callable[[str, str], Hint | None]] = [_vague, _yes_no, _two_ideas, _long, _repeats]


def similarity(a: str, b: str) -> float:
    """Overlap of two texts' meaningful words (Jaccard), 0..1."""
    left, right = set(content_words(a)), set(content_words(b))
    if len(left) < 3 or len(right) < 3:
        return 1.0 if left and left == right else 0.0
    return len(left & right) / len(left | right)


def _question_text(front: str) -> str:
    """The words of a question, a cloze's text without its markers."""
    return cloze.reveal_all(front, mark=str, plain=str)


def duplicate_of(front: str, others: Sequence[tuple[int, str]]) -> tuple[int, str] | None:
    """The existing card (id, front) most like `front`, if it is a near-duplicate."""
    text = _question_text(front)
    best = max(
        ((similarity(text, _question_text(other)), card_id, other) for card_id, other in others),
        default=None,
    )
    if best is None or best[0] < DUPLICATE_SIMILARITY:
        return None
    return best[1], best[2]


def hints(front: str, back: str, others: Sequence[tuple[int, str]] = ()) -> list[Hint]:
    """Every hint for a card (`others`: the existing cards as (id, front)), most useful first."""
    found: list[Hint] = []
    duplicate = duplicate_of(front, others)
    if duplicate is not None:
        shown = " ".join(_question_text(duplicate[1]).split())
        shown = shown if len(shown) <= 50 else shown[:49] + "…"
        found.append(
            Hint(
                "duplicate",
                f"Close to card {duplicate[0]} (“{shown}”): edit that one, or ask something else.",
            )
        )
    if not cloze.is_cloze(front):
        found += [h for check in CHECKS if (h := check(front.strip(), back.strip())) is not None]
    return found


def hint(front: str, back: str, others: Sequence[tuple[int, str]] = ()) -> Hint | None:
    """The one most useful hint for a card, or None when it looks focused and precise."""
    found = hints(front, back, others)
    return found[0] if found else None


RECENT_CARDS = 2000  # besides the reading's own cards, new cards are compared with these


def for_saved(
    db: Database, item_id: int | None, front: str, back: str, made: Sequence[int]
) -> Hint | None:
    """The hint for cards just saved (`made`), compared with the reading's other cards and
    the most recent others."""
    marks = ", ".join("?" for _ in made) or "NULL"
    rows = db.execute(
        f"SELECT id, front FROM cards WHERE id NOT IN ({marks}) AND (item_id IS ?"
        f" OR id IN (SELECT id FROM cards ORDER BY id DESC LIMIT {RECENT_CARDS}))",
        [*made, item_id],
    ).fetchall()
    return hint(front, back, [(int(r[0]), str(r[1])) for r in rows])
