"""End-to-end lead extraction on short texts written for these tests (real-looking, invented)."""

from __future__ import annotations

from datetime import datetime

import pytest

from piwatch.pipelines.leads import Business, Extraction, ExtractOptions, Region, TextInput
from piwatch.pipelines.leads.extract import extract

OPTIONS = ExtractOptions()


def run(text: str, title: str | None = None, **kw: object) -> Extraction:
    return extract(TextInput(id="t", text=text, title=title, **kw), OPTIONS)  # type: ignore[arg-type]


def test_real_estate_agency_selling_owner_data() -> None:
    result = run(
        "记者调查发现，深圳某房产中介公司员工私下出售业主信息5万余条，每条0.5元，"
        "信息包括业主姓名、手机号码和房号。",
        title="深圳某房产中介公司员工倒卖业主信息5万余条",
    )
    assert result.is_lead
    assert result.conduct == ["disclose_or_sell"]
    assert result.sectors == ["real_estate"]
    assert result.businesses == [Business("深圳某房产中介公司", "subject")]
    assert result.volume == 50_000
    assert {"name", "phone"} <= set(result.pi_types)
    assert result.regions[0] == Region("广东省", "深圳市", None, "深圳市市场监督管理局")
    assert "《消费者权益保护法》第二十九条" in result.legal_basis
    assert result.case_keys == ["深圳某房产中介:disclose_or_sell"]


def test_decoration_company_harassing_calls() -> None:
    result = run(
        "市民张先生刚收房就接到多个骚扰电话。经查，江苏省盐城市一家装修公司购买业主信息后，"
        "安排话务员拨打推销电话，盐城市市场监管局对其罚款10万元。",
        title="装修公司买业主信息打骚扰电话被罚10万",
    )
    assert result.is_lead
    assert "unsolicited_marketing" in result.conduct
    assert "home_decoration" in result.sectors
    assert any("装修公司" in b.name for b in result.businesses)
    assert result.regions[0].city == "盐城市"


def test_app_notice_lists_apps_in_order() -> None:
    text = (
        "工业和信息化部近期组织第三方检测机构进行抽查，发现12款App存在侵害用户权益行为，现予以通报。"
        "涉及应用如下：《快看日历》（版本3.2.1，应用宝）、《点点记账》（版本1.0.8，华为应用市场）、"
        "《优选购》（版本7.4，小米应用商店）。"
    )
    result = run(text, title="工信部通报12款侵害用户权益App")
    assert result.is_lead
    assert result.conduct == ["collect_without_consent"]
    assert result.sectors == ["internet_apps"]
    assert [b.name for b in result.businesses] == ["快看日历", "点点记账", "优选购"]


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("如何保护个人信息？专家教你几招", "专家提醒，不要随意点击陌生链接，防止个人信息泄露。"),
        (
            "某银行回应：经核实不存在客户信息泄露",
            "经核实，该行系统不存在泄露客户信息的情况，网传消息不实。",
        ),
        (
            "《个人信息保护法》解读",
            "个人信息处理者不得过度收集个人信息，不得非法买卖、提供个人信息。",
        ),
        ("某保险公司隐私政策", "我们会收集您的姓名、手机号码用于投保，未经同意不会向第三方提供。"),
        ("美国一家医院数据泄露", "美国某医院遭黑客攻击，50万患者信息泄露，美国卫生部已介入。"),
        (
            "两男子倒卖个人信息获刑",
            "两名男子通过网络群组倒卖公民个人信息3万条，被法院判处有期徒刑。",
        ),
    ],
)
def test_texts_that_are_not_leads(title: str, text: str) -> None:
    result = run(text, title=title)
    assert not result.is_lead
    assert result.businesses == [] and result.conduct == [] and result.sectors == []


def test_regulator_and_police_are_never_subjects() -> None:
    result = run(
        "近日，上海市公安局网安总队侦破一起案件：上海某物业管理有限公司经理将小区业主信息"
        "出售给多家装修公司，上海市网信办已约谈该公司。",
        title="上海某物业公司经理出售业主信息被查",
    )
    names = [b.name for b in result.businesses]
    assert result.is_lead
    assert any("物业" in n for n in names)
    assert not any(("公安" in n) or ("网信办" in n) for n in names)


def test_platform_used_as_channel_is_not_subject() -> None:
    result = run(
        "杭州一家贷款中介公司通过微信群出售借款人身份证号码和银行卡信息1.2万条。",
        title="贷款中介公司出售借款人信息",
    )
    names = [b.name for b in result.businesses]
    assert result.is_lead
    assert "微信" not in names
    assert "small_loans" in result.sectors


def test_traditional_script_source() -> None:
    result = run("香港某電訊公司職員將客戶個人資料出售予第三方，涉及逾萬條記錄。", title=None)
    assert result.volume == 10_000
    assert any("电讯公司" in e for e in result.evidence)


def test_recency_raises_the_hand_weighted_score() -> None:
    text = "北京某科技有限公司违规收集用户人脸信息，被北京市市场监管局罚款50万元。"
    as_of = datetime.fromisoformat("2026-11-28T00:00:00+08:00")
    hand = ExtractOptions(as_of=as_of, score_path=None)  # no calibration: the hand score
    fresh = extract(TextInput(id="a", text=text, published="2026-11-20T08:00:00+08:00"), hand)
    stale = extract(TextInput(id="b", text=text, published="2024-01-01T08:00:00+08:00"), hand)
    assert fresh.is_lead and stale.is_lead
    assert fresh.score > stale.score


def test_min_score_turns_weak_leads_off() -> None:
    text = "一家公司拨打骚扰电话。"
    assert not extract(TextInput(id="x", text=text), ExtractOptions(min_score=0.99)).is_lead


def test_contract_shape() -> None:
    contract = run(
        "广州某快递网点员工倒卖快递面单信息3000余条，含收件人姓名、电话和地址。"
    ).to_contract()
    assert list(contract) == [
        "id",
        "is_lead",
        "score",
        "conduct",
        "sectors",
        "businesses",
        "pi_types",
        "regions",
        "evidence",
    ]
    assert contract["businesses"] == [{"name": "广州某快递网点", "role": "subject"}]
    assert contract["sectors"] == ["express_delivery"]
    assert contract["regions"] == [{"province": "广东省", "city": "广州市"}]
    assert 0.0 <= contract["score"] <= 1.0
