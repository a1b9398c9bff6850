"""Brief: the one page for a mentor meeting, written here and copied out as Markdown.

What was read (one key idea each), the top three questions, one ask, last meeting's advice
(enter follows one up), the plans, and the paragraph on what changed in your model, with a
live word count that turns amber above the 120-word aim. The ask and the paragraph are kept
a second after typing pauses and as you leave (or with ctrl+s); ctrl+y copies the Markdown;
ctrl+r records the meeting with its advice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from curriculum.errors import CurriculumError
from curriculum.progress import brief, brief_text, meetings
from curriculum.progress.advice import Advice
from curriculum.progress.brief import Brief, BriefReading
from curriculum.queue import daily
from tui.returning import ReloadsOnReturn
from tui.safe import plain
from tui.text_fields import TextEditor, TextInput
from tui.widgets.footer import KeysFooter

KEEP_DELAY = 1.0  # seconds of quiet after typing before the brief is kept
ADVICE_MARKS = {"done": "✓ done", "dropped": "– dropped"}


def count_text(words: int) -> str:
    """`87 / 120 words`, with a note above the aim."""
    over = " — over the aim: cut to the change that matters" if words > meetings.MODEL_WORDS else ""
    return f"{words} / {meetings.MODEL_WORDS} words{over}"


def reading_content(reading: BriefReading) -> Content:
    """A reading and its first key idea."""
    line = Content.assemble("· ", plain(reading.title, 200))
    if reading.source:
        line += Content.styled(f"  {reading.source}", "dim")
    if reading.idea is None:
        return line + Content.styled("\n    no key idea written yet", "dim italic")
    answer = f" — {reading.idea.answer}" if reading.idea.answer else ""
    return line + Content("\n    ") + plain(reading.idea.question + answer, 400)


def readings_content(made: Brief) -> Content:
    """Every reading of the period."""
    if not made.readings:
        return Content.styled("Nothing read in this period.", "dim")
    return Content("\n").join(reading_content(r) for r in made.readings)


def questions_content(made: Brief) -> Content:
    """The top three (or, none picked, the newest three) and how many more are open."""
    if not made.top:
        return Content.styled("No open questions: ctrl+n jots one while reading.", "dim")
    lines = [Content(f"{n}. ") + plain(q.text, 300) for n, q in enumerate(made.top, start=1)]
    more = made.open_questions - len(made.top)
    hint = "space in Questions (w) picks the top three" if not made.picked else ""
    tail = ", ".join(p for p in [f"{more} more open" if more > 0 else "", hint] if p)
    if tail:
        lines.append(Content.styled(tail, "dim"))
    return Content("\n").join(lines)


def advice_line(item: Advice) -> Content:
    """A piece of advice and its status."""
    status = ADVICE_MARKS.get(item.status, f"open · back {item.due:%a %-d %b}")
    return Content.assemble(plain(item.text, 300), Content.styled(f"  {status}", "dim"))


def plans_content(made: Brief) -> Content:
    """The plans of the period as the brief gives them."""
    if not made.plans:
        return Content.styled("No plans in this period: p opens Plans.", "dim")
    return Content("\n").join(
        plain(brief_text.plan_line(p).removeprefix("- ").replace("**", ""), 400) for p in made.plans
    )


class BriefScreen(ReloadsOnReturn, Screen[None]):
    """The brief as it will be pasted, with the ask and the paragraph written in place."""

    CSS_PATH = "mentor.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+y", "copy", "Copy Markdown", priority=True),
        Binding("ctrl+r", "meeting", "Meeting held", priority=True),
        Binding("escape", "leave", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="brief-body"):
            yield Static(id="brief-period", classes="brief-hint", markup=False)
            yield Static("What I read", classes="brief-heading", markup=False)
            yield Static(id="brief-readings", classes="brief-text")
            yield Static("Top questions", classes="brief-heading", markup=False)
            yield Static(id="brief-questions", classes="brief-text")
            yield Static("One ask", classes="brief-heading", markup=False)
            yield TextInput(placeholder="The one thing you need from your mentor", id="brief-ask",
                        max_length=meetings.MAX_ASK)  # fmt: skip
            yield Static(id="brief-advice-heading", classes="brief-heading", markup=False)
            yield OptionList(id="brief-advice")
            yield Static("Plans", classes="brief-heading", markup=False)
            yield Static(id="brief-plans", classes="brief-text")
            yield Static("What changed in my model", classes="brief-heading", markup=False)
            yield TextEditor(id="brief-model", soft_wrap=True)
            yield Static(id="brief-count", markup=False)
        yield KeysFooter()

    @property
    def db(self) -> Any:
        """The app's database."""
        return self.app.db  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.title = "Brief"
        self.kept: tuple[str, str] = ("", "")
        self._pending: Timer | None = None
        self.reload()

    def reload(self) -> None:
        """Build the brief from the store and show it; the fields get what is kept."""
        made = brief.build(self.db, self.app.now())  # type: ignore[attr-defined]
        self.made = made
        self.query_one("#brief-period", Static).update(
            f"{made.since:%a %-d %b} to {made.until:%a %-d %b %Y} · ctrl+y copies it as "
            "Markdown · ctrl+r records the meeting"
        )
        self.query_one("#brief-readings", Static).update(readings_content(made))
        self.query_one("#brief-questions", Static).update(questions_content(made))
        self.query_one("#brief-plans", Static).update(plans_content(made))
        self._fill_advice(made)
        self._show_kept(made)

    def _show_kept(self, made: Brief) -> None:
        """Put the stored ask and paragraph in their fields, unless the reader has typed
        there since they were last kept (a redraw after another process's commit must not
        take away what is being written; it is kept a moment later)."""
        old_ask, old_model = self.kept
        ask = self.query_one("#brief-ask", Input)
        if meetings.paragraph(ask.value) == old_ask and ask.value != made.ask:
            ask.value = made.ask
        model = self.query_one("#brief-model", TextArea)
        if meetings.paragraph(model.text) == old_model and model.text != made.model:
            model.load_text(made.model)
        self.kept = (made.ask, made.model)
        self._count(model.text)

    def _fill_advice(self, made: Brief) -> None:
        when = f" ({made.last_meeting:%-d %b})" if made.last_meeting else ""
        self.query_one("#brief-advice-heading", Static).update(
            f"Advice from the last meeting{when} · enter follows one up"
        )
        listing = self.query_one("#brief-advice", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        for item in made.advice:
            listing.add_option(Option(advice_line(item), id=str(item.id)))
        if made.advice:
            listing.highlighted = min(highlighted or 0, len(made.advice) - 1)
        else:
            listing.add_option(
                Option("No advice yet: ctrl+r after the meeting records it.", disabled=True)
            )

    def _count(self, text: str) -> None:
        words = meetings.word_count(text)
        counter = self.query_one("#brief-count", Static)
        counter.update(count_text(words))
        counter.set_class(words > meetings.MODEL_WORDS, "-over")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._count(event.text_area.text)
        self._keep_soon()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._keep_soon()

    def _keep_soon(self) -> None:
        """Keep what is typed once typing pauses, so quitting loses nothing."""
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(KEEP_DELAY, self.keep)

    def _fields(self) -> tuple[str, str]:
        return (
            self.query_one("#brief-ask", Input).value,
            self.query_one("#brief-model", TextArea).text,
        )

    def keep(self) -> bool:
        """Store the ask and the paragraph when they changed; False when refused."""
        ask, model = self._fields()
        if (meetings.paragraph(ask), meetings.paragraph(model)) == self.kept:
            return True
        try:
            saved = meetings.save(self.db, self.app.now(), ask=ask, model=model)  # type: ignore[attr-defined]
        except CurriculumError as error:
            self.notify(str(error), severity="error", markup=False)
            return False
        self.kept = (saved.ask, saved.model)
        return True

    def on_screen_suspend(self) -> None:  # ReloadsOnReturn's handler runs too (Textual's MRO)
        self.keep()

    def action_save(self) -> None:
        """Keep the ask and the paragraph."""
        if self.keep():
            self.notify("Brief saved.", timeout=2)

    def markdown(self) -> str:
        """The brief as Markdown, with what is in the fields now."""
        self.keep()
        self.made = brief.build(self.db, self.app.now())  # type: ignore[attr-defined]
        return brief_text.render(self.made)

    def action_copy(self) -> None:
        """Copy the brief as Markdown (and save it beside the database when there is one)."""
        text = self.markdown()
        self.app.copy_to_clipboard(text)
        where = self._save_file(text)
        saved = f" and saved to {where}" if where else ""
        self.notify(f"Brief copied as Markdown{saved}.", timeout=5, markup=False)

    def _save_file(self, text: str) -> Path | None:
        home = getattr(self.app, "backup_home", None)
        if home is None:
            return None
        path = Path(home) / "briefs" / f"brief-{self.made.until.isoformat()}.md"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError:
            return None
        return path

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not event.option.id:
            return
        from tui.dialogs.advice_follow_up import AdviceFollowUpDialog

        self.app.push_screen(AdviceFollowUpDialog(int(event.option.id)), lambda _: self.reload())

    def action_meeting(self) -> None:
        """Record that the meeting took place, with its advice."""
        if not self.keep():
            return
        from tui.dialogs.meeting import MeetingDialog

        def recorded(done: bool | None) -> None:
            if done:
                self.notify("Meeting recorded: the next brief starts now.", timeout=4)
            self.reload()

        today = daily.current_day(self.db, self.app.now())  # type: ignore[attr-defined]
        self.app.push_screen(MeetingDialog(today), recorded)

    def action_leave(self) -> None:
        """Leave a field, or go back to Today."""
        if isinstance(self.focused, Input | TextArea):
            self.keep()
            self.set_focus(None)
        else:
            self.app.switch_mode("today")
