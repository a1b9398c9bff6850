"""Screens made ready while the app is idle, so the first visit to each is as quick as the next.

Screens other than Today are imported when first shown, which keeps the first frame fast.
But Textual then reads the new screen's stylesheet and parses every stylesheet of the app
again from scratch (about 45 ms here; twice for a top-level screen) before it draws, so the
first `f` took 190–250 ms against 40 ms for the next. A few seconds after launch the app
imports those modules, one per idle moment (never while keys are coming), and adds all
their stylesheets in a single parse; a screen shown later finds its stylesheet in place and
parses nothing.
"""

from __future__ import annotations

import importlib
import inspect
import time
from collections.abc import Iterable
from pathlib import Path, PurePath
from types import ModuleType

from textual.app import App
from textual.screen import Screen

STEP_SECONDS = 0.05  # the pause between two imports, in which keys are answered
QUIET_SECONDS = 1.0  # a step waits until no key or click came for this long


def css_sources(screen_class: type[Screen[object]]) -> list[Path]:
    """The stylesheet files a screen class reads when it is shown (its `CSS_PATH`)."""
    given = screen_class.CSS_PATH or []
    paths = [given] if isinstance(given, (str, PurePath)) else list(given)
    here = Path(inspect.getfile(screen_class)).parent  # relative paths start at the class
    return [Path(path) if Path(path).is_absolute() else (here / path).resolve() for path in paths]


def add_stylesheets(app: App[object], screen_classes: Iterable[type[Screen[object]]]) -> bool:
    """Add the screens' stylesheets that the app has not read yet, parse once and restyle;
    whether anything was added."""
    stylesheet = app.stylesheet
    added = False
    for screen_class in screen_classes:
        for path in css_sources(screen_class):
            if not stylesheet.has_source(str(path), ""):
                stylesheet.read(path)
                added = True
        if screen_class.CSS:
            read_from = (inspect.getfile(screen_class), f"{screen_class.__name__}.CSS")
            if not stylesheet.has_source(*read_from):
                scope = screen_class._css_type_name if screen_class.SCOPED_CSS else ""
                stylesheet.add_source(screen_class.CSS, read_from=read_from, scope=scope)
                added = True
    if added:
        stylesheet.reparse()
        stylesheet.update(app)
    return added


def screen_modules() -> list[str]:
    """Every module of screens and dialogs."""
    import pkgutil

    import tui.dialogs
    import tui.screens

    return [
        info.name
        for package in (tui.screens, tui.dialogs)
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
    ]


def screens_in(module: ModuleType) -> list[type[Screen[object]]]:
    """The screen classes a module defines."""
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, Screen)
        and value.__module__ == module.__name__
    ]


class Warmer:
    """Imports the screens not shown yet, one module per timer tick, then adds their
    stylesheets."""

    def __init__(self, app: App[object]) -> None:
        self.app = app
        self.waiting = screen_modules()
        self.classes: list[type[Screen[object]]] = []

    def step(self) -> None:
        """Import the next module; once all are in, add their stylesheets. Only while the
        user is not typing: a step holds the interface for up to ~70 ms (the last one)."""
        since_input = time.monotonic() - getattr(self.app, "last_input", 0.0)
        if since_input < QUIET_SECONDS:
            self.app.set_timer(QUIET_SECONDS - since_input, self.step, name="warm screens")
            return
        if self.waiting:
            self.classes += screens_in(importlib.import_module(self.waiting.pop(0)))
            self.app.set_timer(STEP_SECONDS, self.step, name="warm screens")
            return
        add_stylesheets(self.app, self.classes)
