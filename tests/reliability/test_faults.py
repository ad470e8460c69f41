"""A full disk, a read-only notes dir, symbolic links: one clear line, the old file intact.

Disk full and read-only use a tiny tmpfs and a read-only bind mount in a private
mount namespace (`unshare -m`, root only); where that is not allowed, disk full
falls back to RLIMIT_FSIZE and the read-only test is skipped. (`chmod` would not
do: root writes to read-only files anyway.)
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from torture import DAY, env_for, run_cli, seeded_ids, temp_files, write_day

pytestmark = pytest.mark.slow  # tmpfs, mount namespaces and real processes

DAY_FILE = f"{DAY.isoformat()}.toml"


UNSHARE = shutil.which("unshare") or "unshare"


@cache
def can_mount() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs $d && umount $d; rmdir $d"
    done = subprocess.run([UNSHARE, "-m", "sh", "-c", probe], capture_output=True, check=False)
    return done.returncode == 0


needs_mount = pytest.mark.skipif(
    not can_mount(), reason="needs 'unshare -m' and mount (root in a Linux sandbox)"
)


def seeded(notes_dir: Path) -> bytes:
    """A day with notes and a stamp, as after normal use; returns the day file's bytes."""
    write_day(notes_dir, seeded_ids(3))
    assert run_cli(notes_dir, "add", "stamped", "--day", DAY.isoformat()).returncode == 0
    return (notes_dir / DAY_FILE).read_bytes()


def in_namespace(notes_dir: Path, out: Path, setup: str, *args: str) -> tuple[int, str, str]:
    """Run `ospo-notes ARGS` after `setup` (mounts over NOTES) in a private mount namespace.

    The notes dir as the command left it is copied to `out` before the namespace ends.
    """
    out.mkdir()
    script = f"""
        set -e
        {setup}
        set +e
        "$PY" -m ospo_notes "$@" > "$OUT/stdout" 2> "$OUT/stderr"
        echo $? > "$OUT/rc"
        rm -f "$NOTES/filler"
        cp -a "$NOTES" "$OUT/after"
    """
    env = env_for(notes_dir) | {"PY": sys.executable, "NOTES": str(notes_dir), "OUT": str(out)}
    done = subprocess.run(
        [UNSHARE, "-m", "sh", "-c", script, "sh", *args],
        env=env,
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    return (
        int((out / "rc").read_text()),
        (out / "stdout").read_text(),
        (out / "stderr").read_text(),
    )


TINY_DISK = """
    cp -a "$NOTES" "$OUT/seed"
    mount -t tmpfs -o size=64k tmpfs "$NOTES"
    cp -a "$OUT/seed/." "$NOTES/"
    dd if=/dev/zero of="$NOTES/filler" bs=1k count=1000 2>/dev/null || true
"""
READ_ONLY = """
    mount --bind "$NOTES" "$NOTES"
    mount -o remount,bind,ro "$NOTES"
"""


@needs_mount
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["add", "one more", "--day", DAY.isoformat()], id="add"),
        pytest.param(["tag", "seed0000", "full"], id="tag"),
        pytest.param(["day", DAY.isoformat(), "--title", "Full"], id="title"),
    ],
)
def test_a_full_disk_changes_nothing(notes_dir: Path, tmp_path: Path, args: list[str]) -> None:
    before = seeded(notes_dir)
    rc, stdout, stderr = in_namespace(notes_dir, tmp_path / "out", TINY_DISK, *args)
    assert (rc, stdout) == (1, "")
    assert stderr == (
        f"Error: cannot write {notes_dir / DAY_FILE}: No space left on device; "
        "free some disk space and try again; nothing was changed\n"
    )
    after = tmp_path / "out" / "after"
    assert (after / DAY_FILE).read_bytes() == before
    assert temp_files(after) == []


