"""The learned ranking's libraries stay out of `today --json` and the app's first frame.

Ranks are stored when the model trains (or readings arrive); Today reads them. These tests
run a fresh interpreter on a home with a trained model and stored ranks, and fail if
scikit-learn, scipy or numpy got loaded.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from curriculum.library.home import open_home
from curriculum.queue import actions, onboarding, ranking
from curriculum.store import settings
from tests.conftest import NOW, ROOT
from tests.queue_data import add_feed, add_item, feeds_only

LEARNING = ("sklearn", "scipy", "numpy")


@pytest.fixture
def trained_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    db = open_home(home)
    try:
        onboarding.skip(db)
        settings.set_value(db, "fetch.on_start", "false")
        feeds_only(db)
        feed = add_feed(db, "Papers")
        ids = [add_item(db, f"Circuits paper {n}", feed, summary="circuits") for n in range(6)]
        ids += [add_item(db, f"Bitcoin post {n}", feed, summary="bitcoin") for n in range(6)]
        actions.done(db, ids[0], NOW)
        actions.dismiss(db, ids[6], NOW)
        assert ranking.retrain(db, NOW).trained
        assert db.execute("SELECT COUNT(*) FROM ranks").fetchone()[0] > 0
    finally:
        db.close()
    return home


def _learning_loaded(code: str) -> set[str]:
    """The learning libraries a fresh interpreter has loaded after running `code`."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    return {name.split(".")[0] for name in result.stdout.split()} & set(LEARNING)


def _in_the_app(home: Path, steps: str) -> str:
    """A script that opens the app on `home` under Pilot and runs `steps` (which use `app`
    and `pilot`) inside it."""
    return (
        "import asyncio\n"
        "from pathlib import Path\n"
        "from curriculum.library.home import open_home\n"
        "from tui.app import CurriculumApp\n"
        f"db = open_home(Path({str(home)!r}))\n"
        "async def main():\n"
        "    app = CurriculumApp(db)\n"
        "    async with app.run_test() as pilot:\n"
        f"{textwrap.indent(steps, ' ' * 8)}"
        "asyncio.run(main())\n"
    )


def test_today_json_reads_stored_ranks_without_the_learning_libraries(trained_home: Path):
    code = (
        "import contextlib, io\n"
        "from tui import launcher\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    assert launcher.main(['--home', {str(trained_home)!r}, 'today', '--json']) == 0\n"
        "assert '\"items\"' in out.getvalue()\n"
    )
    loaded = _learning_loaded(code)
    assert not loaded, f"`today --json` loaded {loaded}"


def test_the_first_frame_of_the_app_loads_no_learning_library(trained_home: Path):
    steps = "await pilot.pause()\nassert app.screen.query_one('#today-list').option_count > 0\n"
    loaded = _learning_loaded(_in_the_app(trained_home, steps))
    assert not loaded, f"the app loaded {loaded}"


def test_the_inbox_and_library_read_stored_ranks_too(trained_home: Path):
    steps = (
        "await pilot.press('n')\n"
        "await pilot.pause()\n"
        "assert app.screen.title == 'Inbox'\n"
        "await pilot.press('l')\n"
        "await pilot.pause()\n"
    )
    loaded = _learning_loaded(_in_the_app(trained_home, steps))
    assert not loaded, f"the Inbox loaded {loaded}"
