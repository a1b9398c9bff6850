"""The library: readings and their text.

Holds: the readings themselves, listed, filtered and searched (`items`); untrusted HTML into
safe Markdown and plain text, word counts and reading-time estimates (`content`); a page's
main text (`extract`, trafilatura), LaTeXML papers (`latexml`) and PDF text (`pdf_text`);
the whole texts kept for readings (`texts`, and `fetched` to keep one and re-anchor its
highlights); what the Reader shows (`reader_text`) as a document of blocks (`document`);
reading positions (`positions`) and highlights (`highlights`); AI-safety concept tags and
their matcher (`concepts`); topic words and the stop list (`terms`); related readings from
the full-text index (`related`); the bundled catalog of feeds and tracks, feeds.yaml
(`catalog`); and opening a home's database with that catalog applied on first run (`home`).

May import: `store` and the shared top-level modules.
Must not import: `feeds` (the network lives there), `queue`, `cards`, `progress`,
`exchange`, `cli`, nor textual, rich or tui.
"""
