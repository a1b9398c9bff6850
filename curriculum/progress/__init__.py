"""Progress: what the reading and reviewing add up to.

Holds: the stats arithmetic, pure functions over fetched rows (`stats`); the Stats report
behind the Stats screen and `stats --json` (`stats_report`); concept coverage — your model of
AI safety, and its weakest concepts (`coverage`); the report in words (`stats_text`); and the
weekly digest for a mentor meeting (`digest`).

May import: `store`, `library`, `queue` (streaks, forecasts, targets), `cards` and the shared
top-level modules.
Must not import: `feeds`, `exchange`, `cli`, nor textual, rich or tui. `coverage` imports
nothing from `queue`, because the queue's ranking imports it.
"""
