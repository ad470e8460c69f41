"""The day and the themes across days, as plain data: what the terminal and the post draw.

Pure: notes in, `DaySummary` / `ThemesOverview` out, in the order things happened.
"""
