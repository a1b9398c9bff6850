"""The Curriculum app: top-level screens as modes, global keys, the command palette."""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widget import AwaitMount
from textual.widgets import Input, TextArea

from curriculum import store
from curriculum.clock import utcnow
from curriculum.library.home import open_home
from curriculum.queue import onboarding
from curriculum.store import Database
from curriculum.text import strip_controls
from tui import guard
from tui.palette import PaletteCommands
from tui.screens.today import TodayScreen

TOP_SCREENS = [
    ("today", "t", "Today", "Today's readings and progress"),
    ("review", "r", "Review", "Review due recall cards"),
    ("feeds", "f", "Feeds", "Your feeds: add, refresh, edit, remove"),
    ("library", "l", "Library", "Every reading, searchable"),
    ("inbox", "n", "Inbox", "New arrivals, best first: keep, dismiss or open each"),
    ("stats", "s", "Stats", "Your reading and review history"),
    ("settings", "comma", "Settings", "Daily targets, day start, card limits"),
    ("questions", "w", "Questions", "Questions you jotted: answer, drop, pick the top three"),
    ("brief", "b", "Brief", "The one-page brief for your mentor meeting"),
    ("plans", "p", "Plans", "Plans scored against what happened; days off"),
]


def lazy_screen(module: str, name: str) -> Callable[[], Screen[object]]:
    """A mode's screen class, imported when the mode is first shown (a faster first frame)."""

    def make() -> Screen[object]:
        screen: Screen[object] = getattr(importlib.import_module(module), name)()
        # Textual parses every stylesheet again (~45 ms) for a mode's screen that has not seen
        # the app's latest CSS, which a new screen never has; but its own stylesheet is read
        # already (`tui.warm`) or right after this (Textual's `_load_screen_css`, which
        # parses and restyles when it adds one), so the screen is current as it is made
        screen._css_update_count = screen.app._css_update_count
        return screen

    return make


