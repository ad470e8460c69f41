"""Long output through a pager on a terminal, the way git does it.

`$PAGER` (run by the shell, so it may carry options), else `less -FRX`: it quits by
itself when the text fits on one screen (-F), shows colours (-R) and leaves the text
on the screen (-X). Never when stdout is not a terminal; `PAGER=cat` or an empty
`PAGER` turn it off, as `--no-pager` does. The command's stdout is the pager's stdin
for as long as the `paged` block runs, so Rich and plain lines both go through it.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping

DEFAULT = "less -FRX"

_state = {"paging": False}


def is_paging() -> bool:
    """Whether stdout is a pager now (then the console keeps its colours for `less -R`)."""
    return _state["paging"]


def pager_command(environ: Mapping[str, str] = os.environ) -> str | None:
    """The pager to run, or None for none: `$PAGER`, else `less -FRX` when less exists.

    A `$PAGER` whose program cannot be found is said once on stderr and skipped: the
    output is printed straight away rather than lost in a shell's "not found".
    """
    command = environ.get("PAGER")
    if command is None:
        return DEFAULT if shutil.which("less") else None
    command = command.strip()
    if command in ("", "cat"):
        return None
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        program = command
    if shutil.which(program, path=environ.get("PATH")) is None:
        sys.stderr.write(f"ospo-notes: cannot run $PAGER ({program}): printing without a pager\n")
        return None
    return command


@contextlib.contextmanager
def paged(enabled: bool = True) -> Iterator[None]:
    """Send what the block writes to stdout through the pager, when a person is reading."""
    command = pager_command() if enabled else None
    if command is None or not _stdout_is_terminal():
        yield
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git: also when $PAGER is a bare `less`
    sys.stdout.flush()
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)  # noqa: S602 (the user's own $PAGER, as git runs it)
    except OSError:
        yield
        return
    assert pager.stdin is not None
    saved = os.dup(1)
    os.dup2(pager.stdin.fileno(), 1)
    pager.stdin.close()
    _state["paging"] = True
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:  # the reader quit the pager early: nothing more to show
        _drop_unwritten()
    finally:
        _state["paging"] = False
        os.dup2(saved, 1)  # the pager sees end of input
        os.close(saved)
        _wait(pager)


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty() and sys.stdout.fileno() == 1
    except (AttributeError, ValueError, OSError):  # a stand-in stream without a descriptor
        return False


def _drop_unwritten() -> None:
    """Let what is still buffered go nowhere, not to the terminal once stdout is back."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        with contextlib.suppress(BrokenPipeError, OSError):
            sys.stdout.flush()
    finally:
        os.close(devnull)


def _wait(pager: subprocess.Popen[bytes]) -> None:
    """Wait for the reader to quit the pager; Ctrl-C belongs to the pager meanwhile."""
    while True:
        try:
            pager.wait()
            return
        except KeyboardInterrupt:
            continue
