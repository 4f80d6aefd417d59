"""The demo web: serves ``demo/site`` on 127.0.0.1 with dates relative to today.

Pages hold placeholders the server fills in on every request, so the demo's news is always
"this week" and the weekly digest has something to show: ``{{date:N}}`` (N days ago,
``2026-11-25``), ``{{cndate:N}}`` (``2026年11月25日``), ``{{rfc822:N}}`` (for RSS) and
``{{host}}`` (the ``host:port`` the page was requested from). One page is sent as GBK bytes under
a ``charset=utf-8`` header, as some real sites do, to exercise the crawler's decoding.

Run by hand: ``python -m demo.server --port 8765``.
"""

from __future__ import annotations

import argparse
import errno
import logging
import re
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from piwatch.errors import PiwatchError

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8765
"""Fixed by default: article ids derive from URLs, so repeat demo runs must use one address."""
SITE_DIR = Path(__file__).resolve().with_name("site")
TIMEZONE = ZoneInfo("Asia/Shanghai")
GBK_PATHS = frozenset({"/news/article/0987.html"})
"""Pages sent as GBK bytes while the header claims UTF-8 (their own meta tag says gb2312)."""

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
_PLACEHOLDER = re.compile(r"\{\{(date|cndate|rfc822|host)(?::(\d+))?\}\}")
_RFC822_HOUR = 9  # feed items are stamped at 09:00 local time of their day


def today_in_china() -> date:
    """The demo's "today": the calendar day in Asia/Shanghai, where the news is set."""
    return datetime.now(TIMEZONE).date()


def render(text: str, today: date, host: str) -> str:
    """Fill the placeholders of one page; pure, so tests read pages exactly as served."""

    def fill(match: re.Match[str]) -> str:
        kind, days = match.group(1), int(match.group(2) or 0)
        if kind == "host":
            return host
        day = today - timedelta(days=days)
        if kind == "date":
            return day.isoformat()
        if kind == "cndate":
            return f"{day.year}年{day.month}月{day.day}日"
        stamp = datetime(day.year, day.month, day.day, _RFC822_HOUR, tzinfo=TIMEZONE)
        return format_datetime(stamp)

    return _PLACEHOLDER.sub(fill, text)


@dataclass(frozen=True, slots=True)
class DemoSite:
    """Maps request paths to served bytes; ``today`` fixed for tests, ``None`` means the clock."""

    root: Path = SITE_DIR
    today: date | None = None
    gbk_paths: frozenset[str] = field(default=GBK_PATHS)

    def resolve(self, path: str) -> Path | None:
        """The file for a URL path, or ``None`` (outside the site, missing, a directory)."""
        clean = unquote(urlsplit(path).path)
        if clean.endswith("/"):
            clean += "index.html"
        candidate = (self.root / clean.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.root.resolve()) or not candidate.is_file():
            return None
        return candidate

    def page(self, path: str, host: str) -> tuple[bytes, str] | None:
        """The body and Content-Type served for ``path``."""
        file = self.resolve(path)
        if file is None:
            return None
        content_type = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
        if file.suffix not in CONTENT_TYPES:
            return file.read_bytes(), content_type
        text = render(file.read_text(encoding="utf-8"), self.today or today_in_china(), host)
        url_path = "/" + file.relative_to(self.root.resolve()).as_posix()
        encoding = "gbk" if url_path in self.gbk_paths else "utf-8"
        return text.encode(encoding), content_type


def _handler(site: DemoSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "piwatch-demo/1"

        def _respond(self, send_body: bool) -> None:
            host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
            found = site.page(self.path, host)
            if found is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            body, content_type = found
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def do_GET(self) -> None:
            self._respond(send_body=True)

        def do_HEAD(self) -> None:
            self._respond(send_body=False)

        def log_message(self, format: str, *args: object) -> None:
            logger.debug("demo web: " + format, *args)

    return Handler


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # socketserver's 5 dropped the connections a crawl opens at once


class DemoServer:
    """The demo web in a background thread; use as a context manager."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1", site: DemoSite | None = None):
        self.site = site or DemoSite()
        try:
            self._httpd = _HTTPServer((host, port), _handler(self.site))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PiwatchError(
                    f"port {port} on {host} is already in use; stop what is using it or "
                    "choose another port with --port"
                ) from None
            raise PiwatchError(f"cannot serve the demo web on {host}:{port}: {exc}") from None
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="demo-web", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self._httpd.server_address[0]}:{self.port}"

    def start(self) -> Self:
        self._thread.start()
        logger.info("demo web serving %s on %s", self.site.root, self.base_url)
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread (``python -m demo.server``) until interrupted."""
        try:
            self._httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._httpd.server_close()

    def stop(self) -> None:
        """Stop serving and release the port (also when it was never started)."""
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main() -> None:
    """Serve the demo web in the foreground until interrupted."""
    parser = argparse.ArgumentParser(description="Serve the piwatch demo web on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args()
    try:
        server = DemoServer(args.port)
    except PiwatchError as exc:
        raise SystemExit(f"piwatch.demo.server: {exc}") from None
    print(f"demo web on {server.base_url} (Ctrl-C to stop)")
    server.serve_forever()


if __name__ == "__main__":
    main()
