"""Lead search filters, aggregations by sector, conduct and province, and triage updates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from piwatch.errors import PiwatchError
from piwatch.search import documents, indices
from piwatch.search.bulk import BulkWriter
from piwatch.search.lead_changes import TriageChange
from piwatch.search.outbox import Outbox
from piwatch.search.queries import LeadQuery, lead_aggregations, search_leads
from piwatch.search.triage import get_lead, set_lead
from testkit.factories import article, extraction

SEEN = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LEADS = [
    # n, conduct, sector, province, city, business, evidence
    (1, "disclose_or_sell", "real_estate", "广东省", "深圳市", "深圳某房产经纪公司",
     "房产中介出售业主电话"),
    (2, "disclose_or_sell", "real_estate", "广东省", "广州市", "广州某地产代理公司",
     "地产代理把购房者名单卖给装修公司"),
    (3, "collect_without_consent", "small_loans", "浙江省", "杭州市", "某网贷平台",
     "网贷App强制读取通讯录"),
    (4, "unsolicited_marketing", "education_training", "北京市", "北京市", "某培训机构",
     "培训机构每天拨打推销电话"),
]  # fmt: skip


@pytest.fixture
def leads(es: Elasticsearch, index_prefix: str, tmp_path: Path) -> Iterator[str]:
    indices.ensure(es, index_prefix)
    with BulkWriter(es, Outbox(tmp_path), index_prefix) as writer:
        for n, conduct, sector, province, city, business, evidence in LEADS:
            item = article(n, title=evidence, content=evidence)
            ext = extraction(
                f"a{n}", conduct=(conduct,), sectors=(sector,), province=province, city=city,
                business=business, evidence=evidence,
            )  # fmt: skip
            writer.add("leads", *documents.lead_document(ext, item, seen_at=SEEN))
    assert writer.stats.indexed == len(LEADS)
    es.indices.refresh(index=f"{index_prefix}-leads")
    yield index_prefix


def numbers(page) -> set[int]:  # type: ignore[no-untyped-def]
    return {int(hit["article_url"].rsplit("/", 1)[1].split(".")[0]) for hit in page.hits}


def test_aggregations_by_sector_conduct_province(es: Elasticsearch, leads: str) -> None:
    aggs = lead_aggregations(es, leads)
    assert dict(aggs["sectors"]) == {"real_estate": 2, "small_loans": 1, "education_training": 1}
    assert dict(aggs["conduct"]) == {
        "disclose_or_sell": 2, "collect_without_consent": 1, "unsolicited_marketing": 1,
    }  # fmt: skip
    assert dict(aggs["province"]) == {"广东省": 2, "浙江省": 1, "北京市": 1}
    only_real_estate = lead_aggregations(es, leads, LeadQuery(sectors=("real_estate",)))
    assert dict(only_real_estate["province"]) == {"广东省": 2}


def test_filters(es: Elasticsearch, leads: str) -> None:
    assert numbers(search_leads(es, leads, LeadQuery(region="广东省"))) == {1, 2}
    assert numbers(search_leads(es, leads, LeadQuery(region="深圳市"))) == {1}
    assert numbers(search_leads(es, leads, LeadQuery(conduct=("unsolicited_marketing",)))) == {4}
    assert numbers(search_leads(es, leads, LeadQuery(sectors=("small_loans",)))) == {3}
    # factories.article(n) is published on 2026-11-(1+n).
    assert numbers(search_leads(es, leads, LeadQuery(since=date(2026, 11, 4)))) == {3, 4}
    assert numbers(search_leads(es, leads, LeadQuery(text="推销電話"))) == {4}
    assert numbers(search_leads(es, leads, LeadQuery(text="装修公司", region="广东省"))) == {2}
    page = search_leads(es, leads, LeadQuery())
    assert page.total == 4
    assert [hit["published_at"] for hit in page.hits] == sorted(
        (hit["published_at"] for hit in page.hits), reverse=True
    )


def test_triage_update_is_kept_by_reindex(es: Elasticsearch, leads: str, tmp_path: Path) -> None:
    lead_id = documents.lead_id(article(3).url)
    at = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    change = TriageChange(by="li", status="confirmed", note="已核实")
    updated, _ = set_lead(es, leads, lead_id, change, at)
    assert updated.source["status"] == "confirmed"
    assert updated.source["history"][0] == {
        "at": at.isoformat(),
        "by": "li",
        "field": "status",
        "from": "new",
        "to": "confirmed",
    }
    assert numbers(search_leads(es, leads, LeadQuery(status=("confirmed",)))) == {3}
    # The crawler sees the article again: the lead is refreshed, its triage stays.
    item = article(3, title="网贷App强制读取通讯录", content="网贷App强制读取通讯录")
    ext = extraction("a3", conduct=("collect_without_consent",), sectors=("small_loans",),
                     province="浙江省", city="杭州市", business="某网贷平台")  # fmt: skip
    with BulkWriter(es, Outbox(tmp_path), leads) as writer:
        writer.add("leads", *documents.lead_document(ext, item, seen_at=at))
    lead = get_lead(es, leads, lead_id).source
    assert lead["status"] == "confirmed"
    assert lead["notes"][0]["text"] == "已核实"
    assert lead["first_seen"] == SEEN.isoformat()
    assert lead["last_seen"] == at.isoformat()
    with pytest.raises(PiwatchError, match="no lead"):
        get_lead(es, leads, "no-such-lead")
