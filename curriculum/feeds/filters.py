"""Per-feed keyword filters (include / exclude) and arXiv announce types."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from curriculum.feeds.model import Entry


@lru_cache(maxsize=512)
def _pattern(phrase: str) -> re.Pattern[str]:
    """A case-insensitive whole-word pattern for a word or phrase."""
    words = [re.escape(w) for w in phrase.split()]
    body = r"\s+".join(words)
    start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.compile(start + body + end, re.IGNORECASE)


def matches(text: str, phrases: Sequence[str]) -> bool:
    """True when any phrase occurs in `text` as whole words, ignoring case."""
    return any(_pattern(p.strip()).search(text) for p in phrases if p.strip())


@dataclass(frozen=True)
class Filters:
    """What a feed keeps: include words (any), exclude words (none), announce types."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    announce_types: tuple[str, ...] = ()

    def keep(self, entry: Entry) -> bool:
        """True when the entry passes every filter."""
        announce = entry.announce_type
        if self.announce_types and announce and announce not in self.announce_types:
            return False
        text = f"{entry.title}\n{entry.summary}"
        if self.include and not matches(text, self.include):
            return False
        return not (self.exclude and matches(text, self.exclude))
