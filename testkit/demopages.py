"""The demo pages as the crawler reads them: the same selectors as ``demo/sources.yaml``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import lxml.html
import yaml

from piwatch.crawlers.sources import Source, parse_sources
from piwatch.demo.server import GBK_PATHS, SITE_DIR, DemoSite
from piwatch.pipelines.leads import TextInput
from piwatch.pipelines.options import ArticleSelectors
from piwatch.pipelines.text.article import extract_article

DEMO_DIR = SITE_DIR.parent
EXPECTED = DEMO_DIR / "expected_leads.json"
HOST = "127.0.0.1:8765"
BASE_URL = f"http://{HOST}"


@dataclass(frozen=True, slots=True)
class DemoPage:
    expected: dict[str, Any]
    text: TextInput


def expected_pages() -> list[dict[str, Any]]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["pages"]


def demo_sources(base_url: str = BASE_URL) -> dict[str, Source]:
    text = (DEMO_DIR / "sources.yaml").read_text(encoding="utf-8")
    sources = parse_sources(yaml.safe_load(text.replace("{{base_url}}", base_url)))
    return {s.name: s for s in sources}


def _source_for(path: str, sources: dict[str, Source]) -> Source:
    if path.startswith("/bbs/"):
        return sources["demo-forum"]
    if path.startswith("/complaints/"):
        return sources["demo-complaints"]
    return sources["demo-news-listing"]


def _html(site: DemoSite, path: str) -> str:
    found = site.page(path, HOST)
    assert found is not None, f"{path} is not served"
    return found[0].decode("gbk" if path in GBK_PATHS else "utf-8")


def _post(site: DemoSite, thread_path: str, anchor: str, source: Source) -> tuple[str, str]:
    """(thread title, post text) the forum spider yields for a post on any page of a thread."""
    sel = source.selectors
    stem = thread_path.removesuffix("-1.html")
    for page in range(1, 10):
        tree = lxml.html.fromstring(_html(site, f"{stem}-{page}.html"))
        title = " ".join(tree.cssselect(sel.thread_title or "h1")[0].text_content().split())
        for post in tree.cssselect(sel.posts or ""):
            if post.get("id") == anchor:
                body = post.cssselect(sel.post_body or "")[0].text_content()
                return title, " ".join(body.split())
    raise AssertionError(f"{thread_path}#{anchor} not found")


def demo_pages(today: date) -> list[DemoPage]:
    """Every labelled page (or forum post) as the ``TextInput`` extraction receives."""
    site = DemoSite(today=today)
    sources = demo_sources()
    out = []
    for entry in expected_pages():
        path, _, anchor = entry["url"].partition("#")
        source = _source_for(path, sources)
        url = BASE_URL + entry["url"]
        if anchor:
            title, text = _post(site, path, anchor, source)
            published = None
        else:
            s = source.selectors
            page = extract_article(
                _html(site, path), url, ArticleSelectors(title=s.title, body=s.body, date=s.date)
            )
            title, text, published = page.title, page.content, page.published
        out.append(
            DemoPage(
                expected=entry,
                text=TextInput(
                    id=entry["id"],
                    text=text,
                    title=title,
                    url=url,
                    published=published,
                    source_type=source.source_type,
                ),
            )
        )
    return out
