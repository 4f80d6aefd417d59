"""End to end: `piwatch crawl` (a child process) on the local test web into the real node."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from testkit.crawlrun import Crawl
from testkit.faults import slow_feed, wait_for
from testkit.webserver import LocalWeb

SITE = Path(__file__).resolve().parents[1] / "site"
ROOT = Path(__file__).resolve().parents[2]
TRUTH: dict[str, Any] = json.loads((SITE / "truth.json").read_text("utf-8"))

pytestmark = [pytest.mark.es, pytest.mark.slow]


def site_sources(web: LocalWeb) -> list[dict[str, Any]]:
    url = web.url
    return [
        {"name": "site-rss", "kind": "feed", "start_urls": [url("/feed.xml")]},
        {"name": "site-atom", "kind": "feed", "start_urls": [url("/atom.xml")]},
        {"name": "site-sitemap", "kind": "sitemap", "start_urls": [url("/sitemap.xml")]},
        {
            "name": "site-listing",
            "kind": "listing",
            "start_urls": [url("/news/")],
            "selectors": {"list_items": "ul.news-list li", "next_page": "a.next::attr(href)"},
            "region": {"province": "广东省", "city": "深圳市"},
        },
        {
            "name": "site-forum",
            "kind": "forum",
            "source_type": "forum",
            "start_urls": [url("/forum/thread-1.html")],
            "selectors": {
                "posts": "div.post",
                "post_body": "div.post-body",
                "post_author": "span.author",
                "post_date": "span.date",
                "next_page": "a.nxt::attr(href)",
                "thread_title": "h1.thread-title",
            },
        },
        {
            "name": "site-misc",
            "kind": "feed",
            "start_urls": [url("/misc.xml")],
            "max_pages": 40,
        },
        {
            "name": "site-calendar",
            "kind": "listing",
            "start_urls": [url("/calendar/2024/3")],
            "selectors": {"list_items": "ul.events li", "next_page": "a.next::attr(href)"},
            "max_pages_per_template": 12,
        },
    ]


MISC_LINKS = [
    "/gbk/article.html",
    "/status/404",
    "/status/500",
    "/slow/8/timeout",
    "/big/3000000",
    "/binary.png",
    "/binary.html",
    "/loop/a",
    "/retry-after/r1",
    "/private/secret.html",
    "/news/a1.html?utm_source=misc&spm=x.y",
]


def run_record(crawl: Crawl) -> dict[str, Any]:
    crawl.es.indices.refresh(index=f"{crawl.prefix}-runs")
    found = crawl.es.search(index=f"{crawl.prefix}-runs", sort=[{"started_at": "desc"}], size=1)
    return found["hits"]["hits"][0]["_source"]


def test_site_crawl_end_to_end(crawl: Crawl, local_web: LocalWeb) -> None:
    web = local_web
    elsewhere = web.url("/news/a9.html").replace("127.0.0.1", "localhost")  # another host
    links = [web.url(p) for p in MISC_LINKS] + ["ftp://127.0.0.1/file.txt", elsewhere]
    web.add_feed("/misc.xml", links)
    sources = crawl.sources_file(site_sources(web))
    crawl.env_extra["PIWATCH_CRAWL__MAX_RESPONSE_BYTES"] = "1000000"  # /big/3000000 is over
    mark = web.mark()
    result = crawl.crawl(sources)
    assert result.returncode == 0, result.stderr[-3000:]
    hits = web.since(mark)
    docs = crawl.docs()
    by_url = {d["url"]: d for d in docs}

    # every news article, titles exact, body as written, date parsed with its zone
    for path, truth in TRUTH.items():
        if not path.startswith(("/news/", "/gbk/")):
            continue
        doc = by_url[web.url(path)]
        assert doc["title"] == truth["title"], path
        for paragraph in truth["body"].split("\n"):
            assert paragraph in doc["content"], path
        assert doc["published_at"].startswith("2024-03-"), path
    a1 = by_url[web.url("/news/a1.html")]
    assert a1["published_at"] == "2024-03-05T09:30:00+08:00"
    # tracking parameters stripped before de-duplication: one document for a2, one for a1
    assert web.url("/news/a2.html") in by_url
    assert not [u for u in by_url if "utm_" in u or "spm=" in u]

    # a feed's items are fetched wherever they live
    assert by_url[elsewhere]["title"] == TRUTH["/news/a9.html"]["title"]

    # the GBK page labelled UTF-8 decoded
    gbk = by_url[web.url("/gbk/article.html")]
    assert gbk["encoding"] == "gb18030"
    assert "网络经营者对收集的消费者个人信息必须严格保密" in gbk["content"]

    # forum: every post and reply its own document, floors across three pages, one thread
    posts = sorted((d for d in docs if d.get("doc_type") == "forum_post"), key=lambda d: d["floor"])
    assert [p["floor"] for p in posts] == list(range(1, 9))
    assert {p["thread_url"] for p in posts} == {web.url("/forum/thread-1.html")}
    assert [p["author"] for p in posts] == [t["author"] for t in TRUTH["forum"]]
    assert [p["content"] for p in posts] == [t["body"] for t in TRUTH["forum"]]
    assert all(p["title"] == "网购后个人信息被泄露怎么办" for p in posts)
    assert all(p.get("published_at") for p in posts)

    # robots.txt: the forbidden path was never requested
    assert not [h for h in hits if h.path.startswith("/private/")]
    # the calendar trap is bounded by the per-template limit
    calendar = [h for h in hits if h.path.startswith("/calendar/")]
    assert 0 < len({h.path for h in calendar}) <= 12
    assert len(calendar) <= 2 * 12  # each month is a list page and linked as an item
    # Retry-After honoured: the retry came after the server's delay
    retries = [h for h in hits if h.path == "/retry-after/r1"]
    assert [h.status for h in retries] == [429, 200]
    assert retries[1].at - retries[0].at >= 1.0
    assert web.url("/retry-after/r1") in by_url
    # the redirect loop stopped
    assert len([h for h in hits if h.path.startswith("/loop/")]) <= 12

    record = run_record(crawl)
    misc = record["sources"]["site-misc"]
    events = misc["events"]
    assert events["fetch/http_404"] == 1 and events["fetch/http_500"] == 1
    assert events["fetch/timeout"] == 1
    assert events["fetch/too_large"] == 1
    assert events["guard/not_http"] == 1
    assert events["fetch/robots_forbidden"] == 1
    assert events["page/not_text"] == 2
    assert misc["failed"] == 4 and misc["dropped"] >= 2 and misc["errors"] == 0
    assert record["sources"]["site-calendar"]["events"]["guard/template_limit"] >= 1
    assert record["status"] == "ok"
    assert "site-misc" in result.stdout  # the per-source summary table


def test_second_run_fetches_only_what_changed(crawl: Crawl, local_web: LocalWeb) -> None:
    web = local_web
    sources = crawl.sources_file(site_sources(web)[:4])  # feeds, sitemap, listing
    first = crawl.crawl(sources)
    assert first.returncode == 0, first.stderr[-3000:]
    before = {d["url"]: d for d in crawl.docs()}
    changed = "/news/a3.html"
    original = (SITE / changed.lstrip("/")).read_bytes()
    web.add_page(
        changed, original.replace("调查发现".encode(), "记者调查发现".encode()), "text/html"
    )
    try:
        mark = web.mark()
        second = crawl.crawl(sources)
        assert second.returncode == 0, second.stderr[-3000:]
        hits = web.since(mark)
    finally:
        web.pages.pop(changed, None)
    articles = [h for h in hits if h.path.startswith("/news/a")]
    fetched = {h.path for h in articles if h.status == 200}
    not_modified = {h.path for h in articles if h.status == 304}
    assert fetched == {changed}
    assert not_modified == {f"/news/a{i}.html" for i in range(1, 10)} - {changed}
    # listings and feeds were fetched again in full
    assert {"/feed.xml", "/atom.xml", "/sitemap.xml", "/news/", "/news/list-3.html"} <= {
        h.path for h in hits if h.status == 200
    }
    after = {d["url"]: d for d in crawl.docs()}
    assert set(after) == set(before)
    assert "记者调查发现" in after[web.url(changed)]["content"]
    assert (
        after[web.url("/news/a1.html")]["fetched_at"]
        == before[web.url("/news/a1.html")]["fetched_at"]
    )
    record = run_record(crawl)
    assert sum(s["not_modified"] for s in record["sources"].values()) >= 8


@pytest.mark.browser
def js_source(web: LocalWeb, name: str, render: str) -> dict[str, Any]:
    """The list filled by script (``/js/``) as a source rendered ``render``."""
    return {
        "name": name,
        "kind": "listing",
        "render": render,
        "source_type": "official",
        "start_urls": [web.url("/js/index.html")],
        "selectors": {"list_items": "#list li"},
    }


def test_javascript_list_through_chromium(crawl: Crawl, local_web: LocalWeb) -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed")
    web = local_web
    sources = [js_source(web, "site-js", "browser"), js_source(web, "site-js-plain", "http")]
    result = crawl.crawl(crawl.sources_file(sources))
    assert result.returncode == 0, result.stderr[-3000:]
    docs = {d["url"]: d for d in crawl.docs("site-js")}
    for i in (1, 2, 3):
        truth = TRUTH[f"/js/j{i}.html"]
        doc = docs[web.url(f"/js/j{i}.html")]
        assert doc["title"] == truth["title"]
        assert truth["body"].split("\n")[0] in doc["content"]
    # the same list fetched without a browser has no rows: the list exists only in script
    assert crawl.docs("site-js-plain") == []


def test_browser_for_lists_only(crawl: Crawl, local_web: LocalWeb) -> None:
    """``render: browser-lists``: the list goes through Chromium, its articles do not."""
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed")
    web = local_web
    mark = web.mark()
    result = crawl.crawl(crawl.sources_file([js_source(web, "site-js-lists", "browser-lists")]))
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


def test_missing_chromium_is_one_line(crawl: Crawl, local_web: LocalWeb) -> None:
    sources = crawl.sources_file(
        [
            {
                "name": "needs-browser",
                "kind": "listing",
                "render": "browser",
                "start_urls": [local_web.url("/js/index.html")],
            }
        ]
    )
    crawl.env_extra["PIWATCH_CRAWL__CHROMIUM_PATH"] = "/nonexistent/chromium"
    result = crawl.crawl(sources)
    assert result.returncode != 0
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("piwatch: source(s) needs-browser need Chromium")
    )
    assert "Traceback" not in result.stderr


def test_bad_sources_file_is_one_line(crawl: Crawl, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - name: x\n    kind: blog\n    start_urls: [http://a/]\n", "utf-8")
    result = crawl.crawl(bad)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "source x: field kind" in result.stderr
    unknown = crawl.crawl(crawl.sources_file([]), "--source", "nope")
    assert unknown.returncode != 0 and "Traceback" not in unknown.stderr


def test_killed_crawl_resumes_without_loss_or_duplicates(crawl: Crawl, local_web: LocalWeb) -> None:
    web = local_web
    sources, expected = slow_feed(web, crawl)
    child = crawl.start(sources, quiet=False)
    # Killed once a flush (every 2 s) has indexed items and recorded them in the seen-store
    # (after the index acknowledged them), not merely downloaded them: on a loaded machine
    # extraction lags the downloads by seconds.
    deadline = time.monotonic() + 180
    while not crawl.seen("slow"):
        assert time.monotonic() < deadline, "no article was recorded as indexed within 180 s"
        assert child.poll() is None, "the crawl ended before it could be killed"
        time.sleep(0.2)
    child.kill()  # SIGKILL: no shutdown, no flush
    child.wait()
    first_docs = {d["url"] for d in crawl.docs("slow")}
    assert 0 < len(first_docs) < len(expected)
    resume_mark = web.mark()
    result = crawl.crawl(sources)
    assert result.returncode == 0, result.stderr[-3000:]
    docs = crawl.docs("slow")
    urls = [d["url"] for d in docs]
    assert sorted(urls) == sorted(expected)  # none lost, none doubled
    count = crawl.es.count(index=f"{crawl.prefix}-articles", query={"term": {"source": "slow"}})
    assert count["count"] == len(expected)
    refetched = [
        h for h in web.since(resume_mark) if h.path.startswith("/slowsite/a") and h.status == 200
    ]
    # what was indexed (and recorded in the seen-store) before the kill was not downloaded
    # again; a page killed between the index ack and the seen-store write may be, harmlessly
    assert len(refetched) < len(expected)


def test_scrapy_crawl_command_uses_the_project(crawl: Crawl, local_web: LocalWeb) -> None:
    sources = crawl.sources_file([site_sources(local_web)[0]])  # site-rss: four articles
    command = ["scrapy", "crawl", "feed", "-a", "source=site-rss", "-a", f"sources_file={sources}"]
    result = subprocess.run(
        [sys.executable, "-m", *command, "-s", "LOG_LEVEL=WARNING"],
        env=crawl.env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    docs = crawl.docs("site-rss")
    assert sorted(d["url"] for d in docs) == [
        local_web.url(f"/news/a{i}.html") for i in range(1, 5)
    ]


def test_a_second_crawl_of_a_running_source_leaves_it_alone(
    crawl: Crawl, local_web: LocalWeb
) -> None:
    """A hand-started crawl beside a running one: the source both name fails in the second
    with the reason, and the first crawl's queue is untouched, so it indexes every page once."""
    web = local_web
    sources, expected = slow_feed(web, crawl)
    first = crawl.start(sources)
    wait_for(lambda: crawl.seen("slow") or first.poll() is not None, 180, "an indexed article")
    assert first.poll() is None, "the first crawl ended before the second started"
    second = crawl.crawl(sources)
    assert first.poll() is None, "the first crawl ended before the second was refused"
    assert second.returncode == 1, second.stderr[-3000:]
    assert "source slow failed: another crawl of this source is running" in second.stderr
    _, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr[-3000:]
    urls = [d["url"] for d in crawl.docs("slow")]
    assert sorted(urls) == sorted(expected)  # none lost, none doubled


