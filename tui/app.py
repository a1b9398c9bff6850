"""The Curriculum app: top-level screens as modes, global keys, the command palette."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from curriculum import store
from curriculum.clock import utcnow
from curriculum.library.home import open_home
from curriculum.queue import onboarding
from tui import guard
from tui.screens.today import TodayScreen

TOP_SCREENS = [
    ("today", "t", "Today", "Today's readings and progress"),
    ("review", "r", "Review", "Review due recall cards"),
    ("feeds", "f", "Feeds", "Your feeds: add, refresh, edit, remove"),
    ("library", "l", "Library", "Every reading, searchable"),
    ("stats", "s", "Stats", "Your reading and review history"),
    ("settings", "comma", "Settings", "Daily targets, day start, card limits"),
]


def lazy_screen(module: str, name: str) -> Callable[[], Screen[object]]:
    """A mode's screen class, imported when the mode is first shown (a faster first frame)."""

    def make() -> Screen[object]:
        screen: Screen[object] = getattr(importlib.import_module(module), name)()
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
        "feeds": lazy_screen("tui.screens.feeds", "FeedsScreen"),
        "settings": lazy_screen("tui.screens.settings", "SettingsScreen"),
    }
    BINDINGS = [
        *[
            Binding(key, f"go('{mode}')", title, show=mode in {"today", "review"})
            for mode, key, title, _ in TOP_SCREENS
        ],
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

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
        self.failure: str | None = None  # a storage failure that ended the app, as a sentence
        self.backup_home: Path | None = None  # set by `run_app`: the daily backup's home
        self._refresher: Any = None  # tui.background.Refresher, made on first use

    def now(self) -> datetime:
        """The current time (a fixed clock in tests)."""
        return self._clock()

    DATA_POLL_SECONDS = 2.0  # how often to look for commits by other processes (cron fetch)

    def on_mount(self) -> None:
        self.data_watch = guard.DataWatch(self.db)
        self.set_interval(self.DATA_POLL_SECONDS, self.check_outside_changes)
        if self.refresh_on_start:
            self.call_after_refresh(self.start_launch_refresh)  # after the first frame
        if self.backup_home is not None:
            self.call_after_refresh(self.start_daily_backup)

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
            timeout = 10 if severity == "error" else 5
            self.notify(text, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]
        self.on_refresh_progress(message)
        self.screen.post_message(FeedsRefreshed())

    def on_unmount(self) -> None:
        """End a running refresh (its process and workers) with the app."""
        if self._refresher is not None:
            self._refresher.stop()

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
        """A storage failure ends the app with one sentence (printed by `run_app`)."""
        if self.failure is not None:
            return  # a knock-on error of the failure already being reported
        sentence = guard.failure_sentence(error, self.db)
        if sentence is None:
            super()._handle_exception(error)
            return
        self.failure = sentence
        self.exit(return_code=1)

    def action_go(self, mode: str) -> None:
        """Switch to a top-level screen, closing any pushed screens above it."""
        self.switch_mode(mode)

    def action_help(self) -> None:
        """Show every key."""
        from tui.screens.help import HelpScreen  # a DataTable: loaded when first asked for

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for mode, _key, title, help_text in TOP_SCREENS:
            yield SystemCommand(f"Go to {title}", help_text, partial(self.switch_mode, mode))
        yield SystemCommand("Help: keys", "Show every key", self.action_help)
        yield from self._screen_actions(screen)

    def _screen_actions(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every described binding of the current screen, so each action is in the palette."""
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if active.node is self or not binding.description or not active.enabled:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                f"{screen.title or 'This screen'} · key {binding.key_display or key}",
                partial(self.run_action, binding.action, active.node),
            )


def run_app(home: Path, start: str = "today") -> int:
    """Open the home's database and run the app until the user quits."""
    db = open_home(home)
    try:
        app = CurriculumApp(db, start=start, refresh_on_start=True)
        app.backup_home = home
        app.welcome = onboarding.needs_welcome(db)  # shown once, by Today (first launch only)
        app.run()
    finally:
        db.close()
    if getattr(app, "failure", None):
        sys.stderr.write(f"curriculum: {app.failure}\n")
        return 1
    return 0
