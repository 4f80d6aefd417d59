"""Short documents written for the tests (never copied from the corpus).

Derived fields (case keys, legal bases, SimHash, masked evidence) come from piwatch's own
producers, so test data cannot drift from what extraction writes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from piwatch.crawlers.items import Article, ForumPost
from piwatch.pipelines.leads.cases import case_keys
from piwatch.pipelines.leads.legal import legal_basis
from piwatch.pipelines.leads.model import Business, Extraction, Region
from piwatch.pipelines.leads.simhash import simhash
from piwatch.pipelines.text.mask import mask_pii


def article(n: int, title: str = "测试标题", content: str = "测试正文", **extra) -> Article:
    return Article(
        url=f"http://127.0.0.1:8000/news/{n}.html",
        source="test-news",
        source_type="news",
        title=title,
        content=content,
        published_at=datetime(2026, 11, 1 + n % 20, 8, 0, tzinfo=UTC),
        fetched_at=datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
        **extra,
    )


def forum_post(n: int, floor: int = 1) -> ForumPost:
    return ForumPost(
        url=f"http://127.0.0.1:8000/thread/{n}#post-{floor}",
        thread_url=f"http://127.0.0.1:8000/thread/{n}",
        thread_title="装修公司天天打电话",
        source="test-forum",
        source_type="forum",
        floor=floor,
        content="刚买房就接到装修公司电话，我的号码是谁泄露的？",
        author="业主甲",
    )


def extraction(
    doc_id: str,
    *,
    conduct: tuple[str, ...] = ("disclose_or_sell",),
    sectors: tuple[str, ...] = ("real_estate",),
    province: str = "广东省",
    city: str | None = "深圳市",
    business: str = "某某房地产经纪有限公司",
    evidence: str = "中介将业主电话1**********出售给装修公司",
) -> Extraction:
    return Extraction(
        id=doc_id,
        is_lead=True,
        score=0.9,
        conduct=list(conduct),
        sectors=list(sectors),
        businesses=[Business(business, "subject"), Business("业主", "victim")],
        pi_types=["phone", "name"],
        regions=[Region(province, city, None, None)],
        evidence=[mask_pii(evidence)],
        volume=3000,
        legal_basis=legal_basis(list(conduct), list(sectors), None),
        simhash=simhash(evidence),
        case_keys=case_keys([business], conduct),
    )
