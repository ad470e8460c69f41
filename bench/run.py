"""Benchmarks of ospo-notes against its performance targets, as ratios measured in one run.

    python bench/run.py            # stores of 1k, 10k and 100k notes (a few minutes)
    python bench/run.py --quick    # 1k and 10k notes, fewer repetitions (under a minute)
    python bench/run.py --sizes 100000 --only cross,index   # some targets, some stores

Every command runs as a subprocess, like a user runs it, side by side with its
baseline, and the table shows medians, the ratio, the limit and PASS or FAIL.
Absolute times on a shared machine are noisy; ratios measured together are not.
Commands that this build does not have are reported as "not available".
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as dtime
from pathlib import Path

from ospo_notes.notes import codec
from ospo_notes.notes.model import ID_ALPHABET, Day, DayInfo, Note

NOTES_PER_DAY = 500
FIRST_DAY = date(2024, 1, 1)
SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze", "bo", "da"]
WORDS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]  # 1,728 words
ZIPF = list(itertools.accumulate(1 / rank for rank in range(1, len(WORDS) + 1)))
SEARCH = f"{WORDS[150]} {WORDS[250]}"  # two mid-frequency words: a few dozen notes in 100k
TARGETS = ("add", "cross", "index", "day")  # --only: targets 1-2, 4, 6, 3
THEMES = ["trust", "policy", "funding", "security", "governance", "global-south", "ai"]
BASE_SCRIPT = """\
import sys, tomllib, tomli_w
from pathlib import Path
path = Path(sys.argv[1])
doc = tomllib.loads(path.read_text())
doc["count"] = doc.get("count", 0) + 1
path.write_text(tomli_w.dumps(doc))
"""
TYPER_APP = """\
import typer
app = typer.Typer()
@app.command()
def add(text: str) -> None:
    pass
@app.command()
def other() -> None:
    pass
app()
"""
PARSE_ALL = """\
import sys, tomllib
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.toml")):
    tomllib.loads(path.read_bytes().decode())
"""  # a full reparse: bare tomllib over every day file, nothing else


@dataclass
class Run:
    seconds: float
    max_rss_mb: float


@dataclass
class Row:
    target: str
    what: str
    median: float | None
    baseline: str = ""
    base_median: float | None = None
    limit: str = ""
    passed: bool | None = None
    rss_mb: float | None = None
    note: str = ""


class Bench:
    def __init__(self, work: Path, reps: int) -> None:
        self.work = work
        self.reps = reps
        exe = Path(sys.executable).with_name("ospo-notes")
        self.cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "ospo_notes"]
        self.env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc
        self.available: dict[str, bool] = {}

    def run(self, argv: list[str], notes: Path | None = None) -> Run:
        """One subprocess: wall time and its own peak RSS (from wait4, not the whole tree)."""
        env = dict(self.env, OSPO_NOTES_DIR=str(notes or self.work / "unused"))
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        assert proc.stderr is not None
        err = proc.stderr.read()
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err.decode()[-500:]}")
        return Run(elapsed, usage.ru_maxrss / 1024)

    def run_tty(self, argv: list[str], notes: Path) -> Run:
        """`run` with stderr on a pseudo-terminal, so progress bars are drawn (and paid for)."""
        import pty

        master, slave = pty.openpty()
        env = dict(self.env, OSPO_NOTES_DIR=str(notes))
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave
        )
        os.close(slave)
        with contextlib.suppress(OSError):  # EIO once the child has closed the terminal
            while os.read(master, 65536):
                pass
        os.close(master)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({os.waitstatus_to_exitcode(status)})")
        return Run(elapsed, usage.ru_maxrss / 1024)

    def ospo(self, *args: str) -> list[str]:
        return [*self.cli, *args]

    def has(self, command: str) -> bool:
        if command not in self.available:
            done = subprocess.run(
                self.ospo(command, "--help"), env=self.env, capture_output=True, check=False
            )
            self.available[command] = done.returncode == 0
        return self.available[command]

    def compare(
        self, a: list[str], a_dir: Path | None, b: list[str], b_dir: Path | None
    ) -> tuple[float, float, float]:
        """Medians of a and b, run alternately (drift hits both alike), and a's peak RSS."""
        times_a, times_b, rss = [], [], 0.0
        self.run(a, a_dir)  # warm the page cache and the .pyc files
        self.run(b, b_dir)
        for _ in range(self.reps):
            ra = self.run(a, a_dir)
            times_a.append(ra.seconds)
            rss = max(rss, ra.max_rss_mb)
            times_b.append(self.run(b, b_dir).seconds)
        return statistics.median(times_a), statistics.median(times_b), rss


