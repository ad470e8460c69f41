"""Who takes a note: the author name a new note gets, and where it came from.

Colleagues at one event share a notes folder through git; each note says who wrote it
so the summary and the post can credit them. The name comes from, first found wins:
`--author`, `$OSPO_NOTES_AUTHOR`, `author` in the user's config file, the `user.name`
of the git repository holding the notes folder (repository config before global).
Pure functions: `store.user_config` reads the files and hands their text in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ospo_notes.notes.model import check_author

ENV_VAR = "OSPO_NOTES_AUTHOR"


@dataclass(frozen=True)
class Author:
    """A name and where it came from, e.g. ('Ana Lima', 'git config user.name (...)')."""

    name: str
    source: str


def choose_author(
    given: str | None,
    env: Mapping[str, str],
    config: Callable[[], Author | None],
    git: Callable[[], Author | None],
) -> Author | None:
    """The first author found, in order; `config` and `git` are asked only when needed.

    A name given or set in the environment is checked (a bad one is a UsageError); an
    empty `$OSPO_NOTES_AUTHOR` counts as unset, as an empty `--author` is refused.
    """
    if given is not None:
        return Author(check_author(given, "--author"), "--author")
    value = env.get(ENV_VAR, "")
    if value.strip():
        return Author(check_author(value, f"${ENV_VAR}"), f"${ENV_VAR}")
    return config() or git()


def git_user_name(*texts: str) -> str | None:
    """`user.name` from git config files' texts, the first text that sets it winning.

    Pass the repository's config before the global ones. Within one file the last
    setting wins, as in git. `include` directives are not followed.
    """
    for text in texts:
        name = _last_user_name(text)
        if name is not None:
            return name
    return None


def _last_user_name(text: str) -> str | None:
    found: str | None = None
    section = ""
    lines = iter(text.splitlines())
    for raw in lines:
        line = raw.strip()
        while line.endswith("\\") and not line.endswith("\\\\"):  # a value continued
            line = line[:-1] + next(lines, "")
        if line.startswith("["):
            header, _, rest = line[1:].partition("]")
            section = header.strip().lower()  # `[user "x"]` is a subsection: not `user`
            line = rest.strip()
            if not line:
                continue
        if section != "user" or not line or line[0] in "#;":
            continue
        key, eq, value = line.partition("=")
        if key.strip().lower() == "name":
            found = _config_value(value) if eq else ""
    return found or None  # `name =` with no value sets no name


def _config_value(raw: str) -> str:
    """A git config value: quotes removed, escapes read, a trailing comment dropped."""
    out: list[str] = []
    quoted = False
    chars = iter(raw.strip())
    for char in chars:
        if char == '"':
            quoted = not quoted
        elif char == "\\":
            nxt = next(chars, "")
            out.append({"n": "\n", "t": "\t", "b": "\b"}.get(nxt, nxt))
        elif char in "#;" and not quoted:
            break
        else:
            out.append(char)
    return "".join(out).strip()
