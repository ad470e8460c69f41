"""Downloading a schedule from the conference's site: one GET, conditional when it can be.

It lives in `store/` because it is I/O like the files there: `schedule/` stays bytes in,
entries out, and `cli/` only parses options and renders. The standard library's urllib does
all one GET needs (redirects, proxies from HTTPS_PROXY / NO_PROXY, certificate checks,
ETag and Last-Modified headers), so no HTTP dependency is added for it.

Every failure (bad scheme, DNS, refused, timeout, TLS, an HTTP error status, a redirect
loop, a body past the size limit) is one `ScheduleError` line naming the URL and the cause.
Nothing here writes: the caller stores the bytes only once they parsed.
"""

from __future__ import annotations

import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPException, HTTPMessage
from typing import IO, Any

from ospo_notes import __version__
from ospo_notes.errors import ScheduleError

SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 15.0
_CHUNK = 64 * 1024

Progress = Callable[[int, int | None], None]
"""Called as (bytes so far, total or None) while a body downloads."""


@dataclass(frozen=True)
class Fetched:
    """A download: its body (None when the server said 304 Not Modified) and its validators."""

    data: bytes | None
    etag: str = ""
    last_modified: str = ""


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://|(?i:file|ftp|https?):")


def is_url(text: str) -> bool:
    """Whether `text` is a URL (any `scheme://`, or file:, ftp:, http:) rather than a path."""
    return _SCHEME.match(text) is not None


def check_url(url: str) -> None:
    """Refuse anything but an http or https URL with a host."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise ScheduleError(
            f"{url}: only http and https URLs can be fetched, not {parts.scheme or 'no'}: "
            "download the file and import its path instead"
        )
    if not parts.hostname:
        raise ScheduleError(f"{url}: the URL names no host; give it as https://HOST/PATH")


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow up to MAX_REDIRECTS redirects, and only to http or https."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in SCHEMES:
            raise ScheduleError(
                f"{req.full_url}: the server redirects to {newurl[:100]!r}, which is not "
                "http or https; ask the organisers for the schedule's direct URL"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    limit: int,
    progress: Progress | None = None,
) -> Fetched:
    """GET `url`; with `etag`/`last_modified` a 304 comes back as `Fetched(None)`.

    `timeout` bounds the connection and each read; a body past `limit` bytes stops the
    download (see `ospo_notes.schedule.limits`).
    """
    check_url(url)
    headers = {"User-Agent": f"ospo-notes/{__version__}", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (check_url: http(s) only)
    opener = urllib.request.build_opener(_Redirects())  # the default ProxyHandler stays
    try:
        with opener.open(request, timeout=timeout) as response:
            data = _read(response, url, limit, progress)
            got = response.headers
            return Fetched(data, got.get("ETag", ""), got.get("Last-Modified", ""))
    except urllib.error.HTTPError as err:
        if err.code == 304:
            return Fetched(None, err.headers.get("ETag", "") or etag, last_modified)
        raise ScheduleError(_http_error(url, err)) from None
    except urllib.error.URLError as err:
        raise ScheduleError(f"{url}: {_cause(err.reason, timeout)}; {_RETRY}") from None
    except (OSError, HTTPException, ValueError) as err:  # a read that timed out or broke
        raise ScheduleError(f"{url}: {_cause(err, timeout)}; {_RETRY}") from None


_RETRY = "nothing was changed: check the URL and your connection, then try again"


def _read(response: Any, url: str, limit: int, progress: Progress | None) -> bytes:
    """The body, read in chunks; past `limit` bytes it stops and refuses."""
    length = response.headers.get("Content-Length", "")
    total = int(length) if length.isascii() and length.isdigit() else None
    if total is not None and total > limit:
        raise ScheduleError(_too_large(url, limit, f"the server announces {total:,} bytes"))
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK):  # what has arrived, so progress moves
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise ScheduleError(_too_large(url, limit, f"it sent more than {limit:,} bytes"))
        if progress is not None:
            progress(size, total)
    return b"".join(chunks)


def _too_large(url: str, limit: int, what: str) -> str:
    return (
        f"{url}: the download is larger than the limit of {limit // (1024 * 1024)} MB for a "
        f"schedule ({what}); nothing was changed: check that the URL is the schedule export"
    )


def _http_error(url: str, err: urllib.error.HTTPError) -> str:
    """One line for an error status, a redirect loop included."""
    if 300 <= err.code < 400:
        return (
            f"{url}: too many redirects (more than {MAX_REDIRECTS}, or a loop); "
            "nothing was changed: open the URL in a browser to find where the schedule is now"
        )
    reason = " ".join(str(err.reason).split())[:60]
    return (
        f"{url}: the server answered HTTP {err.code} {reason}; nothing was changed: "
        "check the URL (the schedule may have moved), or try again later"
    )


def _cause(reason: object, timeout: float) -> str:
    """The cause of a failed connection in words (the first matching type wins)."""
    causes: list[tuple[type, Callable[[Any], str]]] = [
        (TimeoutError, lambda _: f"no answer within {timeout:g} s (give more with --timeout)"),
        (socket.gaierror, lambda _: "the host name cannot be found (DNS)"),
        (
            ssl.SSLCertVerificationError,
            lambda err: f"the TLS certificate is not valid ({_words(err.verify_message)})",
        ),
        (ssl.SSLError, lambda err: f"the TLS/SSL connection failed ({_words(err.reason or err)})"),
        (ConnectionRefusedError, lambda _: "the connection was refused (nothing listens there)"),
        (OSError, lambda err: f"cannot connect ({_words(err.strerror or err)})"),
    ]
    for kind, words in causes:
        if isinstance(reason, kind):
            return words(reason)
    return f"cannot download ({_words(reason)})"


def _words(value: object) -> str:
    return " ".join(str(value).split())[:80]
