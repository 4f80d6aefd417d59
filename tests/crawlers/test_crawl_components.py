"""Crawler parts on hand-made requests and the site's files: URLs, guard, Retry-After,
conditional GET, feed/sitemap/listing/forum/api parsing."""

from __future__ import annotations

import asyncio
import gzip
import time
from email.utils import formatdate
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from piwatch.crawlers.items import Article, ForumPost
from piwatch.crawlers.middlewares.conditional import ConditionalGetMiddleware, NotModified
from piwatch.crawlers.middlewares.guard import GuardMiddleware
from piwatch.crawlers.middlewares.meta_refresh import HeadMetaRefreshMiddleware
from piwatch.crawlers.middlewares.retry_after import RetryAfterMiddleware, retry_after_seconds
from piwatch.crawlers.middlewares.run_budget import RunBudget
from piwatch.crawlers.runner import share_among_crawlers
from piwatch.crawlers.seen import SeenStore
from piwatch.crawlers.sources import parse_sources
from piwatch.crawlers.spiders.api import ApiSpider, dig, with_page
from piwatch.crawlers.spiders.feed import FeedSpider, feed_entries
from piwatch.crawlers.spiders.forum import ForumSpider
from piwatch.crawlers.spiders.listing import ListingSpider
from piwatch.crawlers.spiders.sitemap import sitemap_entries
from piwatch.crawlers.urls import canonical_url, path_template, trap_reason

SITE = Path(__file__).resolve().parents[1] / "site"
BASE = "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://a.cn/x?utm_source=rss&id=3&spm=a.b", "http://a.cn/x?id=3"),
        ("http://a.cn/x?from=timeline&isappinstalled=0", "http://a.cn/x"),
        ("http://a.cn/x?b=2&a=1#comments", "http://a.cn/x?a=1&b=2"),
        ("HTTP://A.CN/新闻?id=1", "http://a.cn/%E6%96%B0%E9%97%BB?id=1"),
        ("http://a.cn", "http://a.cn/"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://a.cn/news/2024/03/1.html", None),
        ("http://a.cn/a/b/a/b/a/b/x.html", "repeated_segment"),
        ("http://a.cn/x?" + "&".join(f"p{i}=1" for i in range(20)), "query_explosion"),
        ("http://a.cn/x?a=1&a=2", "repeated_param"),
        ("http://a.cn/" + "x" * 3000, "url_too_long"),
    ],
)
def test_trap_reason(url: str, reason: str | None) -> None:
    assert trap_reason(url) == reason


def test_calendar_pages_share_one_template() -> None:
    assert path_template("http://a.cn/calendar/2024/3") == path_template(
        "http://a.cn/calendar/1999/12"
    )
    assert path_template("http://a.cn/news/1.html") != path_template("http://a.cn/forum/1.html")


def _guard(**settings: int) -> tuple[GuardMiddleware, object]:
    crawler = get_crawler(
        settings_dict={
            "PIWATCH_GUARD_MAX_PAGES": settings.get("pages", 100),
            "PIWATCH_GUARD_MAX_DEPTH": settings.get("depth", 3),
            "PIWATCH_GUARD_MAX_PER_TEMPLATE": settings.get("template", 5),
        }
    )
    crawler.stats = MemoryStatsCollector(crawler)
    return GuardMiddleware.from_crawler(crawler), crawler.stats


def test_guard_bounds_templates_pages_depth_and_schemes() -> None:
    guard, stats = _guard(template=5, pages=8, depth=2)
    calendar = [
        Request(f"{BASE}/calendar/2024/{m}", meta={"piwatch_role": "listing"}) for m in range(1, 13)
    ]
    kept = [r for r in calendar if guard.get_processed_request(r, None)]
    assert len(kept) == 5
    assert stats.get_value("piwatch/guard/template_limit") == 7
    news = [Request(f"{BASE}/news/a{i}.html") for i in range(10)]
    kept_news = [r for r in news if guard.get_processed_request(r, None)]
    assert len(kept_news) == 3  # 8 pages in all: 5 calendar + 3 articles (no template bound)
    assert stats.get_value("piwatch/guard/max_pages") == 7
    deep = HtmlResponse(f"{BASE}/x", request=Request(f"{BASE}/x", meta={"depth": 2}), body=b"")
    assert guard.get_processed_request(Request(f"{BASE}/news/a0.html"), deep) is None
    assert stats.get_value("piwatch/guard/max_depth") == 1
    next_page = Request(f"{BASE}/news/a1.html", meta={"piwatch_role": "listing"})
    assert guard.get_processed_request(next_page, deep) is not None  # pagination: no depth
    # a URL already allowed stays allowed (retries, re-listing) without counting again
    assert guard.get_processed_request(Request(f"{BASE}/news/a0.html"), None) is not None


