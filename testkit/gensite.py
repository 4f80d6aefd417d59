"""A generated local web of N pages (a k-ary tree of links) that counts every hit per path.

Benchmarks and the scale tests crawl it: it is bounded (exactly ``pages`` pages), fast (no disk),
and it tells afterwards how often each page was fetched, so "every page exactly once" is counted
at the server, not inferred from the crawler. Run it as ``python -m testkit.gensite --pages N``; it
prints ``port=<port>`` on its first line. ``GET /__hits`` returns the hit counts as JSON,
``GET /__window`` the times of the first page request and the last page response.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]

_FILLER = (
    "市场监管部门接到消费者投诉，反映某公司在未经同意的情况下收集和使用个人信息，"
    "并多次拨打推销电话。执法人员依法开展调查，核实相关情况后责令整改。"
)


def page_path(n: int) -> str:
    return f"/p/{n}"


def page_html(n: int, pages: int, fanout: int, filler: int) -> bytes:
    """Page ``n`` links to its children ``n*fanout+1 .. n*fanout+fanout`` that exist."""
    first = n * fanout + 1
    links = "".join(
        f'<li><a href="{page_path(c)}">第{c}页</a></li>'
        for c in range(first, min(first + fanout, pages))
    )
    body = _FILLER * filler
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>测试页面 {n}</title></head><body><h1>测试页面 {n}</h1>"
        f"<p>{body}</p><ul>{links}</ul></body></html>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        srv = self.server
        if self.path == "/__hits":
            with srv.lock:
                body = json.dumps(dict(srv.hits)).encode()
            self._send(200, body, "application/json")
            return
        if self.path == "/__window":
            with srv.lock:
                body = json.dumps([srv.first, srv.last]).encode()
            self._send(200, body, "application/json")
            return
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            return
        now = time.time()
        with srv.lock:
            srv.hits[self.path] += 1
            srv.first = srv.first or now
        n = _page_number(self.path)
        if n is None or n >= srv.pages:
            self._send(404, b"not found", "text/plain")
            return
        if srv.delay:
            time.sleep(srv.delay)
        self._send(200, page_html(n, srv.pages, srv.fanout, srv.filler), "text/html; charset=utf-8")
        with srv.lock:
            srv.last = max(srv.last, time.time())

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


def _page_number(path: str) -> int | None:
    if not path.startswith("/p/"):
        return None
    tail = path[3:]
    return int(tail) if tail.isdigit() else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, port: int, pages: int, fanout: int, filler: int, delay: float) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.pages = pages
        self.fanout = fanout
        self.filler = filler
        self.delay = delay
        self.hits: Counter[str] = Counter()
        self.first = 0.0  # time of the first page request
        self.last = 0.0  # time the last page response was written
        self.lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        """A crawler killed mid-response resets its connections; that is expected here."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, ConnectionError):
            super().handle_error(request, client_address)


class GenSite:
    """The generated site in a child process (so it never competes with the crawler's GIL)."""

    def __init__(
        self, pages: int, *, fanout: int = 10, filler: int = 4, delay: float = 0.0
    ) -> None:
        self.pages = pages
        self.fanout = fanout
        self.filler = filler
        self.delay = delay
        self.proc: subprocess.Popen[str] | None = None
        self.port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, n: int) -> str:
        return self.base + page_path(n)

    def start(self) -> GenSite:
        cmd = [
            sys.executable, "-m", "testkit.gensite", "--pages", str(self.pages),
            "--fanout", str(self.fanout), "--filler", str(self.filler),
            "--delay", str(self.delay),
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("port="):
            self.stop()
            raise RuntimeError(f"generated site did not start: {line!r}")
        self.port = int(line.split("=", 1)[1])
        return self

    def hits(self) -> dict[str, int]:
        """Hits per path so far (page paths only; robots.txt and this endpoint are not counted)."""
        with urllib.request.urlopen(self.base + "/__hits", timeout=30) as resp:
            return json.loads(resp.read())

    def window(self) -> float:
        """Seconds from the first page request to the last page response (the crawl's span)."""
        with urllib.request.urlopen(self.base + "/__window", timeout=30) as resp:
            first, last = json.loads(resp.read())
        return max(0.0, last - first)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def __enter__(self) -> GenSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--fanout", type=int, default=10)
    parser.add_argument("--filler", type=int, default=4, help="paragraph repeats per page")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per page response")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = _Server(args.port, args.pages, args.fanout, args.filler, args.delay)
    print(f"port={server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
