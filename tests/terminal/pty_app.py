"""The installed `curriculum` in a real pseudo-terminal, read back as a person sees it.

Pilot runs the app inside the test's own process with a headless driver; a real terminal
differs (Textual swaps `sys.stderr`, workers and processes start for real, keys arrive as
bytes with their timing). `Terminal` starts the installed console script under a pty of a
given size (pexpect), feeds everything it writes to a terminal emulator (pyte), and lets a
test press keys and wait until text appears on the screen. Waits poll the screen against a
deadline; nothing sleeps for a fixed time and hopes.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pexpect
import pyte

CURRICULUM = Path(sys.executable).with_name("curriculum")
SIZES = [(80, 24), (120, 36)]  # (columns, lines): every user journey is checked at both

KEYS = {
    "enter": "\r",
    "escape": "\x1b",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "backspace": "\x7f",
    "delete": "\x1b[3~",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "pageup": "\x1b[5~",
    "pagedown": "\x1b[6~",
    "space": " ",
}


def key_bytes(key: str) -> str:
    """What a terminal sends for a key name (`enter`, `ctrl+s`, `down`) or a plain character."""
    if key in KEYS:
        return KEYS[key]
    if key.startswith("ctrl+") and len(key) == 6:
        return chr(ord(key[-1].lower()) - ord("a") + 1)
    return key


class Terminal:
    """One run of `curriculum ARGS` in a `columns`×`lines` pseudo-terminal."""

    def __init__(
        self,
        args: list[str],
        home: Path,
        columns: int = 80,
        lines: int = 24,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.columns, self.lines = columns, lines
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        environment = {
            **os.environ,
            "CURRICULUM_HOME": str(home),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
            **(env or {}),
        }
        environment.pop("TEXTUAL", None)  # no devtools, no debug features
        self.child = pexpect.spawn(
            str(CURRICULUM),
            args,
            env=environment,
            dimensions=(lines, columns),
            timeout=None,
        )

    # reading the screen -------------------------------------------------------------

    def pump(self, wait: float = 0.05) -> bool:
        """Feed what the app wrote (within `wait` seconds) to the emulator; False at exit."""
        try:
            data = self.child.read_nonblocking(65536, timeout=wait)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self.stream.feed(data)
        return True

    def text(self) -> str:
        """The screen as lines of text, trailing spaces trimmed."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def row(self, number: int) -> str:
        """One line of the screen (0 is the top; negative counts from the bottom)."""
        return self.screen.display[number].rstrip()

    def wait_until(
        self, check: Callable[[str], bool], timeout: float = 20.0, what: str = "the screen"
    ) -> str:
        """Pump until `check(screen text)` holds; the screen text, or AssertionError."""
        deadline = time.monotonic() + timeout
        while True:
            alive = self.pump()
            text = self.text()
            if check(text):
                return text
            if not alive:
                raise AssertionError(f"the app exited before {what} appeared:\n{text}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} did not appear in {timeout} s:\n{text}")

    def wait_for(self, pattern: str, timeout: float = 20.0) -> str:
        """Wait until `pattern` (a regular expression) matches somewhere on the screen."""
        compiled = re.compile(pattern)
        return self.wait_until(lambda t: bool(compiled.search(t)), timeout, repr(pattern))

    def wait_gone(self, pattern: str, timeout: float = 20.0) -> str:
        """Wait until `pattern` no longer matches anywhere on the screen."""
        compiled = re.compile(pattern)
        return self.wait_until(lambda t: not compiled.search(t), timeout, f"no {pattern!r}")

    def past_welcome(self) -> None:
        """Skip the first launch's welcome and wait for Today."""
        self.wait_for(r"Welcome")
        self.press("escape")
        self.wait_for(r"Today")

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> str:
        """Pump until the app has written nothing for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data = self.child.read_nonblocking(65536, timeout=quiet)
            except (pexpect.TIMEOUT, pexpect.EOF):
                break
            self.stream.feed(data)
        return self.text()

    # typing ----------------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        """Press keys one at a time; `escape` is followed by a pause so it is not a prefix."""
        for key in keys:
            self.child.send(key_bytes(key))
            if key == "escape":
                self.settle(quiet=0.15, timeout=2.0)  # a lone ESC, not the start of a sequence

    def type(self, text: str) -> None:
        """Type text as a person would, character by character."""
        for character in text:
            self.child.send(character)

    # ending ----------------------------------------------------------------------------

    def quit(self, timeout: float = 15.0) -> int:
        """Press `q` and wait for the app to exit; its exit status."""
        self.child.send("q")
        return self.wait_exit(timeout)

    def wait_exit(self, timeout: float = 15.0) -> int:
        """Wait for the app to end; its exit status."""
        deadline = time.monotonic() + timeout
        while self.pump():
            if time.monotonic() > deadline:
                raise AssertionError(f"the app did not exit in {timeout} s:\n{self.text()}")
        self.child.wait()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)

    def close(self) -> None:
        """Kill the app if it is still running."""
        if self.child.isalive():
            self.child.terminate(force=True)
