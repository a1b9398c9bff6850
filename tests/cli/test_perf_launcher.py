"""Opening the app takes a short path past the full command line; everything else does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from curriculum.library.home import open_home
from curriculum.queue import onboarding
from curriculum.store import settings
from tui.launcher import app_request


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (None, "today")),
        (["review"], (None, "review")),
        (["--home", "/x"], ("/x", "today")),
        (["--home=/x", "review"], ("/x", "review")),
        (["review", "--home", "/x"], ("/x", "review")),
    ],
)
def test_the_app_commands_take_the_short_path(argv, expected) -> None:
    assert app_request(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [["today"], ["--help"], ["--version"], ["review", "review"], ["--home"], ["cards", "--due"]],
)
def test_every_other_command_line_goes_to_the_parser(argv) -> None:
    assert app_request(argv) is None


def test_opening_the_app_does_not_build_the_command_line(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import tui.app\n"
        "tui.app.run_app = lambda home, start: print(home, start) or 0\n"
        "from tui import launcher\n"
        f"assert launcher.main(['--home', {str(tmp_path)!r}, 'review']) == 0\n"
        "assert 'curriculum.cli' not in sys.modules, 'the command line was built'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{tmp_path} review"


def test_the_app_loads_no_http_client_when_launch_refresh_is_off(tmp_path: Path) -> None:
    code = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from curriculum.library.home import open_home\n"
        "from curriculum.queue import onboarding\n"
        "from curriculum.store import settings\n"
        "from tui.app import CurriculumApp\n"
        f"db = open_home(Path({str(tmp_path)!r}))\n"
        "onboarding.skip(db)\n"
        "settings.set_value(db, 'fetch.on_start', 'false')\n"
        "async def main():\n"
        "    app = CurriculumApp(db, refresh_on_start=True)\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "asyncio.run(main())\n"
        "assert 'httpx' not in sys.modules, 'the HTTP client was loaded'\n"
        "assert 'tui.screens.feeds' not in sys.modules, 'the Feeds screen was loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_today_and_the_apps_first_frame_never_load_sqlite_utils(tmp_path: Path) -> None:
    """Both run on plain SQL; sqlite-utils' imports (~45-75 ms) are for its table API only."""
    db = open_home(tmp_path)
    onboarding.skip(db)
    settings.set_value(db, "fetch.on_start", "false")
    db.close()
    code = (
        "import asyncio, contextlib, io, sys\n"
        "from pathlib import Path\n"
        "from tui import launcher\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    assert launcher.main(['--home', {str(tmp_path)!r}, 'today', '--json']) == 0\n"
        "assert 'sqlite_utils' not in sys.modules, '`today --json` loaded sqlite-utils'\n"
        "from curriculum.library.home import open_home\n"
        "from tui.app import CurriculumApp\n"
        "async def main():\n"
        f"    app = CurriculumApp(open_home(Path({str(tmp_path)!r})))\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "        assert app.screen.query_one('#today-list') is not None\n"
        "asyncio.run(main())\n"
        "assert 'sqlite_utils' not in sys.modules, 'the first frame loaded sqlite-utils'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
