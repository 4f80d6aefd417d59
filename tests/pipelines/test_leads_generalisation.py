"""General extraction rules found by error analysis on half of the development set, each shown
on short texts written for these tests (real-looking, invented)."""

from __future__ import annotations

from collections import Counter

import pytest

from piwatch.pipelines.leads import Extraction, ExtractOptions, TextInput
from piwatch.pipelines.leads.abroad import placed_in_china, unanchored_foreign
from piwatch.pipelines.leads.businesses import (
    find_mentions,
    listed_names,
    plausible,
    straddles_words,
)
from piwatch.pipelines.leads.conduct import PASSIVE_BREACH, choose_conduct, sentence_conduct
from piwatch.pipelines.leads.extract import extract
from piwatch.pipelines.leads.lexicons import load_lexicons
from piwatch.pipelines.leads.notices import is_notice
from piwatch.pipelines.leads.roles import authority
from piwatch.pipelines.leads.violation import is_violation

OPTIONS = ExtractOptions()
LEX = load_lexicons(OPTIONS.lexicon_dir)


def run(*, title: str | None, text: str) -> Extraction:
    return extract(TextInput(id="t", title=title, text=text), OPTIONS)


def lead_names(*, title: str | None, text: str) -> list[str]:
    """The businesses of a text the rules must call a lead."""
    result = run(title=title, text=text)
    assert result.is_lead
    return [b.name for b in result.businesses]


def counts(sentence: str) -> Counter[str]:
    return sentence_conduct(sentence, LEX.scan(sentence))


def test_letting_out_one_persons_data_is_disclosure() -> None:
    """Decision 8: staff exposing specific people disclose; bulk customer data leaks."""
    assert counts("某酒店泄露女子房间密码") == Counter({"disclose_or_sell": 1})
    assert counts("医院回应女明星生产信息疑被泄露") == Counter({"disclose_or_sell": 1})
    assert counts("某酒店泄露大量客户信息") == Counter({"breach": 1})


def test_leak_with_a_degree_word_is_still_passive() -> None:
    assert counts("多地车主个人信息遭大规模泄露") == Counter({PASSIVE_BREACH: 1})
    assert counts("会员资料被大量泄露") == Counter({PASSIVE_BREACH: 1})
    assert counts("该平台泄露会员资料") == Counter({"breach": 1})


def test_passive_leak_in_title_leaves_the_conduct_to_the_body() -> None:
    title = counts("上万名车主个人信息遭大规模泄露")
    body = counts("记者调查发现，一家名为“车信查”的平台正在批量出售车主个人信息。")
    assert choose_conduct(title, body) == ["disclose_or_sell"]
    # with no act in the body, the leak is the story
    assert choose_conduct(counts("上万名车主个人信息遭大规模泄露"), Counter()) == ["breach"]


def test_named_business_of_the_opening_brings_its_conduct() -> None:
    result = run(
        title="上万名车主个人信息遭大规模泄露，一条只要几分钱",
        text=(
            "本报记者调查发现，一家名为“车信查”的平台正在批量出售车主个人信息，"
            "包括姓名、手机号和车牌号。"
        ),
    )
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["车信查"]
    assert result.conduct == ["disclose_or_sell"]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("上月，江苏某物流有限公司向警方报案，称其客户信息被人盗卖。", "江苏某物流有限公司"),
        (
            "犯罪嫌疑人刘某通过脚本破解杭州某科技有限公司的数据接口，爬取用户信息后出售。",
            "杭州某科技有限公司",
        ),
        ("李某在某快递公司未授权的情况下，私自登录后台导出面单信息出售。", "某快递公司"),
        ("该团伙借助某云服务供应商系统里的缺陷，盗走了大批会员资料。", "某云服务供应商"),
    ],
)
def test_the_business_a_crime_was_done_to_is_a_victim(sentence: str, name: str) -> None:
    roles = {m.name: m.role for m in find_mentions(sentence, LEX.scan(sentence), LEX)}
    assert roles[name] == "victim"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("网友爆料，某运营商把用户的通话记录卖给了营销公司。", "某运营商"),
        ("某支付平台服务商被指擅自收集用户通讯录。", "某支付平台服务商"),
    ],
)
def test_some_kind_names_a_described_business(sentence: str, name: str) -> None:
    """某 right before a kind describes one business of it, and the description runs on to the
    last kind that follows (服务商 after 支付平台)."""
    roles = {m.name: m.role for m in find_mentions(sentence, LEX.scan(sentence), LEX)}
    assert roles[name] == "subject"


@pytest.mark.parametrize(
    "title",
    [
        "抖音博主半小时被骗10万元，个人信息是怎么泄露的？",
        "如何看待 B 站 up 主遭电话诈骗，个人信息从何泄露？",
    ],
)
def test_a_creator_on_a_platform_is_a_person_not_the_platform(title: str) -> None:
    """「抖音博主」 is someone who posts there: what befalls them is not the platform's doing."""
    assert not run(title=title, text=title).is_lead


def test_a_business_doing_it_stays_the_subject() -> None:
    sentence = "杭州某科技有限公司违规收集用户个人信息并出售给他人。"
    roles = {m.name: m.role for m in find_mentions(sentence, LEX.scan(sentence), LEX)}
    assert roles["杭州某科技有限公司"] == "subject"


def test_intruders_selling_a_couriers_waybills_are_no_lead() -> None:
    result = run(
        title="两男子侵入快递后台贩卖10万条个人信息被判刑",
        text=(
            "男子王某、赵某在某快递公司未授权的情况下，利用非法获得的账号侵入后台服务器，"
            "批量导出收件人姓名、电话和地址，并将个人信息贩卖牟利。某快递公司发现后向警方报案。"
        ),
    )
    assert not result.is_lead
    assert result.businesses == []


def test_what_cannot_happen_is_no_conduct() -> None:
    result = run(
        title="一化工公司网络主管删库获刑",
        text=(
            "近日，当地一家化工公司报警称服务器数据被删除。经查，嫌疑人系该公司网络主管，"
            "登录后删除了部分数据，导致该公司员工无法正常读取数据，给企业造成损失。"
        ),
    )
    assert not result.is_lead


def test_a_promise_not_to_disclose_is_no_conduct() -> None:
    sentence = "该公司承诺不会泄露用户个人信息。"
    result = run(title=None, text=sentence)
    assert not result.is_lead


def test_data_about_no_one_is_no_personal_information() -> None:
    kinds = {h.category for h in LEX.scan("某公司违规处理政务类数据")}
    assert not any(k.startswith("pi_") for k in kinds)
    kinds = {h.category for h in LEX.scan("某公司违规处理用户数据")}
    assert "pi_generic" in kinds
    # the statute on data security names no one's data
    assert not any(h.category.startswith("pi_") for h in LEX.scan("违反《数据安全法》"))


def test_fined_for_data_security_duties_only_is_no_lead() -> None:
    result = run(
        title="周报：上海三家公司因未履行数据安全保护义务被罚",
        text="上海三家公司因未履行数据安全保护义务，被网信部门处以警告和罚款。",
    )
    assert not result.is_lead


def test_a_notice_names_one_app_for_each_count() -> None:
    text = (
        "省网信办依法查处“快看天气”等42款违法违规App。经查，“快看天气”等20款App存在强制索要"
        "非必要权限问题，予以下架处置；“小鱼记账”等22款App存在超范围收集个人信息问题，责令整改。"
    )
    assert listed_names(text, LEX) == ["快看天气", "小鱼记账"]


def test_a_roster_announced_far_into_a_summary_is_read() -> None:
    text = (
        "12月多地通信管理局通报侵害用户权益App共120款。"
        + "各地通报的问题主要集中在违规收集个人信息、强制频繁索取权限等方面。" * 12
        + "从通报来看，通报App名单包括星河记账、云朵相册、快跑出行等多款知名App。"
    )
    assert listed_names(text, LEX) == ["星河记账", "云朵相册", "快跑出行"]
    # the same enumeration without the word 名单 so far away is background, not the list
    assert listed_names(text.replace("名单包括", "包括"), LEX) == []


def test_measures_listed_by_a_notice_are_no_apps() -> None:
    text = (
        "某省通信管理局通报12款侵害用户权益行为的App。上述App应在本月底前完成整改，逾期不改的，"
        "处置措施包括组织App下架、停止App接入服务等。"
    )
    assert listed_names(text, LEX) == []
    # a list of acts (「涉及A、B等问题」) names no app, though one item alone could pass for a name
    acts = (
        "检测发现违规软件12款，涉及违规收集使用用户个人信息、恶意“吸费”、强行捆绑推广其他应用"
        "软件等问题。这些软件已全部被责令下架。"
    )
    assert listed_names(acts, LEX) == []
    # the same words announcing apps are the list
    assert listed_names(
        text.replace("处置措施包括组织App下架、停止App接入服务", "包括星河记账、云朵相册"), LEX
    ) == [
        "星河记账",
        "云朵相册",
    ]


@pytest.mark.parametrize(
    ("sentence", "brand", "meant"),
    [
        ("联合国航空数据库遭黑客入侵，泄露大量乘客信息", "国航", False),
        ("美国航空公司泄露乘客个人信息", "国航", False),
        ("国航泄露乘客个人信息", "国航", True),
        ("泰康被疑泄露客户个人信息", "泰康", True),
        ("圆通快递员出售客户面单信息", "圆通", True),
    ],
)
def test_a_short_brand_straddling_two_words_is_not_meant(
    sentence: str, brand: str, meant: bool
) -> None:
    names = [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]
    assert any(name.startswith(brand) for name in names) is meant