def test_a_run_of_many_sources_keeps_to_its_download_budget(
    crawl: Crawl, local_web: LocalWeb
) -> None:
    """``concurrent_requests`` holds for the whole run, not for each source's crawler: four
    sources of slow pages, two downloads at a time, and every page still indexed once."""
    web = local_web
    sources, expected = [], []
    for site in range(4):
        links = []
        for n in range(4):
            path = f"/budget/{site}/{n}.html"
            body = (
                f"<html><head><title>第{site}站第{n}篇</title></head><body><article>"
                f"<p>本站第{n}篇消息：某培训机构在招生时登记学员信息，并向家长推送课程广告。</p>"
                "</article></body></html>"
            ).encode()
            web.add_page(path, body, "text/html; charset=utf-8", delay=0.2)
            links.append(web.url(path))
        feed = web.add_feed(f"/budget/{site}/feed.xml", links)
        sources.append({"name": f"budget-{site}", "kind": "feed", "start_urls": [feed]})
        expected += links
    crawl.env_extra["PIWATCH_CRAWL__CONCURRENT_REQUESTS"] = "2"
    result = crawl.crawl(crawl.sources_file(sources))
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(d["url"] for d in crawl.docs()) == sorted(expected)
    runs = run_record(crawl)["sources"]
    assert max(runs[s["name"]]["events"]["run_budget/peak_downloads"] for s in sources) == 2
    assert sum(runs[s["name"]]["events"].get("run_budget/waited", 0) for s in sources) > 0
