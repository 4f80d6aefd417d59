"""The local test web: a real HTTP server on 127.0.0.1 (free port) that records every request.

It serves the static sites under ``tests/site/`` (ETag, Last-Modified, conditional GET), pages
added at run time (:meth:`LocalWeb.add_page`: the saved corpus pages, a feed linking them) and
scripted resources: ``/status/<code>``, ``/slow/<seconds>/<name>``, ``/big/<bytes>``,
``/binary.png``, ``/retry-after/<name>`` (429 with Retry-After: 1 once, then an article),
``/loop/a`` and ``/loop/b`` (a redirect loop), ``/calendar/<year>/<month>`` (an endless calendar),
``/slowsite/feed.xml`` and ``/slowsite/a<n>.html`` (a feed of slow articles, for kill tests).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

SITE = Path(__file__).resolve().parents[1] / "tests" / "site"
S = TypeVar("S", bound=HTTPServer)


@contextmanager
def serving(server: S) -> Iterator[S]:
    """Serve ``server`` on a daemon thread for the ``with`` block, then shut it down."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


LAST_MODIFIED = formatdate(1709604000, usegmt=True)  # 2024-03-05 02:00 UTC, fixed for the site
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".js": "application/javascript",
}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


@dataclass(frozen=True, slots=True)
class Hit:
    """One request as the server saw it."""

    path: str
    query: str
    status: int
    at: float
    headers: dict[str, str]


@dataclass(slots=True)
class Page:
    body: bytes
    content_type: str
    delay: float = 0.0
    version: int = 0


class LocalWeb:
    """The server and what it saw; start once, share across tests."""

    def __init__(
        self, slowsite_pages: int = 40, slowsite_delay: float = 0.4, host: str = "127.0.0.1"
    ) -> None:
        self.hits: list[Hit] = []
        self.pages: dict[str, Page] = {}
        self.slowsite_pages = slowsite_pages
        self.slowsite_delay = slowsite_delay
        self._lock = threading.Lock()
        self._retry_seen: set[str] = set()
        handler = type("Handler", (_Handler,), {"web": self})
        self.httpd = _Server((host, 0), handler)  # any 127.x.y.z: a "site" of its own
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> LocalWeb:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    # -- content ------------------------------------------------------------------------------
    def add_page(self, path: str, body: bytes, content_type: str, delay: float = 0.0) -> None:
        """Serve ``body`` at ``path`` (replacing what was there: a new version, a new ETag)."""
        with self._lock:
            old = self.pages.get(path)
            version = old.version + 1 if old else 0
            self.pages[path] = Page(body, content_type, delay, version)

    def remove_page(self, path: str) -> None:
        """Stop serving a page added with :meth:`add_page` (it answers 404 from now on)."""
        with self._lock:
            del self.pages[path]

    def add_feed(self, path: str, links: list[str], titles: list[str] | None = None) -> str:
        """Serve an RSS feed linking ``links`` at ``path``; returns its URL."""
        names = titles or [""] * len(links)
        items = "".join(
            f"<item><title>{escape(t)}</title><link>{escape(link)}</link></item>"
            for link, t in zip(links, names, strict=True)
        )
        body = f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>{items}"
        self.add_page(path, (body + "</channel></rss>").encode(), "application/rss+xml")
        return self.url(path)

    def static(self, path: str) -> bytes | None:
        """The bytes of a file under tests/site, or None."""
        target = (SITE / path.lstrip("/")).resolve()
        if SITE not in target.parents or not target.is_file():
            return None
        return target.read_bytes()

    # -- what was requested -------------------------------------------------------------------
    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def since(self, mark: int) -> list[Hit]:
        with self._lock:
            return list(self.hits[mark:])

    def mark(self) -> int:
        with self._lock:
            return len(self.hits)

    def first_retry(self, name: str) -> bool:
        with self._lock:
            if name in self._retry_seen:
                return False
            self._retry_seen.add(name)
            return True


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def article_html(title: str, body: str, date: str = "2024年3月5日 10:20") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}_测试站</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/news/'>新闻</a></div>"
        f"<h1>{title}</h1><div class='info'>发布时间：{date} 来源：测试站</div>"
        f"<div class='content'>{paragraphs}</div>"
        "<div class='footer'>版权所有 测试站 隐私政策</div></body></html>"
    ).encode()


def slow_article(n: int) -> tuple[str, bytes]:
    title = f"慢速站点测试文章第{n}篇"
    body = "\n".join(
        f"这是慢速站点第{n}篇文章的第{i}段正文，用于验证被强制终止的抓取能够在恢复后不丢不重。"
        "服务器对每个文章页面都故意延迟响应，以便测试在抓取中途终止进程。"
        for i in range(1, 4)
    )
    return title, article_html(title, body)


