"""The command palette's one provider: the app's commands in the app's own order.

Textual's system-commands provider sorts its list alphabetically, which put a text field's
editing commands ("Delete left", "Cut"…) among the screens and actions. Here the list keeps
the order `CurriculumApp.get_system_commands` gives (screens, this screen's actions, help,
Textual's commands, text editing last); a search ranks equal matches in that order too.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

TIE_BREAK = 1e-6  # a score step far below the matcher's, so only equal matches reorder


class PaletteCommands(Provider):
    """Every screen and action, in the app's order."""

    async def discover(self) -> Hits:
        """The whole list, as the app orders it."""
        for command in self.app.get_system_commands(self.screen):
            if command.discover:
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        """Fuzzy matches; equal matches keep the app's order."""
        matcher = self.matcher(query)
        for index, command in enumerate(self.app.get_system_commands(self.screen)):
            if (score := matcher.match(command.title)) > 0:
                yield Hit(
                    score - index * TIE_BREAK,
                    matcher.highlight(command.title),
                    command.callback,
                    help=command.help,
                )
