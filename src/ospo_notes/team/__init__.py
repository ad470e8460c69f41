"""Notes shared by a team through git: `init --git`, `sync`, and the merge drivers.

The merges of day files, schedules and vocabularies are pure (`day_merge`,
`schedule_merge`, `vocabulary_merge` over `three_way`); `merge` is the driver git runs.
"""
