"""A conference web site on 127.0.0.1 for the URL import tests: real HTTP, no internet.

`Site` serves schedule bytes by path with ETag and Last-Modified (answering 304 to a
matching conditional request) and can be told to misbehave per path: an error status, an
HTML login page, a redirect chain or loop, a slow answer, or an endless body.
"""

from __future__ import annotations

import hashlib
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOGIN_PAGE = b"<!DOCTYPE html><html><body><form>Log in to see the schedule</form></body></html>"
LAST_MODIFIED = "Mon, 14 Dec 2020 08:00:00 GMT"


@dataclass
class Seen:
    """One request the site answered."""

    path: str
    headers: dict[str, str]
    status: int
    sent: int  # body bytes


@dataclass
class Site:
    """What the server serves; tests change it between commands."""

    files: dict[str, bytes] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=dict)  # path -> misbehaviour
    seen: list[Seen] = field(default_factory=list)
    url: str = ""
    stop: threading.Event = field(default_factory=threading.Event)

    def etag(self, path: str) -> str:
        return '"' + hashlib.sha256(self.files[path]).hexdigest()[:16] + '"'


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    def mode_of(path: str) -> str:
        return site.modes.get(path, "")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            path = urllib.parse.urlsplit(self.path).path  # a proxied request sends a full URL
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, body, extra = self._answer(path, headers)
            self.send_response(status)
            for key, value in extra.items():
                self.send_header(key, value)
            if body is not None and "Content-Length" not in extra:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            sent = 0
            if body is not None and mode_of(path).startswith("drip "):  # slowly, in ten parts
                pause = float(mode_of(path).split()[1]) / 10
                for part in range(10):
                    site.stop.wait(pause)
                    piece = body[len(body) * part // 10 : len(body) * (part + 1) // 10]
                    self.wfile.write(piece)
                    self.wfile.flush()
                sent = len(body)
            elif body is not None:
                self.wfile.write(body)
                sent = len(body)
            elif status == 200:  # an endless body, until the client hangs up
                sent = self._stream()
            site.seen.append(Seen(path, headers, status, sent))

        def _stream(self) -> int:
            chunk, sent = b"x" * 65536, 0
            try:
                while sent < 200 * 1024 * 1024 and not site.stop.is_set():
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            return sent

        def _answer(  # noqa: PLR0911 (one return for each way to misbehave)
            self, path: str, headers: dict[str, str]
        ) -> tuple[int, bytes | None, dict[str, str]]:
            mode = site.modes.get(path, "")
            if mode.startswith("status "):
                return int(mode.split()[1]), b"<html>error</html>", {"Content-Type": "text/html"}
            if mode == "login":
                return 200, LOGIN_PAGE, {"Content-Type": "text/html"}
            if mode == "loop":
                return 302, b"", {"Location": path}
            if mode.startswith("redirect "):  # "redirect /a.json"
                return 302, b"", {"Location": mode.split()[1]}
            if mode.startswith("slow "):
                site.stop.wait(float(mode.split()[1]))
            if mode == "endless":
                return 200, None, {"Content-Type": "application/json"}
            if mode.startswith("announce "):  # a Content-Length far past the limit
                return 200, b"{}", {"Content-Length": mode.split()[1]}
            if path not in site.files:
                return 404, b"not found", {}
            etag = site.etag(path)
            if headers.get("if-none-match") == etag:
                return 304, None, {"ETag": etag}
            meta = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            return 200, site.files[path], meta

    return Handler


def serve() -> tuple[ThreadingHTTPServer, Site]:
    """Start the site on 127.0.0.1 on a free port, in a daemon thread."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site))
    server.daemon_threads = True
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server, site


def wait_for(condition: object, seconds: float = 5.0) -> None:
    """Poll until `condition()` holds (a request is logged after its answer is sent)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and not condition():  # type: ignore[operator]
        time.sleep(0.01)
