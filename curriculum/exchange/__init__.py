"""Exports and imports: JSON v1 (everything), Anki TSV, Markdown notes, FSRS revlog CSV."""
