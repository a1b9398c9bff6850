"""The study day: which readings today holds, and what the reader does with them.

Holds: choosing and storing today's queue, carry-over and `+` one more (`daily`); the
readings that could enter a day (`candidates`); targets, filling, trimming and ranking
(`picking`, pure); reading actions with undo — done, skip, snooze, back to inbox, priority
(`actions`); streaks (`streaks`); track forecasts (`forecast`); the reading timer and
measured speed (`reading_time`); partial reading and its credited minutes (`partial`); the
first-launch choices (`onboarding`).

May import: `store`, `library`, `cards` (cards due today), `progress.coverage` (the weak
concepts the ranking favours; written down in the import contract) and the shared
top-level modules.
Must not import: `feeds`, `exchange`, `cli`, nor textual, rich or tui.
"""
