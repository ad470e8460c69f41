"""`session_changes`: what a re-import reports, matched by the schedule's id."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from ospo_notes.schedule.changes import session_changes
from ospo_notes.schedule.entry import ScheduleEntry

ZONE = ZoneInfo("Europe/Brussels")


def talk(n: int) -> ScheduleEntry:
    start = datetime(2024, 6, 18, 9, tzinfo=ZONE) + timedelta(minutes=30 * n)
    return ScheduleEntry(
        id=f"id-{n}",
        title=f"Talk {n}",
        start=start,
        end=start + timedelta(minutes=30),
        day=date(2024, 6, 18),
        room="Main",
        speakers=("Ada",),
    )


EDITS = st.sampled_from(["keep", "move", "rename", "both", "cancel", "speakers"])


@given(st.lists(EDITS, max_size=8), st.integers(0, 3))
def test_changes_name_exactly_the_sessions_edited(edits: list[str], new_ones: int) -> None:
    before = [talk(n) for n in range(len(edits))]
    after = []
    for old, edit in zip(before, edits, strict=True):
        entry = old
        if edit in ("move", "both"):
            entry = replace(entry, start=entry.start + timedelta(hours=5), room="Annex")
        if edit in ("rename", "both"):
            entry = replace(entry, title=entry.title + " (revised)")
        if edit == "speakers":
            entry = replace(entry, speakers=("Grace",))
        if edit != "cancel":
            after.append(entry)
    added = [talk(100 + n) for n in range(new_ones)]
    cancelled = [e for e, edit in zip(before, edits, strict=True) if edit == "cancel"]

    changes = session_changes({e.id: e for e in before}, [*after, *added], cancelled)

    def ids(test: str) -> set[str]:
        return {e.id for e, edit in zip(before, edits, strict=True) if edit in test.split()}

    assert {c.old.id for c in changes if c.moved and c.old} == ids("move both")
    assert {c.old.id for c in changes if c.renamed and c.old} == ids("rename both")
    assert {c.old.id for c in changes if c.cancelled and c.old} == ids("cancel")
    assert {c.new.id for c in changes if c.added and c.new} == {e.id for e in added}
    assert len(changes) == len(ids("move rename both cancel")) + new_ones
    slots = [(c.old or c.new).start for c in changes if c.old or c.new]
    assert slots == sorted(slots)
