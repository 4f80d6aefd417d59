"""The demo web itself: every page labelled once, the coverage the demo promises, masking."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from xml.etree import ElementTree

import lxml.html

from piwatch.demo.server import GBK_PATHS, SITE_DIR, DemoSite
from piwatch.pipelines.text.mask import mask_pii
from testkit.demopages import HOST, demo_pages, demo_sources, expected_pages

TODAY = date(2026, 11, 29)
CONDUCTS = {"collect_without_consent", "disclose_or_sell", "unsolicited_marketing", "breach"}


def _paths(pattern: str) -> set[str]:
    return {"/" + p.relative_to(SITE_DIR).as_posix() for p in SITE_DIR.glob(pattern)}


def _post_anchors() -> set[str]:
    anchors = set()
    for page in sorted(SITE_DIR.glob("bbs/thread-*.html")):
        thread = re.sub(r"-\d+\.html$", "-1.html", page.name)
        for anchor in re.findall(r'class="post" id="(post-\d+)"', page.read_text("utf-8")):
            anchors.add(f"/bbs/{thread}#{anchor}")
    return anchors


def test_every_content_page_is_labelled_exactly_once() -> None:
    urls = [p["url"] for p in expected_pages()]
    assert len(urls) == len(set(urls))
    pages = _paths("news/article/*.html") | _paths("complaints/detail/*.html") | _post_anchors()
    assert set(urls) == pages


def test_labels_cover_every_conduct_many_sectors_and_provinces() -> None:
    leads = [p for p in expected_pages() if p["is_lead"]]
    assert {c for p in leads for c in p["conduct"]} == CONDUCTS
    assert len({s for p in leads for s in p["sectors"]}) >= 7
    assert len({p["province"] for p in leads}) >= 5
    assert all(p["businesses"] and p["conduct"] and p["sectors"] for p in leads)
    not_leads = [p for p in expected_pages() if not p["is_lead"]]
    assert all(not (p["businesses"] or p["conduct"] or p["sectors"]) for p in not_leads)
    assert len(not_leads) >= 5


def test_sources_template_has_each_kind_and_a_browser_listing() -> None:
    sources = demo_sources()
    kinds = Counter((s.kind, s.render) for s in sources.values())
    assert kinds == {
        ("feed", "http"): 1,
        ("listing", "http"): 1,
        ("forum", "http"): 1,
        ("listing", "browser"): 1,
    }


def test_listing_pages_chain_and_link_every_news_article() -> None:
    site = DemoSite(today=TODAY)
    path, linked = "/news/index.html", set()
    for _ in range(10):
        body = site.page(path, HOST)
        assert body is not None
        tree = lxml.html.fromstring(body[0].decode("utf-8"))
        linked |= {a.get("href") for a in tree.cssselect("ul.news-list li a")}
        nxt = tree.cssselect("div.pager a.next")
        if not nxt:
            break
        path = nxt[0].get("href")
    assert path == "/news/list_3.html"
    assert linked == _paths("news/article/*.html")


def test_feed_is_rss_with_dated_items_on_the_serving_host() -> None:
    body = DemoSite(today=TODAY).page("/news/feed.xml", HOST)
    assert body is not None
    items = ElementTree.fromstring(body[0]).findall("./channel/item")
    assert len(items) >= 5
    for item in items:
        assert (item.findtext("link") or "").startswith(f"http://{HOST}/news/article/")
        assert (item.findtext("pubDate") or "").endswith("+0800")


def test_the_mislabelled_page_is_gbk_and_not_utf8() -> None:
    (path,) = GBK_PATHS
    body, content_type = DemoSite(today=TODAY).page(path, HOST) or (b"", "")
    assert content_type == "text/html; charset=utf-8"
    assert "捷运达快递" in body.decode("gbk")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise AssertionError("the GBK page decodes as UTF-8: it would not exercise decoding")


def test_evidence_in_some_pages_carries_numbers_that_masking_hides() -> None:
    texts = {p.expected["id"]: p.text.text for p in demo_pages(TODAY)}
    for page_id, number in (
        ("news-1001", "13923805176"),
        ("news-1005", "440106198807153211"),
        ("complaint-20261", "17721093356"),
    ):
        assert number in texts[page_id]
        assert number not in mask_pii(texts[page_id])
