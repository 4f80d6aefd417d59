"""Each extraction stage on its own: table-driven on short sentences written for the tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from piwatch.pipelines.codes import CONDUCTS, PI_TYPES, SECTORS
from piwatch.pipelines.leads import TextInput
from piwatch.pipelines.leads.businesses import find_mentions, listed_names
from piwatch.pipelines.leads.cases import aggregate_cases, case_name
from piwatch.pipelines.leads.conduct import choose_conduct, pi_types_of, sentence_conduct
from piwatch.pipelines.leads.extract import extract
from piwatch.pipelines.leads.legal import PIPL, legal_basis
from piwatch.pipelines.leads.lexicons import load_lexicons
from piwatch.pipelines.leads.regions import load_gazetteer
from piwatch.pipelines.leads.roles import clean_name
from piwatch.pipelines.leads.scoring import Signals, score
from piwatch.pipelines.leads.sectors import choose_sectors, sector_of_name
from piwatch.pipelines.leads.simhash import hamming, near_duplicate, simhash
from piwatch.pipelines.leads.volume import chinese_number, parse_volumes, volume_of
from piwatch.pipelines.options import LEXICON_DIR, ExtractOptions

LEX = load_lexicons(LEXICON_DIR)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("出售公民个人信息5万余条", [50_000]),
        ("泄露1.2亿条用户数据", [120_000_000]),
        ("非法获取三千余条", [3_000]),
        ("4000多条学生信息", [4_000]),
        ("客户信息逾万条", [10_000]),
        ("40余万条快递面单", [400_000]),
        ("一亿两千万条记录", [120_000_000]),
        ("6,000条", [6_000]),
        ("依据第十二条、第3条", []),
        ("罚款20万元", []),
    ],
)
def test_volume(text: str, expected: list[int]) -> None:
    assert parse_volumes(text) == expected


def test_chinese_numerals_and_largest_count() -> None:
    assert chinese_number("三千") == 3000
    assert chinese_number("十二") == 12
    assert chinese_number("两万五千") == 25_000
    assert volume_of(["卖出3000条", "累计5万条"]) == 50_000
    assert volume_of(["没有数字"]) is None


@pytest.mark.parametrize(
    ("text", "province", "city", "county", "bureau"),
    [
        ("深圳市南山区某科技公司", "广东省", "深圳市", "南山区", "深圳市南山区市场监督管理局"),
        ("广东深圳一中介", "广东省", "深圳市", None, "深圳市市场监督管理局"),
        ("北京市朝阳区一家酒店", "北京市", "北京市", "朝阳区", "北京市朝阳区市场监督管理局"),
        ("四川某科技公司", "四川省", None, None, "四川省市场监督管理局"),
        ("新疆某公司", "新疆维吾尔自治区", None, None, "新疆维吾尔自治区市场监督管理局"),
        ("淄博临淄警方破获", "山东省", "淄博市", None, "淄博市市场监督管理局"),
    ],
)
def test_regions(
    text: str, province: str, city: str | None, county: str | None, bureau: str
) -> None:
    region = load_gazetteer().find(text)[0]
    assert (region.province, region.city, region.county, region.bureau) == (
        province,
        city,
        county,
        bureau,
    )


def test_no_region_in_plain_words() -> None:
    assert load_gazetteer().find("一家公司出售客户信息，安康与大同是常用词") == []


@pytest.mark.parametrize(
    ("sentence", "subjects", "others"),
    [
        ("深圳某房产中介公司员工出售业主信息", ["深圳某房产中介公司"], []),
        ("迪奥(上海)公司未依法履行个人信息保护义务", ["迪奥(上海)公司"], []),
        ("一家装修公司通过微信群购买业主信息", ["一家装修公司"], [("微信", "channel")]),
        (
            "北京某某科技有限公司冒充京东客服收集信息",
            ["北京某某科技有限公司"],
            [("京东", "victim")],
        ),
        ("南京市公安局查处某快递网点泄露面单", ["某快递网点"], []),
        ("“速借宝”App违规收集通讯录", ["速借宝"], []),
        ("违规获取抖音用户个人信息", [], [("抖音", "victim")]),
        ("网络科技有限公司收集信息", [], []),
        ("杭州云帆数据信息技术有限公司泄露客户资料", ["杭州云帆数据信息技术有限公司"], []),
        ("被某贷款App泄露了通讯录", ["某贷款App"], []),
        ("被告人注册了大量淘宝、拼多多账号用于刷单", [], [("淘宝", "victim")]),
        ("知乎问答：某网贷平台爆通讯录怎么办", ["某网贷平台"], [("知乎", "publisher")]),
        ("黑客入侵某电商平台窃取用户数据", [], [("某电商平台", "victim")]),
        ("在某银行办理业务时偷拍客户身份证", [], [("某银行", "place")]),
        ("在某物业公司担任客服期间出售业主信息", ["某物业公司"], []),
        # names jieba does not know: the registered name starts at them, not after them
        ("自称沪安人寿保险股份有限公司上海分公司客服", ["沪安人寿保险股份有限公司上海分公司"], []),
        ("武汉颜究所美容有限公司未经同意", ["武汉颜究所美容有限公司"], []),
    ],
)
def test_business_roles(sentence: str, subjects: list[str], others: list[tuple[str, str]]) -> None:
    mentions = find_mentions(sentence, LEX.scan(sentence), LEX)
    assert [m.name for m in mentions if m.role == "subject"] == subjects
    for name, role in others:
        assert (name, role) in [(m.name, m.role) for m in mentions]
    assert not any("公安" in m.name and m.role == "subject" for m in mentions)


def test_listed_names() -> None:
    assert listed_names("《客很多》（版本2.8.9，百度手机助手）、《城泊通》（3.2.1，应用宝）") == [
        "客很多",
        "城泊通",
    ]
    assert listed_names("决定对5款问题APP进行下架。具体包括软饭圈、整形报价器及众盈融宝。") == [
        "软饭圈",
        "整形报价器",
        "众盈融宝",
    ]


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("某公司员工出售客户信息", "disclose_or_sell"),
        ("快递网点员工泄露面单信息", "disclose_or_sell"),
        ("系统遭黑客攻击导致用户信息泄露", "breach"),
        ("App超范围收集个人信息", "collect_without_consent"),
        ("装修公司拨打骚扰电话", "unsolicited_marketing"),
    ],
)
def test_sentence_conduct(sentence: str, code: str) -> None:
    counts = sentence_conduct(sentence, LEX.scan(sentence))
    assert choose_conduct(counts, counts.__class__()) == [code]


def test_a_trade_verb_shares_the_object_of_the_clause_before() -> None:
    """「…拷贝了客户资料，并私下卖出」 sells that data; 「采购了一批二手手机，随后卖出」 none."""
    sold = "某4S店员工拷贝了客户的姓名和电话，并私下卖出给他人。"
    assert sentence_conduct(sold, LEX.scan(sold))["disclose_or_sell"] == 1
    goods = "某公司员工采购了一批二手手机，随后卖出给他人。"
    assert sentence_conduct(goods, LEX.scan(goods))["disclose_or_sell"] == 0


def test_title_conduct_wins_over_body() -> None:
    title = sentence_conduct("某公司泄露客户信息", LEX.scan("某公司泄露客户信息"))
    body = sentence_conduct("出售出售出售", LEX.scan("出售出售出售"))
    assert choose_conduct(title, body) == ["breach"]
    assert choose_conduct(title.__class__(), body) == ["disclose_or_sell"]


def test_pi_types() -> None:
    hits = LEX.scan("泄露姓名、身份证号、银行卡号、人脸信息和通讯录")
    assert pi_types_of(hits) == ["name", "id_number", "bank_card", "face_biometric", "contacts"]


@pytest.mark.parametrize(
    ("name", "sector"),
    [
        ("圆通速递网点", "express_delivery"),
        ("某房地产经纪有限公司", "real_estate"),
        ("一家装修公司", "home_decoration"),
        ("泰康人寿", "insurance"),
        ("某小额贷款公司", "small_loans"),
        ("某培训学校", "education_training"),
        ("某美容院", "beauty_fitness"),
        ("华住", "travel_accommodation"),
        ("某电销公司", "telemarketing"),
        ("北京某网络科技有限公司", "internet_apps"),
        ("本溪银行", "other"),
        ("某医疗科技有限公司", "other"),  # 科技 names a trade only when no other word does
        ("某科技有限公司", "internet_apps"),
        ("某医疗App", "internet_apps"),
    ],
)
def test_sector_of_name(name: str, sector: str) -> None:
    assert sector_of_name(name, LEX) == sector


def test_sectors_fallback_and_app_notice() -> None:
    assert choose_sectors([], [], LEX, app_notice=True) == ["internet_apps"]
    assert choose_sectors(["某某商行"], [], LEX, app_notice=False) == ["other"]


def test_legal_basis() -> None:
    before = legal_basis(["breach"], ["other"], datetime(2020, 5, 1))
    assert "《网络安全法》第四十二条" in before and PIPL not in before
    after = legal_basis(["collect_without_consent"], ["internet_apps"], datetime(2024, 5, 1))
    assert "《电子商务法》第二十三条" in after and after[-1] == PIPL
    assert legal_basis([], ["other"], None) == []


def test_score_ordering() -> None:
    base = dict(
        is_lead=True,
        conduct=("disclose_or_sell",),
        volume=None,
        source_type="news",
        named_subjects=1,
        described_only=False,
        enforcement=True,
        has_region=True,
        published=None,
        as_of=None,
    )
    strong = score(Signals(**{**base, "volume": 1_000_000, "source_type": "official"}))  # type: ignore[arg-type]
    weak = score(
        Signals(**{**base, "named_subjects": 0, "described_only": True, "source_type": "forum"})
    )  # type: ignore[arg-type]
    not_lead = score(Signals(**{**base, "is_lead": False}))  # type: ignore[arg-type]
    assert 1.0 >= strong > weak > not_lead
    assert not_lead < 0.3


def test_simhash_groups_reposts() -> None:
    story = "深圳某房产中介公司员工出售业主信息5万余条，被警方抓获。该公司已被立案调查。" * 4
    repost = story + "（来源：某某日报）"
    other = "工信部通报38款侵害用户权益App，要求相关企业限期整改，逾期将依法处置。" * 4
    assert near_duplicate(simhash(story), simhash(repost))
    assert hamming(simhash(story), simhash(other)) > 10
    assert 0 <= simhash(story) < 2**64


def test_cases_aggregate_by_key() -> None:
    story = "深圳某房产中介公司员工出售业主信息5万余条。" * 5
    leads = [
        {
            "id": "1",
            "case_key": ["深圳某房产中介:disclose_or_sell"],
            "source": "a",
            "published_at": "2026-11-01T08:00:00+08:00",
            "volume": 50000,
            "simhash": simhash(story),
        },
        {
            "id": "2",
            "case_key": ["深圳某房产中介:disclose_or_sell"],
            "source": "b",
            "published_at": "2026-11-03T08:00:00Z",
            "volume": 50000,
            "simhash": hex(simhash(story + "转载")),
        },
        {
            "id": "3",
            "case_key": ["深圳某房产中介:disclose_or_sell", "x:breach"],
            "source": "b",
            "published_at": datetime(2026, 11, 5),
            "volume": 2000,
            "simhash": 12345,
        },
    ]
    cases = {c.key: c for c in aggregate_cases(leads)}
    case = cases["深圳某房产中介:disclose_or_sell"]
    assert case.source_count == 2
    assert case.lead_ids == ["1", "2", "3"]
    assert case.total_volume == 52_000  # the repost's volume is not counted twice
    assert case.first_seen == datetime(2026, 11, 1, 0, 0)
    assert case.last_seen == datetime(2026, 11, 5)
    assert cases["x:breach"].source_count == 1


def test_case_name() -> None:
    assert case_name("迪奥(上海)有限公司") == "迪奥"
    assert case_name("《快看日历》") == "快看日历"


def test_lexicons_are_term_lists_with_contract_codes() -> None:
    stems = {p.stem for p in LEXICON_DIR.glob("*.txt")}
    assert {f"conduct_{c}" for c in CONDUCTS} <= stems
    assert {s.removeprefix("sector_") for s in stems if s.startswith("sector_")} == set(SECTORS)
    assert {s.removeprefix("pi_") for s in stems if s.startswith("pi_")} - {"generic"} == set(
        PI_TYPES
    )
    for path in LEXICON_DIR.glob("*.txt"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert all(line.strip() == line and line for line in lines), path.name


def test_options_validate_and_come_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from piwatch.config import load_settings

    monkeypatch.setenv("PIWATCH_EXTRACT__MIN_SCORE", "0.4")
    monkeypatch.setenv("PIWATCH_EXTRACT__MAX_EVIDENCE", "2")
    options = load_settings().extract
    assert isinstance(options, ExtractOptions)
    assert (options.min_score, options.max_evidence) == (0.4, 2)
    with pytest.raises(ValueError):
        ExtractOptions(min_score=2.0)
    with pytest.raises(ValueError):
        ExtractOptions(max_evidence=0)


@pytest.mark.parametrize(
    ("rename", "message"),
    [
        ("conduct_breach.txt", "missing conduct_breach.txt"),
        ("victims.txt", "missing victims.txt"),
    ],
)
def test_a_renamed_lexicon_file_is_an_error(tmp_path: Path, rename: str, message: str) -> None:
    import shutil

    from piwatch.pipelines.leads.lexicons import Lexicons

    copy = tmp_path / "lexicons"
    shutil.copytree(LEXICON_DIR, copy)
    (copy / rename).rename(copy / ("typo_" + rename))
    with pytest.raises(ValueError, match=f"unknown lexicon file\\(s\\) typo_{rename}.*{message}"):
        Lexicons(copy)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("疑湖南一诊所", "湖南一诊所"),  # a headline's hedge glued to the name
        ("涉嫌“某某科技”等", "某某科技"),
        ("疑似某快递网点", "某快递网点"),
        ("疑难病诊所", "疑难病诊所"),  # 疑难 is a word, not a hedge
        ("疑某店", "疑某店"),  # too short to be a hedge and a name
        ("抽查发现某约车平台", "某约车平台"),  # what found the business, not its name
        ("曝某保险代理公司", "某保险代理公司"),
        ("【某软件研发有限公司", "某软件研发有限公司"),  # a headline bracket left over
        ("曝光", "曝光"),  # nothing after it: no name to free
        ("一家名为星河海川科技有限公司", "星河海川科技有限公司"),  # what introduces the name
        ("名为", "名为"),
    ],
)
def test_clean_name(written: str, name: str) -> None:
    assert clean_name(written) == name


def _numpy_simhash(text: str) -> int:
    """The first implementation (numpy), kept here as the reference: stored leads carry its
    fingerprints, so the pure-Python one must give the same bits."""
    import re

    import numpy as np

    chars = re.sub(r"[^\u4e00-\u9fa5A-Za-z0-9]+", "", text)[:4000].ljust(3, "\0")
    codes = np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    with np.errstate(over="ignore"):
        z = (codes[:-2] << np.uint64(42)) ^ (codes[1:-1] << np.uint64(21)) ^ codes[2:]
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    bits = np.unpackbits(z.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    votes = bits.sum(axis=0, dtype=np.int64) * 2 - len(z)
    return sum(1 << position for position, vote in enumerate(votes) if vote > 0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ab",
        "某科技有限公司未经同意收集用户个人信息，并将其出售给他人。" * 3,
        "Acme 数据 leak 2024：50万条 records！" * 40,
        "杭州某中介公司员工倒卖业主信息" * 400,  # beyond the 4,000 characters that count
    ],
)
def test_simhash_keeps_the_bits_of_the_numpy_version(text: str) -> None:
    assert simhash(text) == _numpy_simhash(text)


def test_only_a_lead_carries_a_simhash() -> None:
    options = ExtractOptions()
    lead = extract(TextInput(id="a", text="某快递网点员工倒卖客户信息，涉及数万条。"), options)
    other = extract(TextInput(id="b", text="今天天气很好，市民外出踏青。"), options)
    assert lead.is_lead and lead.simhash > 0
    assert not other.is_lead and other.simhash == 0