def test_data_told_by_its_size_is_not_personal_information() -> None:
    leak = "【安全周报】国内一智能家居公司2.3TB数据被泄露"
    assert not run(title=leak, text=leak).is_lead
    # whose data it is makes it personal
    leak = "【安全周报】国内一智能家居公司2.3TB用户数据被泄露"
    assert run(title=leak, text=leak).is_lead


def test_an_online_sale_of_goods_is_no_data_trade() -> None:
    result = run(
        title="王某诉某文具店信息网络买卖合同纠纷案",
        text="王某在某文具店经营的网络店铺购买钢笔十支，因商品质量问题诉至法院，要求退还货款。",
    )
    assert not result.is_lead


def test_a_trade_name_holds_no_personal_information() -> None:
    kinds = {h.category for h in LEX.scan("某信息技术有限公司在网店出售进口保健食品")}
    assert not any(k.startswith("pi_") for k in kinds)
    kinds = {h.category for h in LEX.scan("郑某在某儿童食品公司的网上店铺购买饼干")}
    assert not any(k.startswith("pi_") for k in kinds)
    # the same word about people still counts
    assert "pi_minor" in {h.category for h in LEX.scan("某App违规收集儿童个人信息")}


def test_asking_whether_it_happened_reports_nothing() -> None:
    title = "「刚交房就接到装修公司电话」，你的个人信息是否遭到过中介泄露？如何保护个人信息？"
    assert not run(title=title, text=title).is_lead
    # the same conduct told as a fact is a lead
    title = "刚交房就接到装修公司骚扰电话，业主个人信息遭中介泄露"
    assert run(title=title, text=title).is_lead


def test_denying_the_source_of_a_leak_is_no_lead() -> None:
    title = "百度安全称某网红开盒数据并非从百度泄露，这能否平息质疑？"
    assert not run(title=title, text=title).is_lead


@pytest.mark.parametrize(
    "sentence",
    [
        "某人力资源公司以招聘兼职为名套取求职者身份证信息",
        "某商场违规采集顾客人脸信息",
        "某App在后台窃听用户通话内容",
        "某公司非法抓取社交平台用户个人信息",
        "某输入法私自上传用户通讯录",
    ],
)
def test_collecting_vocabulary(sentence: str) -> None:
    assert "collect_without_consent" in counts(sentence)


def test_a_business_pointed_at_by_its_kind_is_the_one_named_before() -> None:
    result = run(
        title="最高检发布个人信息保护典型案例",
        text=(
            "【基本案情】江苏省苏州市吴中区某健身房使用人脸识别门禁系统，要求会员刷脸进入。"
            "该系统未向会员告知个人信息收集范围。"
            "在部分会员明确拒绝后，该健身房擅自将会员办卡时提供的照片录入系统。"
        ),
    )
    assert result.is_lead
    assert any(b.name.endswith("某健身房") for b in result.businesses)
    assert "beauty_fitness" in result.sectors


def test_a_short_name_stands_for_the_full_name_it_was_introduced_for() -> None:
    result = run(
        title="检察机关诉景区运营企业侵害公民个人信息民事公益诉讼案",
        text=(
            "B景区由江西K旅游开发有限公司（以下简称K公司）负责实际运营。"
            "K公司在游客购票时强制采集人脸信息，未告知收集目的和范围。"
            "K公司违规收集游客人脸信息，侵害游客个人信息权益。"
        ),
    )
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["江西K旅游开发有限公司"]


@pytest.mark.parametrize(
    ("title", "name", "sector"),
    [
        ("某美容院将顾客个人信息出售给他人", "某美容院", "beauty_fitness"),
        ("某诊所出售患者个人信息被查处", "某诊所", "other"),
        ("某婚介所将会员个人信息出售给他人", "某婚介所", "other"),
        ("某养老院向保健品公司出售老人个人信息", "某养老院", "other"),
        ("安徽合肥某驾校违规收集学员人脸信息被约谈", "安徽合肥某驾校", "education_training"),
        ("北京某长租公寓泄露租客身份证信息", "北京某长租公寓", "real_estate"),
    ],
)
def test_business_kinds_are_businesses(title: str, name: str, sector: str) -> None:
    result = run(title=title, text=title)
    assert result.is_lead
    assert name in [b.name for b in result.businesses]
    assert sector in result.sectors


def test_an_authority_stays_an_authority() -> None:
    sentence = "某区人民法院判决某美容院赔偿顾客损失"
    roles = {m.name: m.role for m in find_mentions(sentence, LEX.scan(sentence), LEX)}
    assert all(role != "subject" for name, role in roles.items() if "法院" in name)


def test_over_asking_for_permissions_is_collecting_by_itself() -> None:
    title = "“好运日历”App被指过度索取权限，用户质疑"
    result = run(title=title, text=title)
    assert result.is_lead
    assert result.conduct == ["collect_without_consent"]
    assert [b.name for b in result.businesses] == ["好运日历"]


@pytest.mark.parametrize(
    ("title", "names"),
    [
        ("阿里巴巴旗下“好运日历”App被指过度索取权限", ["好运日历"]),
        # a parent named beside an app it only describes stays the one to look at
        ("腾讯旗下一款App违规收集用户个人信息", ["腾讯"]),
    ],
)
def test_a_parent_steps_back_for_the_business_it_owns(title: str, names: list[str]) -> None:
    result = run(title=title, text=title)
    assert result.is_lead
    assert [b.name for b in result.businesses] == names


def test_what_is_to_be_prevented_is_not_reported_as_done() -> None:
    title = "某科技公司推出隐私保护新功能，防止App过度收集个人信息"
    assert not run(title=title, text=title).is_lead
    title = "某科技公司旗下App过度收集个人信息被通报"
    assert run(title=title, text=title).is_lead


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("某贷款App暴力催收借款人", "某贷款App"),
        ("某人力资源公司以招聘为名套取求职者身份证信息", "某人力资源公司"),
    ],
)
def test_described_businesses_with_count_like_words(sentence: str, name: str) -> None:
    names = [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]
    assert name in names


def test_a_count_of_apps_is_no_described_business() -> None:
    sentence = "一款App违规收集个人信息"
    assert "一款App" not in [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]


@pytest.mark.parametrize(
    ("title", "name", "code"),
    [
        (
            "某知名奶茶品牌小程序被曝强制获取用户位置信息",
            "某知名奶茶品牌小程序",
            "collect_without_consent",
        ),
        ("2亿条用户数据在暗网出售，疑似来自某招聘网站", "某招聘网站", None),
    ],
)
def test_described_mini_programs_and_websites(title: str, name: str, code: str | None) -> None:
    result = run(title=title, text=title)
    assert result.is_lead
    assert [b.name for b in result.businesses] == [name]
    assert code is None or result.conduct == [code]


def test_a_list_of_websites_is_no_described_business() -> None:
    sentence = "犯罪嫌疑人在某宝等网站出售公民个人信息"
    assert "某宝等网站" not in [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]


def test_a_penalty_decision_is_about_its_party() -> None:
    result = extract(
        TextInput(
            id="t",
            title="行政处罚决定书（某市监处罚〔2024〕88号）",
            text=(
                "当事人：宁波某某教育咨询有限公司\n"
                "经查，当事人自2023年5月起，通过网络购买学生及家长姓名、电话等个人信息6000余条，"
                "安排员工拨打电话推销课程。决定对当事人罚款人民币3万元。"
            ),
            source_type="official",
        ),
        OPTIONS,
    )
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["宁波某某教育咨询有限公司"]
    assert "unsolicited_marketing" in result.conduct
    assert result.sectors == ["education_training"]


def test_a_party_line_naming_a_person_names_no_business() -> None:
    result = extract(
        TextInput(
            id="t",
            title="行政处罚决定书",
            text="当事人：张某某\n经查，当事人非法购买公民个人信息3000条。",
            source_type="official",
        ),
        OPTIONS,
    )
    assert not result.is_lead


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("被告单位深圳市某某科技有限公司非法获取公民个人信息并出售", "深圳市某某科技有限公司"),
        ("网信办约谈北京某网络技术有限公司违规收集个人信息", "北京某网络技术有限公司"),
        ("经查明西安某贷款中介公司暴力催收泄露借款人通讯录", "西安某贷款中介公司"),
        ("平安银行深圳某支行员工出售客户信息", "平安银行深圳某支行"),
    ],
)
def test_a_masked_name_opens_at_its_place(sentence: str, name: str) -> None:
    names = [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]
    assert name in names


def test_a_relation_to_a_business_is_no_name() -> None:
    title = "安徽某某网络科技有限公司及其关联公司非法出售用户信息"
    result = run(title=title, text=title)
    assert [b.name for b in result.businesses] == ["安徽某某网络科技有限公司"]


def test_where_leaked_data_came_from_names_the_business() -> None:
    result = run(
        title="数亿条国内用户信息泄露",
        text=(
            "有网友发现，国内数亿条个人信息在境外论坛遭到泄露，数据主要来自淘宝、京东等购物网站，"
            "包含用户真实姓名、电话与住址。"
        ),
    )
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["淘宝", "京东"]
    assert result.conduct == ["breach"]


def test_an_expert_from_a_platform_is_no_source_of_data() -> None:
    result = run(
        title="数亿条国内用户信息泄露",
        text="国内数亿条个人信息在境外论坛遭到泄露，来自腾讯的安全专家提醒用户及时修改密码。",
    )
    assert "腾讯" not in [b.name for b in result.businesses]


