"""Bad pages inside a real crawl: binary bodies, garbage bytes, mixed encodings, deeply nested
and broken HTML, a multi-megabyte single line, an empty page. The crawl finishes, the good
article is indexed, and a page that cannot be used is named by its URL in the log."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from testkit.crawlrun import PiwatchCrawl
from testkit.faults import es_url, run_record
from testkit.webserver import PNG, LocalWeb, article_html

pytestmark = pytest.mark.slow

TEXT = "某房产中介将业主姓名和电话出售给装修公司，市场监管局已立案调查，责令整改并处以罚款。"


def bad_pages() -> dict[str, tuple[bytes, str]]:
    rng = random.Random(20261128)
    mixed = (b"<html><head><meta charset='gbk'></head><body><p>"
             + TEXT.encode("utf-8") + TEXT.encode("gbk") + TEXT.encode("big5", "replace")
             + b"</p></body></html>")  # fmt: skip
    return {
        "binary": (PNG, "text/html; charset=utf-8"),
        "garbage": (bytes(rng.randrange(256) for _ in range(20_000)), "text/html"),
        "mixed": (mixed, "text/html; charset=utf-8"),
        "deep": (("<div>" * 3000 + TEXT + "</span>" * 50).encode(), "text/html; charset=utf-8"),
        "broken": (b"<html><p>" + TEXT.encode() + b"<<div </td><!-- <script>", "text/html"),
        "huge": (b"<html><body><p>" + TEXT.encode() * 40_000 + b"</p></body></html>",
                 "text/html; charset=utf-8"),
        "empty": (b"", "text/html; charset=utf-8"),
        "good": (article_html("中介出售业主信息被查处", TEXT * 3), "text/html; charset=utf-8"),
    }  # fmt: skip


def test_bad_pages_do_not_stop_the_crawl(
    es: Elasticsearch, index_prefix: str, local_web: LocalWeb, tmp_path: Path
) -> None:
    pages = bad_pages()
    links = []
    for name, (body, ctype) in pages.items():
        path = f"/badpages/{name}.html"
        local_web.add_page(path, body, ctype)
        links.append(local_web.url(path))
    feed = local_web.add_feed("/badpages/feed.xml", links)
    crawl = PiwatchCrawl(es_url(es), index_prefix, tmp_path, {})
    sources = crawl.sources_file([{"name": "bad", "kind": "feed", "start_urls": [feed]}])
    proc = crawl.start(sources)
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-2000:]

    es.indices.refresh(index=f"{index_prefix}-articles")
    found = es.search(index=f"{index_prefix}-articles", size=50, source=["url", "title"])
    urls = {h["_source"]["url"] for h in found["hits"]["hits"]}
    log = crawl.log()
    (record,) = run_record(es, index_prefix)
    names = sorted(u.rsplit("/", 1)[1] for u in urls)
    items = record["sources"]["bad"]["items"]
    print(f"bad pages: indexed={names} record={items} items, status {record['status']}")
    assert local_web.url("/badpages/good.html") in urls
    assert f"{local_web.url('/badpages/binary.html')} skipped, not a text page" in log
    assert "Spider error" not in log and "Traceback" not in log
    assert record["status"] == "ok"
