"""Items and extractions to documents: deterministic ids, fields, preserved lead fields."""

from __future__ import annotations

from datetime import UTC, datetime

from piwatch.pipelines.leads import ExtractOptions, TextInput
from piwatch.pipelines.leads.extract import extract
from piwatch.search import documents
from testkit.factories import article, extraction, forum_post

SEEN = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def test_ids_are_deterministic_and_distinct_per_kind() -> None:
    url = "http://127.0.0.1:8000/news/1.html"
    assert documents.article_id(url) == documents.article_id(url)
    assert documents.article_id(url) != documents.article_id(url + "?p=2")
    assert documents.lead_id(url) != documents.article_id(url)
    assert len(documents.article_id(url)) == 40


def test_article_document() -> None:
    doc_id, doc = documents.article_document(
        article(3, "某App违规收集人臉信息", "用户反映某App強制索取人脸识别权限。"), is_lead=True
    )
    assert doc_id == documents.article_id("http://127.0.0.1:8000/news/3.html")
    assert doc["doc_type"] == "article"
    assert doc["title_zh"] == "某 app 违规 收集 人脸 信息"
    assert "强制" in doc["content_zh"].split()
    assert doc["published_at"] == "2026-11-04T08:00:00+00:00"
    assert doc["is_lead"] is True
    assert "author" not in doc  # None values are left out


def test_forum_post_document() -> None:
    doc_id, doc = documents.article_document(forum_post(7, floor=2))
    assert doc_id == documents.article_id("http://127.0.0.1:8000/thread/7#post-2")
    assert doc["doc_type"] == "forum_post"
    assert doc["title"] == "装修公司天天打电话"
    assert doc["thread_url"] == "http://127.0.0.1:8000/thread/7"
    assert doc["floor"] == 2
    assert doc["author"] == "业主甲"


def test_lead_document() -> None:
    item = article(1, "中介出售业主电话", "……")
    doc_id, doc = documents.lead_document(extraction("a1"), item, seen_at=SEEN)
    assert doc_id == documents.lead_id(item.url)
    assert doc["businesses"] == [{"name": "某某房地产经纪有限公司", "role": "subject"}]
    assert doc["business_names"] == ["某某房地产经纪有限公司"]  # victims are not listed
    assert doc["regions"] == [{"province": "广东省", "city": "深圳市"}]
    assert (doc["province"], doc["city"]) == ("广东省", "深圳市")
    assert doc["first_seen"] == doc["last_seen"] == SEEN.isoformat()
    assert doc["status"] == "new"
    assert doc["simhash"] == f"{extraction('a1').simhash:016x}"
    assert doc["case_key"] == ["某某房地产经纪:disclose_or_sell"]
    assert doc["article_title_zh"] == "中介 出售 业主 电话"
    assert doc["evidence_zh"][0].startswith("中介 将 业主 电话")
    refresh = documents.lead_refresh(doc)
    assert not set(documents.LEAD_PRESERVED) & set(refresh)
    assert refresh["last_seen"] == SEEN.isoformat()


def test_run_document() -> None:
    run_id, doc = documents.run_document(
        {"run_id": "crawl-1", "job": "crawl", "started_at": SEEN, "ended_at": None, "items": 3}
    )
    assert run_id == "crawl-1"
    assert doc == {"run_id": "crawl-1", "job": "crawl", "started_at": SEEN.isoformat(), "items": 3}


def test_lead_document_points_at_the_item_of_a_roundup() -> None:
    body = (
        "1. 国产大飞机完成首次商业航班飞行。\n"
        "2. 杭州某房产中介公司员工将业主姓名和手机号出售给装修公司，已被立案调查。\n"
        "3. 多地气温回升，注意防范强对流天气。"
    )
    found = extract(TextInput(id="r", text=body, title="早报：今日要闻三则"), ExtractOptions())
    _, doc = documents.lead_document(found, article(2, "早报：今日要闻三则", body), seen_at=SEEN)
    assert doc["item"]["heading"].startswith("2. 杭州某房产中介公司")
    assert body[doc["item"]["start"] : doc["item"]["end"]].startswith("2. 杭州某房产中介公司")
    _, plain = documents.lead_document(
        extraction("a1"), article(1, "中介出售业主电话", "……"), seen_at=SEEN
    )
    assert "item" not in plain  # a one-story text has no item