def test_a_question_put_to_a_business_reports_nothing() -> None:
    result = run(
        title="30亿条个人信息疑似泄露？快递巨头股价集体下挫，最新回应来了",
        text=(
            "今日下午，记者致电中通董秘办询问信息泄露是否与中通有关，对方表示情况正在核实中。"
            "中通证券部工作人员回应称，上述传闻与公司无关。"
        ),
    )
    assert not result.is_lead


def test_a_platform_whose_accounts_were_bought_is_a_victim() -> None:
    sentence = "某公司为采集价格信息，从马某团伙手中购买大量虚假实名手机号和某出行平台网络账号。"
    roles = {m.name: m.role for m in find_mentions(sentence, LEX.scan(sentence), LEX)}
    assert roles["某出行平台"] == "victim"
    assert roles["某公司"] == "subject"


def test_a_report_on_leaks_names_no_violator() -> None:
    title = "某安全公司发布2023年数据泄露态势报告：医疗行业泄露事件最多"
    assert not run(title=title, text=title).is_lead
    # the same business doing it is a lead
    title = "某安全公司泄露客户数据被罚"
    assert run(title=title, text=title).is_lead


@pytest.mark.parametrize(
    ("title", "names"),
    [
        ("如何看待网曝小鹿出行疑似发生用户数据泄露？", ["小鹿出行"]),
        ("网曝小鹿出行疑似泄露用户信息", ["小鹿出行"]),
        # the store the headline names is the business's: 「X数据库」 leaked means X did
        ("小鹿出行数据库疑发生信息泄露", ["小鹿出行"]),
        ("小鹿出行的服务器疑似泄露用户信息", ["小鹿出行"]),
        # whose data leaked, ordinary things and masked names are no business
        ("市民疑似信息泄露怎么办？", []),
        ("儿童手表被曝泄露位置信息", []),
        ("手机疑似泄露用户隐私？", []),
        ("数据库疑似泄露用户信息", []),
        ("如何看待网曝某某疑似发生用户数据泄露？", []),
    ],
)
def test_a_coined_name_suspected_of_a_leak(title: str, names: list[str]) -> None:
    result = run(title=title, text=title)
    assert [b.name for b in result.businesses] == names
    assert result.is_lead is bool(names)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "经审理查明：被告人刘某在担任某通信公司营业厅店长期间，利用工作便利，"
            "非法查询并出售机主个人信息共计5000余条。",
            "某通信公司营业厅",
        ),
        (
            "公诉机关指控：被告人陈某系某物流公司快递员，陈某利用派件便利，"
            "将收件人姓名、电话等快递面单信息拍照后出售给他人。",
            "某物流公司",
        ),
    ],
)
def test_a_name_ends_before_a_staff_word(text: str, name: str) -> None:
    result = run(title=None, text=text)
    assert result.is_lead
    assert [b.name for b in result.businesses] == [name]


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("某银行客户信息泄露，涉及上万人", "某银行"),
        ("某超市会员个人信息遭泄露", "某超市"),
        ("某电子商务公司旅客购票信息泄露", "某电子商务公司"),
    ],
)
def test_the_business_whose_customers_data_leaked_is_the_subject(title: str, name: str) -> None:
    result = run(title=title, text=title)
    assert result.is_lead
    assert [b.name for b in result.businesses] == [name]
    assert result.conduct == ["breach"]


def test_a_business_whose_passengers_data_was_sold_is_the_subject() -> None:
    title = "某航空公司乘客信息被卖，有人接到退票诈骗电话"
    result = run(title=title, text=title)
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["某航空公司"]


@pytest.mark.parametrize(
    "sentence",
    ["骗子冒充客服，向某航空公司乘客发送退票短信", "不法分子盗用某银行储户账户转账"],
)
def test_people_served_by_a_business_make_it_a_victim(sentence: str) -> None:
    roles = {m.name: m.role for m in find_mentions(sentence, LEX.scan(sentence), LEX)}
    assert "subject" not in roles.values()


def test_customers_of_an_impersonated_business_stay_victims() -> None:
    sentence = "骗子冒充某银行客服，骗取某银行客户验证码"
    roles = [m.role for m in find_mentions(sentence, LEX.scan(sentence), LEX)]
    assert "subject" not in roles


@pytest.mark.parametrize(
    ("title", "name", "sector"),
    [
        ("某呼叫中心非法获取公民个人信息进行电话营销", "某呼叫中心", "telemarketing"),
        ("某体检中心泄露客户体检报告", "某体检中心", "other"),
        ("某月子中心出售产妇信息给母婴用品商家", "某月子中心", "beauty_fitness"),
    ],
)
def test_business_centres_are_businesses(title: str, name: str, sector: str) -> None:
    result = run(title=title, text=title)
    assert result.is_lead
    assert [b.name for b in result.businesses] == [name]
    assert result.sectors == [sector]


def test_several_quoted_apps_for_a_count() -> None:
    text = "工信部通报一批App，其中“看点头条”“易记账”“多多清理”等26款App存在超范围收集问题。"
    assert listed_names(text, LEX) == ["看点头条", "易记账", "多多清理"]


def test_a_list_announced_with_a_colon_under_a_notice_headline() -> None:
    result = run(
        title="某省通信管理局通报15款APP",
        text="经检测，以下APP存在违规收集个人信息等问题：鲸鱼阅读、小橙出行、好家装、学霸宝。",
    )
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["鲸鱼阅读", "小橙出行", "好家装", "学霸宝"]


@pytest.mark.parametrize(
    ("title", "business"),
    [
        ("杭州一旅行社泄露游客身份证号被罚", "杭州一旅行社"),
        ("银行把客户资料卖给他人", "银行"),
        ("某诊所侵犯患者隐私被投诉", "某诊所"),
    ],
)
def test_a_kind_of_business_opening_a_headline_is_the_described_business(
    title: str, business: str
) -> None:
    assert lead_names(title=title, text=title) == [business]


def test_a_phrase_ending_in_personal_data_names_the_data_not_a_business() -> None:
    """「路由器后台密码泄露怎么办」 asks about a password, it accuses no one; the business that
    leaks its users' passwords is still named."""
    title = "路由器后台密码泄露怎么办"
    assert not run(title=title, text=title).businesses
    assert lead_names(title="某公司泄露用户密码", text="某公司泄露用户密码") == ["某公司"]


def test_a_kind_of_business_named_before_it_opens_a_headline_or_a_numbered_item() -> None:
    """「滨江第一人民医院…外泄」: places, nouns and ordinals before the kind name the business,
    in a headline and in a roundup's numbered item alike (the mark is no part of the name)."""
    title = "滨江第一人民医院6000份就诊信息外泄"
    assert lead_names(title=title, text=title) == ["滨江第一人民医院"]
    roundup = "\n".join(
        [
            "1. 某国港口系统遭勒索攻击，港口运营一度中断。",
            f"2. {title}",
            "据报道，该院一名工作人员将就诊信息导出后发到了网上。",
            "3. 多地气温回升，注意防范强对流天气。",
        ]
    )
    result = run(title="安全周报（第12期）", text=roundup)
    assert result.is_lead and [b.name for b in result.businesses] == ["滨江第一人民医院"]


@pytest.mark.parametrize(
    ("title", "business"),
    [
        ("陪诊机构员工倒卖患者病历", "陪诊机构"),
        ("早教店员工出售家长手机号", "早教店"),
        ("监管机构员工出售企业信息", None),
        ("杭州店员工出售顾客信息", None),
    ],
)
def test_a_trade_before_a_shop_or_agency_head_makes_a_kind_of_business(
    title: str, business: str | None
) -> None:
    """No list holds every trade, and jieba cuts some apart (陪/诊): two or three characters of
    trade before 店 or 机构 opening the headline make a kind of business, unless the trade is a
    place or a public body."""
    names = [b.name for b in run(title=title, text=title).businesses]
    assert names == ([business] if business else [])


@pytest.mark.parametrize(
    ("title", "lead"),
    [
        ("某公司倒卖游戏账号", False),
        ("某平台回应租号打游戏", False),
        ("某视频平台会员账号共享将受限", False),
        ("某公司倒卖用户账号", True),  # the customers' accounts
        ("某平台泄露用户账号和手机号", True),
        ("某公司出售客户账号密码", True),
    ],
)
def test_an_account_traded_as_goods_is_no_ones_data(title: str, lead: bool) -> None:
    """A game or membership account rented, shared or sold is the seller's own; the customers'
    accounts, or an account with other data, are personal information."""
    assert run(title=title, text=title).is_lead is lead


@pytest.mark.parametrize(
    "title",
    ["男子冒充银行客服骗取验证码", "市民投诉称接到自称酒店的推销电话后被骗"],
)
def test_a_kind_of_business_not_opening_the_headline_is_not_its_actor(title: str) -> None:
    result = run(title=title, text=title)
    assert "银行" not in [b.name for b in result.businesses]
    assert "酒店" not in [b.name for b in result.businesses]


