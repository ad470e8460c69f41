"""Many processes writing one day at once: every acknowledged change is there, once.

Each worker is a real process; they meet only at the notes dir's lock, exactly
as separate `ospo-notes` commands do.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from torture import (
    SOAK,
    State,
    apply,
    log_records,
    read_state,
    run_cli,
    seeded_ids,
    spawn_worker,
    temp_files,
    write_day,
)

pytestmark = pytest.mark.slow  # several real processes writing at once


@pytest.mark.parametrize(
    ("adders", "adds", "churn"),
    [
        pytest.param(4, 100, 60, id="4x100-adds-with-tag-edit-delete"),
        pytest.param(2, 200, 0, id="2x200-adds"),
    ],
)
def test_concurrent_writers_lose_nothing(
    notes_dir: Path, adders: int, adds: int, churn: int
) -> None:
    if SOAK:
        adds *= 5
    seeds = seeded_ids(20)
    write_day(notes_dir, seeds)
    workers = [spawn_worker(notes_dir, "adds", seed, adds) for seed in range(1, adders + 1)]
    if churn:
        workers.append(spawn_worker(notes_dir, "churn", 99, churn))
    outputs = [worker.communicate(timeout=300) for worker in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err.decode()

    expected = State(notes={i: (t, ()) for i, t in seeds}, title="Seeded")
    acked_adds = 0
    for out, _err in outputs:  # each worker's ops apply in its own order; adds commute
        for record in log_records(out):
            if record["phase"] != "done":
                continue
            assert record["rc"] == 0, record
            expected = apply(expected, record)
            acked_adds += record["op"] == "add"

    assert acked_adds == adders * adds
    actual = read_state(notes_dir)  # parses and validates, no duplicate ids
    assert actual == expected
    assert temp_files(notes_dir) == []


def test_real_commands_started_at_once_lose_nothing(notes_dir: Path) -> None:
    per_thread = 200 if SOAK else 25
    acked: dict[str, str] = {}
    failures: list[str] = []

    def adder(name: str) -> None:
        for n in range(per_thread):
            text = f"{name}-{n}"
            done = run_cli(notes_dir, "add", text, "--day", "2024-06-18")
            if done.returncode != 0:
                failures.append(done.stderr.decode())
            else:
                acked[done.stdout.decode().strip()] = text

    threads = [threading.Thread(target=adder, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(acked) == 2 * per_thread
    assert {i: text for i, (text, _themes) in read_state(notes_dir).notes.items()} == acked
