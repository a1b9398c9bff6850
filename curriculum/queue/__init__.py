"""The study day: which readings today holds, and what the reader does with them.

Holds: choosing and storing today's queue, carry-over and `+` one more (`daily`); the
readings that could enter a day (`candidates`); targets, filling, trimming and ranking
(`picking`, pure); reading actions with undo — done, skip, snooze, back to inbox, priority,
and the Inbox's keep, dismiss and add to today (`actions`); streaks (`streaks`); track
forecasts (`forecast`); the reading timer and measured speed (`reading_time`); partial
reading and its credited minutes (`partial`); the first-launch choices (`onboarding`); the
learned ranking — what it reads of a reading (`features`), each unread reading's terms
kept between rankings (`term_cache`), the reader's signals (`signals`), training and stored
ranks (`ranking`; scikit-learn and numpy are imported only there, in `features` and in
`term_cache`'s callees, by the functions that train or score) — the Inbox's arrivals
(`inbox`) and breadth on purpose (`breadth`).

May import: `store`, `library`, `cards` (cards due today), `progress.coverage` (the weak
concepts the ranking favours; written down in the import contract) and the shared
top-level modules.
Must not import: `feeds`, `exchange`, `cli`, nor textual, rich or tui.
"""
