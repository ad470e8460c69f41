"""Standard output that fails in one line: a full disk or a dead terminal is not a bug.

`ospo-notes list >/dev/full` used to end in a traceback. The real stdout is wrapped
once, by `ospo_notes.cli.main`: a write or flush that fails raises `OutputError`,
which the command reports like any other expected failure. A closed pipe (EPIPE)
is left to click, which already ends quietly. Tests running in-process (CliRunner)
never see the wrapper; subprocess tests do.
"""

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO, cast

from ospo_notes.errors import NotesError


class OutputError(NotesError):
    """Standard output could not be written (nothing else went wrong)."""


class _GuardedStdout:
    """`sys.stdout` as it was, but its write errors are `OutputError`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if not text:  # click probes a stream with write(b"") and write(""): not output
            return self._stream.write(text)
        with _failing(self._stream):
            return self._stream.write(text)

    def flush(self) -> None:
        with _failing(self._stream):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def _failing(stream: TextIO) -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as err:
        silence(stream)
        reason = err.strerror or str(err)
        raise OutputError(
            f"cannot write to standard output: {reason}; check where it goes"
        ) from None


def silence(stream: TextIO) -> None:
    """Point `stream`'s descriptor at /dev/null: what is still buffered cannot fail at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def guard_stdout() -> None:
    """Wrap the process's stdout (once; not when the shell closed it)."""
    if sys.stdout is not None and not isinstance(sys.stdout, _GuardedStdout):
        sys.stdout = cast(TextIO, _GuardedStdout(sys.stdout))
