"""The core never loads textual, rich or tui; read-only commands stay light."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)} if pythonpath else None
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_the_import_contract_holds():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("curriculum/text.py", "import textual", "The core never imports the UI"),
        ("curriculum/store/paths.py", "from curriculum.library import catalog", "layers"),
        ("curriculum/feeds/model.py", "from curriculum.queue import daily", "layers"),
        ("curriculum/cards/cloze.py", "from curriculum.feeds import model", "layers"),
        ("curriculum/queue/picking.py", "from curriculum.exchange import revlog", "exchange"),
        ("tui/widgets/footer.py", "from tui.screens import today", "The app"),
    ],
)
def test_the_import_contract_fails_when_a_rule_is_broken(
    tmp_path: Path, module: str, line: str, contract: str
):
    for part in ("curriculum", "tui"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = _lint_imports(tmp_path, pythonpath=tmp_path)
    assert result.returncode != 0
    broken = [row for row in result.stdout.splitlines() if " BROKEN" in row]
    assert broken and any(contract in row for row in broken), result.stdout


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph.get(module, ()):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return found


def _module_graph() -> dict[str, set[str]]:
    import grimp

    graph = grimp.build_graph("curriculum", "tui", exclude_type_checking_imports=True)
    ours = ("curriculum", "tui")
    return {
        m: {t for t in graph.find_modules_directly_imported_by(m) if t.startswith(ours)}
        for m in graph.modules
        if m.startswith(ours)
    }


def test_no_module_import_circle_in_the_core_or_the_app():
    """Lazy imports inside functions count too: a circle is a circle however it is hidden."""
    assert _cycles(_module_graph()) == []


def test_the_circle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
