"""ospo-notes: conference notes and highlights from the command line."""

__version__ = "0.1.0"
