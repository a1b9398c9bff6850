"""The prompt coach: one hint per problem, table-driven; none for a focused card."""

from __future__ import annotations

import pytest

from curriculum.cards import coach

EXISTING = [(7, "What does a reward model learn from pairwise human comparisons?")]

CASES = [
    # (front, back, expected hint code or None)
    ("What is important about reward hacking?", "Policies exploit proxies.", "vague"),
    ("What is the main idea of this post?", "That proxies break.", "vague"),
    ("Tell me about debate.", "Two AIs argue.", "vague"),
    ("Is reward hacking common in RLHF?", "Yes.", "yes-no"),
    ("Does scalable oversight need a weak judge?", "It can work with one.", "yes-no"),
    ("What is a mesa-optimizer and why is it dangerous?", "A learned optimizer.", "two-ideas"),
    ("What is debate? How is it judged?", "A game.", "two-ideas"),
    ("Name the failure modes of RLHF.", "- reward hacking\n- sycophancy", "two-ideas"),
    ("What does overoptimisation do?", " ".join(["word"] * 26), "long"),
    ("What does a reward model predict?", "A reward model predicts rewards.", "repeats"),
    ("What does a reward model learn from human comparisons?", "Preferences.", "duplicate"),
    ("Why can a learned reward model be exploited?", "The policy finds its errors.", None),
    ("In RLHF, what signal trains the reward model?", "Pairwise human preferences", None),
    ("{{c1::Goodhart's law}}: a measure that becomes a target ceases to be good.", "", None),
]


@pytest.mark.parametrize(("front", "back", "code"), CASES, ids=[c[2] or "fine" for c in CASES])
def test_each_problem_gets_its_hint(front: str, back: str, code: str | None) -> None:
    found = coach.hint(front, back, EXISTING)
    assert (found.code if found else None) == code
    if found:
        assert "\n" not in found.message and len(found.message) < 160


def test_a_near_duplicate_names_the_card() -> None:
    found = coach.hint("What does the reward model learn from human comparisons?", "x", EXISTING)
    assert found is not None and "card 7" in found.message


def test_cloze_cards_are_compared_without_their_markers() -> None:
    others = [(3, "Goodhart's law: a measure that becomes a target ceases to be a good measure")]
    found = coach.hint(
        "{{c1::Goodhart's law}}: a measure that becomes a target ceases to be a good measure",
        "",
        others,
    )
    assert found is not None and found.code == "duplicate"


def test_saved_cards_are_compared_with_the_others_in_the_store(db, now) -> None:
    from curriculum import cards
    from tests.queue_data import add_item

    item = add_item(db, "RLHF")
    cards.add_cards(
        db, item, "What does a reward model learn from human comparisons?", "Preferences", [], now
    )
    made = cards.add_cards(
        db, item, "What does the reward model learn from human comparisons?", "Preferences", [], now
    )
    found = coach.for_saved(db, item, made[0].front, made[0].back, [made[0].id])
    assert found is not None and found.code == "duplicate"
    alone = coach.for_saved(
        db, item, "Why do proxies fail under pressure?", "Optimisation finds errors", []
    )
    assert alone is None