# -- stores --------------------------------------------------------------------------------


def make_day(day: date, count: int, rnd: random.Random) -> Day:
    notes = []
    for i in range(count):
        minute = 8 * 60 + i * 600 // max(count, 1)
        notes.append(
            Note(
                id="".join(rnd.choices(ID_ALPHABET, k=8)),
                day=day,
                text=" ".join(rnd.choices(WORDS, cum_weights=ZIPF, k=rnd.randint(12, 40))),
                kind=rnd.choice(("note", "note", "highlight", "quote", "question", "action")),
                time=dtime(minute // 60 % 24, minute % 60),
                session=f"Session {i // 25}",
                speakers=(f"Speaker {rnd.randint(1, 60)}",),
                themes=tuple(rnd.sample(THEMES, rnd.randint(0, 2))),
            )
        )
    return Day(info=DayInfo(day=day, title=f"Day {day}", event="Conference"), notes=tuple(notes))


def make_store(path: Path, notes: int, per_day: int = NOTES_PER_DAY) -> Path:
    """`notes` notes over notes/per_day days, written with the codec (as `add` would)."""
    path.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(notes)
    for n in range(max(1, notes // per_day)):
        day = FIRST_DAY + timedelta(days=n)
        path.joinpath(f"{day}.toml").write_text(codec.dump_day(make_day(day, per_day, rnd)))
    return path


# -- targets -------------------------------------------------------------------------------


def target_add(b: Bench, rows: list[Row]) -> None:
    small = b.work / "small.toml"
    small.write_text('title = "base"\ncount = 0\n')
    script = b.work / "base.py"
    script.write_text(BASE_SCRIPT)
    notes = b.work / "add-store"
    add, base, rss = b.compare(
        b.ospo("add", "a note during a talk", "--day", "2024-01-01"), notes,
        [sys.executable, str(script), str(small)], None,
    )  # fmt: skip
    rows.append(
        Row("1", "add (empty store)", add, "tomllib+tomli_w script", base, "<= 2x",
            add / base <= 2, rss)
    )  # fmt: skip
    app = b.work / "typer_app.py"
    app.write_text(TYPER_APP)
    baseline = [sys.executable, str(script), str(small)]
    floor, base, rss = b.compare([sys.executable, str(app), "add", "x"], None, baseline, None)
    rows.append(
        Row("1", "a two-command Typer app doing nothing", floor, "tomllib+tomli_w script", base,
            rss_mb=rss, note="reference: where any Typer CLI starts")
    )  # fmt: skip


def target_add_large_day(b: Bench, rows: list[Row]) -> None:
    big = b.work / "day-1000"
    make_store(big, 1000, per_day=1000)
    empty = b.work / "day-empty"
    empty.mkdir()
    b.run(b.ospo("add", "stamp it", "--day", str(FIRST_DAY)), big)  # first add parses once
    counter = iter(range(10**6))

    def fresh_day() -> list[str]:
        return b.ospo("add", "x", "--day", str(FIRST_DAY + timedelta(days=next(counter))))

    times_big, times_empty, rss = [], [], 0.0
    for _ in range(b.reps + 1):
        r = b.run(b.ospo("add", "a note during a talk", "--day", str(FIRST_DAY)), big)
        times_big.append(r.seconds)
        rss = max(rss, r.max_rss_mb)
        times_empty.append(b.run(fresh_day(), empty).seconds)
    big_median = statistics.median(times_big[1:])
    empty_median = statistics.median(times_empty[1:])
    rows.append(
        Row("2", "add (day of 1,000 notes)", big_median, "add (empty day)", empty_median,
            "<= 1.3x", big_median / empty_median <= 1.3, rss)
    )  # fmt: skip


def target_day_local(b: Bench, rows: list[Row], store: Path, size: str) -> None:
    day = FIRST_DAY + timedelta(days=len(list(store.glob("*.toml"))) // 2)
    alone = b.work / "one-day"
    if not alone.exists():
        alone.mkdir()
        shutil.copy(store / f"{day}.toml", alone)
    for command in ("summary", "export"):
        what = f"{command} --day ({size} notes)"
        if not b.has(command):
            rows.append(Row("3", what, None, note="not available"))
            continue
        argv = b.ospo(command, "--day", str(day))
        big, small, rss = b.compare(argv, store, argv, alone)
        rows.append(
            Row("3", what, big, "same, store of that day only", small, "<= 1.3x",
                big / small <= 1.3, rss)
        )  # fmt: skip


def target_cross_day(b: Bench, rows: list[Row], store: Path, size: str, judge: bool) -> None:
    script = b.work / "parse_all.py"
    script.write_text(PARSE_ALL)
    days = sorted(p.stem for p in store.glob("*.toml"))
    span = ["--from", days[0], "--to", days[-1]]
    commands = {  # command: (arguments, limit as a fraction of a full reparse)
        "themes": (["themes"], 0.1),
        "list --from/--to --theme": (
            ["list", *span, "--theme", "funding", "--kind", "question", "--speaker", "Speaker 7"],
            0.1,
        ),
        "list --from/--to --search": (["list", *span, "--search", SEARCH], 0.1),
        "list --from/--to --json": (["list", *span, "--json"], 0.3),  # the whole store out
        "export --from/--to": (["export", *span], 0.3),
    }
    parse = None
    for what, (args, limit) in commands.items():
        label = f"{what} ({size} notes)"
        if not b.has(args[0]):
            rows.append(Row("4", label, None, note="not available"))
            continue
        state = store / ".ospo-notes"
        for stale in state.glob("index.sqlite3*"):
            stale.unlink()
        first = b.run(b.ospo(*args), store)  # builds the index
        second, parse, rss = b.compare(
            b.ospo(*args), store, [sys.executable, str(script), str(store)], None
        )
        rows.append(
            Row("4", label, second, "re-parse every TOML file", parse, f"<= {limit}x",
                second / parse <= limit if judge else None, max(rss, first.max_rss_mb),
                f"first run {first.seconds:.1f} s")
        )  # fmt: skip


def target_index(b: Bench, rows: list[Row], store: Path, size: str, judge: bool) -> None:
    """The index: built at the speed of a reparse, smaller than the TOML, caught up by hash."""
    script = b.work / "parse_all.py"
    script.write_text(PARSE_ALL)
    parse_argv = [sys.executable, str(script), str(store)]
    argv = b.ospo("themes")
    index = store / ".ospo-notes" / "index.sqlite3"
    reps = max(3, b.reps // 3)  # a build of 100k notes takes seconds
    firsts, parses, rss = [], [], 0.0
    b.run(parse_argv)  # warm the page cache
    for _ in range(reps):
        for stale in index.parent.glob("index.sqlite3*"):
            stale.unlink()
        run = b.run_tty(argv, store)  # a terminal: the progress bar is drawn
        firsts.append(run.seconds)
        rss = max(rss, run.max_rss_mb)
        parses.append(b.run(parse_argv).seconds)
    first, parse = statistics.median(firsts), statistics.median(parses)
    rows.append(
        Row("6", f"first run: builds the index ({size} notes)", first,
            "re-parse every TOML file", parse, "<= 1.2x", first / parse <= 1.2 if judge else None,
            rss, "progress bar on a terminal")
    )  # fmt: skip
    toml = sum(p.stat().st_size for p in store.glob("*.toml"))
    built = sum(p.stat().st_size for p in index.parent.glob("index.sqlite3*"))
    rows.append(
        Row("6", f"index size ({size} notes)", None, limit="<= 1.5x",
            passed=built / toml <= 1.5 if judge else None,
            note=f"{built / toml:.2f}x: {built / 1e6:.1f} MB for {toml / 1e6:.1f} MB of TOML")
    )  # fmt: skip
    touched, rss = [], 0.0
    files = sorted(store.glob("*.toml"))
    for rep in range(reps):
        later = time.time_ns() + (rep + 1) * 10**9  # every file gets a new mtime, same bytes
        for path in files:
            os.utime(path, ns=(later, later))
        run = b.run(argv, store)
        touched.append(run.seconds)
        rss = max(rss, run.max_rss_mb)
    again = statistics.median(touched)
    rows.append(
        Row("6", f"every mtime changed, no content ({size} notes)", again, "first run", first,
            "<= 0.3x", again / first <= 0.3 if judge else None, rss, "a checkout, a copy")
    )  # fmt: skip


def memory_rows(rows: list[Row], size: str, judge: bool) -> None:
    worst = max(
        (r for r in rows if r.rss_mb is not None and size in r.what), key=lambda r: r.rss_mb or 0
    )
    assert worst.rss_mb is not None
    rows.append(
        Row("5", f"peak memory, any command ({size} notes)", None, limit="< 150 MB",
            passed=worst.rss_mb < 150 if judge else None, rss_mb=worst.rss_mb,
            note=f"worst: {worst.what}")
    )  # fmt: skip


# -- report --------------------------------------------------------------------------------


def show(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def report(rows: list[Row]) -> str:
    header = ("#", "command", "median", "baseline", "base", "ratio", "limit", "RSS", "result")
    table = [header]
    for r in rows:
        ratio = (
            "" if r.median is None or r.base_median is None else f"{r.median / r.base_median:.2f}x"
        )
        result = r.note if r.passed is None else ("PASS" if r.passed else "FAIL")
        if r.passed is None and r.limit:
            result = f"(judged at the largest store) {r.note}"
        if r.passed is not None and r.note:
            result += f" ({r.note})"
        rss = "" if r.rss_mb is None else f"{r.rss_mb:.0f} MB"
        table.append(
            (r.target, r.what, show(r.median), r.baseline, show(r.base_median), ratio, r.limit,
             rss, result)
        )  # fmt: skip
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [
        " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in table
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k notes, fewer repetitions")
    parser.add_argument("--reps", type=int, help="repetitions per measurement")
    parser.add_argument("--keep", type=Path, help="build the stores here and keep them")
    parser.add_argument("--sizes", help="store sizes in notes, comma-separated (the last judged)")
    parser.add_argument("--only", help=f"these targets, comma-separated: {','.join(TARGETS)}")
    args = parser.parse_args()
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    if args.sizes:
        sizes = [int(n) for n in args.sizes.split(",")]
    only = set(args.only.split(",") if args.only else TARGETS)
    reps = args.reps or (5 if args.quick else 11)
    work = args.keep or Path(tempfile.mkdtemp(prefix="ospo-notes-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        b = Bench(work, reps)
        rows: list[Row] = []
        if "add" in only:
            target_add(b, rows)
            target_add_large_day(b, rows)
        for size in sizes:
            label = f"{size // 1000}k"
            store = work / f"store-{label}"
            if not store.exists():
                t = time.perf_counter()
                make_store(store, size)
                print(f"built a store of {size:,} notes in {time.perf_counter() - t:.1f} s",
                      file=sys.stderr)  # fmt: skip
            judge = size == sizes[-1]  # the targets name 100k; --quick judges at 10k
            if "cross" in only:
                target_cross_day(b, rows, store, label, judge)
            if "index" in only:
                target_index(b, rows, store, label, judge)
            if judge and "day" in only:
                target_day_local(b, rows, store, label)
            if any(r.rss_mb is not None and label in r.what for r in rows):
                memory_rows(rows, label, judge)
        print(report(rows))
        print(f"\n{reps} runs each (medians), {time.perf_counter() - started:.0f} s in all, "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")  # fmt: skip
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