def test_a_file_size_limit_changes_nothing(notes_dir: Path) -> None:
    """The same without mounts: RLIMIT_FSIZE makes writes fail with EFBIG."""
    before = seeded(notes_dir)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(before), len(before)))

    done = subprocess.run(
        [sys.executable, "-m", "ospo_notes", "add", "over the limit", "--day", DAY.isoformat()],
        env=env_for(notes_dir) | {"PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        preexec_fn=limit,
        check=False,
        timeout=30,
    )
    assert (done.returncode, done.stdout) == (1, b"")
    assert done.stderr.decode() == (
        f"Error: cannot write {notes_dir / DAY_FILE}: File too large; "
        "free some disk space and try again; nothing was changed\n"
    )
    assert (notes_dir / DAY_FILE).read_bytes() == before
    assert temp_files(notes_dir) == []
    assert run_cli(notes_dir, "add", "fits again", "--day", DAY.isoformat()).returncode == 0


@needs_mount
def test_a_read_only_notes_dir_refuses_writes_and_still_reads(
    notes_dir: Path, tmp_path: Path
) -> None:
    before = seeded(notes_dir)
    rc, stdout, stderr = in_namespace(
        notes_dir, tmp_path / "add", READ_ONLY, "add", "nope", "--day", DAY.isoformat()
    )
    assert (rc, stdout) == (1, "")
    assert stderr == (
        f"Error: cannot write {notes_dir / '.ospo-notes' / 'lock'}: Read-only file system; "
        "make the notes dir writable, or choose another with --notes-dir; nothing was changed\n"
    )
    assert (notes_dir / DAY_FILE).read_bytes() == before
    rc, stdout, _ = in_namespace(
        notes_dir, tmp_path / "list", READ_ONLY, "list", "--day", DAY.isoformat(), "--json"
    )
    assert rc == 0
    assert "seeded note 2" in stdout
    rc, _, stderr = in_namespace(notes_dir, tmp_path / "check", READ_ONLY, "check")
    assert (rc, stderr) == (0, "1 file checked: all good.\n")


def test_a_symlinked_day_file_is_refused_and_left_alone(notes_dir: Path, tmp_path: Path) -> None:
    seeded(notes_dir)
    real = tmp_path / "synced" / DAY_FILE
    real.parent.mkdir()
    shutil.move(notes_dir / DAY_FILE, real)
    (notes_dir / DAY_FILE).symlink_to(real)
    before = real.read_bytes()
    done = run_cli(notes_dir, "add", "through the link", "--day", DAY.isoformat())
    assert (done.returncode, done.stdout) == (1, b"")
    assert done.stderr.decode() == (
        f"Error: {notes_dir / DAY_FILE} is a symbolic link; ospo-notes replaces files whole "
        "and will not write through a link: put the real file in the notes dir\n"
    )
    assert real.read_bytes() == before
    assert (notes_dir / DAY_FILE).is_symlink()
    assert temp_files(notes_dir) == []
    listed = run_cli(notes_dir, "list", "--day", DAY.isoformat(), "--json")
    assert listed.returncode == 0  # reading through the link is fine
    assert b"seeded note 0" in listed.stdout


def test_a_notes_dir_that_is_a_symlink_just_works(tmp_path: Path) -> None:
    """People keep notes in a synced folder and link to it: everything lands in the target."""
    real = tmp_path / "Dropbox" / "notes"
    real.mkdir(parents=True)
    link = tmp_path / "notes-link"
    link.symlink_to(real, target_is_directory=True)
    added = run_cli(link, "add", "via the link #linked", "--day", DAY.isoformat())
    assert added.returncode == 0, added.stderr
    note_id = added.stdout.decode().strip()
    assert run_cli(link, "tag", note_id, "synced").returncode == 0
    assert run_cli(link, "edit", note_id, "--text", "edited via the link").returncode == 0
    assert link.is_symlink()
    assert sorted(p.name for p in real.iterdir()) == [".ospo-notes", DAY_FILE]
    text = (real / DAY_FILE).read_text()
    assert 'text = "edited via the link"' in text
    assert '"synced"' in text
    assert run_cli(link, "check").returncode == 0


def test_a_dangling_notes_dir_link_is_a_clear_error(tmp_path: Path) -> None:
    link = tmp_path / "notes-link"
    link.symlink_to(tmp_path / "unmounted-drive" / "notes")
    done = run_cli(link, "add", "lost?", "--day", DAY.isoformat())
    assert done.returncode == 1
    assert done.stderr.decode().count("\n") == 1
    assert done.stderr.startswith(b"Error: cannot write ")
    assert b"Traceback" not in done.stderr


def test_a_notes_dir_inside_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "notes"
    blocker.write_text("not a folder")
    done = run_cli(blocker / "inner", "add", "x", "--day", DAY.isoformat())
    assert done.returncode == 1
    assert done.stderr.decode().count("\n") == 1
    assert done.stderr.startswith(b"Error: cannot write ")
    assert blocker.read_text() == "not a folder"


def test_a_day_file_that_is_a_directory_is_a_clear_error(notes_dir: Path) -> None:
    (notes_dir / DAY_FILE).mkdir(parents=True)
    done = run_cli(notes_dir, "add", "x", "--day", DAY.isoformat())
    assert done.returncode == 1
    assert done.stderr.decode() == (
        f"Error: {notes_dir / DAY_FILE} is a directory, not a day file: move it away\n"
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can open every file")
def test_root_is_not_stopped_by_chmod(notes_dir: Path) -> None:
    """Why the read-only test needs a mount: as root, a 0444 file is still replaced."""
    seeded(notes_dir)
    (notes_dir / DAY_FILE).chmod(0o444)
    assert run_cli(notes_dir, "add", "x", "--day", DAY.isoformat()).returncode == 0
    assert (notes_dir / DAY_FILE).stat().st_mode & 0o777 == 0o444  # the mode is kept
