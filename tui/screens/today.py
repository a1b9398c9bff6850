"""Today: the readings picked for today against the daily target, streak, cards and forecast."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from curriculum.queue import daily
from curriculum.queue.forecast import TrackForecast
from tui.returning import ReloadsOnReturn
from tui.safe import plain
from tui.screens.reading_actions import ReadingScreen
from tui.widgets.footer import KeysFooter

MARKS = {"queued": "○ ", "read": "✓ ", "skipped": "– ", "snoozed": "z "}
BAR_WIDTH = 20


def progress_bar(done: int, target: int) -> Content:
    """A text bar of `done` out of `target` (full when the target is 0 and something is done)."""
    share = min(done / target, 1.0) if target > 0 else (1.0 if done else 0.0)
    filled = round(share * BAR_WIDTH)
    return Content.assemble(
        Content.styled("█" * filled, "$success"), Content.styled("░" * (BAR_WIDTH - filled), "dim")
    )


def _when(day: date | None, fallback: str, this_year: int) -> str:
    if day is None:
        return fallback
    return day.strftime("%-d %b" if day.year == this_year else "%-d %b %Y")


def forecast_line(f: TrackForecast, this_year: int) -> Content:
    """One track's remaining work, then its finish dates (planned, and at the real pace)."""
    if f.remaining == 0:
        return Content.assemble(plain(f.track), Content.styled(" · finished", "$success"))
    expected = _when(f.expected_finish, "not known yet", this_year)
    return Content.assemble(
        plain(f.track),
        Content.styled(f" · {f.remaining} readings left ({f.minutes} min)", "dim"),
        f"\n  finish: {_when(f.planned_finish, 'no target set', this_year)} as planned"
        " · at your real pace (last 14 days): ",
        Content.styled(expected, "bold"),
    )


def summary(data: daily.Today) -> Content:
    """Progress against the target, streak and cards due."""
    t, d = data.target, data.done
    parts = [Content.styled(data.day.strftime("%A %-d %B"), "bold"), "  "]
    if t.items:
        parts += [progress_bar(d.items, t.items), f" {d.items}/{t.items} readings  "]
    if t.minutes:
        parts += [progress_bar(d.minutes, t.minutes), f" {d.minutes}/{t.minutes} min"]
    status = "target met — + pulls one more" if data.met else "in progress"
    streak = f"streak {data.streak.current} (best {data.streak.best}) · {status}"
    noun = "card" if data.cards_due == 1 else "cards"
    cards = f" · {data.cards_due} {noun} due (r to review)" if data.cards_due else ""
    return Content.assemble(*parts, "\n", Content.styled(streak + cards, "dim"))


def entry_line(entry: daily.Entry) -> Content:
    """A queue entry: status mark, title, source, minutes and the weak concept it is for."""
    detail = f"  {entry.source} · {entry.minutes} min" if entry.source else f"  {entry.minutes} min"
    if entry.concept:
        kind = "breadth" if entry.reason == "breadth" else "weak concept"
        detail += f" · {kind}: {entry.concept}"
    elif entry.why:
        detail += f" · for you: {entry.why}"
    title = plain(entry.title, 240)  # a 100 KB title stays a line or two
    if entry.status != "queued":
        title = title.stylize("dim strike" if entry.status == "skipped" else "dim")
    return Content.assemble(MARKS.get(entry.status, "  "), title, Content.styled(detail, "dim"))


class TodayScreen(ReloadsOnReturn, ReadingScreen):
    """The day's queue; `enter` opens a reading in the Reader."""

    BINDINGS = [Binding("enter", "open", "Open", show=True)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="today-summary")
        yield Static(id="today-forecast")
        yield OptionList(id="today-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Today"
        self.day: date | None = None
        self.reload()
        self.set_interval(60, self._roll_over)
        if getattr(self.app, "welcome", False):
            self.app.welcome = False  # type: ignore[attr-defined]
            from tui.dialogs.welcome import WelcomeScreen

            self.app.push_screen(WelcomeScreen(), lambda _: self.reload())

    def _roll_over(self) -> None:
        """Start the new study day's queue when the day changes while the app is open."""
        if daily.current_day(self.db, self.now()) != self.day:
            self.reload()

    def reload(self) -> None:
        """Reload the queue, progress and forecast from the store."""
        data = daily.snapshot(self.db, self.now())
        self.day = data.day
        self.query_one("#today-summary", Static).update(summary(data))
        lines = [forecast_line(f, data.day.year) for f in data.forecast]
        forecast = self.query_one("#today-forecast", Static)
        forecast.update(Content("\n").join(lines))
        forecast.display = bool(lines)
        self._fill(data.entries)

    def _fill(self, entries: list[daily.Entry]) -> None:
        options = self.query_one("#today-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for entry in entries:
            options.add_option(Option(entry_line(entry), id=str(entry.id)))
        if not entries:
            options.add_option(
                Option(
                    "Nothing queued today — press + for one more reading, f to add a feed.",
                    id="empty",
                    disabled=True,
                )
            )
            return
        options.highlighted = min(highlighted or 0, len(entries) - 1)

    def selected_id(self) -> int | None:
        options = self.query_one("#today-list", OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return int(option_id) if option_id and option_id.isdigit() else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.isdigit():
            self.open_reading(int(event.option.id))

    async def action_search(self) -> None:
        """Search the library."""
        await self.app.switch_mode("library")
        search = getattr(self.app.screen, "action_search", None)
        if search is not None:
            search()