def calendar_page(year: int, month: int) -> bytes:
    nxt = (year + (month == 12), month % 12 + 1)
    prv = (year - (month == 1), (month - 2) % 12 + 1)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>活动日历 {year}年{month}月</title></head><body>"
        f"<h1>{year}年{month}月活动</h1><ul class='events'>"
        f"<li><a href='/calendar/{year}/{month}'>本月暂无活动</a></li></ul>"
        f"<a class='prev' href='/calendar/{prv[0]}/{prv[1]}'>上一月</a>"
        f"<a class='next' href='/calendar/{nxt[0]}/{nxt[1]}'>下一月</a>"
        "</body></html>"
    ).encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # socketserver's 5 dropped the connections a crawl opens at once

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up (timeouts, size limits, kills) are part of the tests."""


class _Handler(BaseHTTPRequestHandler):
    web: LocalWeb
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the hit log is the record."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        status, headers, body, delay = self.route(parts.path, parts.query)
        self.web.record(
            Hit(
                parts.path,
                parts.query,
                status,
                time.time(),
                {k: v for k, v in self.headers.items()},
            )
        )
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def conditional(
        self, body: bytes, content_type: str, last_modified: str = LAST_MODIFIED, delay: float = 0
    ) -> tuple[int, dict[str, str], bytes, float]:
        etag = etag_of(body)
        headers = {"Content-Type": content_type, "ETag": etag, "Last-Modified": last_modified}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (inm and inm == etag) or (not inm and ims and ims == last_modified):
            return 304, {"ETag": etag, "Last-Modified": last_modified}, b"", 0.0
        return 200, headers, body, delay

    def route(self, path: str, query: str) -> tuple[int, dict[str, str], bytes, float]:
        web = self.web
        text = {"Content-Type": "text/html; charset=utf-8"}
        page = web.pages.get(path)
        if page is not None:
            stamp = formatdate(1709604000 + page.version * 86400, usegmt=True)
            return self.conditional(page.body, page.content_type, stamp, page.delay)
        segments = [s for s in path.split("/") if s]
        if path == "/robots.txt":
            body = web.static("robots.txt") or b""
            return 200, {"Content-Type": "text/plain"}, body, 0.0
        if segments[:1] == ["status"] and len(segments) == 2 and segments[1].isdigit():
            return int(segments[1]), text, f"status {segments[1]}".encode(), 0.0
        if segments[:1] == ["slow"] and len(segments) == 3:
            title = f"慢速页面{segments[2]}"
            body = article_html(title, "这个页面响应很慢。\n用于测试下载超时。")
            return 200, text, body, float(segments[1])
        if segments[:1] == ["big"] and len(segments) == 2 and segments[1].isdigit():
            filler = "<p>" + "超大页面内容。" * 40 + "</p>"
            body = (
                "<html><body>" + filler * (int(segments[1]) // len(filler.encode()) + 1)
            ).encode()
            return 200, text, body, 0.0
        if path == "/binary.png":
            return 200, {"Content-Type": "image/png"}, PNG, 0.0
        if path == "/binary.html":  # binary bytes under an HTML label
            return 200, text, PNG, 0.0
        if segments[:1] == ["retry-after"] and len(segments) == 2:
            if web.first_retry(segments[1]):
                return 429, {"Retry-After": "1", **text}, b"slow down", 0.0
            title = "遵守重试等待时间的测试文章"
            return 200, text, article_html(title, "服务器要求稍后重试。\n爬虫等待后重新请求。"), 0.0
        if path == "/loop/a":
            return 302, {"Location": "/loop/b"}, b"", 0.0
        if path == "/loop/b":
            return 302, {"Location": "/loop/a"}, b"", 0.0
        if (
            segments[:1] == ["calendar"]
            and len(segments) == 3
            and all(s.lstrip("-").isdigit() for s in segments[1:])
        ):
            return 200, text, calendar_page(int(segments[1]), int(segments[2])), 0.0
        if path == "/slowsite/feed.xml":
            return 200, {"Content-Type": "application/rss+xml"}, self.slowsite_feed(), 0.0
        if segments[:1] == ["slowsite"] and len(segments) == 2 and segments[1].startswith("a"):
            number = segments[1][1:].removesuffix(".html")
            if number.isdigit() and 0 < int(number) <= web.slowsite_pages:
                _, body = slow_article(int(number))
                return self.conditional(body, text["Content-Type"], delay=web.slowsite_delay)
        if path.endswith("/"):
            path += "index.html"
        body = web.static(path)
        if body is None:
            return 404, text, b"not found", 0.0
        if path.startswith("/gbk/"):  # GBK bytes, labelled UTF-8 by the server and the page
            return self.conditional(body, "text/html; charset=utf-8")
        content_type = TYPES.get(Path(path).suffix, "application/octet-stream")
        return self.conditional(body, content_type)

    def slowsite_feed(self) -> bytes:
        base = self.web.base
        items = "".join(
            f"<item><title>{slow_article(n)[0]}</title><link>{base}/slowsite/a{n}.html</link>"
            "</item>"
            for n in range(1, self.web.slowsite_pages + 1)
        )
        return (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>慢速站点</title>{items}</channel></rss>"
        ).encode()