def test_malware_named_after_its_prey_is_no_business() -> None:
    title = "TrickMo 安卓银行木马新变种利用虚假锁屏窃取密码"
    sentence = "研究人员发现，某安卓银行木马通过伪造登录页面窃取用户的银行卡号和密码。"
    roles = {m.name: m.role for m in find_mentions(title, LEX.scan(title), LEX)}
    assert "subject" not in roles.values()
    assert not run(title=title, text=sentence).is_lead


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("经查，某软件公司在维护政务数据平台时配置不当，导致数据存在泄露风险。", False),
        ("某软件公司源代码遭泄露，部分资料被发布到网上。", False),
        ("某导航公司300万条地图数据遭一家测绘公司窃取。", False),
        ("经查，某软件公司在维护政务数据平台时，将平台中的市民身份证号等数据出售给他人。", True),
        # data as the industry's asset: sharing it between businesses is no one's data
        ("在用户保护上，某科技有限公司表示，愿意开放数据和接口给同行共享。", False),
        ("某科技有限公司违规共享用户数据，并将用户个人信息用于数据交易。", True),
        # what a business says of a rival (false, misleading) is speech, not data about anyone
        ("某汽车销售有限公司被诉在网上雇人散布有关对手的虚假和误导性信息。", False),
        ("某汽车销售有限公司被诉在网上雇人散布车主的个人信息。", True),
    ],
)
def test_a_bare_data_word_takes_the_kind_the_sentence_names(text: str, lead: bool) -> None:
    assert run(title=None, text=text).is_lead is lead


def test_a_group_introduced_as_attackers_is_no_business() -> None:
    title = "黑客滥用泄露的凭证窃取云端数据"
    text = "名为“暗影猎手”的黑客组织，近年来利用泄露的凭证窃取多家企业云端的用户数据。"
    assert not run(title=title, text=text).is_lead
    shop = "名为“力形优选”的网店，近年来将买家的姓名和手机号出售给他人。"
    assert run(title="网店出售买家个人信息", text=shop).is_lead


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "10月20日，某暗网论坛有人宣称正在售卖一份中国\\*\\*贷款平台用户数据，共4万条。",
            "中国**贷款平台",
        ),
        ("有黑客在暗网出售某连锁酒店集团的住客数据，包括姓名和身份证号。", "某连锁酒店集团"),
        # decision 13 of the labelling rounds: its customers' data leaked, so it is the lead
        ("有黑客在暗网出售国内某电商公司的用户数据。", "国内某电商公司"),
    ],
)
def test_data_an_unnamed_seller_offers_names_the_business_it_leaked_from(
    text: str, name: str
) -> None:
    assert lead_names(title=None, text=text) == [name]  # not the dark-web market


def test_a_defendant_selling_a_platforms_data_keeps_the_platform_a_victim() -> None:
    text = "被告人李某在网上出售某贷款平台用户数据4万条，非法获利2万元。"
    assert not run(title=None, text=text).is_lead


def test_an_app_that_will_not_let_users_delete_their_account_collects_beyond_need() -> None:
    title = "记者测评：某购物App不支持注销账号，用户个人信息删不掉"
    result = run(title=title, text=title)
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["某购物App"]
    assert result.conduct == ["collect_without_consent"]


def test_a_venue_of_a_trade_is_a_business() -> None:
    title = "违规采集会员人脸信息，3 家健身场馆被约谈"
    assert lead_names(title=title, text=title) == ["健身场馆"]


def test_businesses_listed_right_before_a_conduct_act_together() -> None:
    """An enumeration ending at the conduct names its actors, even names no lexicon knows; a
    headline naming one of them makes the story about businesses."""
    names = lead_names(
        title="云雀快送、橙光约车…被通信管理局督促整改",
        text=(
            "本季度，省通信管理局对30家互联网企业的服务进行抽查，发现5家企业存在问题。"
            "其中，抽查发现云雀快送、橙光约车、麦田找房等未公示用户个人信息收集使用规则。"
        ),
    )
    assert names == ["云雀快送", "橙光约车", "麦田找房"]
    # 「A、B两家公司」: the count is no part of a name
    names = lead_names(
        title="通信管理局：5家企业用户信息保护存在问题",
        text="抽查中，蓝鲸优选、星海科技两家公司的产品均未公示用户个人信息收集、使用规则。",
    )
    assert names == ["蓝鲸优选", "星海科技"]


@pytest.mark.parametrize(
    "text",
    [
        "用户保单、合同遭公开，引发担忧。",  # data and documents, not businesses
        "姓名、家庭住址等信息泄露后，骗子随即来电。",
        "嫌疑人陈锦图、吴天宇等非法获取公民个人信息五万余条。",  # people, not businesses
    ],
)
def test_a_list_of_data_or_people_names_no_business(text: str) -> None:
    mentions = find_mentions(text, LEX.scan(text), LEX)
    assert [m.name for m in mentions if m.source == "listed"] == []


def test_topics_of_a_report_are_no_apps() -> None:
    text = (
        "工信部从电信服务基本情况、用户申诉情况、经营及消费提示等4个方面通报了本季度电信服务情况，"
        "检测发现违规软件21款，已责令下架。"
    )
    assert listed_names(text, LEX) == []


def test_figures_given_out_are_no_disclosure() -> None:
    text = "发布会上，星河手机业务总裁首先公布了一组数据：新机预约量已超过百万台。"
    assert not run(title="星河手机发布新机 预约量破百万", text=text).is_lead
    # the customers' data given out is
    leak = "发布会后，某手机公司被曝公布了一组用户数据，含手机号和住址。"
    assert run(title="某手机公司被曝公布用户数据", text=leak).is_lead


def test_the_addressees_of_an_official_document_are_not_its_subject() -> None:
    text = (
        "全文如下：某省通信管理局关于开展骚扰电话整治工作的通知某通管函〔2026〕12号"
        "各市通信管理部门，星河通信有限公司、云帆网络科技有限公司，各相关企业："
        "为落实骚扰电话专项整治要求，请各单位加强电话营销行为管理。"
    )
    assert not run(title="通信管理局发文整治骚扰电话", text=text).is_lead
    mentions = find_mentions(text, LEX.scan(text), LEX)
    assert "云帆网络科技有限公司" in {m.name for m in mentions if m.role == "addressee"}


def test_whom_a_business_answers_is_not_its_subject() -> None:
    """「客服向某媒体回应称」: the press a business answers is told, it did nothing."""
    text = "针对网友反馈的百度网盘漏洞致用户照片泄露一事，百度网盘客服向新浪科技回应称已经修复。"
    roles = {m.name: m.role for m in find_mentions(text, LEX.scan(text), LEX)}
    assert roles.get("新浪科技") == "addressee"
    assert lead_names(title="百度网盘漏洞致用户照片泄露", text=text) == ["百度网盘"]


def test_a_security_product_is_no_leak() -> None:
    """「安全漏洞运营管理平台」「安全元数据湖」: products named after holes and metadata."""
    text = (
        "星河安全作为一体化平台建设的唯一承建商，通过一个运营指挥中心，安全元数据湖和安全漏洞"
        "运营管理平台三大运营指挥平台，持续提升网络与信息安全一体化综合指挥运营平台效用。"
    )
    assert not run(title="星河安全助力某运营商建设安全运营平台", text=text).is_lead


def test_a_list_items_pointer_points_back_into_its_item() -> None:
    """「该公司表示」 in a digest item's summary refers to the business that item names, not to
    one the headline leaves unnamed (rule L06 is for headlines)."""
    text = (
        "某市启动网络安全宣传周活动\n"
        "某市近日启动网络安全宣传周，围绕个人信息保护开展系列宣传活动。【阅读原文】\n"
        "欺诈团伙通过社交平台广告推送虚假网店\n"
        "一个欺诈团伙通过社交平台广告推广数百家虚假网店，以窃取访问者的个人和财务信息。【阅读原文】\n"
        "世界领先的白银生产商披露了一起网络攻击\n"
        "Argentum PLC是全球最大的白银生产商，该公司表示，在最近的一次网络攻击中，攻击者获得了"
        "对其系统上存储的数据的访问权限。【阅读原文】\n"
        "某软件发布新版本\n"
        "新版本修复了多个问题，用户可以在官网下载。【阅读原文】\n"
    )
    result = run(title="安全早报 | 某市启动网络安全宣传周；白银生产商披露网络攻击", text=text)
    assert "L06" not in result.rules
    assert not result.is_lead


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # a place abroad by its short or regional name
        (
            "美实名爆料：某新设机构被指入侵劳工机构系统，敏感数据疑遭泄露",
            "举报人指控，新设联邦机构未经授权入侵了劳资委员会的信息系统，导致员工个人数据外泄。",
        ),
        (
            "斯堪的纳维亚航空公司称网络攻击导致乘客数据泄露",
            "网络攻击导致航空公司的在线系统出现故障，乘客个人数据对其他乘客可见。",
        ),
        # one part of a compound headline, abroad
        (
            "工信部组织开展专项工作；《纽约时报》270G隐私数据或从GitHub泄露",
            "据报道，《纽约时报》的大量内部数据被上传至公开仓库，其中包含员工个人信息。",
        ),
        # a vulnerability report and its thanks
        (
            "【CVE-2026-0001】星河商城APP远程账户劫持、敏感信息泄露致谢公告",
            "漏洞描述：星河商城APP存在远程账户劫持、敏感信息泄露漏洞。感谢白帽子提交。",
        ),
        # a legal question told to explain the law
        (
            "【安全圈】未经同意从数据库调出个人信息上交法院，是否违法？",
            "2020年9月，原告与被告、案外人某速递有限公司因确认合同无效纠纷诉至某法院。",
        ),
    ],
)
def test_stories_abroad_writeups_and_legal_questions_are_no_leads(title: str, text: str) -> None:
    assert not run(title=title, text=text).is_lead


