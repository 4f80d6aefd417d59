"""Digest test data and helpers: seeded leads for two provinces, an SMTP mailbox, a CLI runner."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from piwatch.crawlers.items import Article
from piwatch.pipelines.leads.cases import case_keys
from piwatch.pipelines.leads.model import Business, Extraction, Region
from piwatch.pipelines.text.mask import mask_pii
from piwatch.search.documents import lead_document

TZ = ZoneInfo("Asia/Shanghai")
WEEK = "2026-W47"  # Monday 16 to Sunday 22 November 2026, Asia/Shanghai
HOSTILE = '<script>alert("x")</script>中介泄露业主电话'


@dataclass(frozen=True)
class Seed:
    """One seeded lead: who should see it in the W47 digest."""

    key: str
    title: str
    province: str
    city: str
    conduct: tuple[str, ...]
    sectors: tuple[str, ...]
    score: float
    seen: datetime
    business: str
    status: str = "new"


SEEDS = (
    Seed(
        "gd1",
        HOSTILE,
        "广东省",
        "深圳市",
        ("disclose_or_sell",),
        ("real_estate",),
        0.93,
        datetime(2026, 11, 16, 0, 30, tzinfo=TZ),
        "深圳某房地产经纪有限公司",
    ),
    Seed(
        "gd2",
        "装修公司骚扰电话不断",
        "广东省",
        "广州市",
        ("unsolicited_marketing",),
        ("home_decoration",),
        0.71,
        datetime(2026, 11, 20, 9, 0, tzinfo=TZ),
        "广州某装饰公司",
    ),
    Seed(
        "gd3",
        "已排除的线索标题",
        "广东省",
        "深圳市",
        ("disclose_or_sell",),
        ("real_estate",),
        0.99,
        datetime(2026, 11, 18, 9, 0, tzinfo=TZ),
        "深圳某房地产经纪有限公司",
        status="dismissed",
    ),
    Seed(
        "gd-prev",
        "上周的房产线索",
        "广东省",
        "深圳市",
        ("disclose_or_sell",),
        ("real_estate",),
        0.8,
        datetime(2026, 11, 12, 9, 0, tzinfo=TZ),
        "深圳某房地产经纪有限公司",
    ),
    Seed(
        "zj1",
        "保险公司电话营销扰民",
        "浙江省",
        "杭州市",
        ("unsolicited_marketing",),
        ("insurance",),
        0.82,
        datetime(2026, 11, 17, 10, 0, tzinfo=TZ),
        "杭州某保险代理公司",
    ),
    Seed(
        "zj2",
        "培训机构违规收集学生信息",
        "浙江省",
        "宁波市",
        ("collect_without_consent",),
        ("education_training",),
        0.55,
        datetime(2026, 11, 22, 23, 59, tzinfo=TZ),
        "宁波某培训学校",
    ),
    # Sunday 23:59 Shanghai is inside W47; Monday 00:00 is the next week.
    Seed(
        "zj-next",
        "下周的线索",
        "浙江省",
        "杭州市",
        ("breach",),
        ("internet_apps",),
        0.9,
        datetime(2026, 11, 23, 0, 0, tzinfo=TZ),
        "杭州某科技公司",
    ),
)


def lead_doc(seed: Seed) -> tuple[str, dict]:
    url = f"http://127.0.0.1:9/news/{seed.key}.html"
    item = Article(
        url=url,
        source="test-news",
        source_type="news",
        title=seed.title,
        content=seed.title,
        published_at=seed.seen,
    )
    extraction = Extraction(
        id=seed.key,
        is_lead=True,
        score=seed.score,
        conduct=list(seed.conduct),
        sectors=list(seed.sectors),
        businesses=[Business(seed.business, "subject")],
        pi_types=["phone"],
        regions=[Region(seed.province, seed.city)],
        evidence=[mask_pii(f"{seed.business}将客户电话13812345678出售")],
        case_keys=case_keys([seed.business], seed.conduct),
    )
    lead_id, doc = lead_document(extraction, item, seen_at=seed.seen)
    doc["status"] = seed.status
    return lead_id, doc


@dataclass
class Mailbox:
    """What the SMTP server received; the first ``refuse`` DATA commands get a 451."""

    refuse: int = 0
    attempts: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd hook
        self.attempts += 1
        if self.attempts <= self.refuse:
            return "451 4.3.0 mailbox busy, try again later"
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, email: str) -> list[EmailMessage]:
        return [m for m in self.messages if email in str(m["To"])]
