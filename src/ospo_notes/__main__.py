"""`python -m ospo_notes`."""

from ospo_notes.launch import main

main()
