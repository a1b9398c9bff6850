"""An expat SAX driver that hands over text in whole runs, for feedparser.

Stock expat reports character data in many small pieces (every line break and entity is a
call); feedparser does dictionary work per piece. `buffer_text` joins each run first, which
makes parsing about a tenth faster and changes nothing in the result. feedparser tries the
drivers in `feedparser.api.PREFERRED_XML_PARSERS` first; `install` puts this one there.
"""

from __future__ import annotations

from typing import Any
from xml.sax import expatreader

NAME = __name__
BUFFER_SIZE = 1 << 16


class BufferedExpatParser(expatreader.ExpatParser):
    """ExpatParser with text buffering on."""

    def reset(self) -> None:
        super().reset()
        self._parser.buffer_text = True
        self._parser.buffer_size = BUFFER_SIZE


def create_parser(*args: Any) -> BufferedExpatParser:
    """The SAX driver entry point (`xml.sax.make_parser` calls it)."""
    return BufferedExpatParser(*args)


def install(feedparser_api: Any) -> None:
    """Make feedparser prefer this driver (idempotent)."""
    preferred = feedparser_api.PREFERRED_XML_PARSERS
    if NAME not in preferred:
        preferred.insert(0, NAME)
