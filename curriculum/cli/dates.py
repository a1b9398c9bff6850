"""Date arguments for the command line: an argparse type that names the expected form."""

from __future__ import annotations

import argparse
from datetime import date


def iso_date(text: str) -> date:
    """A `YYYY-MM-DD` argument (argparse reports anything else with usage, exit 2)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-15") from None
