"""`python -m ospo_notes`."""

from ospo_notes.cli import main

main()