class CurriculumApp(App[int]):
    """Curriculum's TUI over one open database."""

    CSS_PATH = "app.tcss"
    TITLE = "Curriculum"
    MODES = {
        "today": TodayScreen,
        "review": lazy_screen("tui.screens.review", "ReviewScreen"),
        "stats": lazy_screen("tui.screens.stats", "StatsScreen"),
        "library": lazy_screen("tui.screens.library", "LibraryScreen"),
        "inbox": lazy_screen("tui.screens.inbox", "InboxScreen"),
        "feeds": lazy_screen("tui.screens.feeds", "FeedsScreen"),
        "settings": lazy_screen("tui.screens.settings", "SettingsScreen"),
        "questions": lazy_screen("tui.screens.questions", "QuestionsScreen"),
        "brief": lazy_screen("tui.screens.brief", "BriefScreen"),
        "plans": lazy_screen("tui.screens.plans", "PlansScreen"),
    }
    BINDINGS = [
        Binding("escape", "back", "Back"),
        *[
            Binding(key, f"go('{mode}')", title, show=mode in {"today", "review"})
            for mode, key, title, _ in TOP_SCREENS
        ],
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]
    COMMANDS = {PaletteCommands}

    def __init__(
        self,
        db: Database,
        start: str = "today",
        clock: Callable[[], datetime] = utcnow,
        refresh_on_start: bool = False,
    ) -> None:
        if start not in self.MODES:
            raise ValueError(f"no screen called {start!r}")
        # The app opens on `start` itself: switching to it from Textual's default screen would
        # hold the first frame back (a 50 ms update delay, two more stylesheet passes).
        self.DEFAULT_MODE = start  # type: ignore[misc]
        super().__init__()
        self.db = db
        self.start = start
        self._clock = clock
        self.refresh_on_start = refresh_on_start
        self.fetch_policy = None  # feed fetch limits; None means the defaults
        self.failure: str | None = None  # a failure that ended the app, as a sentence
        self.failure_code = 1  # the exit status that goes with it (crash.EXIT_CRASH for a bug)
        self.trail: list[str] = []  # the top-level screens shown before this one, for escape
        # whole texts are fetched in the background (the `fetch.texts` setting permitting);
        # off for apps built by tests unless they ask, so no test reaches the internet
        self.fetch_texts = refresh_on_start
        self.backup_home: Path | None = None  # set by `run_app`: the daily backup's home
        self.pending_write: guard.PatientWrite | None = None  # a write waiting for the lock
        self.rank_home: Path | None = None  # set by `run_app`: keep the learned ranking current
        self.ranker: Any = None  # tui.ranker.RankJob, once started
        self._refresher: Any = None  # tui.background.Refresher, made on first use
        self._prefetching = False  # a prefetch of today's texts is running
        self._prefetch_again = False  # readings joined today while it ran: go round again
        self._study_day: date | None = None  # the study day under way (for a new one's texts)

    def now(self) -> datetime:
        """The current time (a fixed clock in tests)."""
        return self._clock()

    DATA_POLL_SECONDS = 2.0  # how often to look for commits by other processes (cron fetch)
    PREFETCH_DELAY_SECONDS = 3.0  # the day's texts are fetched this long after launch
    DAY_CHECK_SECONDS = 60.0  # how often to look whether a new study day has begun

    async def on_event(self, event: events.Event) -> None:
        """A paste reaches the focused widget (Textual's own palette too) without control
        characters; the app's own fields also clean what they get (`tui.text_fields`)."""
        if isinstance(event, events.Paste):
            event.text = strip_controls(event.text)
        elif isinstance(event, (events.Key, events.MouseDown)):
            self.last_input = time.monotonic()  # background work in this thread waits
        await super().on_event(event)

    def on_mount(self) -> None:
        self.data_watch = guard.DataWatch(self.db)
        self.set_interval(self.DATA_POLL_SECONDS, self.check_outside_changes)
        self.set_timer(self.WARM_DELAY_SECONDS, self.warm_screens)
        if self.refresh_on_start:
            self.call_after_refresh(self.start_launch_refresh)  # after the first frame
        if self.backup_home is not None:
            self.call_after_refresh(self.start_daily_backup)
        if self.rank_home is not None:
            self.set_timer(self.RANK_DELAY_SECONDS, self.request_ranking)
            self.set_interval(self.RANK_POLL_SECONDS, self.check_ranking)
        if self.fetch_texts:  # in the background, once the launch has settled
            from curriculum.queue import daily

            self._study_day = daily.current_day(self.db, self.now())
            self.set_timer(self.PREFETCH_DELAY_SECONDS, self.start_prefetch)
            self.set_interval(self.DAY_CHECK_SECONDS, self.check_new_day)

    WARM_DELAY_SECONDS = 1.0  # screens not shown yet are made ready once the launch settles
    last_input = 0.0  # time.monotonic() of the latest key or click
    RANK_DELAY_SECONDS = 3.0  # the first ranking job waits for the first frame and the refresh
    RANK_POLL_SECONDS = 20.0  # how often to look for arrivals the ranking has not seen

    def warm_screens(self) -> None:
        """Make the screens not shown yet ready in idle moments (`tui.warm`); nothing of it
        runs before the first frame."""
        from tui.warm import Warmer

        Warmer(self).step()

    def request_ranking(self) -> None:
        """Keep the learned ranking current in a child process (`tui.ranker`)."""
        if self.rank_home is None:
            return
        if self.ranker is None:
            from tui.ranker import RankJob

            self.ranker = RankJob(self.rank_home)
        self.ranker.request()

    def check_ranking(self) -> None:
        """Start a ranking job for arrivals the ranking has not seen (a refresh, a cron fetch),
        or the one asked for while the last ran."""
        from curriculum.queue import ranking

        if self.ranker is not None:
            self.ranker.tick()
        if ranking.has_unranked(self.db):
            self.request_ranking()

    def on_feeds_refreshed(self) -> None:
        """Readings arrived: rank them, and fetch the texts of any that joined today."""
        self.request_ranking()
        self.start_prefetch()

    def may_fetch_texts(self) -> bool:
        """Whether whole texts may be fetched in the background now."""
        from curriculum.store import settings

        return bool(self.fetch_texts and settings.get(self.db, "fetch.texts"))

    def start_prefetch(self) -> None:
        """Keep the whole text of today's readings, so the queue reads offline: a few seconds
        after launch, and again whenever readings join today (`+`, the Inbox's "to today", a
        refresh that fills empty places, a new study day). Only when the app may go online
        by itself (`fetch.texts`, `fetch.on_start`), never during the first launch's welcome.
        While a prefetch runs, a request makes it go round once more when it ends."""
        from curriculum.store import settings

        if onboarding.needs_welcome(self.db):
            return  # a first launch still in its welcome: the texts come next time
        if not (self.may_fetch_texts() and settings.get(self.db, "fetch.on_start")):
            return
        if self._prefetching:
            self._prefetch_again = True
            return
        self._prefetching = True
        self.run_worker(self._prefetch(), group="prefetch", exit_on_error=False)

    async def _prefetch(self) -> None:
        """Prefetch passes until no request came in while the last one ran."""
        try:
            again = True
            while again:
                self._prefetch_again = False
                await self._prefetch_once()
                again = self._prefetch_again
        finally:
            self._prefetching = False

    async def _prefetch_once(self) -> None:
        from curriculum.errors import CurriculumError
        from curriculum.feeds import fulltext
        from curriculum.queue import daily, reading_time

        now = self.now()
        try:
            await fulltext.prefetch_async(
                self.db,
                daily.unread_today(self.db, now),
                now,
                self.fetch_policy,
                wpm=reading_time.personal_wpm(self.db),
            )
        except CurriculumError as error:
            self.notify(f"Texts were not fetched: {error}", severity="warning", markup=False)

    def check_new_day(self) -> None:
        """A new study day began while the app stays open: fetch its readings' texts."""
        from curriculum.queue import daily

        day = daily.current_day(self.db, self.now())
        if day != self._study_day:
            self._study_day = day
            self.start_prefetch()

    def start_launch_refresh(self) -> None:
        """Refresh due feeds in the background (`fetch.on_start`)."""
        from curriculum.store import settings

        if not settings.get(self.db, "fetch.on_start"):
            return  # without loading the refresh machinery and the HTTP client at all
        self.refresh_feeds("launch", "due")

    @property
    def refresher(self) -> Any:
        """The app's background feed refreshes (made on first use)."""
        if self._refresher is None:
            from tui.background import Refresher

            self._refresher = Refresher(self, guard.db_file(self.db))
        return self._refresher

    def refresh_feeds(self, kind: str, select: str | list[int]) -> bool:
        """Refresh `select` ("all", "due" or feed ids) in the background; False when a refresh
        is already running (it goes on; its progress shows on the Feeds screen)."""
        return bool(self.refresher.start(kind, select, self.now(), self.fetch_policy))

    def on_refresh_progress(self, message: Any) -> None:
        """Show a running refresh's progress on the Feeds screen, when it is shown."""
        show = getattr(self.screen, "show_refresh", None)
        if show is not None:
            show(message.run)

    def on_refresh_finished(self, message: Any) -> None:
        """A refresh ended: one toast (never silent on failure), and the lists reload."""
        from tui.background import FeedsRefreshed, notice

        self.refresher.finish(message.run)
        if hasattr(self, "data_watch"):
            self.data_watch.changed()  # the refresh's own commits are not outside changes
        shown = notice(message.run)
        if shown is not None:
            text, severity = shown
            if message.run.kind == "launch":
                self.notify_outside_dialogs(text, severity)
            else:
                self.show_notice(text, severity)
        self.on_refresh_progress(message)
        self.screen.post_message(FeedsRefreshed())

    def show_notice(self, text: str, severity: str) -> None:
        """A toast of plain text (errors stay up longer)."""
        timeout = 10 if severity == "error" else 5
        self.notify(text, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    _held_notices: list[tuple[str, str]]
    _held_timer: Any = None

    def notify_outside_dialogs(self, text: str, severity: str) -> None:
        """A background notice (the launch refresh's): shown at once over a screen, but held
        while a dialog is open, such as the welcome dialog of a first launch, whose text it
        would cover; it shows when the dialog closes."""
        if not isinstance(self.screen, ModalScreen):
            self.show_notice(text, severity)
            return
        if self._held_timer is None:
            self._held_notices = []
            self._held_timer = self.set_interval(0.25, self._release_notices)
        self._held_notices.append((text, severity))

    def _release_notices(self) -> None:
        if isinstance(self.screen, ModalScreen):
            return
        self._held_timer.stop()
        self._held_timer = None
        for text, severity in self._held_notices:
            self.show_notice(text, severity)

    def on_unmount(self) -> None:
        """End a running refresh (its process and workers) with the app, then do the
        background writes that were waiting for its lock (the Reader's last place)."""
        if self._refresher is not None:
            self._refresher.stop()
        guard.flush_writes(self, self.db)

    def start_daily_backup(self) -> None:
        """The once-a-day backup, in a thread after the first frame (online backup is safe)."""
        if self.backup_home is not None:
            home = self.backup_home
            self.run_worker(
                partial(self._daily_backup, home), thread=True, group="backup", exit_on_error=False
            )

    def _daily_backup(self, home: Path) -> None:
        """Back up on a connection of this thread's own; a failure only warns."""
        from curriculum.errors import CurriculumError
        from curriculum.store import backup, paths

        try:
            db = store.open_db(paths.db_path(home))
            try:
                backup.auto_backup(db, home, self.now())
            finally:
                db.close()
        except CurriculumError as error:
            message = f"The daily backup failed: {error}"
            self.call_from_thread(self.notify, message, severity="warning", markup=False)

    def check_outside_changes(self) -> None:
        """Redraw the current screen when another process (e.g. a cron fetch) committed.

        Not while the app's own refresh runs: its commits would redraw the screen every poll;
        the refresh's end redraws what shows readings once.
        """
        if self._refresher is not None and self._refresher.running:
            return
        if self.data_watch.changed():
            guard.reload_screen(self.screen)

    def _handle_exception(self, error: Exception) -> None:
        """A busy database is a message (the app stays open); a storage failure ends the
        app with one sentence; anything else (a bug) ends it with one sentence naming the
        crash log that holds the traceback. `run_app` prints the sentence."""
        if self.failure is not None:
            return  # a knock-on error of the failure already being reported
        if guard.is_busy(error):
            self.notify(
                "Another Curriculum process is writing, so this was not saved; "
                "try again in a moment.",
                severity="warning",
            )
            return
        sentence = guard.failure_sentence(error, self.db)
        if sentence is None:
            from curriculum.cli import crash

            sentence = crash.report(self.data_home(), error, self.now(), where="app")
            self.failure_code = crash.EXIT_CRASH
        self.failure = sentence
        self._exception_event.set()  # whatever waits for pending messages stops: we are ending
        self.exit(return_code=self.failure_code)

    def data_home(self) -> Path:
        """The data folder (where the crash log goes): the database's own folder."""
        if self.backup_home is not None:
            return self.backup_home
        try:
            return guard.db_file(self.db).parent
        except Exception:  # a closed or broken connection: the temp folder instead
            import tempfile

            return Path(tempfile.gettempdir())

    def action_go(self, mode: str) -> AwaitComplete | None:
        """Switch to a top-level screen (closing screens pushed above it when already there)."""
        if mode == self.current_mode:
            while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
                self.pop_screen()
            return None
        self.trail = [*[m for m in self.trail if m != mode][-20:], self.current_mode]
        return self.switch_mode(mode)

    def switch_mode(self, mode: str) -> AwaitMount:
        """Textual holds every frame back 50 ms when the mode changes, to hide a screen
        still being built; a screen already built only needs its resume handled (its data
        reloaded), so for those the frame waits for exactly that and no longer (a switch
        took 66–75 ms, most of it this fixed wait)."""
        built = mode != self.current_mode and mode in self._screen_stacks
        self._built_switch = built
        try:
            waiting = super().switch_mode(mode)
        finally:
            self._built_switch = False
        if built:
            self._begin_batch()
            screen = self.screen

            def show() -> None:
                self._end_batch()
                if not self._batch_count:
                    screen.refresh()

            screen.call_later(show)  # after the ScreenResume just posted to it
        return waiting

    _built_switch = False  # switch_mode is showing an already built screen

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual's fixed hold on updates, skipped while `switch_mode` shows a built screen
        (which holds them itself until the screen has reloaded)."""
        if not self._built_switch:
            super().delay_update(delay)

    def action_back(self) -> None:
        """Escape: leave a text field; else close the screen on top; else go back to the
        top-level screen shown before this one (Today when there is none)."""
        screen = self.screen
        if isinstance(screen.focused, (Input, TextArea)):
            leave = getattr(screen, "leave_field", None)
            if callable(leave):
                leave()
            else:
                screen.set_focus(None)
            return
        if len(self.screen_stack) > 1:
            self.pop_screen()
            return
        while self.trail and self.trail[-1] == self.current_mode:
            self.trail.pop()
        if self.current_mode != "today":
            self.switch_mode(self.trail.pop() if self.trail else "today")

    def at_top(self) -> bool:
        """Whether a top-level screen is shown as it is: nothing above it, no field focused."""
        return len(self.screen_stack) <= 1 and not isinstance(
            self.screen.focused, (Input, TextArea)
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that would do nothing here: going to the screen already shown, and back
        on Today itself."""
        if action == "go" and parameters == (self.current_mode,):
            return not self.at_top()
        if action == "back" and self.current_mode == "today":
            return not self.at_top()
        return True

    def action_help(self) -> None:
        """Show every key."""
        from tui.screens.help import HelpScreen  # a DataTable: loaded when first asked for

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette, in this order: the screens, this screen's actions, help, Textual's
        own commands, then the focused text field's editing commands."""
        for mode, _key, title, help_text in TOP_SCREENS:
            yield SystemCommand(f"Go to {title}", help_text, partial(self.action_go, mode))
        actions, editing = self._screen_actions(screen)
        yield from actions
        yield SystemCommand("Help: keys", "Show every key", self.action_help)
        yield from super().get_system_commands(screen)
        yield from editing

    def _screen_actions(
        self, screen: Screen[object]
    ) -> tuple[list[SystemCommand], list[SystemCommand]]:
        """Every described binding of the current screen (so each action is in the palette),
        split into the screen's actions and a focused text field's editing ones."""
        actions: list[SystemCommand] = []
        editing: list[SystemCommand] = []
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if active.node is self or not binding.description or not active.enabled:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            command = SystemCommand(
                binding.description,
                f"{screen.title or 'This screen'} · key {binding.key_display or key}",
                partial(self.run_action, binding.action, active.node),
            )
            text = isinstance(active.node, (Input, TextArea))
            (editing if text else actions).append(command)
        return actions, editing


def run_app(home: Path, start: str = "today") -> int:
    """Open the home's database and run the app until the user quits."""
    db = open_home(home)
    app: CurriculumApp | None = None
    try:
        app = CurriculumApp(db, start=start, refresh_on_start=True)
        app.backup_home = home
        app.rank_home = home
        app.welcome = onboarding.needs_welcome(db)  # shown once, by Today (first launch only)
        app.run()
    finally:
        if app is not None and app.ranker is not None:
            app.ranker.stop()
        db.close()
    if getattr(app, "failure", None):
        sys.stderr.write(f"curriculum: {app.failure}\n")
        return app.failure_code
    return app.return_code or 0
