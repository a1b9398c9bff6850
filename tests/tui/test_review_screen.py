"""The Review screen under Pilot: a whole session, undo, edit, suspend, bury, leech; a snapshot."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from textual.widgets import Button

from curriculum import cards
from tests.conftest import NOW
from tests.tui.app_helpers import text_of
from tui.app import CurriculumApp
from tui.screens.review import ReviewScreen


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def add_cards(db, n: int = 2) -> list[int]:
    ids = []
    for i in range(n):
        ids += [c.id for c in cards.add_cards(db, 1, f"Question {i}?", f"Answer {i}.", [], NOW)]
    return ids


async def test_a_whole_review_session(db):
    a, b = add_cards(db)
    clock = Clock(NOW)
    app = CurriculumApp(db, start="review", clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "Question 0?" in text_of(app, "#review-front")
        assert "New 2" in text_of(app, "#review-counts")
        await pilot.press("3")  # rating before reveal does nothing
        assert db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 0
        await pilot.press("space")
        await pilot.pause()
        assert "Answer 0." in text_of(app, "#review-back")
        labels = [str(app.screen.query_one(f"#rate-{r}", Button).label) for r in (1, 2, 3, 4)]
        assert labels[:3] == ["1 Again  1m", "2 Hard  6m", "3 Good  10m"]
        assert labels[3].startswith("4 Easy  ") and labels[3].endswith("d")
        clock.at = NOW + timedelta(seconds=7)
        await pilot.press("1")  # Again: back in a minute, in this same session
        await pilot.pause()
        assert "Question 1?" in text_of(app, "#review-front")
        await pilot.press("space")
        await pilot.pause()
        easy = str(app.screen.query_one("#rate-4", Button).label).split()[-1]
        await pilot.press("4")
        await pilot.pause()
        card_b = cards.get_card(db, b)
        shown_days = int(easy.removesuffix("d"))
        assert card_b.state == "review" and card_b.memory.due - clock.at == timedelta(shown_days)
        assert "Question 0?" in text_of(app, "#review-front"), "the failed card comes back"
        clock.at = NOW + timedelta(minutes=2)
        await pilot.press("space", "4")
        await pilot.pause()
        assert app.screen.has_class("-finished")
        summary = text_of(app, "#review-summary")
        assert "2 cards, 3 ratings" in summary and "Again 33% of ratings" in summary
        assert "7s spent" in summary and "Next card due in" in summary
        rows = db.execute("SELECT card_id, rating, duration_ms FROM review_log ORDER BY id")
        assert rows.fetchall() == [(a, 1, 7000), (b, 4, 0), (a, 4, 60_000)]


async def test_undo_several_steps_restores_the_cards(db):
    a, b = add_cards(db)
    app = CurriculumApp(db, start="review", clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("space", "3", "b")  # rate a, bury b
        await pilot.pause()
        assert cards.get_card(db, b).buried_until is not None
        await pilot.press("u")
        await pilot.pause()
        assert cards.get_card(db, b).buried_until is None
        assert "Question 1?" in text_of(app, "#review-front")
        await pilot.press("u")
        await pilot.pause()
        assert cards.get_card(db, a).state == "new"
        assert "Question 0?" in text_of(app, "#review-front")
        assert db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 0


async def test_suspend_and_edit_from_review(db):
    a, b = add_cards(db)
    app = CurriculumApp(db, start="review", clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")  # suspends on Review (not the global Stats key)
        await pilot.pause()
        assert app.current_mode == "review"
        assert cards.get_card(db, a).suspended
        await pilot.press("e")
        await pilot.pause()
        front = app.screen.query_one("#card-edit-front")
        front.text = "An edited question?"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert cards.get_card(db, b).front == "An edited question?"
        assert "An edited question?" in text_of(app, "#review-front")


async def test_leech_notice_after_the_eighth_lapse(db):
    (a,) = add_cards(db, 1)
    at = NOW - timedelta(days=400)
    while cards.get_card(db, a).memory.lapses < 7 or cards.get_card(db, a).state != "review":
        card = cards.get_card(db, a)
        at = max(at, card.memory.due) + timedelta(minutes=1)
        cards.rate(db, a, 1 if card.state == "review" else 4, at)
    due = cards.get_card(db, a).memory.due
    clock = Clock(max(due, NOW))
    app = CurriculumApp(db, start="review", clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("space", "1")
        await pilot.pause()
        card = cards.get_card(db, a)
        assert card.leech and not card.suspended and card.tags == ["leech"]  # Anki's default
        messages = [str(n.message) for n in app._notifications]
        assert any("tagged leech" in m and "suspended" not in m for m in messages), messages


def test_review_screen_snapshot(db, snap_compare):
    """A revealed card: the question, the answer, and the four buttons with their intervals."""
    cards.add_cards(db, 1, "What is the key idea of goal misgeneralisation?",
                    "A capable agent can pursue the wrong goal competently out of distribution.",
                    ["goal misgeneralisation"], NOW)  # fmt: skip
    fixed = datetime(2026, 11, 22, 12, tzinfo=timezone.utc)
    app = CurriculumApp(db, start="review", clock=lambda: fixed)
    assert snap_compare(app, press=["space"], terminal_size=(100, 30))
