"""Curriculum: a reading queue and FSRS recall cards for self-taught AI alignment research.

The core package. It never imports textual, rich or tui (a test enforces this).
"""

__version__ = "0.1.0"
