"""``render: browser-lists``: a list filled by script goes through Chromium, its articles not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.crawlers.conftest import Crawl
from tests.webserver import LocalWeb

TRUTH = json.loads((Path(__file__).resolve().parents[1] / "site" / "truth.json").read_text("utf-8"))


def test_browser_for_lists_only(crawl: Crawl, local_web: LocalWeb) -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed")
    web = local_web
    source = {
        "name": "site-js-lists",
        "kind": "listing",
        "render": "browser-lists",
        "source_type": "official",
        "start_urls": [web.url("/js/index.html")],
        "selectors": {"list_items": "#list li"},
    }
    mark = web.mark()
    result = crawl.crawl(crawl.sources_file([source]))
    assert result.returncode == 0, result.stderr[-3000:]
    hits = {h.path: h for h in web.since(mark) if h.status == 200}
    # Chromium marks its navigations (Sec-Fetch-Mode); Scrapy's own requests carry no such header
    assert hits["/js/index.html"].headers.get("Sec-Fetch-Mode") == "navigate"
    assert "/js/items.json" in hits  # the list's script ran
    docs = {d["url"]: d for d in crawl.docs("site-js-lists")}
    for i in (1, 2, 3):
        path = f"/js/j{i}.html"
        assert "Sec-Fetch-Mode" not in hits[path].headers  # fetched over plain HTTP
        assert docs[web.url(path)]["title"] == TRUTH[path]["title"]
