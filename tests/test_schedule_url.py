"""`schedule import URL` and `schedule update` against a real HTTP server on 127.0.0.1.

Nothing here reaches the internet: the site runs in a thread (tests/schedule_site.py), the
proxy variables are cleared and NO_PROXY names 127.0.0.1, and the DNS case uses a name
under `.invalid`, which the local resolver refuses at once.
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from ospo_notes.store import NotesStore
from ospo_notes.store.schedule_store import ScheduleStore
from schedule_site import Site, handler_for, serve, wait_for

FIXTURES = Path(__file__).parent / "fixtures" / "schedules"
DEMOCON = "/democon/schedule/export/schedule.json"
DAY = "2020-12-14"
MOVED, CANCELLED, RENAMED = (
    "Secured mobile concept",
    "Focused contextually-based help-desk",
    "Triple-buffered methodical superstructure",
)
NEW_TITLE = "Triple-buffered superstructure, revisited"
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def files_under(root: Path) -> dict[str, bytes]:
    """Every file of the notes dir but the derived state, byte for byte."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".ospo-notes" not in p.parts
    }


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server, served = serve()
    yield served
    served.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def democon(site: Site, democon_path: Path, cli) -> str:  # type: ignore[no-untyped-def]
    """The real pretalx export, served and imported by URL; returns the URL."""
    site.files[DEMOCON] = democon_path.read_bytes()
    url = site.url + DEMOCON
    result = cli("schedule", "import", url)
    assert result.exit_code == 0, result.stderr
    return url


def edited(data: bytes, change: dict[str, dict[str, str] | None]) -> bytes:
    """The democon export with events (by title) changed, or removed for None."""
    doc = json.loads(data)
    for day in doc["schedule"]["conference"]["days"]:
        for room, events in day["rooms"].items():
            kept = []
            for event in events:
                if event["title"] in change:
                    if change[event["title"]] is None:
                        continue
                    event.update(change[event["title"]])
                kept.append(event)
            day["rooms"][room] = kept
    return json.dumps(doc).encode()


# --- import and update -------------------------------------------------------------------------


def test_import_by_url_stores_what_a_file_import_stores_and_remembers_the_url(
    cli, democon: str, democon_path: Path, notes_dir: Path, tmp_path: Path, site: Site
) -> None:  # type: ignore[no-untyped-def]
    by_file = tmp_path / "by-file"
    result = cli("--notes-dir", str(by_file), "schedule", "import", str(democon_path))
    assert result.exit_code == 0, result.stderr
    stored = files_under(notes_dir / "schedule")
    sources = stored.pop("sources.toml").decode()
    assert stored == files_under(by_file / "schedule")
    assert f'url = "{democon}"' in sources
    assert site.etag(DEMOCON).replace('"', '\\"') in sources
    assert "Mon, 14 Dec 2020 08:00:00 GMT" in sources


