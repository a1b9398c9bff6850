"""README.md is the manual: every command, setting and key is documented."""

from __future__ import annotations

import argparse
from pathlib import Path

from curriculum import cli
from curriculum.store import settings
from tui.keymap import KEYMAP, label

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def _commands() -> list[str]:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(sub.choices)


def test_every_command_is_documented():
    missing = [
        c for c in _commands() if f"`curriculum {c}" not in README and f"`{c} " not in README
    ]
    assert missing == []


def test_every_setting_is_documented():
    assert [k for k in settings.SETTINGS if f"`{k}`" not in README] == []


def test_every_key_is_documented():
    missing = [
        (where, key)
        for where, key, _ in KEYMAP
        if f"`{label(key)}`" not in README and not all(f"`{k}`" in README for k in key.split())
    ]
    assert missing == []


def test_quick_start_has_the_two_commands():
    assert "python3 run.py " in README and "python3 run.py test" in README
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "python3 run.py test" in ci
