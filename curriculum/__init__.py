"""Curriculum: a reading queue and FSRS recall cards for self-taught AI alignment research.

The core package, one folder per part of a reading's journey: `feeds` (fetch and parse) →
`library` (readings and their text) → `queue` (the study day) → `cards` (key ideas, FSRS)
→ `progress` (stats, coverage, digest); `store` (the database) beneath them all, `exchange`
(exports and imports) and `cli` (the command line) above. Four small modules are shared by
every part: `clock`, `errors`, `text` and `urls`.

It never imports textual, rich or tui; the import contract in pyproject.toml (run by
`tests/test_layering.py`) enforces that and the rules stated in each part's `__init__`.
"""

__version__ = "0.1.0"


def _sqlite_utils_without_numpy() -> None:
    """Import sqlite-utils with numpy and pandas hidden from it.

    sqlite-utils imports numpy and pandas at import time whenever they are installed (to
    convert their values), and numpy is installed with scikit-learn (the learned ranking):
    that would cost every command and the app's first frame ~0.1 s. Curriculum never hands
    sqlite-utils numpy or pandas values, so its first import happens here with both hidden;
    the ranking still imports numpy itself when it needs it.
    """
    import sys

    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_sqlite_utils_without_numpy()
