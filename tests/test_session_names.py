"""One session, one name: typed titles match the day's sessions; `session rename`."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ospo_notes import launch
from ospo_notes.errors import NotFoundError, UsageError
from ospo_notes.notes.codec import dump_note, written_sessions
from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.notes.sessions import existing_session, rename_session, session_folded
from ospo_notes.store import NotesStore
from ospo_notes.store.completions import session_titles

DAY = date(2024, 6, 18)
D = ("--day", "2024-06-18")
PROCUREMENT = "Procurement & funding maintenance"
FOSDEM = str(Path(__file__).parent / "fixtures" / "schedules" / "fosdem-style.xml")


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.glob("*.toml"))}


def sessions_of(cli, day: str = "2024-06-18") -> list[str]:  # type: ignore[no-untyped-def]
    result = cli("list", "--day", day, "--json")
    return [n["session"] for n in json.loads(result.stdout)]


# --- the rule, directly ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["procurement & funding maintenance", "  Procurement &  funding\tmaintenance ", PROCUREMENT],
)
def test_case_and_spaces_do_not_make_another_session(typed: str) -> None:
    assert existing_session(typed, ["Keynote", PROCUREMENT]) == PROCUREMENT


@pytest.mark.parametrize("typed", ["Procurement", "Procurement & funding", "", "   "])
def test_other_titles_are_other_sessions(typed: str) -> None:
    assert existing_session(typed, [PROCUREMENT]) is None


def day_of(*sessions: str) -> Day:
    notes = tuple(Note(f"n{i}", DAY, f"t{i}", session=s) for i, s in enumerate(sessions))
    return Day(DayInfo(DAY), notes)


def test_rename_moves_every_spelling_and_tidies_spaces() -> None:
    done = rename_session(day_of("panel", "Panel ", "Keynote"), "PANEL", "Funding  panel")
    assert [n.session for n in done.day.notes] == ["Funding panel", "Funding panel", "Keynote"]
    assert (done.old, done.new, done.moved, done.merged) == ("panel", "Funding panel", 2, False)


def test_rename_to_a_session_of_the_day_needs_merge() -> None:
    day = day_of("Panel", "Keynote")
    with pytest.raises(UsageError, match=r"'Keynote' is already a session on 2024-06-18.*--merge"):
        rename_session(day, "panel", "keynote")
    done = rename_session(day, "panel", "keynote", merge=True)
    assert [n.session for n in done.day.notes] == ["Keynote", "Keynote"]
    assert done.merged


def test_rename_only_changing_case_is_no_merge() -> None:
    done = rename_session(day_of("keynote"), "Keynote", "KEYNOTE")
    assert [n.session for n in done.day.notes] == ["KEYNOTE"] and not done.merged


def test_rename_of_a_session_not_on_the_day_names_the_ones_that_are() -> None:
    with pytest.raises(NotFoundError, match=r"no session 'Lunch' on 2024-06-18 \(its sessions: "):
        rename_session(day_of("Panel", ""), "Lunch", "x")
    with pytest.raises(UsageError, match="empty"):
        rename_session(day_of("Panel"), "Panel", "  ")


titles = st.sampled_from(["Panel", "panel", " Panel  ", "Keynote", "", "Lunch talk"])


@given(st.lists(titles, max_size=12), titles, st.sampled_from(["Talk", "keynote", "PANEL"]))
def test_rename_changes_sessions_only_and_never_loses_a_note(
    sessions: list[str], old: str, new: str
) -> None:
    day = day_of(*sessions)
    try:
        done = rename_session(day, old, new, merge=True)
    except NotFoundError:
        assert existing_session(old, sessions) is None
        return
    assert [n.with_changes(session="") for n in done.day.notes] == [
        n.with_changes(session="") for n in day.notes
    ]
    for before, after in zip(day.notes, done.day.notes, strict=True):
        moved = session_folded(before.session) == session_folded(done.old)
        assert after.session == (done.new if moved else before.session)


@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1))
def test_written_sessions_reads_back_what_dump_note_writes(title: str) -> None:
    block = dump_note(Note("abcd1234", DAY, "x", session=title)).encode("utf-8")
    assert written_sessions(block * 2) == [title]


# --- add ------------------------------------------------------------------------------


def test_add_reuses_the_days_spelling_and_says_so(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("add", *D, "-s", PROCUREMENT, "first").exit_code == 0
    result = cli("add", *D, "-s", "procurement &  funding maintenance ", "second")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f'Session: using "{PROCUREMENT}" (already on 2024-06-18)',
        f"Added note {result.stdout.strip()} to 2024-06-18 · {PROCUREMENT} "
        f"(notes/ in {notes_dir.parent}).",
    ]
    same = cli("add", *D, "-s", PROCUREMENT, "third")
    assert "Session: using" not in same.stderr  # typed exactly: nothing to say
    assert sessions_of(cli) == [PROCUREMENT] * 3
    summary = json.loads(cli("summary", *D, "--json").stdout)
    assert [s["title"] for s in summary["sessions"]] == [PROCUREMENT]


def test_the_quick_add_path_matches_too(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", *D, "-s", PROCUREMENT, "first")  # writes the stamp: the next add skips the parse
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = launch.quick_add([*D, "-s", "PROCUREMENT & FUNDING MAINTENANCE", "second"])
    assert code == 0
    assert err.getvalue().startswith(f'Session: using "{PROCUREMENT}" (already on 2024-06-18)\n')
    assert sessions_of(cli) == [PROCUREMENT] * 2


def test_a_hand_edited_day_is_matched_from_its_parse(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    notes_dir.mkdir()
    (notes_dir / "2024-06-18.toml").write_text(
        "format = 1\nday = 2024-06-18\n\n[notes.abcd1234]\nkind = 'note'\n"
        "session = 'Hallway chat'\ntext = 'by hand'\n"
    )
    result = cli("add", *D, "-s", "hallway CHAT", "typed")
    assert result.exit_code == 0
    assert sessions_of(cli) == ["Hallway chat", "Hallway chat"]


def test_add_takes_the_schedules_title(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("schedule", "import", FOSDEM).exit_code == 0
    result = cli("add", "--day", "2025-02-01", "-s", "async rust in  EMBEDDED systems", "x")
    assert result.exit_code == 0
    assert result.stderr.startswith(
        'Session: using "Async Rust in embedded systems" (on the schedule of 2025-02-01)\n'
    )
    assert sessions_of(cli, "2025-02-01") == ["Async Rust in embedded systems"]


def test_another_days_session_is_another_session(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "--day", "2024-06-17", "-s", PROCUREMENT, "monday")
    result = cli("add", *D, "-s", PROCUREMENT.lower(), "tuesday")
    assert "Session: using" not in result.stderr
    assert sessions_of(cli) == [PROCUREMENT.lower()]


# --- session start and /session ----------------------------------------------------------


def test_session_start_and_capture_take_the_notes_title(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", *D, "-s", "Hallway chat", "first")
    result = cli("session", "start", *D, "hallway  CHAT")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        'Session: using "Hallway chat" (already on 2024-06-18)',
        "Now in: Hallway chat",
    ]
    cli("session", "stop")
    captured = cli("capture", *D, input="/session HALLWAY chat\nsecond\n")
    assert 'Session: using "Hallway chat" (already on 2024-06-18)' in captured.stderr
    assert sessions_of(cli) == ["Hallway chat", "Hallway chat"]


# --- session rename --------------------------------------------------------------------


def test_session_rename_renames_every_note_of_the_day(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", *D, "-s", "Panel", "one")
    cli("add", *D, "-s", "Keynote", "two")
    cli("add", *D, "-s", "panel", "three")  # joins "Panel"
    cli("add", "--day", "2024-06-17", "-s", "Panel", "another day")
    cli("session", "start", *D, "Panel")
    result = cli("session", "rename", "PANEL", "Funding panel", *D)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == 'Renamed "Panel" to "Funding panel" on 2024-06-18 (2 notes).\n'
    assert sessions_of(cli) == ["Funding panel", "Keynote", "Funding panel"]
    assert sessions_of(cli, "2024-06-17") == ["Panel"]
    assert cli("session").stdout == "Funding panel\n"  # the started session follows


def test_session_rename_refusals_change_nothing(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("add", *D, "-s", "Panel", "one")
    cli("add", *D, "-s", "Keynote", "two")
    before = files_under(notes_dir)
    clash = cli("session", "rename", "Panel", "keynote", *D)
    assert clash.exit_code == 2
    assert clash.stderr == (
        "Error: 'Keynote' is already a session on 2024-06-18: renaming 'Panel' to it "
        "would merge the two; add --merge to do that\n"
    )
    missing = cli("session", "rename", "Lunch", "Dinner", *D)
    assert missing.exit_code == 1
    assert missing.stderr == (
        "Error: no session 'Lunch' on 2024-06-18 (its sessions: Panel; Keynote); "
        "check the spelling or --day\n"
    )
    empty_day = cli("session", "rename", "Panel", "x", "--day", "2024-06-19")
    assert empty_day.exit_code == 1 and "(its sessions: none)" in empty_day.stderr
    assert files_under(notes_dir) == before


def test_session_rename_merge(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", *D, "--at", "10:00", "-s", "Panel", "one")
    cli("add", *D, "--at", "11:00", "-s", "Keynote", "two")
    result = cli("session", "rename", "panel", "KEYNOTE", *D, "--merge")
    assert result.exit_code == 0
    assert result.stderr == 'Merged "Panel" into "Keynote" on 2024-06-18 (1 note).\n'
    summary = json.loads(cli("summary", *D, "--json").stdout)
    assert [(s["title"], len(s["notes"])) for s in summary["sessions"]] == [("Keynote", 2)]


# --- completion and summary --------------------------------------------------------------


def test_completion_offers_the_days_sessions_from_notes_and_schedule(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("schedule", "import", FOSDEM)
    cli("add", "--day", "2025-02-01", "-s", "Hallway chat", "x")
    cli("add", "--day", "2025-02-01", "-s", "async rust in embedded systems", "y")
    assert session_titles(notes_dir, date(2025, 2, 1)) == [
        "Welcome to FOSDEM 2025",
        "Async Rust in embedded systems",
        "Midnight lightning hack session",
        "Hallway chat",
    ]


def test_the_summary_groups_older_spellings_as_one_session() -> None:
    from ospo_notes.summary.day import build_summary

    notes = (
        Note("a", DAY, "one", time=time(10), session=PROCUREMENT),
        Note("b", DAY, "two", time=time(10, 5), session="procurement &  funding maintenance"),
    )
    (group,) = build_summary(Day(DayInfo(DAY), notes)).sessions
    assert (group.title, [n.id for n in group.notes]) == (PROCUREMENT, ["a", "b"])


def test_stored_day_files_are_untouched_by_a_match(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("add", *D, "-s", PROCUREMENT, "first")
    cli("add", *D, "-s", PROCUREMENT.upper(), "second")
    assert [n.session for n in NotesStore(notes_dir).read_day(DAY).notes] == [PROCUREMENT] * 2


@pytest.mark.slow  # three real processes
def test_add_with_a_session_imports_no_more_than_a_plain_add(notes_dir: Path) -> None:
    import os
    import subprocess
    import sys

    def modules(*args: str) -> set[str]:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "ospo_notes", "add", *D, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "OSPO_NOTES_DIR": str(notes_dir)},
            check=True,
        )
        lines = done.stderr.splitlines()
        return {line.rsplit("|", 1)[1].strip() for line in lines if "import time:" in line}

    modules("-s", PROCUREMENT, "first")  # the day exists, as during a conference
    typed = modules("-s", PROCUREMENT.lower(), "second")
    assert "ospo_notes.store.schedule_store" not in typed  # no schedule: not even its store
    plain = modules("third")
    assert "ospo_notes.store.schedule_store" not in plain  # nor for a note with no session
    assert typed <= plain
