"""A case reported from two provinces is cross-regional in both bureaus' digests, each naming the
other; seen in a third province it is major and names the provincial bureaus; leads show their
referrals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from elasticsearch import Elasticsearch

from piwatch.pipelines.text.mask import mask_pii
from piwatch.reports.digest import DigestOptions, RecipientSpec, build_for
from piwatch.reports.model import Digest
from piwatch.reports.render import render_html, render_text
from piwatch.reports.routing import Jurisdiction
from piwatch.reports.smtp import SmtpOptions
from piwatch.reports.weeks import week_from_label
from piwatch.search import indices
from testkit.digest import TZ, WEEK, Seed, lead_doc

MONDAY = week_from_label(WEEK, TZ).start
SELLER = "某某数据科技有限公司"


def _seed(key: str, province: str, city: str, days: int) -> Seed:
    return Seed(
        key,
        f"{city}：数据公司倒卖个人信息",
        province,
        city,
        ("disclose_or_sell",),
        ("other",),
        0.9,
        MONDAY + timedelta(days=days, hours=9),
        SELLER,
    )


GD = _seed("x-gd", "广东省", "深圳市", 1)
ZJ = _seed("x-zj", "浙江省", "杭州市", 2)
JS_EARLIER = _seed("x-js", "江苏省", "南京市", -30)
LOCAL = Seed(
    "local",
    "装修公司骚扰电话",
    "广东省",
    "广州市",
    ("unsolicited_marketing",),
    ("home_decoration",),
    0.7,
    MONDAY + timedelta(days=3),
    "广州某装饰公司",
)


def _options(prefix: str, tmp: Path) -> DigestOptions:
    return DigestOptions(
        prefix=prefix,
        kibana_url="http://kibana.test:5601",
        timezone=ZoneInfo("Asia/Shanghai"),
        sender="piwatch@test.example",
        recipients=(),
        max_leads=50,
        out_dir=tmp,
        sent_db=tmp / "sent.sqlite",
        smtp=SmtpOptions(host="127.0.0.1", port=25),
    )


def _digest(es: Elasticsearch, prefix: str, tmp: Path, province: str) -> Digest:
    spec = RecipientSpec(f"{province}@test.example", province, Jurisdiction(province))
    return build_for(es, _options(prefix, tmp), week_from_label(WEEK, TZ), spec, mask_pii)


def _index(es: Elasticsearch, prefix: str, *seeds: Seed) -> None:
    indices.ensure(es, prefix)
    for seed in seeds:
        lead_id, doc = lead_doc(seed)
        es.index(index=indices.alias(prefix, "leads"), id=lead_id, document=doc)
    es.indices.refresh(index=indices.alias(prefix, "leads"))


@pytest.mark.es
def test_a_case_from_two_provinces_is_in_both_digests_naming_the_other(
    es: Elasticsearch, index_prefix: str, tmp_path: Path
) -> None:
    _index(es, index_prefix, GD, ZJ, LOCAL)
    gd = _digest(es, index_prefix, tmp_path, "广东省")
    zj = _digest(es, index_prefix, tmp_path, "浙江省")
    assert [c.name for c in gd.cross_regional] == [SELLER]
    assert gd.cross_regional[0].others == ("浙江省杭州市（杭州市市场监督管理局）",)
    assert zj.cross_regional[0].others == ("广东省深圳市（深圳市市场监督管理局）",)
    assert not gd.cross_regional[0].major
    for digest, other in ((gd, "杭州市市场监督管理局"), (zj, "深圳市市场监督管理局")):
        assert "跨地区案件" in render_html(digest) and other in render_html(digest)
        assert other in render_text(digest)


@pytest.mark.es
def test_seen_in_a_third_province_the_case_is_major_and_goes_to_the_provincial_bureaus(
    es: Elasticsearch, index_prefix: str, tmp_path: Path
) -> None:
    _index(es, index_prefix, GD, ZJ, JS_EARLIER)
    line = _digest(es, index_prefix, tmp_path, "广东省").cross_regional[0]
    assert any("3个省份" in why for why in line.major)
    assert line.provincial_bureaus == (
        "广东省市场监督管理局",
        "江苏省市场监督管理局",
        "浙江省市场监督管理局",
    )
    assert len(line.others) == 2


@pytest.mark.es
def test_the_digest_shows_each_leads_referrals(
    es: Elasticsearch, index_prefix: str, tmp_path: Path
) -> None:
    loan = Seed(
        "loan",
        "小贷公司APP强制读取通讯录",
        "广东省",
        "深圳市",
        ("collect_without_consent",),
        ("small_loans",),
        0.8,
        MONDAY + timedelta(days=1),
        "深圳某小额贷款有限公司",
    )
    _index(es, index_prefix, loan)
    digest = _digest(es, index_prefix, tmp_path, "广东省")
    assert {r.split("：")[0] for r in digest.leads[0].referrals} == {
        "通信管理局",
        "网信办",
        "金融监管部门",
    }
    assert "建议移送：" in render_html(digest) and "建议移送：" in render_text(digest)
