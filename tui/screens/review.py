"""Review: due cards one at a time — reveal, rate (each button shows its interval), undo."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from curriculum import cards
from curriculum.cards import cloze
from curriculum.cards.scheduling import RATING_NAMES, format_interval
from curriculum.errors import CurriculumError
from curriculum.library import highlights
from curriculum.library.items import get_item
from tui import guard
from tui.safe import block, plain
from tui.widgets.footer import KeysFooter

MAX_ANSWER_MS = 60_000  # longer than this counts as a minute: the reviewer stepped away


def card_text(card: cards.CardRow, reveal: bool) -> Content:
    """The question (or, revealed, the answer) as plain Content; the asked cloze stands out."""
    if card.kind != "cloze" or card.cloze_index is None:
        return block(card.back if reveal else card.front)
    parts = [
        Content.styled(piece, "bold underline") if asked else block(piece)
        for piece, asked in cloze.segments(card.front, card.cloze_index, reveal)
    ]
    if reveal and card.back:
        parts += [Content("\n\n"), block(card.back)]
    return Content.assemble(*parts)


def plural(count: int, noun: str) -> str:
    """`1 card`, `3 cards`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def describe_summary(summary: cards.Summary, now: datetime) -> str:
    """The end-of-session line: cards and ratings, Again rate, time spent, next due."""
    minutes, seconds = divmod(round(summary.seconds), 60)
    spent = f"{minutes}m {seconds:02d}s" if minutes else f"{seconds}s"
    if summary.next_due is None:
        upcoming = "No cards are scheduled."
    else:
        when = summary.next_due.astimezone().strftime("%a %H:%M")
        upcoming = f"Next card due in {format_interval(summary.next_due - now)} ({when})."
    if not summary.reviewed:
        return f"Nothing to review right now. {upcoming}"
    return (
        f"Session done: {plural(summary.cards, 'card')}, {plural(summary.reviewed, 'rating')}"
        f" · Again {summary.again_rate:.0%} of ratings · {spent} spent. {upcoming}"
    )


