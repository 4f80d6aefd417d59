"""One page's CPU work as an extraction worker runs it: decode, main text, lead, word fields."""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from piwatch.crawlers.items import Article
from piwatch.crawlers.jobs import PageJob
from piwatch.crawlers.page_work import work_on
from piwatch.pipelines.options import ArticleSelectors, ExtractOptions
from piwatch.pipelines.text.decode import NotText
from piwatch.search.documents import lead_document

FETCHED = datetime(2024, 3, 6, 8, 0, tzinfo=UTC)
LEAD = [
    "记者从杭州市市场监管局获悉，杭州某某房产经纪有限公司未经业主同意，将业主姓名、手机号码等个人信息出售给装修公司。",
    "多名业主反映，自去年起频繁接到装修和贷款推销电话，对方能准确说出其小区和房号。",
    "执法人员依法对该公司作出罚款五十万元的行政处罚，并责令其删除违法收集的个人信息。",
]


def _page(title: str, paragraphs: list[str], date: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    info = f"<div class='info'>发布时间：{date}</div>" if date else ""
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<div class='nav'><a href='/'>首页</a></div><h1>{title}</h1>{info}"
        f"<div class='content'>{body}</div><div class='foot'>版权所有</div></body></html>"
    )


def _job(body: bytes, content_type: str | None = "text/html", **hints: str) -> PageJob:
    return PageJob(
        url="http://news.example.cn/a/1.html?from=feed",
        canonical="http://news.example.cn/a/1.html",
        body=body,
        content_type=content_type,
        encoding_override=None,
        decoded=None,
        selectors=ArticleSelectors(),
        tz="Asia/Shanghai",
        fetched_at=FETCHED,
        source_type="news",
        options=ExtractOptions(),
        hints=hints,
    )


def test_a_gbk_page_labelled_utf8_yields_its_lead_and_word_fields() -> None:
    title = "房产中介出售业主个人信息被罚五十万元"
    html = _page(title, LEAD, "2024年3月5日 10:20").replace("charset='utf-8'", "charset='gbk'")
    work = work_on(_job(html.encode("gbk"), "text/html; charset=utf-8"))
    assert work.encoding in ("gbk", "gb18030")
    assert work.title == title and work.content.split("\n") == LEAD
    assert work.published == datetime(2024, 3, 5, 2, 20, tzinfo=UTC)
    assert work.extraction is not None and work.extraction.is_lead
    assert (
        work.extraction.id == "http://news.example.cn/a/1.html"
    )  # the item's URL, not the fetched one
    assert work.words is not None
    assert "个人信息" in (work.words["content_zh"] or "").split()
    assert "罚" in (work.words["title_zh"] or "")
    pickle.loads(pickle.dumps(work))  # it comes back from a worker process


def test_the_list_s_hints_fill_what_the_page_lacks() -> None:
    html = "<html><body><div>" + "".join(f"<p>{p}</p>" for p in LEAD) + "</div></body></html>"
    work = work_on(_job(html.encode(), title="列表里的标题", published="2024-03-05 10:20"))
    assert work.title == "列表里的标题"
    assert work.published == datetime(2024, 3, 5, 2, 20, tzinfo=UTC)


def test_a_page_without_main_text_has_no_lead_and_no_words() -> None:
    work = work_on(_job(b"<html><body><script>var page = 1;</script></body></html>"))
    assert work.content == "" and work.extraction is None and work.words is None


def test_a_binary_body_is_not_text() -> None:
    with pytest.raises(NotText):
        work_on(_job(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "image/png"))


def test_a_lead_s_search_fields_come_from_the_worker_as_the_index_would_make_them() -> None:
    """The worker's lead fields, handed to the index layer, give the very lead document it
    would build itself (which needs jieba's dictionary in the crawl process)."""
    html = _page("房产中介出售业主个人信息被罚五十万元", [*LEAD, "联系电话：13812345678。"])
    work = work_on(replace(_job(html.encode()), province="浙江省", city="杭州市"))
    assert work.extraction is not None and work.extraction.is_lead and work.lead_fields
    item = Article(
        url="http://news.example.cn/a/1.html",
        source="news",
        source_type="news",
        title=work.title,
        content=work.content,
        province="浙江省",
        city="杭州市",
    )
    seen = datetime(2024, 3, 6, tzinfo=UTC)
    built_here = lead_document(work.extraction, item, seen_at=seen)
    item.lead_fields = work.lead_fields
    assert lead_document(work.extraction, item, seen_at=seen) == built_here
    assert "13812345678" not in work.lead_fields["article_content"]  # masked like the evidence
    assert "个人信息" in work.lead_fields["article_content_zh"].split()


def test_a_page_that_is_no_lead_carries_no_lead_fields() -> None:
    html = _page(
        "市场监管局开展消费维权宣传", ["市场监管局在广场开展消费维权宣传活动，发放宣传资料。"] * 3
    )
    work = work_on(_job(html.encode()))
    assert work.extraction is not None and not work.extraction.is_lead
    assert work.lead_fields is None


def test_the_crawl_process_loads_no_extraction_stack() -> None:
    """Its workers extract and segment; the crawl process, which imports the command line,
    the spiders, the item pipelines and the index layer, must not carry jieba's dictionary,
    trafilatura, dateparser or numpy (about 100 MB) for nothing."""
    heavy = ("rjieba", "jieba", "trafilatura", "dateparser", "numpy", "sklearn")
    code = (
        "import sys, piwatch.cli, piwatch.crawlers.runner, piwatch.crawlers.item_pipelines\n"
        "import piwatch.crawlers.spiders.feed, piwatch.crawlers.spiders.forum\n"
        "import piwatch.crawlers.spiders.api, piwatch.search.documents\n"
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == ""
