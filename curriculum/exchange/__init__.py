"""Exports and imports: JSON v2 (everything; v1 still imported), Anki TSV, Markdown notes, FSRS
revlog CSV; highlights in the JSON (`highlight_io`).

May import: `store`, `library`, `queue`, `cards`, `progress` (the digest's wording) and the
shared top-level modules.
Must not import: `feeds`, `cli`, nor textual, rich or tui. Only `cli` and `tui` import this
package.
"""
