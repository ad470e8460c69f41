"""`ospo-notes sync`: share the notes folder through its git repository in one command."""

import typer

from ospo_notes.cli.context import store
from ospo_notes.cli.terminal import say


def sync(ctx: typer.Context) -> None:
    """Commit the notes folder, pull the others' notes, push yours: git for non-git users.

    The commit holds only the notes folder and names the days changed and you
    (the author your notes get: see 'ospo-notes config'). Notes added on both sides merge note by
    note (run 'ospo-notes init' once per clone). A conflict git cannot merge stops with
    the file named: fix it, then run sync again.
    """
    from ospo_notes.team.sync import sync as run_sync

    done = run_sync(store(ctx).root)
    if done.resumed:
        say("Finished the pull that stopped at a conflict.")
    if done.committed:
        say(f"Committed: {done.committed}")
    if done.pulled:
        say(f"Pulled {done.pulled} commit{'s' if done.pulled != 1 else ''} from {done.upstream}.")
    if done.pushed:
        say(f"Pushed {done.pushed} commit{'s' if done.pushed != 1 else ''} to {done.upstream}.")
    if not (done.resumed or done.committed or done.pulled or done.pushed):
        say(f"Up to date with {done.upstream}: nothing to commit, pull or push.")


def register(app: typer.Typer) -> None:
    """Attach `sync` to the app."""
    app.command()(sync)
