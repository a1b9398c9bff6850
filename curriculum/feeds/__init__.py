"""Feeds: fetching (httpx), parsing (feedparser), discovery, dedupe, OPML and arXiv.

Holds: the HTTP client and its policy (`fetch`, `_http`, `_transport`, `tls`),
the header values kept and sent back (`headers`), servers' requests for restraint
(`restraint`), feedparser on bytes and the normalised entries (`parse`, `_sax`, `dates`),
the parsing processes (`parsers` starts them, `parse_worker` runs in them, `_children`
starts and ends child processes), storing what arrived (`ingest`, `filters`), refreshing
many feeds (`refresh`; `refresh_process` runs one in a process of its own for the app),
following a feed (`subscribe`, `discover`, `manage`), OPML (`opml`), arXiv (`arxiv`, its
configurable `endpoints`; its announcement days and the warning for a listing that stops
advancing, `arxiv_schedule`), adding one reading by URL or arXiv id (`reading`) and fetching
readings' whole texts, one or the day's (`fulltext`).

May import: `store`, `library` (concept tags, HTML → Markdown, URLs) and the shared
top-level modules.
Must not import: `queue`, `cards`, `progress`, `exchange`, `cli`, nor textual, rich or tui.
Modules import httpx and feedparser themselves; the CLI imports this package lazily so
read-only commands never load them.
"""
