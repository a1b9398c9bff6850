"""The parsing process: reads bodies from its stdin, writes parsed feeds to its stdout.

Started by `parsers.Parsers` (`_children.python_command`) with the starting process's id.
Each message either way is an 8-byte big-endian length and a pickle: a request is (body,
headers, url), a reply ("ok", ParsedFeed) or ("error", sentence). The process ends when its
stdin closes, and at once when the process that started it dies (Linux: PR_SET_PDEATHSIG),
so even a SIGKILLed refresh leaves nothing behind.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
from typing import BinaryIO

from curriculum.feeds._children import die_with

HEADER = struct.Struct(">Q")


def write_message(stream: BinaryIO, value: object) -> None:
    """Write one length-prefixed pickle and flush it."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def read_message(stream: BinaryIO) -> object | None:
    """Read one length-prefixed pickle; None at the end of the stream."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


def reply_for(request: object) -> tuple[str, object]:
    """Parse one request; a bad feed (or a bug) is an ("error", sentence) reply."""
    from curriculum.feeds.model import FeedError
    from curriculum.feeds.parse import parse_feed

    body, headers, url = request  # type: ignore[misc]
    try:
        return "ok", parse_feed(body, headers, url)
    except FeedError as error:
        return "error", str(error)
    except Exception as error:
        return "error", f"the feed could not be read ({type(error).__name__}: {error})"


def _channel() -> BinaryIO:
    """This process's stdout as the reply channel; anything else printed goes nowhere."""
    channel = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    return channel


def main(parent: str) -> None:
    """Serve parse requests until stdin closes."""
    die_with(int(parent))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is the parent's to handle
    from curriculum.feeds import parse

    parse.load_parser()  # while the first download is still on its way
    requests, replies = sys.stdin.buffer, _channel()
    while (request := read_message(requests)) is not None:
        write_message(replies, reply_for(request))