class ReviewScreen(Screen[None]):
    """One due card at a time, in the order `cards.Session` gives."""

    CSS_PATH = "review.tcss"
    # The footer follows the session: space to see the answer, then the four ratings, then
    # (session done) r to look again; `check_action` hides what does not apply.
    BINDINGS = [
        Binding("space", "reveal", "Show answer"),
        *[Binding(str(r), f"rate({r})", name) for r, name in RATING_NAMES.items()],
        Binding("r", "restart", "Check again"),
        Binding("u", "undo", "Undo"),
        Binding("e", "edit", "Edit"),
        Binding("s", "suspend", "Suspend"),
        Binding("b", "bury", "Bury"),
        Binding("o", "source", "Source"),
        Binding("ctrl+n", "question", "Question", show=False),
    ]
    CARD_ACTIONS = frozenset({"edit", "suspend", "bury", "source"})

    def __init__(self, name: str | None = None) -> None:
        super().__init__(name=name)
        self.session: cards.Session | None = None
        self.card: cards.CardRow | None = None
        self.revealed_at: datetime | None = None
        self.shown_at: datetime | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-counts", markup=False)
        with Vertical(id="review-card"):
            yield Static(id="review-source", markup=False)
            yield Static(id="review-front", markup=False)
            yield Static(id="review-back", markup=False)
            yield Static(id="review-quote", markup=False)
        yield Static(id="review-hint", markup=False)
        with Horizontal(id="review-buttons"):
            for rating, label in RATING_NAMES.items():
                button = Button(label, id=f"rate-{rating}", classes=f"rating-{rating}")
                button.can_focus = False
                yield button
        yield Static(id="review-summary", markup=False)
        yield KeysFooter()

    @property
    def db(self):  # noqa: ANN201 - the app's Database
        """The app's database."""
        return self.app.db  # type: ignore[attr-defined]

    def now(self) -> datetime:
        """The app's clock."""
        return self.app.now()  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.title = "Review"
        self.start_session()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys of the session's state: a question, an answer, or done."""
        showing, revealed = self.card is not None, self.revealed_at is not None
        if action == "reveal":
            return showing and not revealed
        if action == "rate":
            return showing and revealed
        if action in self.CARD_ACTIONS:
            return showing
        if action == "restart":
            return not showing
        if action == "undo":
            return self.session is not None and bool(self.session.steps)
        return True

    def on_screen_resume(self) -> None:
        if self.card is None:
            self.start_session()
        else:
            self.refresh_card()

    def start_session(self) -> None:
        """Build today's queue and show its first card."""
        self.session = cards.Session.start(self.db, self.now())
        self.show_next()

    def action_restart(self) -> None:
        """Start over with whatever is due now."""
        self.start_session()

    def show_next(self) -> None:
        """Show the session's next card, or the summary."""
        assert self.session is not None
        now = self.now()
        self.card = self.session.current(now)
        self.shown_at, self.revealed_at = now, None
        self.refresh_card()

    def refresh_card(self) -> None:
        """Redraw everything from the current card (after edits, too)."""
        if self.card is not None:
            found = cards.cards_where(self.db, "id = ?", [self.card.id])
            if not found:  # an edit removed its cloze: the card is gone, move on
                if self.session is not None:
                    self.session.forget(self.card.id)
                self.show_next()
                return
            self.card = found[0]
        counts = cards.due_counts(self.db, self.now())
        self.query_one("#review-counts", Static).update(
            f"New {counts.new} · Learning {counts.learning} · Review {counts.review}"
        )
        self.set_class(self.card is None, "-finished")
        self.refresh_bindings()  # the footer shows this state's keys
        # Shown or hidden directly: a class change restyles every widget below it (~40 ms);
        # the buttons keep their place (visibility), so showing them needs no new layout.
        revealed = self.revealed_at is not None
        self.query_one("#review-back").display = revealed
        self.query_one("#review-quote").display = revealed and self._quote() is not None
        self.query_one("#review-buttons").visible = revealed
        if self.card is None:
            self._show_summary()
        else:
            self._show_card(self.card)

    def _show_card(self, card: cards.CardRow) -> None:
        self.query_one("#review-source", Static).update(self._source_line(card))
        self.query_one("#review-front", Static).update(card_text(card, reveal=False))
        revealed = self.revealed_at is not None
        self.query_one("#review-back", Static).update(card_text(card, True) if revealed else "")
        quote = self._quote() if revealed else None
        if quote is not None:
            where = "" if quote.found else " (no longer in the reading's text)"
            self.query_one("#review-quote", Static).update(
                Content.assemble(
                    block(f"“{quote.quote}”"), Content.styled(f"  — o opens it{where}", "dim")
                )
            )
        hint = "1 Again · 2 Hard · 3 Good · 4 Easy" if revealed else "space shows the answer"
        self.query_one("#review-hint", Static).update(hint)
        if revealed and self.revealed_at is not None:
            scheduler = cards.build_scheduler(self.db)
            spans = cards.preview(scheduler, card.memory, self.revealed_at)
            for rating, label in RATING_NAMES.items():
                button = self.query_one(f"#rate-{rating}", Button)
                button.label = f"{rating} {label}  {format_interval(spans[rating])}"

    def _quote(self) -> highlights.Highlight | None:
        """The highlight the current card was written from, if any."""
        if self.card is None:
            return None
        return highlights.of_card(self.db, self.card.id)

    def _source_line(self, card: cards.CardRow) -> Content:
        tags = f"  [{', '.join(card.tags)}]" if card.tags else ""
        if card.item_id is None:
            return plain(f"(no source reading){tags}")
        try:
            return plain(f"From: {get_item(self.db, card.item_id).title}{tags}")
        except CurriculumError:
            return plain(f"(the source reading was removed){tags}")

    def _show_summary(self) -> None:
        assert self.session is not None
        now = self.now()
        summary = self.session.summary(now)
        self.query_one("#review-summary", Static).update(describe_summary(summary, now))
        if summary.next_due is not None:
            wait = (summary.next_due - now).total_seconds()
            if 0 < wait < 6 * 3600:  # a learning step later today: come back for it
                self.set_timer(wait + 1, self._wake)

    def _wake(self) -> None:
        if self.card is None and self.session is not None:
            self.show_next()

    def action_reveal(self) -> None:
        """Show the answer and each rating's next interval."""
        if self.card is None or self.revealed_at is not None:
            return
        self.revealed_at = self.now()
        self.refresh_card()

    def action_rate(self, rating: int) -> None:
        """Rate the card; its next review is the interval the button showed. While another
        process holds the write lock the rating waits (with a message), then is saved."""
        guard.patient_write(self.app, self.db, lambda: self._rate(rating))

    def _rate(self, rating: int) -> None:
        if self.card is None or self.session is None:
            return
        if self.revealed_at is None:
            self.notify("Press space to see the answer first.", timeout=2)
            return
        elapsed = (self.now() - (self.shown_at or self.revealed_at)).total_seconds() * 1000
        duration = min(max(int(elapsed), 0), MAX_ANSWER_MS)
        # rated as of the moment the intervals were shown, so the stored interval is the
        # one on the button; the time taken to answer is kept separately in the log
        rated = self.session.rate(self.card.id, rating, self.revealed_at, duration)
        if rated.leech:
            done = "tagged leech and suspended" if rated.suspended else "tagged leech"
            self.notify(
                f"This card has lapsed {rated.card.memory.lapses} times: it is {done}. "
                "Rewrite it (cards you keep failing are usually unclear).",
                title="Leech",
                severity="warning",
                timeout=8,
                markup=False,
            )
        self.show_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("rate-"):
            self.action_rate(int(event.button.id.removeprefix("rate-")))

    def action_undo(self) -> None:
        """Undo the last rating, suspend or bury of this session."""
        if self.session is None or self.session.undo(self.now()) is None:
            self.notify("Nothing to undo in this session.", timeout=2)
            return
        self.show_next()
        self.notify("Undone.", timeout=2)

    def action_suspend(self) -> None:
        """Suspend the card (`curriculum card unsuspend` brings it back)."""
        if self.card is not None and self.session is not None:
            self.session.suspend(self.card.id, self.now())
            self.notify("Card suspended (u undoes).", timeout=3)
            self.show_next()

    def action_bury(self) -> None:
        """Hide the card until the next study day."""
        if self.card is not None and self.session is not None:
            self.session.bury(self.card.id, self.now())
            self.notify("Card buried until tomorrow (u undoes).", timeout=3)
            self.show_next()

    def action_edit(self) -> None:
        """Edit the card's text; its schedule stays."""
        if self.card is None:
            return
        from tui.dialogs.card_edit import CardEditScreen

        self.app.push_screen(CardEditScreen(self.card.id), lambda _changed: self.refresh_card())

    def action_question(self) -> None:
        """Jot a question about the card in view (and its reading)."""
        from tui.dialogs.question_jot import jot_question

        card = self.card
        jot_question(self.app, card_id=card.id if card else None)

    def action_source(self) -> None:
        """Open the card's source reading in the Reader (at its highlight, if it has one)."""
        if self.card is None or self.card.item_id is None:
            self.notify("This card has no source reading.", timeout=2)
            return
        from tui.screens.reader import ReaderScreen

        quote = self._quote()
        self.app.push_screen(ReaderScreen(self.card.item_id, quote.id if quote else None))
