"""The undo journal's steps read back as written, whatever the bytes and labels."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ospo_notes.store import journal
from ospo_notes.store.stamps import digest

DAY = date(2024, 6, 18)


@given(
    old=st.none() | st.binary(max_size=300),
    tail=st.binary(max_size=100),
    appended=st.booleans(),
    what=st.text(max_size=80),
)
def test_a_step_reads_back_and_gives_the_old_file(
    old: bytes | None, tail: bytes, appended: bool, what: str
) -> None:
    new = (old or b"") + tail if appended else tail
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp)
        journal.record(
            state,
            day=DAY,
            what=what,
            group="g1",
            old=old,
            before=digest(old) if old is not None else "",
            after=digest(new),
            new=new,
            target=state / "2024-06-18.toml",
        )
        (path,) = journal.steps_newest_first(state)
        step = journal.load(path)
    assert step.old_bytes(new) == old
    assert (step.day, step.group, step.after) == (DAY, "g1", digest(new))
    assert step.before == (digest(old) if old is not None else "")
    assert step.what == " ".join(what.split())  # one line, whatever was given


def test_steps_come_newest_first_and_numbers_go_on(tmp_path: Path) -> None:
    for n in range(3):
        journal.record(
            tmp_path,
            day=DAY,
            what=f"step {n}",
            group="",
            old=None,
            before="",
            after=digest(b"x"),
            new=b"x",
            target=tmp_path / "day.toml",
        )
    paths = journal.steps_newest_first(tmp_path)
    assert [journal.load(p).what for p in paths] == ["step 2", "step 1", "step 0"]
    journal.drop(journal.load(paths[0]))
    journal.record(
        tmp_path,
        day=DAY,
        what="step 3",
        group="",
        old=None,
        before="",
        after=digest(b"x"),
        new=b"x",
        target=tmp_path / "day.toml",
    )
    newest = journal.steps_newest_first(tmp_path)[0]
    assert (newest.name, journal.load(newest).what) == ("0000000003.step", "step 3")
