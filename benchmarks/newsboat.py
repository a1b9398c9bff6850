"""The reference: Debian's newsboat on the same URLs (`-u URLS -c CACHE -C CONFIG -x reload`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from benchmarks.timing import Command

THREADS = 8


def available() -> bool:
    """Whether newsboat is installed."""
    return shutil.which("newsboat") is not None


def version() -> str:
    """newsboat's version line."""
    out = subprocess.run(["newsboat", "--version"], capture_output=True, text=True, check=False)
    return out.stdout.splitlines()[0] if out.stdout else "newsboat (unknown version)"


class Newsboat:
    """One newsboat profile: a URL file, a config and a cache in `folder`."""

    def __init__(self, folder: Path, urls: list[str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.urls = folder / "urls"
        self.config = folder / "config"
        self.cache = folder / "cache.db"
        self.urls.write_text("".join(f"{url}\n" for url in urls))
        self.config.write_text(f"reload-threads {THREADS}\n")

    def argv(self, action: str) -> list[str]:
        """`newsboat … -x ACTION` on this profile."""
        return [
            "newsboat",
            "-u",
            str(self.urls),
            "-c",
            str(self.cache),
            "-C",
            str(self.config),
            "-x",
            action,
        ]

    def forget(self) -> None:
        """Drop the cache (the next reload is a cold import)."""
        for path in self.cache.parent.glob(self.cache.name + "*"):
            path.unlink()

    def cold_reload(self) -> Command:
        """A reload into an empty cache."""
        return Command(self.argv("reload"), prepare=self.forget)

    def reload(self) -> Command:
        """A reload on the existing cache."""
        return Command(self.argv("reload"))

    def print_unread(self) -> Command:
        """`-x print-unread`: read the cache and count unread articles."""
        return Command(self.argv("print-unread"))

    def warm(self) -> None:
        """Reload until conditional requests are sent (Debian's sends validators from the third)."""
        for _ in range(3):
            subprocess.run(self.argv("reload"), capture_output=True, check=True)
