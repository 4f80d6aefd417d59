"""The demo web server over real HTTP on 127.0.0.1: dates, the GBK page, robots, bad paths."""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator
from datetime import date

import pytest

from piwatch.demo.server import DemoServer, DemoSite, render
from piwatch.errors import PiwatchError

TODAY = date(2026, 11, 29)


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer(0, site=DemoSite(today=TODAY)) as running:
        yield running


def get(server: DemoServer, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_render_fills_dates_relative_to_today_and_the_host() -> None:
    text = "{{date:0}} {{date:3}} {{cndate:40}} {{rfc822:1}} http://{{host}}/x"
    assert render(text, TODAY, "127.0.0.1:9") == (
        "2026-11-29 2026-11-26 2026年10月20日 Sat, 28 Nov 2026 09:00:00 +0800 http://127.0.0.1:9/x"
    )


def test_pages_are_served_rendered(server: DemoServer) -> None:
    status, headers, body = get(server, "/news/article/1001.html")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    text = body.decode("utf-8")
    assert "{{" not in text
    assert "2026-11-28 09:30" in text


def test_feed_links_point_at_the_serving_address(server: DemoServer) -> None:
    status, _, body = get(server, "/news/feed.xml")
    assert status == 200
    assert f"<link>http://127.0.0.1:{server.port}/news/article/1001.html</link>" in (
        body.decode("utf-8")
    )


def test_gbk_page_is_sent_as_gbk_under_a_utf8_header(server: DemoServer) -> None:
    status, headers, body = get(server, "/news/article/0987.html")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "快递网点员工倒卖面单信息" in body.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_complaint_list_has_no_links_without_javascript(server: DemoServer) -> None:
    _, _, body = get(server, "/complaints/index.html")
    assert 'href="/complaints/detail/' not in body.decode("utf-8")
    _, _, detail = get(server, "/complaints/detail/20261.html")
    assert "沪安人寿保险股份有限公司上海分公司" in detail.decode("utf-8")


def test_robots_and_missing_or_escaping_paths(server: DemoServer) -> None:
    status, _, body = get(server, "/robots.txt")
    assert status == 200
    assert b"Disallow: /admin/" in body
    assert get(server, "/nope.html")[0] == 404
    assert get(server, "/../pyproject.toml")[0] == 404
    assert get(server, "/%2e%2e/demo/server.py")[0] == 404


def test_a_taken_port_is_one_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(PiwatchError, match=rf"port {port} .* already in use.*--port"):
            DemoServer(port)


@pytest.mark.browser
def test_chromium_renders_the_complaint_list(server: DemoServer) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        try:
            page = browser.new_page()
            page.goto(f"{server.base_url}/complaints/index.html")
            hrefs = page.eval_on_selector_all(
                "#complaint-list li a", "els => els.map(e => e.getAttribute('href'))"
            )
        finally:
            browser.close()
    assert hrefs == [f"/complaints/detail/{n}.html" for n in (20261, 20262, 20263, 20264)]
