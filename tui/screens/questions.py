"""Questions: the open ones (the brief's top three first); answer, drop, pick, or add one."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from curriculum.errors import CurriculumError
from curriculum.progress import questions
from curriculum.progress.questions import Question
from tui.returning import ReloadsOnReturn
from tui.safe import plain
from tui.widgets.footer import KeysFooter

STATUS_MARKS = {"answered": "✓ ", "dropped": "– "}


def question_line(question: Question) -> Content:
    """A question: its top-three mark or status, the text, and what it is about."""
    if question.top_rank is not None:
        mark = Content.styled(f"★{question.top_rank} ", "$accent bold")
    else:
        mark = Content(STATUS_MARKS.get(question.status, "  "))
    text = plain(question.text, 400)
    if question.status != "open":
        text = text.stylize("dim")
    on = question.item_title or (f"card {question.card_id}" if question.card_id else "")
    detail = Content.styled(f"\n   on {on}" if on else "", "dim")
    if question.answer:
        detail += Content.styled("\n   answer: ", "dim") + plain(question.answer, 200).stylize(
            "dim"
        )
    return Content.assemble(mark, text, detail)


class QuestionsScreen(ReloadsOnReturn, Screen[None]):
    """Open questions, the top three first; `enter` answers, `space` picks for the brief."""

    CSS_PATH = "mentor.tcss"
    BINDINGS = [
        Binding("enter", "answer", "Answer"),
        Binding("space", "pick", "Top three"),
        Binding("x", "drop", "Drop"),
        Binding("a", "add", "Add"),
        Binding("o", "open", "Open reading"),
        Binding("v", "show_all", "Show all", show=False),
        Binding("escape", "app.go('today')", "Back", show=False),
    ]

    show_closed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="questions-summary", markup=False)
        yield OptionList(id="questions-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Questions"
        self.reload()
        self.query_one("#questions-list", OptionList).focus()

    @property
    def db(self) -> Any:
        """The app's database."""
        return self.app.db  # type: ignore[attr-defined]

    def reload(self) -> None:
        """Show the questions from the store."""
        found = questions.list_questions(self.db, include_closed=self.show_closed)
        open_count = questions.open_count(self.db)
        picked = sum(q.top_rank is not None for q in found)
        self.query_one("#questions-summary", Static).update(
            f"{open_count} open question{'s' if open_count != 1 else ''} · {picked} of 3 picked "
            "for the brief · enter answers · space picks · v shows answered and dropped too"
        )
        listing = self.query_one("#questions-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        for question in found:
            listing.add_option(Option(question_line(question), id=str(question.id)))
        if not found:
            listing.add_option(
                Option(
                    "No open questions. a adds one; ctrl+n jots one in the Reader, Review "
                    "or Key ideas.",
                    id="none",
                    disabled=True,
                )
            )
            return
        listing.highlighted = min(highlighted or 0, len(found) - 1)

    def selected(self) -> Question | None:
        """The question under the cursor."""
        listing = self.query_one("#questions-list", OptionList)
        if listing.highlighted is None:
            return None
        option_id = listing.get_option_at_index(listing.highlighted).id
        if not option_id or not option_id.isdigit():
            return None
        return questions.get_question(self.db, int(option_id))

    def _core(self, call: Any) -> None:
        try:
            call()
        except CurriculumError as error:
            self.notify(str(error), severity="error", markup=False)
        self.reload()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_answer()

    def action_answer(self) -> None:
        """Answer the question (the answer can become a card)."""
        question = self.selected()
        if question is None or question.status != "open":
            return
        from tui.dialogs.question_answer import QuestionAnswerDialog

        def answered(done: bool | None) -> None:
            if done:
                self.notify("Answered.", timeout=2)
            self.reload()

        self.app.push_screen(QuestionAnswerDialog(question.id), answered)

    def action_pick(self) -> None:
        """Pick the question for the brief's top three, or unpick it."""
        question = self.selected()
        if question is not None:
            self._core(lambda: questions.toggle_top(self.db, question.id))

    def action_drop(self) -> None:
        """Drop the question."""
        question = self.selected()
        if question is not None:
            self._core(lambda: questions.drop_question(self.db, question.id, self.app.now()))  # type: ignore[attr-defined]

    def action_add(self) -> None:
        """Add a question not tied to a reading."""
        from tui.dialogs.question_jot import QuestionJotDialog

        self.app.push_screen(QuestionJotDialog(), lambda _: self.reload())

    def action_open(self) -> None:
        """Open the question's reading in the Reader."""
        question = self.selected()
        if question is None or question.item_id is None:
            self.notify("This question is not about a reading.", timeout=2)
            return
        from tui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen(question.item_id))

    def action_show_all(self) -> None:
        """Show or hide answered and dropped questions."""
        self.show_closed = not self.show_closed
        self.reload()
