"""Shortcuts for feedparser's strict (SAX) parser; none changes anything in the result.

- Text in whole runs. Stock expat reports character data in many small pieces (every line
  break and entity is a call); feedparser does dictionary work per piece. `buffer_text`
  joins each run first, which makes parsing about a tenth faster. feedparser tries the
  drivers in `feedparser.api.PREFERRED_XML_PARSERS` first; `install` puts this one there.
- No cp1252 table walk over text that has nothing to map. The last step of feedparser's
  `pop` maps stray C1 characters (U+0080–U+009F) to their cp1252 meanings with
  `str.translate`, which on any non-ASCII text looks up every character in a dict (and
  raises and clears a KeyError for each one it does not find): about 0.4 s of CPU for the
  12.7 MB benchmark corpus. Text without a C1 character comes out of it unchanged, so the
  text reaches that step as `_Text`, whose `translate` skips the walk when a regex finds no
  C1 character. `decode_entities` is the hook `pop` calls on the text just before (a no-op
  in the strict parser); `install` makes feedparser use a parser class that overrides it.
- Plain dict lookups for the current text's parameters. feedparser keeps them (type,
  language, base, base64, mode, src) in `contentparams`, a FeedParserDict, and asks it for
  its type on every text run and several times per element; FeedParserDict's `get` is
  Python code that maps key aliases and raises and catches a KeyError when a key is absent
  (as it is outside content). None of those keys has an alias, so `_Params` answers with
  dict's own methods; copies of it (the `*_detail` dicts in the result) are FeedParserDicts
  as before.
- Remembered URL joins. Every start tag makes feedparser join the current base URI with
  itself (`make_safe_absolute_uri`, `_urljoin`: urllib parsing each time); both are pure
  functions of their strings, and a feed has few distinct bases, so `install` puts
  memoised versions in `feedparser.mixin` (about 0.08 s less CPU for the corpus).
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any
from xml.sax import expatreader

from feedparser.util import FeedParserDict

NAME = __name__
BUFFER_SIZE = 1 << 16
_C1 = re.compile("[\x80-\x9f]")


class BufferedExpatParser(expatreader.ExpatParser):
    """ExpatParser with text buffering on."""

    def reset(self) -> None:
        super().reset()
        self._parser.buffer_text = True
        self._parser.buffer_size = BUFFER_SIZE


def create_parser(*args: Any) -> BufferedExpatParser:
    """The SAX driver entry point (`xml.sax.make_parser` calls it)."""
    return BufferedExpatParser(*args)


class _Text(str):
    """An element's text inside feedparser's `pop`; see the module's docstring."""

    __slots__ = ()

    def translate(self, table: Any) -> str:
        if self.isascii() or _C1.search(self) is None:
            return str(self)  # what the table walk would return: the same characters
        return str.translate(str(self), table)


def _as_text(element: str, data: Any) -> Any:
    """`decode_entities` of the strict parser: the data unchanged, str as `_Text`."""
    return _Text(data) if isinstance(data, str) else data


class _Params(FeedParserDict):
    """`contentparams` with dict's own lookups; see the module's docstring."""

    __slots__ = ()
    get = dict.get
    __getitem__ = dict.__getitem__
    __setitem__ = dict.__setitem__
    __contains__ = dict.__contains__

    def __deepcopy__(self, memo: dict[int, Any]) -> FeedParserDict:
        return FeedParserDict((k, copy.deepcopy(v, memo)) for k, v in self.items())


def _fast_parser(stock: type) -> type:
    """`stock` (feedparser's StrictFeedParser) with the hooks above."""

    class StrictFeedParser(stock):  # type: ignore[misc, valid-type]
        fast_hooks = True
        decode_entities = staticmethod(_as_text)

        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self.contentparams = _Params()

        def push_content(self, *args: Any) -> None:
            super().push_content(*args)
            self.contentparams = _Params(self.contentparams)

    return StrictFeedParser


def _remember_joins(mixin: Any) -> None:
    """Memoise the URL joins feedparser's parser makes per element (idempotent)."""
    for name, size in (("make_safe_absolute_uri", 256), ("_urljoin", 2048)):
        join = getattr(mixin, name)
        if not hasattr(join, "cache_info"):
            setattr(mixin, name, functools.lru_cache(maxsize=size)(join))


def install(feedparser_api: Any) -> None:
    """Make feedparser prefer this driver, parse with `_fast_parser` and remember URL joins
    (idempotent)."""
    preferred = feedparser_api.PREFERRED_XML_PARSERS
    if NAME not in preferred:
        preferred.insert(0, NAME)
    if not getattr(feedparser_api.StrictFeedParser, "fast_hooks", False):
        feedparser_api.StrictFeedParser = _fast_parser(feedparser_api.StrictFeedParser)
    _remember_joins(feedparser_api.mixin)