def test_who_publishes_a_report_and_a_leaked_file_are_no_subjects() -> None:
    report = run(
        title="勒索月报 | 数据泄露风险激增，星河安全独家披露5月勒索软件流行态势",
        text="星河安全独家披露5月勒索软件流行态势，多家企业数据遭泄露。",
    )
    assert "星河安全" not in [b.name for b in report.businesses]
    assert not plausible("ia_users.sql", LEX)
    assert not plausible("会员手机号Excel", LEX)  # a file of data, named by its format
    assert not plausible("聊天记录 截图", LEX)


def test_a_ransom_in_dollars_does_not_place_a_story_abroad() -> None:
    result = run(
        title="【安全圈】蔚来用户数据遭窃取被勒索225万美元",
        text="蔚来公司收到外部邮件，声称拥有蔚来内部数据。经初步调查，被窃取数据为部分用户基本信息。",
    )
    assert [b.name for b in result.businesses] == ["蔚来"]
    # a fine in a foreign currency still does
    assert not run(
        title="阿里因泄露用户数据被罚19.8亿韩元", text="阿里因泄露用户数据被罚19.8亿韩元"
    ).is_lead


def test_a_hole_found_is_no_leak() -> None:
    """A vulnerability is a risk; a breach is data that got out."""
    title = "特斯拉汽车的开源数据记录器中发现漏洞"
    assert not run(title=title, text=title + "。研究人员已通知开发者修复。").is_lead
    leaked = "特斯拉汽车的数据记录器漏洞致车主个人数据泄露"
    assert run(title=leaked, text=leaked).is_lead


def test_a_rectification_done_reports_no_violation() -> None:
    done = "星河购物等32款App完成个人信息收集使用合规整改"
    assert not run(title=done, text=done).is_lead
    ordered = "星河购物等32款App违规收集个人信息被责令整改"
    assert run(title=ordered, text=ordered).is_lead


def test_a_column_label_names_no_business() -> None:
    """「【安全头条】」 is where the story runs; 头条 there is no news app."""
    title = "【安全头条】某汽车公司再曝数据泄露事件，或因三方服务商配置错误导致"
    mentions = find_mentions(title, LEX.scan(title), LEX)
    assert "头条" not in [m.name for m in mentions]


def test_a_platform_opening_a_headline_after_its_column_label_acts() -> None:
    title = "【深度】微信泄露用户手机号事件始末"
    assert [b.name for b in run(title=title, text=title).businesses] == ["微信"]


@pytest.mark.parametrize(
    "name",
    [
        "杭州云到网络科技有限公司",
        "上海禾到信息技术有限公司",
        "广州嘉给网络科技有限公司",
        "成都米被科技有限公司",
    ],
)
def test_a_registered_name_whose_trade_name_holds_a_function_word_is_whole(name: str) -> None:
    """jieba cuts a trade name it does not know into single characters or coins a word of them
    (「上海/禾/到/信息技术有限公司」); after the place they are the name, however they read, unless
    they are all function words (「杭州又被…」 is a clause)."""
    sentence = f"{name}倒卖客户信息"
    assert [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)] == [name]
    clause = "张某在杭州又被科技有限公司泄露信息"
    assert not find_mentions(clause, LEX.scan(clause), LEX)


def test_a_verb_before_a_kind_of_business_is_no_part_of_its_name() -> None:
    """「没有联系房产中介公司」: the verb glued to the kind makes a clause, not a name."""
    assert not plausible("联系房产中介公司", LEX)
    assert plausible("房产中介公司", LEX)


@pytest.mark.parametrize(
    "title",
    [
        "知名某AI公司云存储泄漏超1.29TB内部敏感数据",  # data told by its size, whoever's it is
        "星河安全收购云帆科技 加速信息安全版图扩张",  # the security trade, no one's data
        "香港某美术馆疑似存在数据泄露",  # decision 6: Hong Kong is not the mainland
    ],
)
def test_company_data_the_security_trade_and_hong_kong_are_no_leads(title: str) -> None:
    assert not run(title=title, text=title).is_lead


def test_a_monthly_leak_roundup_names_its_masked_businesses() -> None:
    """A dark-web price in dollars does not place the roundup abroad; masked names count."""
    text = (
        "其中，与中国相关的泄露数据如下：\n"
        "1、****贷款平台用户数据泄露\n"
        "事件描述：某暗网数据交易平台有人宣称正在售卖一份****贷款平台用户数据，"
        "数据字段包含姓名、电话、身份证号码，此份数据的价格为2000美元。\n"
        "2、中国***航空机票数据泄露\n"
        "事件描述：有人宣称正在售卖一份中国***航空机票数据，此份数据的价格为500美元。\n"
    )
    result = run(title="【安全圈】2026年3月涉国内数据泄露事件汇总", text=text)
    assert "****贷款平台" in [b.name for b in result.businesses]


def test_a_trade_named_after_a_suffix_word_is_no_business() -> None:
    sentence = "高科技领域持续发展的过程中，数据泄漏和黑客攻击是常见挑战。"
    names = [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]
    assert "高科技" not in names


def test_a_ransom_in_the_story_does_not_place_it_abroad() -> None:
    result = run(
        title="某汽车公司用户数据遭窃取",
        text=(
            "某汽车公司收到外部邮件，黑客声称拥有其用户数据，并以泄露数据勒索225万美元。"
            "经初步调查，被窃取数据为部分用户基本信息。"
        ),
    )
    assert result.is_lead
    assert "X06" not in result.rules


def test_a_kind_of_business_doing_what_such_businesses_do_is_no_case() -> None:
    sentence = "保险公司经常成为网络攻击的目标，因为它们处理客户的个人和财务信息。"
    names = [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]
    assert "保险公司" not in names
    # one business that keeps doing it is a case
    sentence = "某保险公司经常泄露客户的个人信息。"
    assert "某保险公司" in [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]


def test_a_compound_headline_is_placed_by_the_parts_that_report() -> None:
    title = "闲鱼平台多次出现用户信息泄露；传谷歌正使用某模型改进其产品 | 牛览"
    assert run(title=title, text=title).is_lead


def test_apps_found_not_compliant_on_privacy_are_an_app_notice() -> None:
    text = (
        "国家计算机病毒应急处理中心近期通过互联网监测发现3款移动App存在隐私不合规行为。\n"
        "1、隐私政策难以访问。涉及2款App如下：\n《星河出行》（版本1.2.2，应用宝）、\n"
        "《云帆翻译》（版本1.5.7，小米应用商店）。\n"
    )
    result = run(title="注意 | 这3款App存在隐私不合规行为", text=text)
    assert [b.name for b in result.businesses] == ["星河出行", "云帆翻译"]


def test_a_digest_item_headed_by_an_app_notice_is_one() -> None:
    text = (
        "### 1. 某国发布新版网络安全战略\n该战略提出加强关键基础设施保护。\n"
        "### 2. 北京市通信管理局关于问题App的通报（2024年第三期）\n"
        "有关App运营企业应立即整改，逾期不整改的将依法处置。\n"
        "### 3. 多地开展网络安全宣传周活动\n活动持续一周。\n"
    )
    result = run(title="安全周报 | 某国发布新版网络安全战略", text=text)
    assert result.is_lead and "L05" in result.rules
    assert result.item is not None and "问题App的通报" in result.item.heading


def test_businesses_described_by_place_and_number_are_the_accused() -> None:
    assert lead_names(title=None, text="郑州两家公司泄露用户数据被罚10万元") == ["郑州两家公司"]
    # a count closing a list counts the names listed before it
    listed = lead_names(title=None, text="神州优车、首约科技两家公司违规收集用户信息被约谈")
    assert listed == ["神州优车", "首约科技"]


def test_a_name_closed_by_two_suffixes_keeps_its_place() -> None:
    assert lead_names(title=None, text="深圳某科技企业泄露个人信息被罚") == ["深圳某科技企业"]


@pytest.mark.parametrize(
    "title",
    [
        "德意志银行确认客户数据泄露",  # Germany by its own name
        "某银行上线终端数据防泄露系统，保护客户信息",  # what a product guards against
    ],
)
def test_abroad_by_its_formal_name_and_a_guard_are_no_leads(title: str) -> None:
    assert not run(title=title, text=title).is_lead


def test_a_flaw_named_by_what_it_exposes_is_no_leak() -> None:
    """「平台信息泄露（管理员账号密码）漏洞」 names a kind of flaw a product has: a write-up of it
    reports nothing done to anyone's data."""
    body = (
        "萤石云视频平台信息泄露（管理员账号密码）漏洞\n"
        "该平台是一套集成化的园区管理系统，接入视频监控、门禁与停车场。\n漏洞复现步骤如下。"
    )
    assert not run(title="【0day】某安防平台信息泄露（管理员账号密码）漏洞", text=body).is_lead


def test_a_title_ending_on_a_products_flaw_is_a_write_up() -> None:
    """「某系统存在任意文件读取漏洞」 tells of a flaw, not of anything done with it: the vendor
    the write-up names in its body is no business accused."""
    body = (
        "漏洞描述\n北京万象软件技术有限公司协同办公系统存在信息泄露，攻击者可读取服务器文件"
        "获取用户敏感信息。\n修复建议：升级到最新版本。"
    )
    result = run(title="某协同办公系统 download.jsp 存在任意文件读取漏洞", text=body)
    assert not result.is_lead and "X04" in result.rules


