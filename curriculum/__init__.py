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
