"""Exports and imports: JSON v1 (everything), Anki TSV, Markdown notes, FSRS revlog CSV.

May import: `store`, `library`, `queue`, `cards`, `progress` (the digest's wording) and the
shared top-level modules.
Must not import: `feeds`, `cli`, nor textual, rich or tui. Only `cli` and `tui` import this
package.
"""
