"""Taking notes down: the note built and stored, the session it joins, the capture loop.

Nothing here imports Typer or Rich, so the quick path of `add` (in `launch`) starts fast.
"""
