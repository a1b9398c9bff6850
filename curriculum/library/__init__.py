"""The library: readings and their text.

Holds: the readings themselves, listed, filtered and searched (`items`); untrusted HTML into
safe Markdown and plain text, word counts and reading-time estimates (`content`); what the
Reader shows (`reader_text`); AI-safety concept tags and their matcher (`concepts`); topic
words and the stop list (`terms`); related readings from the full-text index (`related`);
the bundled catalog of feeds and tracks, feeds.yaml (`catalog`); and opening a home's
database with that catalog applied on first run (`home`).

May import: `store` and the shared top-level modules.
Must not import: `feeds` (the network lives there), `queue`, `cards`, `progress`,
`exchange`, `cli`, nor textual, rich or tui.
"""