def test_a_data_word_inside_a_registered_name_is_its_trade() -> None:
    """「恒信金融信息服务有限公司」 trades in information; buying its shares is no data sale."""
    title = "某文旅公司发布公告，披露其子公司购买杭州恒信金融信息服务有限公司全部股权的交易已完成"
    assert not run(title=title, text=title).is_lead


def test_inside_information_is_no_ones_personal_data() -> None:
    """「泄露内幕信息」 is insider dealing in a listed company's shares, not a data leak."""
    title = "某电子股份公司董秘涉嫌泄露内幕信息，被证监会立案调查"
    assert not run(title=title, text=title).is_lead


def test_the_credit_reporting_system_is_no_ones_record() -> None:
    """「征信系统」 is the system lenders report to; gathering data for it names no one's data."""
    title = "二代征信系统调整了数据采集模式，消费金融公司、小额贷款公司等机构可直接对接"
    assert not run(title=title, text=title).is_lead


def test_a_headlines_stories_apart_by_a_wide_space_are_read_apart() -> None:
    """「A　B」: an ideographic space sets a headline's second story apart; normalising the
    text makes it one space, so the businesses of the other story must not join the lead."""
    title = "圆通快递员工倒卖客户面单信息被查　2020年各地物流公司业务量排名"
    assert lead_names(title=title, text=title) == ["圆通"]


def test_privately_is_without_consent_like_its_synonym() -> None:
    """私自 says what 擅自 says: done with the customer's data without asking."""
    result = run(title="某保险公司私自用客户身份证办理贷款", text="")
    assert result.is_lead and result.conduct == ["collect_without_consent"]


@pytest.mark.parametrize(
    "title",
    [
        "某区教育局公布校外培训机构举报电话",  # a line published for the public to call
        "手机这个设置不关闭，可能会泄露淘宝里的隐私",  # what may happen, not what did
        "某航空公司叫停第三方值机服务：旅客个人信息有泄露风险",  # a risk named, no event
        "某银行信用卡宣布即日起免收外汇交易服务费",  # a transaction's fee, no data traded
        "某网贷平台官网称其交易数据与关联平台一致，遭出借人质疑",  # a transaction's records
        "有某农商银行出具的账户交易明细、客户身份资料等证据证实",  # a court's evidence
        "某理财平台公开信息称，资金与交易严格分离，由城商行存管",  # its public statement
    ],
)
def test_public_lines_possibilities_and_transactions_are_no_leads(title: str) -> None:
    assert not run(title=title, text=title).is_lead


@pytest.mark.parametrize(
    "title",
    [
        "某电信公司上线营销短信过滤功能，用户可一键开启",  # a conduct named as what is countered
        "某电信公司新功能制伏营销电话",  # the verb of overcoming it
        "某支付平台成立安全团队，重点狙击电信诈骗信息泄露",  # what it fights
    ],
)
def test_a_service_against_a_conduct_is_no_lead(title: str) -> None:
    assert not run(title=title, text=title).is_lead


def test_the_business_an_attack_hits_is_its_object_however_described() -> None:
    sentence = "境外情报机构网络攻击我国某智慧电网大型高科技企业"
    roles = {m.name: m.role for m in find_mentions(sentence, LEX.scan(sentence), LEX)}
    assert roles == {"高科技企业": "victim"}


def test_one_unquoted_app_standing_for_a_notices_count_is_named() -> None:
    title = "存在隐私不合规行为，星河阅读等 16 款 App 被通报"
    assert lead_names(title=title, text=title) == ["星河阅读"]
    title = "工信部通报星河阅读等16款App"  # the name starts after the regulator's act
    assert lead_names(title=title, text=title) == ["星河阅读"]


def test_a_notice_about_smart_devices_is_a_notice() -> None:
    """The guide's notices cover devices: 「智能终端」 is one word for them."""
    result = run(
        title="工信部通报15款智能终端存在侵害用户权益行为",
        text="近期，经组织第三方检测机构抽查，共发现15款智能终端存在侵害用户权益行为，现予以通报。",
    )
    assert result.is_lead
    assert "L05" in result.rules


@pytest.mark.parametrize("event", ["一次勒索软件", "一起勒索软件"])
def test_a_count_of_events_is_no_described_business(event: str) -> None:
    sentence = f"该公司证实，{event}攻击导致客户的个人信息泄露。"
    assert event not in [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]


def test_every_business_of_a_listed_place_is_a_place() -> None:
    """「在多家宾馆、酒店房间内安装偷拍设备」: where individuals acted, for each list item."""
    sentence = "2022年，被告人石某伙同吴某等人，在多家宾馆、酒店房间内安装偷拍设备，偷拍旅客隐私。"
    roles = {m.name: m.role for m in find_mentions(sentence, LEX.scan(sentence), LEX)}
    assert roles.get("多家宾馆") == "place"


def test_a_list_of_acts_names_no_actors() -> None:
    """「揭露了人为操纵口碑、浏览网页窃取用户手机号、安装垃圾捆绑软件等」: words jieba does not
    know, but each opens with a verb: what was exposed, not who did it."""
    sentence = (
        "去年的晚会重点关注了网络安全相关问题，揭露了人为操纵口碑、浏览网页窃取用户手机号、"
        "安装垃圾捆绑软件等违法违规行为。"
    )
    assert find_mentions(sentence, LEX.scan(sentence), LEX) == []


def test_once_is_no_business_described() -> None:
    """「一度导致企业」: 一度 is "at one time", not 一 opening a description (a resort, 「一度假
    酒店」, still is one)."""
    sentence = "勒索软件在内网迅速传播，一度导致企业生产中断，客户数据面临泄露。"
    names = [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]
    assert not any(name.startswith("一度") for name in names)
    sentence = "三亚一度假酒店泄露住客信息"
    assert "一度假酒店" in [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]


def test_a_known_brand_is_named_without_its_generic_kind() -> None:
    """The guide asks for the shortest form that identifies the business: 「闲鱼平台」 is 闲鱼."""
    names = lead_names(
        title="闲鱼平台泄露买家收货地址和电话", text="闲鱼平台泄露买家收货地址和电话。"
    )
    assert names == ["闲鱼"]


def test_a_business_named_in_a_statutes_title_is_its_subject_matter() -> None:
    sentence = (
        "近期公布的《银行保险机构数据安全管理办法（征求意见稿）》要求机构不得违规出售客户信息。"
    )
    names = [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]
    assert "银行保险机构" not in names


@pytest.mark.parametrize(
    ("title", "text"),
    [
        pytest.param(
            "筑牢企业网络安全防线",
            "公司定期组织员工培训，让每一位员工严格遵守操作规范，不轻易点击可疑链接、不随意泄露敏感"
            "信息，从细微之处筑牢安全防线。",
            id="advice-listed-before-a-leak-verb",  # 「不轻易点击…、不随意泄露」: no actors
        ),
        pytest.param(
            None,
            "2022年，被告人石某伙同吴某等人，在多家宾馆、酒店房间内安装偷拍设备，偷拍入住旅客的"
            "隐私视频，并通过即时通信软件发布贩卖信息进行销售牟利。",
            id="a-headline-clause-opening-with-a-preposition",  # 「在多家宾馆…」 says where
        ),
        pytest.param(
            "酒店强制刷脸是否合法？",
            "律师表示，此外，《旅馆业治安管理办法》规定旅客入住酒店宾馆时负有接受登记、查验身份证的"
            "法定义务，但强制人脸识别并非法定要求。",
            id="what-a-statute-says",
        ),
        pytest.param(
            "某保险集团移动办公安全建设案例",
            "移动办公提高了效率，但某保险集团也面临着数据泄密的风险，项目旨在构建移动安全防护体系。",
            id="a-risk-faced",
        ),
        pytest.param(
            "某安全初创公司完成新一轮融资",
            "公司核心团队聚集了来自百度、华为的资深成员，围绕漏洞攻击、勒索事件、数据泄露等企业"
            "痛点研发软件供应链安全产品。",
            id="where-people-came-from",  # 「来自百度、华为的成员」: no data came from them
        ),
        pytest.param(
            "某安全集团获评优秀支撑单位",
            "360数字安全集团在平台试运行阶段积极共享威胁信息，在APT追踪领域贡献突出。",
            id="threat-intelligence-is-about-attackers",
        ),
        pytest.param(
            "某区网信办对一学校作出行政处罚",
            "经查，属地一学校办公电脑被境外黑客组织植入木马病毒，存在网络数据泄露风险，网信办依法"
            "对其给予警告。",
            id="a-school-is-no-business",  # decision 11
        ),
        pytest.param(
            "某科技公司回应文生图争议：能力来自公开数据",
            "该公司称，模型的能力来自公开数据，符合行业惯例。",
            id="open-data-is-no-disclosure",
        ),
    ],
)
def test_reports_no_event(title: str | None, text: str) -> None:
    assert not run(title=title, text=text).is_lead


