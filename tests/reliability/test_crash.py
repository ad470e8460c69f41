"""SIGKILL at random moments and at every write step: notes survive, nothing blocks.

Three kinds of trial:
- every step: a forked copy of this process runs one command and kills itself
  with SIGKILL at its k-th file-system call (a write is cut in half first), for
  every k until the command completes: the SQLite-style exhaustive crash test;
- random: a worker process runs random commands and is SIGKILLed 0-150 ms after
  it is ready, 100+ times in a row on the same notes dir (set OSPO_NOTES_SOAK=1 for
  1000), each worker's first command proving the last kill left nothing blocking;
- real commands: `python -m ospo_notes ...` itself killed after a random delay.
The seed is printed on failure; rerun one with OSPO_NOTES_SEED=N.
"""

from __future__ import annotations

import builtins
import fcntl
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from torture import (
    DAY,
    SOAK,
    apply,
    env_for,
    explain,
    log_records,
    read_state,
    run_cli,
    seeded_ids,
    spawn_worker,
    temp_files,
    write_day,
)
from typer.testing import CliRunner

from ospo_notes.cli import app

pytestmark = pytest.mark.slow  # real processes killed at random points

SEED = int(os.environ.get("OSPO_NOTES_SEED", random.randrange(1 << 32)))

# -- every step ------------------------------------------------------------------------

