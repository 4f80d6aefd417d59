"""The demo web's case reported from two provinces (news 1001 in Shenzhen, 1011 in Hangzhou):
extracted as served, indexed, it is cross-regional in both provinces' digests, each naming the
other."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from elasticsearch import Elasticsearch

from piwatch.crawlers.items import Article
from piwatch.pipelines.leads import ExtractOptions
from piwatch.pipelines.leads.extract import extract
from piwatch.pipelines.text.mask import mask_pii
from piwatch.reports.digest import DigestOptions, RecipientSpec, build_for
from piwatch.reports.render import render_html
from piwatch.reports.routing import Jurisdiction
from piwatch.reports.smtp import SmtpOptions
from piwatch.reports.weeks import week_of
from piwatch.search import indices
from piwatch.search.documents import lead_document
from testkit.demopages import demo_pages

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.es
def test_the_demo_case_from_two_provinces_is_cross_regional_in_both_digests(
    es: Elasticsearch, index_prefix: str, tmp_path: Path
) -> None:
    today = date.today()
    seen = datetime.now(UTC)
    indices.ensure(es, index_prefix)
    for page in demo_pages(today):
        if page.expected["id"] not in ("news-1001", "news-1011"):
            continue
        t = page.text
        found = extract(t, ExtractOptions())
        assert found.is_lead, t.id
        item = Article(
            url=t.url or "",
            source="demo-news",
            source_type="news",
            title=t.title or "",
            content=t.text,
            published_at=t.published,
        )
        lead_id, doc = lead_document(found, item, seen_at=seen)
        es.index(index=indices.alias(index_prefix, "leads"), id=lead_id, document=doc)
    es.indices.refresh(index=indices.alias(index_prefix, "leads"))

    week = week_of(seen, TZ)
    options = DigestOptions(
        prefix=index_prefix,
        kibana_url="http://kibana.test:5601",
        timezone=TZ,
        sender="piwatch@test.example",
        recipients=(),
        max_leads=50,
        out_dir=tmp_path,
        sent_db=tmp_path / "sent.sqlite",
        smtp=SmtpOptions(host="127.0.0.1", port=25),
    )
    lines = {}
    for province in ("广东省", "浙江省"):
        spec = RecipientSpec(f"{province}@test.example", province, Jurisdiction(province))
        digest = build_for(es, options, week, spec, mask_pii)
        assert [c.name for c in digest.cross_regional] == ["深圳市鹏城安家房地产经纪有限公司"]
        lines[province] = digest.cross_regional[0]
        assert "跨地区案件" in render_html(digest)
    assert any("杭州市" in o for o in lines["广东省"].others)
    assert any("深圳市" in o for o in lines["浙江省"].others)
    assert all("广东省" not in o for o in lines["广东省"].others)
