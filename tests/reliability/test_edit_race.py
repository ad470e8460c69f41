"""`edit` in $EDITOR while other commands change the note: nothing acknowledged is lost.

The editor used to write back the copy read before it opened, undoing a `tag` or an
`edit --kind` made meanwhile in another terminal (both had printed success). Now the
edit applies to the note as it is when the editor closes, field by field, or is refused
in one line with the typed text kept in a file the error names.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from torture import DAY, env_for, run_cli, stored, write_day

from ospo_notes.capture.edit import EditConflict, merge_edit
from ospo_notes.notes.model import KINDS, Note

# Opens like an editor, says so, waits for the test's go (a file holding OLD=>NEW), then
# replaces OLD with NEW in the file it was given and saves.
SLOW_EDITOR = """\
import os, pathlib, sys, time
started, go = pathlib.Path(os.environ["EDIT_STARTED"]), pathlib.Path(os.environ["EDIT_GO"])
started.write_text("open")
deadline = time.monotonic() + 60
while not go.exists() and time.monotonic() < deadline:
    time.sleep(0.01)
old, new = go.read_text(encoding="utf-8").split("=>")
path = pathlib.Path(sys.argv[1])
path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
"""


@dataclass
class OpenEditor:
    """An `ospo-notes edit ID` process whose editor is open until `save` is called."""

    process: subprocess.Popen[bytes]
    go: Path

    def save(self, old: str, new: str) -> tuple[int, str]:
        self.go.write_text(f"{old}=>{new}", encoding="utf-8")
        _out, err = self.process.communicate(timeout=60)
        return self.process.returncode, err.decode()


@pytest.fixture
def open_editor(notes_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    script = tmp_path / "slow_editor.py"
    script.write_text(SLOW_EDITOR, encoding="utf-8")
    kept = tmp_path / "tmp"
    kept.mkdir()
    started: list[subprocess.Popen[bytes]] = []

    def start(ref: str) -> OpenEditor:
        signal = tmp_path / f"started-{len(started)}"
        go = tmp_path / f"go-{len(started)}"
        env = env_for(notes_dir)
        env.update(
            EDITOR=f"{sys.executable} {script}",
            EDIT_STARTED=str(signal),
            EDIT_GO=str(go),
            TMPDIR=str(kept),  # scratch and kept files land where the test can see them
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "ospo_notes", "edit", ref],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        started.append(process)
        deadline = time.monotonic() + 60
        while not signal.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the editor never opened"
            time.sleep(0.01)
        return OpenEditor(process, go)

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def ok(*args: str, notes_dir: Path) -> None:
    done = run_cli(notes_dir, *args)
    assert done.returncode == 0, done.stderr.decode()


def kept_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "tmp").glob("ospo-notes-edit-*"))


@pytest.mark.slow
def test_changes_made_while_the_editor_is_open_are_kept(
    notes_dir: Path, tmp_path: Path, open_editor
) -> None:
    write_day(notes_dir, [("abcd1234", "typed before"), ("othr0001", "other")])
    editor = open_editor("abcd1234")
    ok("tag", "abcd1234", "important", notes_dir=notes_dir)
    ok("edit", "abcd1234", "--kind", "highlight", notes_dir=notes_dir)
    ok("tag", "othr0001", "elsewhere", notes_dir=notes_dir)

    code, err = editor.save('"typed before"', '"typed in the editor #fresh"')

    assert code == 0, err
    assert err == "Updated abcd1234.\n"
    note = stored(notes_dir)["abcd1234"]
    assert note.text == "typed in the editor #fresh"
    assert note.kind == "highlight"
    assert note.themes == ("important", "fresh")
    assert stored(notes_dir)["othr0001"].themes == ("elsewhere",)
    assert kept_files(tmp_path) == []


@pytest.mark.slow
def test_a_field_changed_on_both_sides_is_refused_and_the_typed_text_kept(
    notes_dir: Path, tmp_path: Path, open_editor
) -> None:
    write_day(notes_dir, [("abcd1234", "typed before")])
    editor = open_editor("abcd1234")
    ok("edit", "abcd1234", "--kind", "quote", notes_dir=notes_dir)
    ok("tag", "abcd1234", "important", notes_dir=notes_dir)
    before = (notes_dir / f"{DAY}.toml").read_bytes()

    code, err = editor.save('kind = "note"', 'kind = "action"')

    assert code == 1
    [kept] = kept_files(tmp_path)
    assert err == (
        f"Error: {DAY}/abcd1234: another command changed its kind while the editor was open, "
        f"and so did your edit: nothing was saved; your edit is kept in {kept} "
        f"(run 'ospo-notes edit {DAY}/abcd1234' and copy it over)\n"
    )
    assert 'kind = "action"' in kept.read_text(encoding="utf-8")
    assert kept.stat().st_mode & 0o777 == 0o600
    assert (notes_dir / f"{DAY}.toml").read_bytes() == before


@pytest.mark.slow
def test_a_note_deleted_while_the_editor_is_open_keeps_the_typed_text(
    notes_dir: Path, tmp_path: Path, open_editor
) -> None:
    write_day(notes_dir, [("abcd1234", "typed before"), ("othr0001", "other")])
    editor = open_editor("abcd1234")
    ok("delete", "abcd1234", "--yes", notes_dir=notes_dir)

    code, err = editor.save('"typed before"', '"worth keeping"')

    assert code == 1
    [kept] = kept_files(tmp_path)
    assert err.count("\n") == 1
    assert err.startswith(f"Error: note abcd1234 is no longer in {DAY}: it was deleted;")
    assert err.endswith(f"your edit is kept in {kept}\n")
    assert '"worth keeping"' in kept.read_text(encoding="utf-8")
    assert set(stored(notes_dir)) == {"othr0001"}


# -- the merge itself -------------------------------------------------------------------

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
themes = st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=4).map(tuple)
notes = st.builds(
    Note,
    id=st.just("abcd1234"),
    day=st.just(DAY),
    text=words.filter(str.strip),
    kind=st.sampled_from(KINDS),
    session=words,
    speakers=st.lists(words, max_size=2).map(tuple),
    themes=themes,
)


@given(notes, notes, notes)
def test_merge_keeps_every_change_of_either_side_or_refuses(
    base: Note, theirs: Note, ours: Note
) -> None:
    try:
        merged = merge_edit(base, theirs, ours)
    except EditConflict as err:
        for name in err.fields:  # a conflict is a field both sides changed differently
            was, now, typed = (getattr(n, name) for n in (base, theirs, ours))
            assert len({repr(was), repr(now), repr(typed)}) == 3
        return
    for name in ("text", "kind", "time", "session", "speakers"):
        was, now, typed = (getattr(n, name) for n in (base, theirs, ours))
        assert getattr(merged, name) == (typed if typed != was else now)
    for theme in set(base.themes) | set(theirs.themes) | set(ours.themes):
        in_base, in_theirs, in_ours = (theme in n.themes for n in (base, theirs, ours))
        wanted = in_ours if in_ours != in_base else in_theirs
        assert (theme in merged.themes) == wanted, theme


@given(notes, notes)
def test_merge_with_no_edit_is_the_note_as_it_is_now(base: Note, theirs: Note) -> None:
    assert merge_edit(base, theirs, base) == theirs
    assert merge_edit(base, base, theirs) == theirs
