"""A tiny news site on 127.0.0.1 (written for these tests) and the environment for the scheduler."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from testkit.crawlrun import piwatch_env
from testkit.schedrun import far_hour
from testkit.webserver import serving

REPO = Path(__file__).resolve().parents[2]

ARTICLES = {
    "/news/1.html": (
        "某房产中介泄露业主信息被查处",
        "记者调查发现，深圳某房地产经纪有限公司将业主姓名和电话出售给装修公司，"
        "多名业主反映刚买房就接到大量推销电话。市场监管部门已立案调查。",
    ),
    "/news/2.html": (
        "市民参加消费维权知识讲座",
        "本周末，社区举办了消费维权知识讲座，讲解如何保存购物凭证，现场气氛热烈。",
    ),
}


def _page(title: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><article><h1>{title}</h1>"
        "<p class='date'>2026-11-20 08:00</p>"
        + "".join(f"<p>{body}</p>" for _ in range(3))
        + "</article></body></html>"
    ).encode()


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.slow_seconds = 0.0
        self.hits: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"


class Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        if self.path == "/feed.xml":
            now = format_datetime(datetime(2026, 11, 20, 0, 0, tzinfo=UTC))
            items = "".join(
                f"<item><title>{t}</title><link>{self.server.base}{p}</link>"
                f"<pubDate>{now}</pubDate></item>"
                for p, (t, _) in ARTICLES.items()
            )
            body = (
                "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
                f"<title>测试新闻</title><link>{self.server.base}/</link>{items}</channel></rss>"
            ).encode()
            return self._send(200, "application/rss+xml; charset=utf-8", body)
        if self.path in ARTICLES:
            if self.server.slow_seconds:
                time.sleep(self.server.slow_seconds)
            return self._send(200, "text/html; charset=utf-8", _page(*ARTICLES[self.path]))
        self._send(404, "text/plain", b"not found")

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


@pytest.fixture
def site() -> Iterator[Site]:
    with serving(Site()) as server:
        yield server


@pytest.fixture
def scheduler_env(tmp_path: Path, es_node, index_prefix: str, site: Site) -> dict[str, str]:
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n"
        "  - name: test-feed\n"
        "    kind: feed\n"
        f"    start_urls: ['{site.base}/feed.xml']\n",
        encoding="utf-8",
    )
    return piwatch_env(
        es_node.url,
        index_prefix,
        tmp_path / "data",
        PIWATCH_CRAWL__SOURCES_FILE=str(sources),
        PIWATCH_CRAWL__DOWNLOAD_DELAY="0",
        PIWATCH_CRAWL__OBEY_ROBOTS="false",
        # Never due while a test runs: only the crawls a test starts write run records.
        PIWATCH_SCHEDULE__DIGEST_CRON=f"0 {far_hour()} * * 1",
        PIWATCH_SCHEDULE__ROLLOVER_CRON="",
        PIWATCH_SCHEDULE__RECHECK_CRON="",
    )


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator:
    """Start ``piwatch schedule`` children (output appended to a log in ``tmp_path``); any still
    running at teardown is stopped."""
    children: list[subprocess.Popen] = []

    def start(env: dict[str, str], log_name: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-m", "piwatch", "schedule"],
            cwd=REPO, env=env, stdout=(tmp_path / log_name).open("ab"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        children.append(proc)
        return proc

    yield start
    for proc in children:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
