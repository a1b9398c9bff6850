"""Reading the command line: bounded numbers, and usage errors as one sentence.

argparse's own error output is a usage block and a second line; a user who typed one bad
value gets one sentence instead (`curriculum: …`), on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import NoReturn

from curriculum.text import MAX_ID, clean_line, whole_number

_ARGUMENT = re.compile(r"^argument ([^:]+): (.*)$")


def whole(field: str, low: int = 1, high: int = MAX_ID) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`, refused with a sentence naming
    `field` (so a twenty-digit id is an error, never an overflow deep inside)."""

    def parse(text: str) -> int:
        try:
            return whole_number(text, field, low, high)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parse.__name__ = field  # argparse names the type in some messages
    return parse


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr."""

    def error(self, message: str) -> NoReturn:
        text = clean_line(message, 400)
        named = _ARGUMENT.match(text)
        if named:  # "argument --limit: --limit must be …" says the name once
            name, reason = named[1], named[2]
            text = reason if reason.startswith(name) else f"{name}: {reason}"
        sys.stderr.write(f"curriculum: {text.rstrip('.')}; see `{self.prog} --help`.\n")
        sys.exit(2)
