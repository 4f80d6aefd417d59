"""Three leads in a real index, and a runner for ``python -m piwatch`` against them."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from piwatch.crawlers.items import Article
from piwatch.pipelines.leads.model import Business, Extraction, Region
from piwatch.search import indices
from piwatch.search.documents import lead_document
from testkit.crawlrun import piwatch_env, run_piwatch

LEADS = (
    # key, title, province, city, conduct, sector, business
    (
        "a",
        "房产中介出售业主电话",
        "广东省",
        "深圳市",
        "disclose_or_sell",
        "real_estate",
        "深圳某地产",
    ),
    (
        "b",
        "保险公司电话推销扰民",
        "浙江省",
        "杭州市",
        "unsolicited_marketing",
        "insurance",
        "杭州某保险",
    ),
    (
        "c",
        "培训机构收集学生信息",
        "广东省",
        "广州市",
        "collect_without_consent",
        "education_training",
        "广州某培训",
    ),
)


@pytest.fixture
def leads(es: Elasticsearch, index_prefix: str) -> dict[str, str]:
    indices.ensure(es, index_prefix)
    ids = {}
    for n, (key, title, province, city, conduct, sector, business) in enumerate(LEADS):
        item = Article(
            url=f"http://127.0.0.1:9/triage/{key}.html",
            source="test-news",
            source_type="news",
            title=title,
            content=title,
            published_at=datetime(2026, 11, 10 + n, tzinfo=UTC),
        )
        extraction = Extraction(
            id=key,
            is_lead=True,
            score=0.9 - n / 10,
            conduct=[conduct],
            sectors=[sector],
            businesses=[Business(business, "subject")],
            regions=[Region(province, city)],
            evidence=[f"{business}泄露客户电话13912345678"],
        )
        lead_id, doc = lead_document(extraction, item, seen_at=datetime(2026, 11, 20, tzinfo=UTC))
        es.index(index=indices.alias(index_prefix, "leads"), id=lead_id, document=doc)
        ids[key] = lead_id
    es.indices.refresh(index=indices.alias(index_prefix, "leads"))
    return ids


@pytest.fixture
def cli(tmp_path: Path, es_node, index_prefix: str):
    env = piwatch_env(es_node.url, index_prefix, tmp_path / "data", COLUMNS="250")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_piwatch(env, *args, timeout=120)

    return run
