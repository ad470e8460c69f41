"""The notes themselves, as data: `Note`, `Day`, the day-file format, and small pure rules.

No I/O: the day-file codec turns TOML text into a `Day` and back; `store` does the reading
and writing. Everything else in ospo-notes builds on this package.
"""