def test_a_notice_in_a_digest_keeps_its_numbered_points() -> None:
    """A digest's bold item 「**…通报6款违规移动应用**」 lists its apps under numbered points
    (「1、…涉及3款App：」); the points are the item's own, not items of the digest."""
    text = (
        "•两项国家标准公开征求意见\n•某中心通报6款违规移动应用\n•某勒索团伙宣称入侵一家美国医院\n"
        "**两项国家标准公开征求意见**\n标准化技术委员会秘书处发布两项国家标准征求意见稿，面向社会公开"
        "征求意见。\n"
        "**某中心通报6款违规移动应用**\n国家计算机病毒应急处理中心近期通过互联网监测发现6款移动App存在"
        "隐私不合规行为。\n"
        "1、未声明App运营者的基本情况。涉及3款App：\n《晴天壁纸》（版本1.0.5，应用宝）\n"
        "《小鹿日记》（版本1.5.2，vivo应用商店）\n《快译通》（版本1.4.7，豌豆荚）\n"
        "2、App客户端向第三方提供个人信息，未经过用户同意。涉及3款App：\n"
        "《云朵记账》（版本2.2.0，应用宝）\n《极速货运司机》（版本1.0.26，vivo应用商店）\n"
        "《趣味答题》（版本3.6.11，小米应用商店）\n"
        "**某勒索团伙宣称入侵一家美国医院**\n该团伙在其泄露网站上发布了据称窃取的文件样本。\n"
    )
    names = lead_names(
        title="两项国家标准公开征求意见；某中心通报6款违规移动应用 | 牛览", text=text
    )
    assert names[:3] == ["晴天壁纸", "小鹿日记", "快译通"]
    assert run(
        title="两项国家标准公开征求意见；某中心通报6款违规移动应用 | 牛览", text=text
    ).conduct == ["collect_without_consent", "disclose_or_sell"]


def test_a_notice_under_its_headline_reports_every_finding() -> None:
    """The headline is the notice, so the whole body is its findings: apps that hand personal
    information to third parties without consent disclose it (decision 19), beside collecting."""
    result = run(
        title="某中心监测发现8款违规移动应用",
        text=(
            "1、未向用户明示申请的全部隐私权限。涉及4款App：\n《晴天壁纸》（版本1.0.5，应用宝）\n"
            "2、个人信息处理者向其他个人信息处理者提供其处理的个人信息的，未取得个人的单独同意。"
            "涉及4款App：\n《云朵记账》（版本2.2.0，应用宝）\n"
        ),
    )
    assert "L05" in result.rules
    assert result.conduct == ["collect_without_consent", "disclose_or_sell"]


def assert_abroad(*, title: str, text: str) -> None:
    """Nothing in the text places the story in China: no lead, by the abroad rule X07."""
    result = run(title=title, text=text)
    assert not result.is_lead
    assert "X07" in result.rules


def test_a_chinese_authoritys_word_abroad_places_nothing_in_china() -> None:
    """「美国联邦最高法院」 holds 最高法 (the Supreme People's Court's short name): no anchor in
    China, so an unknown Latin name acting in the story stays abroad."""
    assert not placed_in_china("自美国联邦最高法院限制政府无证跟踪以来", LEX)
    assert placed_in_china("最高法发布个人信息保护典型案例", LEX)
    assert_abroad(
        title="XBI承认：未获授权购买居民位置数据",
        text="在参议院的听证会上，XBI首次承认，其曾在未获取搜查令的情况下购买居民的位置数据。"
        "自美国联邦最高法院限制政府无证跟踪以来，这种做法越来越普遍。",
    )


def test_money_converted_into_yuan_and_a_place_abroad_holding_a_city_name_place_nothing() -> None:
    """「500万美元（约合人民币3600万元）」 converts money abroad for the reader, and 「佛罗里达州」
    holds 达州: neither places a story in China, and the yuan of a headline that only repeats
    the conversion does not either."""
    assert not placed_in_china("同意支付500万美元（约合人民币3600万元），赔偿3600万元", LEX)
    assert not placed_in_china("和解协议获佛罗里达州一名联邦法官批准", LEX)
    assert placed_in_china("该公司被罚款3600万元", LEX)
    assert placed_in_china("四川达州一家公司泄露客户信息", LEX)
    assert_abroad(
        title="泄露数十万患者信息，这家诊所公司赔偿3600万元",
        text="美国远程诊疗公司Curewell同意支付500万美元（约合人民币3600万元）和解集体诉讼。"
        "黑客窃取了约30万名患者的姓名和病历信息。和解协议获佛罗里达州一名联邦法官批准。",
    )


@pytest.mark.parametrize(
    "title", ["某健身房擅自使用歌手李某的照片制作宣传海报", "某奶茶店擅自使用他人姓名制作开业花篮"]
)
def test_a_name_or_picture_a_business_publicises_itself_with_is_no_customers_data(
    title: str,
) -> None:
    """A singer's photo on a poster, a stranger's name on an opening's flower basket: name and
    portrait rights, not the personal information of the people the business serves."""
    assert not run(title=title, text=title).is_lead


def test_customers_pictures_used_in_publicity_stay_a_lead() -> None:
    title = "某医美机构擅自将顾客术前术后照片用于广告宣传"
    assert lead_names(title=title, text=title) == ["某医美机构"]


@pytest.mark.parametrize("pointer", ["该 APP", "该app", "这款应用", "该款App"])
def test_an_app_pointed_at_however_spelled_is_a_pronoun(pointer: str) -> None:
    sentence = f"提权之后，{pointer}大肆收集用户的位置信息"
    mentions = find_mentions(sentence, LEX.scan(sentence), LEX)
    assert [(m.source, m.role) for m in mentions] == [("pronoun", "subject")]


def test_a_giant_described_is_the_business_an_app_pointer_refers_to() -> None:
    result = run(
        title="国产 APP 利用系统漏洞提权使其难以卸载",
        text="近日有安全研究机构发文披露，国内一家互联网巨头的 APP 利用了系统漏洞提权。"
        "提权之后，该 APP 绕过隐私合规监管，大肆收集用户的位置信息和通讯录。",
    )
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["国内一家互联网巨头"]
    assert result.conduct == ["collect_without_consent"]


@pytest.mark.parametrize(
    ("sentence", "pointer"),
    [
        ("服务商Acme提醒用户更改存储在该DevOps平台上的密码和密钥", "该DevOps平台"),
        ("此后，该房产中介公司将业主信息出售给装修公司", "该房产中介公司"),
        ("随后，这家小额贷款公司向借款人的通讯录联系人发送催收短信", "这家小额贷款公司"),
    ],
)
def test_a_kind_pointed_at_with_its_description_is_a_pronoun(sentence: str, pointer: str) -> None:
    """「该DevOps平台」 refers back to a business named before; it names none of its own."""
    mentions = find_mentions(sentence, LEX.scan(sentence), LEX)
    assert pointer in [m.name for m in mentions if m.source == "pronoun"]
    assert all(m.source == "pronoun" for m in mentions if pointer.endswith(m.name))


def test_a_public_institution_is_never_the_accused() -> None:
    assert authority("鄂尔多斯市某事业单位APP", LEX)
    assert authority("某市疾控中心", LEX)
    assert not authority("鄂尔多斯市某供应链企业", LEX)


@pytest.mark.parametrize(
    ("title", "lead"),
    [
        # what a business no longer does is not happening, nor what it is asked whether to do
        ("某在线视频平台宣布今后不再公布付费会员数量", False),
        ("某航空公司回应能否公开乘客名单 ，称将尊重家属意愿", False),
        # content described as obscene or negative is what is said, not data about anyone
        ("某短视频平台因传播低俗信息被网信部门约谈", False),
        ("某车企要求博主停止传播有关新车的负面信息", False),
        # a leak of secrets is a breach of personal information only with the data named
        ("某电视机厂商回应“技术泄密案” 称离职员工从未提供过任何资料", False),
        ("某银行深陷“泄密门” 客户信息安全再遭质疑", True),
        # a data word right before a stock code ends a listed company's name
        ("天成信息(300999)预计业绩下滑 股权出售难圆华安保险合资梦", False),
        # customers published as persons, not as a class (a profile of its buyers)
        ("某健身房在门口公开两名会员的欠费情况", True),
        ("某汽车有限公司公布新车车主画像：三成是女性", False),
        # an employer's own staff records are a workplace matter (decision 12)
        ("某电器连锁企业内部通报中公布员工姓名和上网记录", False),
        ("某电器连锁企业公布顾客姓名和购物记录", True),
    ],
)
def test_what_is_no_consumers_data_or_no_longer_done(title: str, lead: bool) -> None:
    assert run(title=title, text=title).is_lead is lead


def test_informatization_is_nobodys_information() -> None:
    """「工业和信息化部」 holds 信息 (information) in 信息化 (informatisation): a ministry's name
    beside 「公布」 (publish) reports no disclosure."""
    sentence = "由工业和信息化部主办的论坛召开，会上公布了工作组成员单位名单，安创科技成功入选"
    assert not is_violation(sentence, LEX.scan(sentence))


@pytest.mark.parametrize(
    "sentence",
    ["这些威胁还可能被用来进一步攻击企业内网", "建议建立性侵犯罪信息统一查询平台"],
)
def test_one_inside_a_word_opens_no_described_business(sentence: str) -> None:
    """「进一步」「统一」 end in 一 (one): it does not open 「一…企业」 or 「一…平台」."""
    assert find_mentions(sentence, LEX.scan(sentence), LEX) == []


def test_a_brand_spelled_as_days_is_a_duration_without_its_kind() -> None:
    def names(sentence: str) -> list[str]:
        return [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]

    assert "7天" not in names("攻防演练为期7天，其间有单位泄露了员工个人信息")
    assert "7天酒店" in names("7天酒店前台员工泄露住客的个人信息")