@pytest.mark.parametrize("name", ["pretalx-small.json", "fosdem-style.xml", "pretalx-speakers.ics"])
def test_every_format_imports_by_url(cli, site: Site, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site.files["/" + name] = (FIXTURES / name).read_bytes()
    by_url = cli("schedule", "import", site.url + "/" + name)
    by_file = cli("--notes-dir", str(tmp_path / "f"), "schedule", "import", str(FIXTURES / name))
    assert by_url.exit_code == 0, by_url.stderr
    assert by_url.stderr.split(":", 1)[1] == by_file.stderr.split(":", 1)[1]


def test_an_unchanged_schedule_costs_one_conditional_request(
    cli, democon: str, site: Site, notes_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    before = files_under(notes_dir)
    site.seen.clear()
    result = cli("schedule", "update")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"DemoCon: unchanged since the last update ({democon}).\n"
    wait_for(lambda: site.seen)
    (request,) = site.seen
    assert request.headers["if-none-match"] == site.etag(DEMOCON)
    assert request.headers["if-modified-since"] == "Mon, 14 Dec 2020 08:00:00 GMT"
    assert (request.status, request.sent) == (304, 0)
    assert files_under(notes_dir) == before


def test_update_reports_moves_renames_and_cancels_and_the_notes_follow(
    cli, democon: str, site: Site, notes_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    for title, text in ((MOVED, "threat models"), (CANCELLED, "desk"), (RENAMED, "buffers")):
        assert cli("add", "--day", DAY, "--session", title, text).exit_code == 0
    assert cli("session", "start", RENAMED, "--day", DAY).exit_code == 0
    moved = {"date": f"{DAY}T16:00:00+01:00", "start": "16:00", "room": "Tan Room"}
    site.files[DEMOCON] = edited(
        site.files[DEMOCON], {MOVED: moved, CANCELLED: None, RENAMED: {"title": NEW_TITLE}}
    )

    result = cli("schedule", "update")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"DemoCon: updated from {democon}: 1 moved, 1 renamed, 1 cancelled.",
        f"  moved: {MOVED} from {DAY} 10:00-10:30 (Gray Room) to {DAY} 16:00-16:30 (Tan Room)",
        f"  cancelled: {DAY} 11:30-12:00 (Gray Room) {CANCELLED} (notes keep its title)",
        f"  renamed: {RENAMED!r} is now {NEW_TITLE!r}",
        "1 note now carries the new session title.",
    ]
    notes = {n.text: n.session for n in NotesStore(notes_dir).read_day(_day()).notes}
    assert notes == {"threat models": MOVED, "desk": CANCELLED, "buffers": NEW_TITLE}
    summary = json.loads(cli("summary", "--day", DAY, "--json").stdout)
    groups = {g["title"]: g for g in summary["sessions"]}
    assert (groups[MOVED]["start"], groups[MOVED]["room"]) == ("16:00:00", "Tan Room")
    assert [n["text"] for n in groups[NEW_TITLE]["notes"]] == ["buffers"]
    assert [n["text"] for n in groups[CANCELLED]["notes"]] == ["desk"]
    current = ScheduleStore(notes_dir).current_session()
    assert current is not None and current.title == NEW_TITLE

    again = cli("schedule", "update")
    assert again.stderr == f"DemoCon: unchanged since the last update ({democon}).\n"


def _day():  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(DAY)


@pytest.mark.usefixtures("democon")
def test_a_rename_leaves_notes_alone_when_another_session_that_day_has_the_old_title(
    cli, site: Site, notes_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    twin = {"title": RENAMED}  # the 12:30 talk takes the old title, the 12:00 one a new one
    site.files[DEMOCON] = edited(
        site.files[DEMOCON],
        {RENAMED: {"title": NEW_TITLE}, "Polarized object-oriented toolset": twin},
    )
    assert cli("add", "--day", DAY, "--session", RENAMED, "which one?").exit_code == 0
    result = cli("schedule", "update")
    assert result.exit_code == 0, result.stderr
    assert f"Notes of {RENAMED!r} keep that title" in result.stderr
    assert [n.session for n in NotesStore(notes_dir).read_day(_day()).notes] == [RENAMED]


@pytest.mark.usefixtures("democon")
def test_update_of_one_event_fetches_only_that_schedule(cli, site: Site) -> None:  # type: ignore[no-untyped-def]
    site.files["/fosdem.xml"] = (FIXTURES / "fosdem-style.xml").read_bytes()
    assert cli("schedule", "import", site.url + "/fosdem.xml").exit_code == 0
    site.seen.clear()
    result = cli("schedule", "update", "--event", "democon")
    assert result.exit_code == 0, result.stderr
    wait_for(lambda: site.seen)
    assert [r.path for r in site.seen] == [DEMOCON]
    unknown = cli("schedule", "update", "--event", "NoCon")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("Error: no schedule called 'NoCon' was imported from a URL")


def test_update_without_a_url_import_says_how_to_make_one(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("schedule", "update")
    assert result.exit_code == 2
    assert "import one with ospo-notes schedule import https://" in result.stderr


def test_redirects_are_followed_up_to_five(cli, site: Site, democon_path: Path) -> None:  # type: ignore[no-untyped-def]
    site.files["/s.json"] = democon_path.read_bytes()
    for hop in range(6):  # /r0 -> /r1 -> ... -> /r5 -> /s.json
        site.modes[f"/r{hop}"] = f"redirect /r{hop + 1}" if hop < 5 else "redirect /s.json"
    five = cli("schedule", "import", site.url + "/r1")
    assert five.exit_code == 0, five.stderr
    six = cli("schedule", "import", site.url + "/r0")
    assert six.exit_code == 1
    assert "too many redirects" in six.stderr


def test_proxies_from_the_environment_are_used(
    cli, site: Site, democon_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    site.files["/schedule.json"] = democon_path.read_bytes()
    monkeypatch.setenv("HTTP_PROXY", site.url)  # the site plays the proxy
    monkeypatch.setenv("http_proxy", site.url)
    result = cli("schedule", "import", "http://democon.invalid/schedule.json")
    assert result.exit_code == 0, result.stderr
    wait_for(lambda: site.seen)
    assert site.seen[0].headers["host"] == "democon.invalid"


# --- failures never harm what is there ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVER_FAILURES = {
    "404": ("status 404", "the server answered HTTP 404"),
    "500": ("status 500", "the server answered HTTP 500"),
    "login page": ("login", "this is an HTML web page, not a schedule export"),
    "endless body": ("endless", "larger than the limit of 20 MB"),
    "huge length": ("announce 99999999999", "larger than the limit of 20 MB"),
    "redirect loop": ("loop", "too many redirects"),
}


@pytest.mark.parametrize("mode, cause", SERVER_FAILURES.values(), ids=SERVER_FAILURES.keys())
def test_a_server_failure_is_one_line_and_changes_nothing(
    cli, democon: str, site: Site, notes_dir: Path, mode: str, cause: str
) -> None:  # type: ignore[no-untyped-def]
    before = files_under(notes_dir)
    site.modes[DEMOCON] = mode
    for command in (("schedule", "update"), ("schedule", "import", democon)):
        result = cli(*command)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {democon}: ")
        assert cause in result.stderr
        assert result.stderr.count("\n") == 1
        assert files_under(notes_dir) == before


def _url_failures(site: Site) -> dict[str, tuple[str, str]]:
    https = site.url.replace("http://", "https://") + DEMOCON
    return {
        "dns": ("http://schedule.democon.invalid/schedule.json", "cannot be found (DNS)"),
        "refused": (f"http://127.0.0.1:{_free_port()}/schedule.json", "connection was refused"),
        "https to plain http": (https, "TLS/SSL connection failed"),
        "file scheme": ("file:///etc/passwd", "only http and https URLs can be fetched"),
        "ftp scheme": ("ftp://127.0.0.1/schedule.json", "only http and https URLs can be fetched"),
    }


@pytest.mark.parametrize(
    "case", ["dns", "refused", "https to plain http", "file scheme", "ftp scheme"]
)
def test_a_connection_failure_is_one_line_and_changes_nothing(
    cli, democon: str, site: Site, notes_dir: Path, case: str
) -> None:  # type: ignore[no-untyped-def]
    url, cause = _url_failures(site)[case]
    sources = notes_dir / "schedule" / "sources.toml"
    sources.write_text(sources.read_text().replace(democon, url))  # as if imported from there
    before = files_under(notes_dir)
    started = time.monotonic()
    for command in (("schedule", "update"), ("schedule", "import", url)):
        result = cli(*command)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {url}: ")
        assert cause in result.stderr
        assert result.stderr.count("\n") == 1
        assert files_under(notes_dir) == before
    assert time.monotonic() - started < 5  # the DNS case too: no waiting on the network


@pytest.mark.slow
def test_a_server_that_does_not_answer_times_out(
    cli, democon: str, site: Site, notes_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    before = files_under(notes_dir)
    site.modes[DEMOCON] = "slow 5"
    started = time.monotonic()
    result = cli("schedule", "update", "--timeout", "0.5")
    assert time.monotonic() - started < 3
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {democon}: no answer within 0.5 s (give more with --timeout); nothing was "
        "changed: check the URL and your connection, then try again\n"
    )
    assert files_under(notes_dir) == before


def test_a_bad_timeout_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("schedule", "update", "--timeout", "0")
    assert result.exit_code == 2
    assert "--timeout 0: give the seconds to wait" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
@pytest.mark.usefixtures("site")  # for its proxy settings
def test_a_self_signed_certificate_is_refused(
    cli, tmp_path: Path, democon_path: Path, notes_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    openssl = shutil.which("openssl") or "openssl"
    new_key = ["-newkey", "rsa:2048", "-nodes", "-keyout", str(key)]
    subject = ["-days", "1", "-subj", "/CN=127.0.0.1"]
    subprocess.run(
        [openssl, "req", "-x509", *new_key, "-out", str(cert), *subject],
        check=True,
        capture_output=True,
    )
    secure = Site(files={"/s.json": democon_path.read_bytes()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(secure))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/s.json"
        result = cli("schedule", "import", url)
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {url}: the TLS certificate is not valid (")
    assert "self-signed" in result.stderr
    assert not (notes_dir / "schedule").exists()


def test_one_failing_schedule_does_not_stop_the_others(cli, democon: str, site: Site) -> None:  # type: ignore[no-untyped-def]
    site.files["/fosdem.xml"] = (FIXTURES / "fosdem-style.xml").read_bytes()
    assert cli("schedule", "import", site.url + "/fosdem.xml").exit_code == 0
    site.modes[DEMOCON] = "status 500"
    result = cli("schedule", "update")
    assert result.exit_code == 1
    assert sorted(result.stderr.splitlines()) == [
        f"Error: {democon}: the server answered HTTP 500 Internal Server Error; nothing was "
        "changed: check the URL (the schedule may have moved), or try again later",
        f"FOSDEM 2025: unchanged since the last update ({site.url}/fosdem.xml).",
    ]


def test_the_time_zone_given_at_import_is_used_again_on_update(
    cli, site: Site, notes_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    utc_only = (  # names no zone: only --tz says the talks are in Tokyo
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:t1\r\nSUMMARY:Keynote\r\n"
        "DTSTART:20240618T000000Z\r\nDTEND:20240618T010000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    site.files["/tokyo.ics"] = utc_only.encode()
    url = site.url + "/tokyo.ics"
    assert cli("schedule", "import", url, "--tz", "Asia/Tokyo").exit_code == 0
    assert 'tz = "Asia/Tokyo"' in (notes_dir / "schedule" / "sources.toml").read_text()
    site.files["/tokyo.ics"] += b"\r\n"  # a new ETag: fetched and parsed again
    before = files_under(notes_dir / "schedule")
    result = cli("schedule", "update")
    assert result.exit_code == 0, result.stderr
    assert "no sessions changed" in result.stderr
    after = files_under(notes_dir / "schedule")
    assert after.pop("sources.toml") != before.pop("sources.toml")  # only the new ETag
    assert after == before


def _run_on_a_terminal(*args: str) -> tuple[int, str]:
    """`ospo-notes ARGS` with stderr on a pseudo-terminal; the exit code and what it drew."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    command = [sys.executable, "-m", "ospo_notes", *args]
    proc = subprocess.Popen(command, stderr=follower, stdout=subprocess.DEVNULL, env=env)
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    return proc.wait(timeout=30), drawn.decode("utf-8", "replace")


@pytest.mark.slow
def test_a_download_over_a_second_shows_progress_on_a_terminal(
    site: Site, democon_path: Path
) -> None:
    site.files["/slow.json"] = democon_path.read_bytes()
    site.modes["/slow.json"] = "drip 2"
    code, drawn = _run_on_a_terminal("schedule", "import", site.url + "/slow.json")
    assert code == 0, drawn
    assert f"Downloading {site.url}/slow.json" in drawn
    assert "Imported DemoCon: 36 sessions" in drawn

    site.modes["/slow.json"] = ""  # a quick download draws no bar
    code, drawn = _run_on_a_terminal("schedule", "import", site.url + "/slow.json")
    assert code == 0, drawn
    assert "Downloading" not in drawn
