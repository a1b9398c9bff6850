"""Screens that load their data on mount and again only when the user comes back to them."""

from __future__ import annotations


class ReloadsOnReturn:
    """Mixin for a Screen with a `reload()` method called from its `on_mount`.

    Textual posts resumes when a mode is first shown (two when the app switches to it), right
    after `on_mount` has loaded the data; reloading on each would do the same work up to
    three times before the screen is first drawn (about 1 s for Stats on a large library).
    This reloads on a resume only after the screen was hidden (another screen on top, or
    another mode), which is when the store may have changed under it.
    """

    _suspended = False  # hidden since the data was last loaded

    def reload(self) -> None:
        """Redraw from the store (each screen's own)."""
        raise NotImplementedError

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        if self._suspended:
            self._suspended = False
            self.reload()
