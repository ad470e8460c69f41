"""The `ospo-notes` entry point: a plain `add` starts without Typer, the rest with it."""

import os
import sys

COMPLETION_VAR = "_OSPO_NOTES_COMPLETE"  # set by the shell completion scripts Typer installs


def main() -> None:
    """Console-script entry point (also `python -m ospo_notes`)."""
    args = sys.argv[1:]
    if args[:1] == ["add"] and COMPLETION_VAR not in os.environ:
        from ospo_notes import quick_add

        code = quick_add.run(args[1:])
        if code is not None:
            raise SystemExit(code)
    from ospo_notes.cli import main as typer_main

    typer_main()