def test_stealing_away_personal_information_is_collection() -> None:
    """「偷走」「偷取」 (steal away) say what 「窃取」「盗取」 say."""
    sentence = "一款破解版App被嵌入插件，一运行就悄悄偷走用户手机里的个人信息"
    hits = LEX.scan(sentence)
    assert is_violation(sentence, hits)
    assert "collect_without_consent" in sentence_conduct(sentence, hits)


def test_attack_surface_jargon_exposes_no_data() -> None:
    """「暴露面」「暴露管理」 name what an attacker could reach; no data was exposed."""
    for sentence in (
        "某安全厂商发布持续威胁暴露管理方案，帮助企业收敛互联网暴露面，保护用户数据",
        "该平台可梳理企业暴露面，覆盖域名、证书、用户数据等资产",
    ):
        assert "breach" not in sentence_conduct(sentence, LEX.scan(sentence))


def test_topics_a_noun_is_about_are_no_apps() -> None:
    """「涉及营销、收费、资费争议的申诉」: the enumeration says what complaints were about."""
    text = (
        "通告显示，全国电信用户申诉中，涉及营销、收费、资费争议的申诉占比过半，"
        "涉及网络、安全的申诉占比一成。"
    )
    assert listed_names(text, LEX) == []
    assert listed_names("通报的App包括快乐看点、易记账和好家装。", LEX) == [
        "快乐看点",
        "易记账",
        "好家装",
    ]


def test_a_so_called_conduct_is_not_reported() -> None:
    """「所谓的数据泄露」: a conduct the text calls so-called is disputed or only named; the same
    conduct told plainly is reported."""
    for sentence in ("星河云盘回应所谓的用户数据泄露", "所谓“星河云盘数据泄露事件”的真相"):
        assert not is_violation(sentence, LEX.scan(sentence))
    assert is_violation("星河云盘泄露用户数据", LEX.scan("星河云盘泄露用户数据"))


def test_filming_the_people_a_business_serves_is_a_violation() -> None:
    """「偷拍」 captures a person: filming a business's guests or customers reports a violation
    without any data word, filming passers-by in the street does not by itself."""
    for sentence in ("某连锁宾馆偷拍住客并贩卖视频牟利", "多家门店被指“偷拍”顾客"):
        assert is_violation(sentence, LEX.scan(sentence))
    assert not is_violation("男子在地铁站偷拍女性被拘", LEX.scan("男子在地铁站偷拍女性被拘"))
    assert lead_names(title="某连锁宾馆偷拍住客并贩卖视频牟利", text="") == ["某连锁宾馆"]


def test_a_regulator_notifying_apps_without_a_count_is_a_notice() -> None:
    """「工信部通报涉乱跳转APP」「工信部下架侵害用户权益 APP」: the regulator notifies or removes
    apps for a named violation (乱跳转, redirecting users at will; 侵犯个人信息); apps that
    「被通报」 (were notified) in a statistic are not."""
    assert is_notice("工信部通报涉乱跳转APP")
    assert is_notice("某省通信管理局通报违规收集个人信息的应用")
    assert is_notice("工信部下架侵害用户权益 APP")
    assert is_notice("135 款 app 侵犯个人信息合法权益")
    assert not is_notice("去年被通报的银行App达17款，违规收集个人信息问题突出")
    assert not is_notice("某App被下架，已下载的用户还能用吗")
    # removed apps are a notice where the regulator or the data is named
    assert is_notice("工信部下架106款APP")
    assert not is_notice("某地7款APP全网下架")


def test_a_headline_asking_whether_without_its_question_mark_reports_nothing() -> None:
    """Forum and hot-list titles often drop the question mark: 「…是否侵犯了乘客的隐私权」 asks."""
    asked = "某票务平台这样的合作是否侵犯了乘客的隐私权"
    assert not is_violation(asked, LEX.scan(asked))
    told = "某票务平台违规收集乘客个人信息"
    assert is_violation(told, LEX.scan(told))


def test_a_merchant_on_a_platform_is_the_business_not_the_platform() -> None:
    """「被淘宝卖家泄露」: the seller leaked the data; the platform it sells on did not."""
    sentence = "身份证照片被淘宝卖家泄露给了第三方"
    names = [m.name for m in find_mentions(sentence, LEX.scan(sentence), LEX)]
    assert "淘宝卖家" in names
    assert "淘宝" not in names


def test_a_weibo_posts_topic_is_its_headline() -> None:
    """A post has no title; the topic it is written under (「#…#」) is its headline, wherever
    in the post it stands."""
    text = "看完真的后怕，这么多家庭的信息就这样流出去了。 #卫生院员工倒卖十万条孕产妇信息#"
    assert lead_names(title=None, text=text) == ["卫生院"]


def test_health_centres_scenic_spots_and_restaurants_are_kinds_of_business() -> None:
    """A headline opening with the kind names the business it reports (「医院…」 already)."""
    for title, kind in (
        ("卫生院员工倒卖孕产妇信息", "卫生院"),
        ("景区强制游客刷脸采集人脸信息", "景区"),
        ("餐厅员工出售顾客手机号", "餐厅"),
    ):
        assert lead_names(title=title, text="") == [kind]


def test_publishing_a_list_of_products_is_a_notice_only_of_violations() -> None:
    """A maker publishing which of its devices lose updates notifies nothing; a regulator
    publishing apps that broke the rules does."""
    assert not is_notice("某手机厂商公布16款设备将停止系统更新")
    assert is_notice("工信部公布16款违规收集个人信息App")


def test_making_someones_data_public_is_disclosure_not_press_exposure() -> None:
    """「曝光」 with someone's data in its clause discloses it; a business the press 「曝光」
    (exposed), a product's specifications made public and a practice exposed (「骚扰电话」)
    disclose nobody's data."""
    assert "disclose_or_sell" in counts("一餐馆未打码曝光多名逃单顾客照片")
    assert "disclose_or_sell" in counts("我的手机号被一家装修公司曝光在群里")
    for sentence in (
        "遭到曝光的某科技有限公司账号被封禁",
        "某新车续航信息曝光",
        "晚会曝光机器人骚扰电话",
    ):
        assert "disclose_or_sell" not in counts(sentence)


def test_a_deal_in_assets_is_no_data_trade() -> None:
    """Shares, assets and business lines sold in a deal are goods, even with a data word
    earlier in the headline or inside the name of the line sold; data sold stays a sale."""
    for sentence in (
        "某银行账户冻结风波未平 某农商行拟出售30亿存量信贷资产包",
        "某科技公司向某集团出售旗下云计算业务60%股权",
        "两名高管违规买卖公司股票被罚",
    ):
        assert counts(sentence)["disclose_or_sell"] == 0, sentence
    assert counts("某物业公司员工出售业主个人信息")["disclose_or_sell"] == 1


def test_data_far_before_a_sale_is_not_what_is_sold() -> None:
    """Data sold is named after the verb or a few characters before it; data named further back
    in a long clause belongs to another phrase (a photo described, an ID number in a contract
    party's details)."""
    for sentence in (
        "照片左边那瓶是我上个月从某连锁店的实体店购买的",
        "甲方张某（身份证号码11010119800101****）与某房产经纪有限公司签订了房屋买卖合同",
    ):
        assert not is_violation(sentence, LEX.scan(sentence)), sentence
    for sentence in (
        "某酒店集团旗下酒店的用户信息在暗网被公开售卖",
        "某公司员工将客户个人信息打包出售",
        "某中介花两万元购买业主信息",
    ):
        assert is_violation(sentence, LEX.scan(sentence)), sentence


def test_evidence_gathered_by_investigators_is_no_collection() -> None:
    """Police or inspectors retrieving records, or a party asking a court to, gather evidence;
    a business retrieving its customers' records at will collects their data."""
    for sentence in (
        "执法人员随即赶到现场，并调取了该店的监控录像和顾客登记信息",
        "原告在一审中申请调取被告的通话记录和病历",
    ):
        assert not is_violation(sentence, LEX.scan(sentence)), sentence
    sentence = "某旅游平台随意调取用户的会员信息"
    assert is_violation(sentence, LEX.scan(sentence))


def test_children_named_as_people_are_no_data_published() -> None:
    """A game company publishing its rules for minors publishes nobody's data; publishing
    pupils' records does."""
    sentence = "某游戏公司公布寒假未成年人限玩时间"
    assert not is_violation(sentence, LEX.scan(sentence))
    sentence = "某培训机构在群里公布学生信息"
    assert is_violation(sentence, LEX.scan(sentence))


def test_a_brand_running_from_one_word_into_part_of_the_next_is_not_meant() -> None:
    """「240万人保单」 cuts 人/保单: 人保 starts on a word but ends inside 保单, which it neither
    opens nor closes; a brand that is a word, or opens a longer one, is meant."""

    def brand_at(sentence: str, term: str) -> bool:
        hit = next(h for h in LEX.scan(sentence) if h.term == term)
        return not straddles_words(sentence, hit, LEX)

    assert not brand_at("某保险管理公司遭数据泄露影响240万人保单", "人保")
    assert brand_at("中国人保回应客户信息泄露", "人保")
    assert brand_at("泰康人寿员工倒卖客户信息", "泰康")


def test_a_latin_name_after_its_description_is_still_a_latin_name() -> None:
    """A foreign company written as a description and its Latin name, in a story placed nowhere
    in China, is news from abroad; a description before a generic App is no Latin name."""
    text = "电信巨头AT&T承认超5000万用户数据泄露"
    assert unanchored_foreign(["电信巨头AT&T"], text, LEX)
    assert not unanchored_foreign(["多个国产APP"], "多个国产APP滥用相册权限", LEX)
