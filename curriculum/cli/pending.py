"""Commands of DESIGN.md whose features have not landed yet: listed, and honest about it."""

from __future__ import annotations

import argparse
from typing import Any

from curriculum.cli.context import Context
from curriculum.errors import NotAvailableError

PENDING: dict[str, tuple[str, str]] = {}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register each pending command; it accepts anything and explains."""
    for name, (help_text, feature) in PENDING.items():
        p = sub.add_parser(name, parents=[common], help=f"{help_text} (not available yet)")
        p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        p.set_defaults(func=_not_yet, feature=feature)


def _not_yet(ctx: Context, args: argparse.Namespace) -> int:
    raise NotAvailableError(
        f"`curriculum {args.command}` is not available yet: it arrives with {args.feature}."
    )
