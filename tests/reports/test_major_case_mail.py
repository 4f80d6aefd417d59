"""The scheduler's check after each crawl: a major case is e-mailed at once to its city bureau and
its provincial bureau (through a real SMTP server), once; its leads are marked for Kibana."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from elasticsearch import Elasticsearch

from piwatch.config import load_settings
from piwatch.scheduler import watch_cases_after_crawl
from piwatch.search import indices
from testkit.campaign import LEADS, index_leads
from testkit.digest import Mailbox

RECIPIENTS = [
    {"email": "sz@test.example", "province": "广东省", "city": "深圳市"},
    {"email": "gd@test.example", "province": "广东省"},
    {"email": "gz@test.example", "province": "广东省", "city": "广州市"},
    {"email": "js@test.example", "province": "江苏省", "city": "南京市"},
    {"email": "all@test.example"},
]


@pytest.mark.es
def test_a_major_case_is_mailed_once_to_its_bureau_and_provincial_bureau(
    es: Elasticsearch,
    es_node,
    index_prefix: str,
    smtp: tuple[Mailbox, int],
    tmp_path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PIWATCH_CONFIG", "")
    box, port = smtp
    now = datetime.now(UTC)
    # re1: 6,000 records sold in Shenzhen (major by records); exp1: 80 records in Dongguan (not)
    leads = [lead for lead in LEADS if lead.key in ("re1", "exp1")]
    index_leads(es, index_prefix, leads, seen_at=now)
    settings = load_settings(
        data_dir=tmp_path,
        elasticsearch={"url": es_node.url, "index_prefix": index_prefix},
        digest={"sender": "piwatch@test.example", "smtp_port": port, "recipients": RECIPIENTS},
    )

    watch_cases_after_crawl(settings, now)
    assert sorted(rcpt for _, rcpts in box.envelopes for rcpt in rcpts) == [
        "gd@test.example",
        "sz@test.example",
    ]
    body = box.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "深圳鹏城房地产经纪有限公司" in str(box.messages[0]["Subject"])
    assert "6000" in body and "广东省市场监督管理局" in body and "公安机关" in body
    assert "13812345678" not in body

    watch_cases_after_crawl(settings, now)
    assert len(box.messages) == 2, "a case is mailed once, not again after the next crawl"

    found = es.search(index=indices.alias(index_prefix, "leads"), query={"term": {"major": True}})[
        "hits"
    ]["hits"]
    assert [h["_source"]["id"] for h in found] == ["re1"]
    assert found[0]["_source"]["case_bureaus"] == ["深圳市市场监督管理局"]
    assert json.dumps(found[0]["_source"]["case_regions"], ensure_ascii=False) == '["广东省深圳市"]'
