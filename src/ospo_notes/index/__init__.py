"""The SQLite index: a cache of the day files for questions that span many days.

It holds data only (notes, day info, theme counts, file stamps, a CRC per row), never
text made for output. Deleting it loses nothing; the next command rebuilds it.
"""
