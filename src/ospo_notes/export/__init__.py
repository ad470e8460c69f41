"""Exports return text and never touch files: a Markdown post, or JSON for other tools."""
