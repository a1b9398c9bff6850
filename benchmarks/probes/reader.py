"""Opening a long reading in the Reader, under Pilot: time to first paint and to all loaded.

`python -m benchmarks.probes.reader HOME ITEM COUNT` prints a JSON object of millisecond
lists: `first_paint` (from pushing the Reader to the first line of text drawn: reading the
text from the database, composing it, parsing its first piece and laying it out) and
`loaded` (until every piece is parsed and shown; the screen answers keys meanwhile).
Each open is a fresh Reader on the same app, as a person reopens readings.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from curriculum.library.home import open_home


async def measure(home: Path, item_id: int, count: int) -> dict[str, list[float]]:
    """Open the reading `count` times; the timings of each open."""
    from tui.app import CurriculumApp
    from tui.screens.reader import ReaderScreen

    db = open_home(home)
    app = CurriculumApp(db)
    found: dict[str, list[float]] = {"first_paint": [], "loaded": []}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(count):
            start = time.perf_counter()
            screen = ReaderScreen(item_id)
            await app.push_screen(screen)
            while screen.view.first_paint is None:
                await asyncio.sleep(0.001)
            found["first_paint"].append((screen.view.first_paint - start) * 1000)
            while not screen.loaded:
                await asyncio.sleep(0.005)
            found["loaded"].append((time.perf_counter() - start) * 1000)
            app.pop_screen()
            await pilot.pause()
    db.close()
    return found


def main(argv: list[str]) -> None:
    """Run the probe and print its samples."""
    home, item_id = Path(argv[0]), int(argv[1])
    count = int(argv[2]) if len(argv) > 2 else 5
    print(json.dumps(asyncio.run(measure(home, item_id, count))))


if __name__ == "__main__":
    main(sys.argv[1:])
