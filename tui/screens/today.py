"""Today: the readings picked for today against the daily target, streak, cards and forecast."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from curriculum.clock import short_date
from curriculum.progress import mentor_today
from curriculum.queue import daily
from curriculum.queue.forecast import UNKNOWN_PACE, TrackForecast, pace_note
from tui import guard
from tui.returning import ReloadsOnReturn
from tui.safe import plain
from tui.screens import today_loop
from tui.screens.reading_actions import ReadingScreen
from tui.widgets.footer import KeysFooter

MARKS = {"queued": "○ ", "read": "✓ ", "skipped": "– ", "snoozed": "z ", "later": "◐ "}
BAR_WIDTH = 12  # two bars, the date and the counts fit one line at 80 columns
SOURCE_WIDTH = 24  # a long track or feed name is cut to this, so the title keeps its room


def progress_bar(done: int, target: int) -> Content:
    """A text bar of `done` out of `target` (full when the target is 0 and something is done)."""
    share = min(done / target, 1.0) if target > 0 else (1.0 if done else 0.0)
    filled = round(share * BAR_WIDTH)
    return Content.assemble(
        Content.styled("█" * filled, "$success"), Content.styled("░" * (BAR_WIDTH - filled), "dim")
    )


def forecast_line(f: TrackForecast, this_year: int) -> Content:
    """One track's remaining work, then its finish dates (planned, and at the real pace,
    which says how many days of history it rests on while it leans on the plan)."""
    if f.remaining == 0:
        return Content.assemble(plain(f.track), Content.styled(" · finished", "$success"))
    planned = short_date(f.planned_finish, this_year) if f.planned_finish else "no target set"
    expected = short_date(f.expected_finish, this_year) if f.expected_finish else UNKNOWN_PACE
    note = pace_note(f.pace_days)
    return Content.assemble(
        plain(f.track),
        Content.styled(f" · {f.remaining} readings left ({f.minutes} min)", "dim"),
        f"\n  as planned: {planned} · at your pace: ",
        Content.styled(expected, "bold"),
        Content.styled(f" ({note})" if note else "", "dim"),
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


def minutes_text(entry: daily.Entry) -> str:
    """A partly read reading's minutes: what is left (and, on the day it was left, that
    it waits for later)."""
    left = f"{entry.minutes} min left"
    return f"later · {left}" if entry.status == "later" else left


def entry_line(entry: daily.Entry, width: int = 0, minutes: str | None = None) -> Content:
    """A queue entry on one line: status mark and title, then source, minutes (or their 80%
    range) and the weak concept it is for, dimmed; with a `width`, the title is cut (…) and
    the rest set to the right, so a row never wraps into something that looks like another
    reading."""
    source = plain(entry.source).truncate(SOURCE_WIDTH, ellipsis=True) if entry.source else None
    minutes = minutes_text(entry) if entry.partly_read else minutes or f"{entry.minutes} min"
    parts = [source.plain, minutes] if source else [minutes]
    if entry.concept:
        kind = "breadth" if entry.reason == "breadth" else "weak concept"
        parts.append(f"{kind}: {entry.concept}")
    elif entry.why:
        parts.append(f"for you: {entry.why}")
    detail = Content.assemble("  ", plain(" · ".join(parts)))
    title = plain(entry.title, 240)  # a 100 KB title stays a line or two
    if width:
        room = width - len(MARKS["queued"])
        detail = detail.truncate(max(room - 16, 0), ellipsis=True)
        title = title.truncate(room - detail.cell_length, ellipsis=True, pad=True)
    if entry.status != "queued":
        title = title.stylize("dim strike" if entry.status == "skipped" else "dim")
    return Content.assemble(MARKS.get(entry.status, "  "), title, detail.stylize("dim"))


class TodayScreen(ReloadsOnReturn, ReadingScreen):
    """The day's queue; `enter` opens a reading in the Reader."""

    # a priority binding, so the footer shows it over the list's own (hidden) enter
    BINDINGS = [Binding("enter", "open", "Open", show=True, priority=True)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="today-summary")
        yield Static(id="today-forecast")
        yield Static(id="today-loop")
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

            self.app.push_screen(WelcomeScreen(), self._after_welcome)
        else:
            today_loop.ask_due_plans(self)

    def _after_welcome(self, _: object) -> None:
        self.reload()
        today_loop.ask_due_plans(self)

    def _roll_over(self) -> None:
        """Start the new study day's queue when the day changes while the app is open."""
        if daily.current_day(self.db, self.now()) != self.day:
            self.reload()
            today_loop.ask_due_plans(self)

    def reload(self) -> None:
        """Reload the queue, progress and forecast from the store. Filling the day's empty
        places is a write: while another process holds the lock (the refresh storing a
        batch), the day shows as stored and is filled a moment later, never waited for."""
        now = self.now()
        filled, data = guard.without_waiting(self.db, lambda: daily.snapshot(self.db, now))
        if not filled:
            data = daily.snapshot(self.db, now, fill=False)
            self.set_timer(self.REFILL_SECONDS, self._refill)
        self.day = data.day
        self.query_one("#today-summary", Static).update(summary(data))
        lines = [forecast_line(f, data.day.year) for f in data.forecast]
        forecast = self.query_one("#today-forecast", Static)
        forecast.update(Content("\n").join(lines))
        forecast.display = bool(lines)
        self.extras = mentor_today.extras(self.db, data)
        self.query_one("#today-loop", Static).update(today_loop.loop_content(self.extras))
        self._fill(data.entries)

    REFILL_SECONDS = 0.5  # how soon a reload that met the write lock tries again

    def _refill(self) -> None:
        if self.is_current:
            self.reload()
        else:
            self._suspended = True  # reload when shown again

    def _fill(self, entries: list[daily.Entry]) -> None:
        self._entries = entries
        options = self.query_one("#today-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        width = self._row_width()
        for entry in entries:
            found = self.extras.ranges.get(entry.id)
            minutes = found.text() if found else None
            options.add_option(Option(entry_line(entry, width, minutes), id=str(entry.id)))
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

    def _row_width(self) -> int:
        """The cells a row has (0 before the first layout: rows may wrap until then)."""
        options = self.query_one("#today-list", OptionList)
        width = options.scrollable_content_region.width
        return max(width - 2, 0) if width else self.app.size.width - 4

    def on_resize(self) -> None:
        if getattr(self, "_entries", None) is not None:
            self._fill(self._entries)

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
        switched = self.app.action_go("library")  # type: ignore[attr-defined]
        if switched is not None:
            await switched
        search = getattr(self.app.screen, "action_search", None)
        if search is not None:
            search()
