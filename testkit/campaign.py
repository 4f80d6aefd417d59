"""Leads of the 2019 special action for report tests, built with piwatch's own producers, and an
independent count of the statistical table from a plain scroll of the index."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan

from piwatch.crawlers.items import Article
from piwatch.pipelines.leads.cases import case_keys
from piwatch.pipelines.leads.legal import legal_basis
from piwatch.pipelines.leads.model import Business, Extraction, Region
from piwatch.pipelines.leads.simhash import simhash
from piwatch.pipelines.text.mask import mask_pii
from piwatch.search import indices
from piwatch.search.documents import lead_document

TZ = ZoneInfo("Asia/Shanghai")
HOSTILE = "<img src=x onerror=alert(1)>某某房产中介"


@dataclass(frozen=True)
class CampaignLead:
    key: str
    published: datetime
    business: str
    conduct: tuple[str, ...]
    sectors: tuple[str, ...]
    regions: tuple[tuple[str, str], ...]
    source: str = "news-a"
    source_type: str = "news"
    volume: int | None = None
    pi_types: tuple[str, ...] = ("phone", "name")
    status: str = "new"
    text: str = ""
    withdrawn: bool = False


def _d(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2019, month, day, hour, 0, tzinfo=TZ)


LEADS = (
    # One agency selling owners' data, reported in Shenzhen and (a repost elsewhere) Hangzhou:
    # cross-regional, with an official source and a confirmed lead.
    CampaignLead(
        "re1",
        _d(4, 10),
        "深圳鹏城房地产经纪有限公司",
        ("disclose_or_sell",),
        ("real_estate",),
        (("广东省", "深圳市"),),
        volume=6000,
        status="confirmed",
        text=f"深圳鹏城房地产经纪有限公司门店经理出售业主信息6000条{HOSTILE}，电话13812345678",
    ),
    CampaignLead(
        "re2",
        _d(5, 20),
        "深圳鹏城房地产经纪有限公司",
        ("disclose_or_sell",),
        ("real_estate",),
        (("浙江省", "杭州市"),),
        source="gov-notice",
        source_type="official",
        volume=6000,
        text="市场监管局通报：深圳鹏城房地产经纪有限公司在杭州分店出售业主信息",
    ),
    CampaignLead(
        "re3",
        _d(7, 2),
        "深圳鹏城房地产经纪有限公司",
        ("unsolicited_marketing",),
        ("real_estate",),
        (("广东省", "广州市"),),
        source="forum-b",
        source_type="forum",
        text="深圳鹏城房地产经纪有限公司天天打电话推销房子",
    ),
    CampaignLead(
        "loan1",
        _d(5, 31, 23),
        "杭州钱塘信融小额贷款有限公司",
        ("collect_without_consent", "unsolicited_marketing"),
        ("small_loans",),
        (("浙江省", "杭州市"),),
        source="complaints",
        source_type="complaint",
        text="杭州钱塘信融小额贷款有限公司APP强制读取通讯录并催收骚扰",
    ),
    CampaignLead(
        "loan2",
        _d(6, 15),
        "杭州钱塘信融小额贷款有限公司",
        ("collect_without_consent",),
        ("small_loans", "internet_apps"),
        (("浙江省", "宁波市"),),
        source="news-c",
        text="杭州钱塘信融小额贷款有限公司的借款APP超范围收集通话记录",
    ),
    CampaignLead(
        "edu1",
        _d(6, 1, 0),
        "南京明睿教育咨询有限公司",
        ("disclose_or_sell",),
        ("education_training",),
        (("江苏省", "南京市"),),
        volume=12000,
        pi_types=("name", "phone", "minor"),
        text="南京明睿教育咨询有限公司购买学生家长信息一万二千条",
    ),
    CampaignLead(
        "edu2",
        _d(8, 8),
        "<b>某某</b>培训",
        ("unsolicited_marketing",),
        ("education_training",),
        (("江苏省", "苏州市"),),
        source="forum-b",
        source_type="forum",
        text="<b>培训机构</b>电话轰炸家长",
    ),
    CampaignLead(
        "ins1",
        _d(9, 30, 23),
        "平安某保险代理有限公司",
        ("unsolicited_marketing",),
        ("insurance",),
        (("北京市", "北京市"),),
        text="保险代理公司未经同意电话营销",
    ),
    CampaignLead(
        "exp1",
        _d(7, 31, 12),
        "某快递网点",
        ("disclose_or_sell",),
        ("express_delivery",),
        (("广东省", "东莞市"),),
        volume=80,
        pi_types=("address", "location"),
        text="快递网点员工出售面单含行踪信息80条",
    ),
    # Not counted: dismissed, withdrawn, outside the period, a conduct outside the scope.
    CampaignLead(
        "dismissed",
        _d(6, 3),
        "某装修公司",
        ("unsolicited_marketing",),
        ("home_decoration",),
        (("广东省", "深圳市"),),
        status="dismissed",
        text="装修电话",
    ),
    CampaignLead(
        "withdrawn",
        _d(6, 4),
        "某健身房",
        ("disclose_or_sell",),
        ("beauty_fitness",),
        (("上海市", "上海市"),),
        withdrawn=True,
        text="健身房泄露会员信息",
    ),
    CampaignLead(
        "before",
        _d(3, 31, 23),
        "某旅行社",
        ("disclose_or_sell",),
        ("travel_accommodation",),
        (("四川省", "成都市"),),
        text="旅行社出售游客信息",
    ),
    CampaignLead(
        "after",
        _d(10, 1, 0),
        "某旅行社",
        ("disclose_or_sell",),
        ("travel_accommodation",),
        (("四川省", "成都市"),),
        text="旅行社出售游客信息",
    ),
    CampaignLead(
        "breach",
        _d(6, 20),
        "某酒店集团",
        ("breach",),
        ("travel_accommodation",),
        (("上海市", "上海市"),),
        volume=500000,
        text="酒店数据库被黑客窃取",
    ),
)


def lead_doc(
    lead: CampaignLead, seen_at: datetime = datetime(2026, 11, 20, tzinfo=TZ)
) -> tuple[str, dict[str, Any]]:
    url = f"http://127.0.0.1:9/campaign/{lead.key}.html"
    text = lead.text or lead.business
    item = Article(
        url=url,
        source=lead.source,
        source_type=lead.source_type,
        title=text[:30],
        content=text,
        published_at=lead.published,
    )
    extraction = Extraction(
        id=lead.key,
        is_lead=True,
        score=0.8,
        conduct=list(lead.conduct),
        sectors=list(lead.sectors),
        businesses=[Business(lead.business, "subject")],
        pi_types=list(lead.pi_types),
        regions=[Region(p, c, None, f"{c}市场监督管理局") for p, c in lead.regions],
        evidence=[mask_pii(text)],
        volume=lead.volume,
        legal_basis=legal_basis(list(lead.conduct), list(lead.sectors), lead.published),
        simhash=simhash(text),
        case_keys=case_keys([lead.business], lead.conduct),
    )
    lead_id, doc = lead_document(extraction, item, seen_at=seen_at)
    doc["status"] = lead.status
    if lead.withdrawn:
        doc["is_lead"] = False
        doc["withdrawn_at"] = "2026-11-21T00:00:00+08:00"
    return lead_id, doc


def index_leads(
    es: Elasticsearch,
    prefix: str,
    leads: Iterable[CampaignLead] = LEADS,
    seen_at: datetime = datetime(2026, 11, 20, tzinfo=TZ),
) -> None:
    indices.ensure(es, prefix)
    target = indices.alias(prefix, "leads")
    for lead in leads:
        lead_id, doc = lead_doc(lead, seen_at)
        es.index(index=target, id=lead_id, document=doc)
    es.indices.refresh(index=target)


def all_leads(es: Elasticsearch, prefix: str) -> list[dict[str, Any]]:
    """Every lead document, by a plain match_all scroll (no query of the report's)."""
    return [h["_source"] for h in scan(es, index=indices.alias(prefix, "leads"))]


def expected_cells(
    docs: Iterable[Mapping[str, Any]],
    start: date,
    end: date,
    sectors: Iterable[str],
    conducts: Iterable[str],
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(sector, conduct) → (leads, distinct cases, distinct businesses), counted in Python;
    "" stands for a total. Same rules as stated in the report: published in the period (Shanghai
    days), not dismissed, not withdrawn; a case of a cell is a case key of the cell's conduct."""
    sectors, conducts = list(sectors), list(conducts)
    found: dict[tuple[str, str], list[set[str]]] = defaultdict(lambda: [set(), set(), set()])
    for doc in docs:
        day = datetime.fromisoformat(doc["published_at"]).astimezone(TZ).date()
        if not start <= day <= end or doc.get("status") == "dismissed" or not doc["is_lead"]:
            continue
        lead_sectors = [s for s in doc["sectors"] if s in sectors]
        lead_conducts = [c for c in doc["conduct"] if c in conducts]
        if not lead_sectors or not lead_conducts:
            continue
        for s in [*lead_sectors, ""]:
            for c in [*lead_conducts, ""]:
                counted = [c] if c else lead_conducts
                cell = found[(s, c)]
                cell[0].add(doc["lead_id"])
                cell[1].update(k for k in doc["case_key"] if k.rpartition(":")[2] in counted)
                cell[2].update(doc.get("business_names") or [])
    return {
        (s, c): tuple(len(x) for x in found[(s, c)]) if (s, c) in found else (0, 0, 0)
        for s in [*sectors, ""]
        for c in [*conducts, ""]
    }