_CALLS: list[tuple[Any, str]] = [
    (os, "open"),
    (io, "open"),
    (builtins, "open"),
    (os, "write"),
    (os, "fsync"),
    (os, "replace"),
    (os, "rename"),
    (os, "mkdir"),
    (os, "unlink"),
    (os, "close"),
    (fcntl, "flock"),
]


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _arm(kill_at: int) -> None:
    """In a forked child: SIGKILL ourselves at the `kill_at`-th file-system call."""
    count = [0]

    def wrap(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            if count[0] == kill_at:
                if name == "write" and len(args[1]) > 1:
                    real(args[0], bytes(args[1][: len(args[1]) // 2]))  # a torn write
                _die()
            return real(*args, **kwargs)

        return call

    for module, name in _CALLS:
        setattr(module, name, wrap(name, getattr(module, name)))


def _run_forked(args: list[str], kill_at: int) -> bool:
    """Run a command in a forked child armed to die; True if it died before finishing."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            _arm(kill_at)
            code = CliRunner().invoke(app, args).exit_code
        finally:
            os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, f"{args} failed with {os.WEXITSTATUS(status)}"
    return False


def _day_args(first: str) -> dict[str, tuple[list[str], bool]]:
    """Scenario name: (command, whether the notes dir starts with the seeded day)."""
    return {
        "first add to a new notes dir": (["add", "hello", "--day", DAY.isoformat()], False),
        "add (fast append)": (["add", "appended", "--day", DAY.isoformat()], True),
        "add (file changed by hand)": (["add", "appended", "--day", DAY.isoformat()], True),
        "tag": (["tag", first, "crash-test"], True),
        "edit": (["edit", first, "--text", "changed"], True),
        "delete": (["delete", first, "--yes"], True),
        "title": (["day", DAY.isoformat(), "--title", "New title"], True),
    }


SEEDS = seeded_ids(3)
SCENARIOS = _day_args(SEEDS[0][0])


def _prepare(notes_dir: Path, scenario: str, seeded: bool) -> None:
    if notes_dir.exists():
        shutil.rmtree(notes_dir)
    if seeded:
        write_day(notes_dir, SEEDS)
        stamp = CliRunner().invoke(app, ["tag", SEEDS[1][0], "stamped"])  # writes a stamp
        assert stamp.exit_code == 0, stamp.output
        if scenario == "add (file changed by hand)":
            path = notes_dir / f"{DAY.isoformat()}.toml"
            path.write_bytes(path.read_bytes() + b"# a comment added by hand\n")


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_sigkill_at_every_write_step_keeps_the_old_or_the_new(
    notes_dir: Path, scenario: str
) -> None:
    args, seeded = SCENARIOS[scenario]
    _prepare(notes_dir, scenario, seeded)
    assert CliRunner().invoke(app, args).exit_code == 0  # reference run; loads lazy modules
    after = read_state(notes_dir)
    steps = 0
    for kill_at in range(1, 400):
        _prepare(notes_dir, scenario, seeded)
        before = read_state(notes_dir)
        if not _run_forked(args, kill_at):
            break
        steps += 1
        state = read_state(notes_dir)  # always parses and validates
        if scenario.startswith("add") or scenario.startswith("first"):
            # the new note got a random id: compare texts
            texts = sorted(t for t, _ in state.notes.values())
            assert texts in (
                sorted(t for t, _ in before.notes.values()),
                sorted(t for t, _ in after.notes.values()),
            ), f"{scenario}: killed at step {kill_at}"
        else:
            assert state in (before, after), f"{scenario}: killed at step {kill_at}"
        # the next command is not blocked and cleans up after the dead one
        result = CliRunner().invoke(app, ["add", "next", "--day", DAY.isoformat()])
        assert result.exit_code == 0, f"{scenario}: after a kill at step {kill_at}: {result}"
        assert temp_files(notes_dir) == [], f"{scenario}: killed at step {kill_at}"
        gitignore = notes_dir / ".ospo-notes" / ".gitignore"
        assert gitignore.read_text().splitlines()[-1] == "*", f"killed at step {kill_at}"
    else:
        pytest.fail(f"{scenario} did not finish in 400 steps")
    assert steps >= 5, f"{scenario}: only {steps} crash points; is the hook working?"


# -- random kills of a busy worker ---------------------------------------------------


def _kill_chain(notes_dir: Path, seed: int, trials: int, report: list[str]) -> None:
    """`trials` workers in a row on one notes dir, each killed at a random moment."""
    rng = random.Random(seed)
    write_day(notes_dir, seeded_ids(5))
    expected = read_state(notes_dir)
    for trial in range(trials):
        where = f"seed {seed}, trial {trial}"
        worker = spawn_worker(notes_dir, "mix", rng.randrange(1 << 30), 10_000)
        assert worker.stdout is not None
        ready = b""
        deadline = time.monotonic() + 20
        while b'"ready"' not in ready:  # its first add proves nothing is left blocking
            chunk = worker.stdout.read1(65536)  # type: ignore[attr-defined]
            if not chunk or time.monotonic() > deadline:
                worker.kill()
                _out, err = worker.communicate()
                report.append(f"{where}: worker never got ready: {err.decode()[-2000:]}")
                return
            ready += chunk
        pid = worker.pid
        leftovers = [p for p in temp_files(notes_dir) if f".tmp-{pid}-" not in p.name]
        if leftovers:
            report.append(f"{where}: temp files outlived the next command: {leftovers}")
            worker.kill()
            worker.communicate()
            return
        time.sleep(rng.uniform(0, 0.150))
        worker.send_signal(signal.SIGKILL)
        out, err = worker.communicate()
        records = log_records(ready + out)
        in_flight = None
        for record in records:
            if record["phase"] == "start":
                in_flight = record
            elif record["phase"] == "done":
                if record["rc"] != 0:
                    report.append(f"{where}: {record['args']} failed: {record['stderr']}")
                    return
                expected = apply(expected, record)
                in_flight = None
        try:
            actual = read_state(notes_dir)
        except Exception as err:  # the file must always parse
            report.append(f"{where}: the day file no longer reads: {err}")
            return
        explained = explain(expected, actual, in_flight)
        if explained is None:
            report.append(f"{where}: lost or invented changes; in flight: {in_flight}")
            return
        expected = explained


def test_random_sigkills_of_a_busy_writer_lose_nothing(tmp_path: Path) -> None:
    trials = 500 if SOAK else 40
    report: list[str] = []
    chains = [
        threading.Thread(
            target=_kill_chain, args=(tmp_path / f"chain{n}", SEED + n, trials, report)
        )
        for n in range(2)
    ]
    for chain in chains:
        chain.start()
    for chain in chains:
        chain.join()
    assert report == [], f"OSPO_NOTES_SEED={SEED}: {report}"
    for n in range(2):
        done = run_cli(tmp_path / f"chain{n}", "check")
        assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()


# -- random kills of real commands -----------------------------------------------------


def test_random_sigkills_of_real_commands_lose_nothing(notes_dir: Path) -> None:
    rng = random.Random(SEED)
    trials = 200 if SOAK else 30
    write_day(notes_dir, seeded_ids(5))
    expected = read_state(notes_dir)
    from worker import OPS, Pick

    names = list(OPS)
    weights = [OPS[name][1] for name in names]
    n = 0
    while n < trials:
        pick = Pick(rng, sorted(expected.notes), n, "k", DAY.isoformat())
        op = OPS[rng.choices(names, weights)[0]][0](pick)
        if op is None:
            continue
        n += 1
        proc = subprocess.Popen(
            [sys.executable, "-m", "ospo_notes", *op["args"]],
            env=env_for(notes_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(0, 0.150))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        where = f"OSPO_NOTES_SEED={SEED}, trial {n}: {op['args']}"
        if proc.returncode == 0:  # it finished first: acknowledged
            if op["op"] == "add":
                op["id"] = out.decode().strip()
            expected = apply(expected, op)
            in_flight = None
        else:
            assert proc.returncode == -signal.SIGKILL, f"{where}: {err.decode()}"
            in_flight = op
        explained = explain(expected, read_state(notes_dir), in_flight)
        assert explained is not None, where
        expected = explained
    done = run_cli(notes_dir, "add", "after the storm", "--day", "2024-06-18", timeout=10)
    assert done.returncode == 0, done.stderr.decode()
    assert temp_files(notes_dir) == []