def test_guard_refuses_non_http_links() -> None:
    guard, stats = _guard()
    for url in ("ftp://a.cn/x", "file:///etc/passwd", "data:text/html,hi"):
        assert guard.get_processed_request(Request(url), None) is None
    assert stats.get_value("piwatch/guard/not_http") == 3


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("3", 3.0), ("0", 0.0), (None, None), ("soon", None)],
)
def test_retry_after_values(value: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(value, time.time()) == seconds


def test_retry_after_http_date() -> None:
    now = time.time()
    wait = retry_after_seconds(formatdate(now + 30, usegmt=True), now)
    assert wait is not None and 28 <= wait <= 31


def test_retry_after_middleware_schedules_a_delayed_retry() -> None:
    crawler = get_crawler(settings_dict={"PIWATCH_RETRY_AFTER_MAX": 10, "RETRY_TIMES": 2})
    crawler.stats = MemoryStatsCollector(crawler)
    source = parse_sources({"sources": [{"name": "f", "kind": "feed", "start_urls": [BASE]}]})
    crawler.spider = FeedSpider.from_crawler(crawler, source=source[0])
    mw = RetryAfterMiddleware.from_crawler(crawler)
    request = Request(f"{BASE}/a")
    busy = Response(request.url, status=429, headers={"Retry-After": "2"}, request=request)
    before = time.time()
    retry = mw.process_response(request, busy)
    assert isinstance(retry, Request)
    assert retry.meta["piwatch_not_before"] >= before + 2
    assert crawler.stats.get_value("piwatch/retry_after/count") == 1
    too_long = Response(request.url, status=503, headers={"Retry-After": "3600"}, request=request)
    assert mw.process_response(request, too_long) is too_long
    assert crawler.stats.get_value("piwatch/retry_after/too_long") == 1
    plain = Response(request.url, status=503, request=request)
    assert mw.process_response(request, plain) is plain


def test_meta_refresh_is_read_from_the_head_without_decoding_the_page() -> None:
    mw = HeadMetaRefreshMiddleware.from_crawler(get_crawler())
    request = Request(f"{BASE}/old.html")
    filler = "<p>" + "个人信息" * 20_000 + "</p>"  # 240 KB of UTF-8 after the head
    head = (
        "<head><meta charset='utf-8'><meta http-equiv='refresh' content='0; url=/new.html'></head>"
    )
    moved = HtmlResponse(
        request.url, body=f"<html>{head}<body>{filler}</body></html>".encode(), request=request
    )
    redirect = mw.process_response(request, moved)
    assert isinstance(redirect, Request) and redirect.url == f"{BASE}/new.html"
    assert moved._cached_ubody is None  # the page was not decoded for it
    page = HtmlResponse(
        request.url, body=f"<html><body>{filler}</body></html>".encode("gb18030"), request=request
    )
    assert mw.process_response(request, page) is page
    assert page._cached_ubody is None
    short = HtmlResponse(request.url, body=f"<html>{head}</html>".encode(), request=request)
    assert isinstance(mw.process_response(request, short), Request)


def test_conditional_get_uses_the_seen_store(tmp_path: Path) -> None:
    store_path = tmp_path / "seen.sqlite3"
    store = SeenStore(store_path)
    store.mark_indexed([(f"{BASE}/a", "s", '"abc"', "Tue, 05 Mar 2024 02:00:00 GMT", "h1")])
    store.close()
    crawler = get_crawler(settings_dict={"PIWATCH_SEEN_PATH": str(store_path)})
    crawler.stats = MemoryStatsCollector(crawler)
    mw = ConditionalGetMiddleware.from_crawler(crawler)
    seen = Request(f"{BASE}/a", meta={"piwatch_role": "article", "piwatch_url": f"{BASE}/a"})
    new = Request(f"{BASE}/b", meta={"piwatch_role": "article", "piwatch_url": f"{BASE}/b"})
    listing = Request(f"{BASE}/a", meta={"piwatch_role": "listing"})
    for request in (seen, new, listing):
        mw.process_request(request)
    assert seen.headers[b"If-None-Match"] == b'"abc"'
    assert seen.headers[b"If-Modified-Since"] == b"Tue, 05 Mar 2024 02:00:00 GMT"
    assert b"If-None-Match" not in new.headers and b"If-None-Match" not in listing.headers
    with pytest.raises(NotModified):
        mw.process_response(seen, Response(seen.url, status=304, request=seen))
    ok = Response(seen.url, status=200, request=seen)
    assert mw.process_response(seen, ok) is ok
    assert crawler.stats.get_value("piwatch/conditional/not_modified") == 1
    mw.spider_closed()


def test_seen_store_round_trip(tmp_path: Path) -> None:
    store = SeenStore(tmp_path / "s.sqlite3")
    assert store.get("http://x/") is None
    store.mark_indexed([("http://x/", "src", None, None, "h")])
    store.mark_indexed([("http://x/", "src", '"e"', None, "h2")])
    page = store.get("http://x/")
    assert page is not None and page.etag == '"e"' and page.content_hash == "h2"
    assert store.count("src") == 1 and store.count() == 1
    store.close()


def test_rss_and_atom_entries() -> None:
    rss = feed_entries((SITE / "feed.xml").read_bytes())
    assert [e["link"] for e in rss][:1] == ["/news/a1.html"]
    assert len(rss) == 4 and rss[0]["title"] == "某房产中介公司违规出售业主信息被立案调查"
    assert rss[0]["published"].startswith("Tue, 05 Mar 2024")
    atom = feed_entries((SITE / "atom.xml").read_bytes())
    assert [e["link"] for e in atom] == ["/news/a5.html", "/news/a6.html", "/news/a7.html"]
    assert atom[0]["published"] == "2024-03-09T09:30:00+08:00"


def test_news_sitemap_entries() -> None:
    nested, pages = sitemap_entries((SITE / "sitemap.xml").read_bytes())
    assert nested == []
    assert len(pages) == 9
    assert pages[0] == {
        "link": "/news/a1.html",
        "title": "某房产中介公司违规出售业主信息被立案调查",
        "published": "2024-03-05T09:30:00+08:00",
    }
    assert sitemap_entries(gzip.compress((SITE / "sitemap.xml").read_bytes()))[1] == pages
    index = b"<sitemapindex><sitemap><loc>http://a.cn/s1.xml</loc></sitemap></sitemapindex>"
    assert sitemap_entries(index) == (["http://a.cn/s1.xml"], [])


def _response(path: str, body: bytes | None = None, **meta: object) -> HtmlResponse:
    url = BASE + path
    request = Request(url, meta=dict(meta))
    return HtmlResponse(url, body=body or (SITE / path.lstrip("/")).read_bytes(), request=request)


def _spider(cls: type, source: object) -> object:
    """A spider built the way Scrapy builds it, with stats to count into."""
    crawler = get_crawler(cls)
    crawler.stats = MemoryStatsCollector(crawler)
    return cls.from_crawler(crawler, source=source)


def _source(**entry: object) -> object:
    return parse_sources({"sources": [{"start_urls": [BASE + "/"], **entry}]})[0]


def test_listing_follows_items_and_next_page() -> None:
    spider = _spider(
        ListingSpider,
        _source(
            name="l",
            kind="listing",
            selectors={"list_items": "ul.news-list li", "next_page": "a.next::attr(href)"},
        ),
    )
    out = list(spider.parse(_response("/news/index.html")))
    articles = [r for r in out if r.meta["piwatch_role"] == "article"]
    listings = [r for r in out if r.meta["piwatch_role"] == "listing"]
    assert [r.url for r in articles] == [
        f"{BASE}/news/a1.html",
        f"{BASE}/news/a2.html",
        f"{BASE}/news/a3.html",
        f"{BASE}/private/secret.html",
    ]
    assert [r.url for r in listings] == [f"{BASE}/news/list-2.html"]
    assert listings[0].dont_filter and not articles[0].dont_filter
    assert not any(r.meta.get("allow_offsite") for r in articles)  # found links stay on site


def test_feed_items_are_fetched_wherever_they_live() -> None:
    spider = _spider(FeedSpider, _source(name="f", kind="feed"))
    url = f"{BASE}/feed.xml"
    feed = XmlResponse(url, body=(SITE / "feed.xml").read_bytes(), request=Request(url))
    requests = list(spider.parse(feed))
    assert [r.url for r in requests] == [f"{BASE}/news/a{i}.html" for i in range(1, 5)]
    assert all(r.meta["allow_offsite"] for r in requests)
    assert requests[1].meta["piwatch_hints"]["title"] == "多款手机应用超范围收集个人信息被通报"


def test_forum_thread_posts_are_separate_items_linked_to_the_thread() -> None:
    spider = _spider(
        ForumSpider,
        _source(
            name="f",
            kind="forum",
            source_type="forum",
            selectors={
                "posts": "div.post",
                "post_body": "div.post-body",
                "post_author": "span.author",
                "post_date": "span.date",
                "next_page": "a.nxt::attr(href)",
                "thread_title": "h1.thread-title",
            },
        ),
    )
    first = list(spider.parse(_response("/forum/thread-1.html")))
    posts = [p for p in first if isinstance(p, ForumPost)]
    (nxt,) = [r for r in first if isinstance(r, Request)]
    assert [p.floor for p in posts] == [1, 2, 3]
    assert posts[0].url == f"{BASE}/forum/thread-1.html#pid101"
    assert {p.thread_url for p in posts} == {f"{BASE}/forum/thread-1.html"}
    assert posts[0].thread_title == "网购后个人信息被泄露怎么办"
    assert posts[0].author == "楼主小王" and posts[0].reply_to is None
    assert posts[1].reply_to == posts[0].url
    assert posts[0].published_at is not None and posts[0].published_at.utcoffset() is not None
    second = list(spider.parse_thread(_response("/forum/thread-1-p2.html", **nxt.meta)))
    floors = [p.floor for p in second if isinstance(p, ForumPost)]
    assert floors == [4, 5, 6]
    assert {p.reply_to for p in second if isinstance(p, ForumPost)} == {posts[0].url}
    assert {p.thread_url for p in second if isinstance(p, ForumPost)} == {
        f"{BASE}/forum/thread-1.html"
    }


def test_api_records_become_articles_or_requests() -> None:
    assert dig({"data": {"list": [{"u": 1}]}}, "data.list.0.u") == 1
    assert dig({"a": 1}, "b.c") is None
    assert (
        with_page("http://a.cn/api?page=1&size=20", "page", 2) == "http://a.cn/api?size=20&page=2"
    )
    spider = _spider(
        ApiSpider,
        _source(
            name="api",
            kind="api",
            source_type="complaint",
            api={"items": "data.list", "content": "text", "published": "t", "page_param": "page"},
        ),
    )
    body = (
        '{"data": {"list": [{"url": "/c/1?utm_source=x", "title": "投诉一", "text": "商家泄露电话",'
        ' "t": "2024年3月5日"}, {"url": "/c/2", "title": "投诉二"}]}}'
    ).encode()
    response = TextResponse(f"{BASE}/api?page=1", body=body, request=Request(f"{BASE}/api?page=1"))
    out = list(spider.parse(response))
    article = next(o for o in out if isinstance(o, Article))
    assert article.url == f"{BASE}/c/1" and article.content == "商家泄露电话"
    assert article.published_at is not None and article.published_at.year == 2024
    fetch = [o for o in out if isinstance(o, Request) and o.meta["piwatch_role"] == "article"]
    assert [r.url for r in fetch] == [f"{BASE}/c/2"]
    nxt = [o for o in out if isinstance(o, Request) and o.meta["piwatch_role"] == "listing"]
    assert nxt[0].url == f"{BASE}/api?page=2"


@pytest.mark.parametrize(("crawlers", "downloads"), [(1, 16), (2, 8), (50, 4)])
def test_a_run_s_budgets_are_shared_by_its_crawlers(crawlers: int, downloads: int) -> None:
    """Scrapy's limits are per crawler; a run of many sources holds them all to the run's."""
    base = Settings(
        {
            "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
            "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 5_000_000,
        }
    )
    budget = share_among_crawlers(base, crawlers)
    assert (budget.max_downloads, budget.max_held_bytes) == (16, 5_000_000)
    assert base.getint("CONCURRENT_REQUESTS") == downloads


def test_a_run_s_budget_lets_sites_take_turns_within_its_limit() -> None:
    """Two downloads at once for the whole run; waiting requests go one site after another,
    and a request cancelled while it waits takes no download with it."""
    sites = [get_crawler() for _ in range(3)]
    budget = RunBudget(max_downloads=2, max_held_bytes=5_000_000)
    order: list[int] = []
    under_way: list[int] = []

    async def download(site: int) -> None:
        await budget.enter(sites[site])
        order.append(site)
        under_way.append(budget.downloads)
        await asyncio.sleep(0.01)
        budget.leave()

    async def crawl() -> None:
        started = [asyncio.create_task(download(site)) for site in (0, 0, 0, 0, 1, 1, 2)]
        cancelled = asyncio.create_task(download(2))
        await asyncio.sleep(0)
        cancelled.cancel()
        await asyncio.gather(*started)

    asyncio.run(crawl())
    assert order == [0, 0, 0, 1, 2, 0, 1]
    assert max(under_way) == 2 and budget.downloads == 0
