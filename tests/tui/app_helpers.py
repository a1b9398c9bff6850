"""Helpers shared by the app's Pilot tests: letting the app settle, reading what it shows."""

from __future__ import annotations

from textual.widgets import Static

from tui.app import CurriculumApp


async def settle(app: CurriculumApp, pilot) -> None:
    """Let the app handle what is pending and every worker finish, then redraw."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def text_of(app: CurriculumApp, selector: str) -> str:
    """The text the current screen's `selector` Static shows."""
    return str(app.screen.query_one(selector, Static).render())
