"""The core never loads textual, rich or tui; read-only commands stay light."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import curriculum

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("textual", "rich", "tui")
HEAVY = ("textual", "rich", "httpx", "feedparser")


def _loaded_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return {name.split(".")[0] for name in result.stdout.split()}


def test_every_core_module_imports_without_ui():
    names = [
        m.name
        for m in pkgutil.walk_packages(curriculum.__path__, prefix="curriculum.")
        if not m.name.startswith("curriculum.__")
    ]
    assert "curriculum.cli" in names and "curriculum.store" in names
    loaded = _loaded_after("\n".join(f"import {name}" for name in names))
    assert not loaded & set(FORBIDDEN), f"the core loaded {loaded & set(FORBIDDEN)}"


def test_launcher_for_a_read_only_command_does_not_load_heavy_libraries(tmp_path: Path):
    code = (
        "import os, sys\n"
        f"os.environ['CURRICULUM_HOME'] = {str(tmp_path)!r}\n"
        "from tui import launcher\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    launcher.main(['today', '--json'])\n"
    )
    loaded = _loaded_after(code)
    assert not loaded & set(HEAVY), f"`today` loaded {loaded & set(HEAVY)}"


def test_no_core_source_imports_ui_code():
    offenders = []
    for path in (ROOT / "curriculum").rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")):
                module = stripped.split()[1].split(".")[0]
                if module in FORBIDDEN:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
