"""Multi-item texts: items found from the document's structure, and a lead pointing at the item
it came from. Every text here was written for these tests."""

from __future__ import annotations

import pytest

from piwatch.pipelines.leads import ExtractOptions, TextInput
from piwatch.pipelines.leads.extract import extract
from piwatch.pipelines.text.structure import item_at, split_items, titled_by_first_item

OPTIONS = ExtractOptions()

NUMBERED_ROUNDUP = (
    "1. 国产大飞机完成首次商业航班飞行，航空公司表示运行平稳。\n"
    "2. 杭州某房产中介公司员工将上千名业主的姓名和手机号出售给装修公司，市场监管局已立案调查。\n"
    "3. 多地气温回升，气象部门提醒注意防范强对流天气。"
)
LINE_DIGEST = "\n".join(
    [
        "国内成品油价迎年内第三涨，加满一箱油多花 4 元左右",
        "教育部：中小学不得要求家长批改作业，各地开展专项检查",
        "多地通信管理局通报 27 款 App 违规收集个人信息，某打车平台、某健身应用在列",
        "气象台：南方将迎新一轮强降雨，局地有暴雨",
        "国家统计局：上月社会消费品零售总额同比增长 4.2%",
        "首届低空经济博览会开幕，无人机配送进入更多城市",
    ]
)


def test_numbered_items_with_their_headings_and_spans() -> None:
    items = split_items(NUMBERED_ROUNDUP)
    assert [i.heading[:2] for i in items] == ["1.", "2.", "3."]
    assert all(i.marked for i in items)
    assert "".join(NUMBERED_ROUNDUP[i.start : i.end] for i in items) == NUMBERED_ROUNDUP
    second = items[1]
    assert item_at(items, NUMBERED_ROUNDUP.index("业主")) == second
    assert second.heading.startswith("2. 杭州某房产中介公司")


def test_one_story_a_line_is_a_list_prose_and_statutes_are_not() -> None:
    items = split_items(LINE_DIGEST)
    assert len(items) == 6 and not any(i.marked for i in items)
    prose = "\n".join(["今天上午，记者来到市中心的一家商场，看到很多顾客在排队。"] * 8)
    assert split_items(prose) == []  # paragraphs end with a full stop
    statute = "第一条 为了保护个人信息权益，制定本法。\n第二条 自然人的个人信息受法律保护。"
    assert split_items(statute) == []  # articles of a law state rules, not events


def test_roundup_with_one_relevant_item_points_at_it() -> None:
    result = extract(TextInput(id="r", text=NUMBERED_ROUNDUP, title="早报：今日要闻三则"), OPTIONS)
    assert result.is_lead
    assert "杭州某房产中介公司" in [b.name for b in result.businesses]
    assert result.conduct == ["disclose_or_sell"]
    assert result.item is not None and result.item.heading.startswith("2. 杭州某房产中介公司")
    assert "L02" in result.rules


def test_one_story_a_line_digest_without_title() -> None:
    result = extract(TextInput(id="d", text=LINE_DIGEST), OPTIONS)
    assert result.is_lead
    assert result.conduct == ["collect_without_consent"]
    assert result.item is not None and "27 款 App" in result.item.heading
    assert not result.item.marked


FLATTENED_STORIES = [
    "本市新开三条公交线路，覆盖城东新区 交通部门表示，新线路今日起试运行。",
    "某连锁超市三季度营收增长 5%，净利润 8.7 亿元 公司称增长来自社区门店，明年计划再开百家。",
    "秋季流感高发，医生提醒及时接种疫苗 专家建议老人和儿童优先接种，各社区医院已备足疫苗。",
    "全市中小学启动课后服务升级 教育部门表示，新学期起每周增加两次体育活动。",
    "城北湿地公园完成改造重新开放 园区新增步道五公里，周末游客明显增多。",
    "本地新能源车企发布新款车型 公司称新车续航提升两成，下月起交付。",
    "苏州某装修公司把客户姓名、手机号和房屋面积卖给建材商 市场监管部门已立案，涉及客户上万名。",
]
FLATTENED_DIGEST = "早上好，今天的晨报来了。 【城事晨报】第 88 期 今日要闻 " + " ".join(
    f"{n}.{story}" for n, story in enumerate(FLATTENED_STORIES, 1)
)


def test_a_flattened_list_is_split_at_its_inline_marks() -> None:
    items = split_items(FLATTENED_DIGEST)
    assert [i.heading[:2] for i in items] == [f"{n}." for n in range(1, 8)]  # no 「8.7」
    assert items[6].heading == "7.苏州某装修公司把客户姓名、手机号和房屋面积卖给建材商"
    assert split_items("共有三点：1.价格 2.质量") == []  # two marks are no list


def test_a_flattened_digest_named_by_its_masthead_points_at_its_item() -> None:
    title = "公交新线开通；超市营收增长"  # the title tells other stories
    result = extract(TextInput(id="f", text=FLATTENED_DIGEST, title=title), OPTIONS)
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["苏州某装修公司"]
    assert result.item is not None and result.item.heading.startswith("7.苏州某装修公司")
    assert "L02" in result.rules  # the item's heading was read as the headline it is
    # under a page's menu lines instead of a masthead, the list is an article's sections
    menu = "首页\n* 晨报\n* 专栏\n" + FLATTENED_DIGEST.split("今日要闻 ", 1)[1]
    assert "L02" not in extract(TextInput(id="m", text=menu, title=title), OPTIONS).rules


FIRST_STORY = "挪威一家能源公司遭勒索软件攻击，部分业务中断"
TITLED_BY_FIRST = (
    f"## 1. {FIRST_STORY}\n该公司表示正在恢复系统，暂未发现客户资料外泄。\n"
    "## 2. 某浏览器发布安全更新，修复多个高危漏洞\n用户应尽快升级到最新版本。\n"
    "## 3. 江苏某贷款公司员工出售借款人个人信息被查处\n警方查明，该公司员工将上万条借款人"
    "姓名、手机号出售给催收团伙，获利数万元。\n"
)


def test_a_roundup_titled_by_its_first_story() -> None:
    items = split_items(TITLED_BY_FIRST)
    assert titled_by_first_item(items, TITLED_BY_FIRST, FIRST_STORY)
    assert not titled_by_first_item(items, TITLED_BY_FIRST, "安全周报")
    # an article whose sections are numbered is titled by itself, not by its first section
    article = "一、事件经过\n记者了解到相关情况。\n二、各方回应\n公司表示将整改。\n"
    assert not titled_by_first_item(split_items(article), article, "某公司回应整改")
    # the first story is abroad, the third a lead: the title does not place the page abroad
    result = extract(TextInput(id="t", text=TITLED_BY_FIRST, title=FIRST_STORY), OPTIONS)
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["江苏某贷款公司"]
    assert result.item is not None and result.item.heading.startswith("## 3.")


BOLD_ROUNDUP = (
    "过去一个季度，数据安全事件仍然多发，本文梳理其中几起。\n"
    "**-01-**\n**某市地铁新线开通**\n新线全长三十公里，沿线设站二十座。\n"
    "**业主信息遭外泄**\n**一家物业公司被起诉**\n某小区物业公司将上千户业主的姓名、身份证号和"
    "手机号发到商户群，业主频繁接到推销电话，已起诉至法院。\n"
    "**-03-**\n**多地开展消防演练**\n各地消防部门走进社区，讲解火灾逃生常识。\n"
)


def test_bold_heading_lines_are_items_and_a_heading_may_span_lines() -> None:
    items = split_items(BOLD_ROUNDUP)
    assert [i.heading for i in items] == [
        "某市地铁新线开通",  # the numbering line 「-01-」 is no part of the heading
        "业主信息遭外泄 一家物业公司被起诉",
        "多地开展消防演练",
    ]
    assert BOLD_ROUNDUP[items[1].start : items[1].heading_end] == (
        "**业主信息遭外泄**\n**一家物业公司被起诉**"
    )
    # one or two bold lines are emphasis, and a bold sentence is no heading
    emphasis = "正文第一段。\n**请注意保护个人信息。**\n正文第二段。\n**重要提示**\n正文第三段。"
    assert split_items(emphasis) == []


@pytest.mark.parametrize(
    ("text", "headings"),
    [
        (
            "**某市地铁新线开通**\n新线全长三十公里。\n【编辑点评】\n交通更方便了。\n"
            "**一家物业公司泄露业主信息被罚**\n某小区物业公司将业主信息发到商户群。\n【编辑点评】\n"
            "物业应守规矩。\n**多地开展消防演练**\n各地消防部门走进社区。\n",
            [
                "某市地铁新线开通",
                "【编辑点评】",
                "一家物业公司泄露业主信息被罚",
                "【编辑点评】",
                "多地开展消防演练",
            ],
        ),
        # outside a list two bold lines are emphasis; where a recurring mark closes each story,
        # two bold headings are the stories' own
        (
            "**某连锁超市会员资料遭外泄被罚**\n市网信办对该超市罚款三万元。\n【小编说】\n"
            "会员资料要管好。\n**地铁三号线延长段通车**\n新增车站五座。\n【小编说】\n出行更便利。\n",
            ["某连锁超市会员资料遭外泄被罚", "【小编说】", "地铁三号线延长段通车", "【小编说】"],
        ),
    ],
)
def test_bold_headings_between_recurring_marks_are_items_too(
    text: str, headings: list[str]
) -> None:
    assert [i.heading for i in split_items(text)] == headings


def test_a_roundup_under_bold_headings_points_at_its_item() -> None:
    result = extract(TextInput(id="b", text=BOLD_ROUNDUP, title="季度数据泄露事件盘点"), OPTIONS)
    assert result.is_lead
    assert [b.name for b in result.businesses] == ["一家物业公司"]
    assert result.conduct == ["breach"]  # the heading's 「外泄」, as the item's headline tells it
    assert result.item is not None and result.item.heading == "业主信息遭外泄 一家物业公司被起诉"
    assert "L02" in result.rules


EVENT_CATALOGUE = "\n".join(
    [
        "本月共监测到暗网数据交易情报三千余份，典型事件如下。",
        "某国港口管理局数据泄露",
        "发布时间：2031年3月2日",
        "泄露数量：12,000条",
        "事件描述：卖家称数据来自该国港口管理局的内部系统。",
        "**云某某物流有限公司数据泄露**",
        "**发布时间：**2031年3月9日",
        "**泄露数量：**",
        "**事件描述：**卖家称数据包含收件人姓名、手机号和住址。",
        "某省气象观测数据泄露",
        "发布时间：2031年3月17日",
        "泄露数量：300条",
        "事件描述：卖家未说明数据来源。",
        "安全防护建议：企业应建立暗网监测机制。",
    ]
)


def test_a_catalogue_of_event_records_is_a_list_of_items() -> None:
    """Headings followed by recurring field lines (「发布时间：」「泄露数量：」), bold or plain,
    empty or filled, are records; the advice after the last record is no part of it."""
    items = split_items(EVENT_CATALOGUE)
    assert [i.heading for i in items] == [
        "某国港口管理局数据泄露",
        "云某某物流有限公司数据泄露",
        "某省气象观测数据泄露",
    ]
    assert not any(i.marked for i in items)
    assert "安全防护建议" not in EVENT_CATALOGUE[items[-1].start : items[-1].end]
    two_fields = "\n".join(["月度盘点", "发布时间：2031年3月2日", "泄露数量：12条", "结语。"])
    assert split_items(two_fields) == []  # one record is a form, not a catalogue


def test_a_catalogue_under_a_report_title_points_at_its_record() -> None:
    """A monthly report's title is about statistics; its records are stories, judged one by one."""
    result = extract(
        TextInput(id="c", text=EVENT_CATALOGUE, title="《数据泄露态势》月度报告（2031年3月）"),
        OPTIONS,
    )
    assert result.is_lead and result.conduct == ["breach"]
    assert result.item is not None and result.item.heading == "云某某物流有限公司数据泄露"
    assert "L02" in result.rules


def test_roundup_without_a_relevant_item_is_no_lead() -> None:
    text = (
        "1. 国产大飞机完成首次商业航班飞行。\n2. 多地气温回升，注意防范强对流天气。\n"
        "3. 新学期开学，各地做好校园安全检查。"
    )
    result = extract(TextInput(id="n", text=text, title="早报：今日要闻三则"), OPTIONS)
    assert not result.is_lead and result.item is None


def test_an_item_about_events_abroad_is_no_lead() -> None:
    text = (
        "1. 美国一家抵押贷款公司因泄露客户数据被州监管机构处罚。\n"
        "2. 多地气温回升，注意防范强对流天气。\n3. 新学期开学，各地做好校园安全检查。"
    )
    assert not extract(TextInput(id="a", text=text, title="早报：今日要闻三则"), OPTIONS).is_lead


def test_latin_named_company_placed_nowhere_in_china_is_no_lead() -> None:
    title = "保险公司 Contoso 披露客户信息泄露"
    abroad = "Contoso 称，部分保单持有人的姓名、住址和银行卡信息被未经授权的一方访问。"
    found = extract(TextInput(id="f", text=abroad, title=title), OPTIONS)
    assert not found.is_lead and "X07" in found.rules  # the rule that said so, by its id
    home = abroad + "该公司在上海设有客服中心，涉及国内客户约 20 万人。"
    result = extract(TextInput(id="h", text=home, title=title), OPTIONS)
    # placed in China: a lead, and the kind of business (保险公司) gives way to its name
    assert result.is_lead and [b.name for b in result.businesses] == ["Contoso"]


def test_a_chinese_named_company_placed_abroad_is_no_lead() -> None:
    """Abroad only outside the sentences that report the leak (X06 reads those)."""
    title = "梅林百货公司披露数据泄露"
    abroad = (
        "梅林百货公司称，因数据库配置错误，顾客的姓名和付款信息外泄。"
        "该公司总部位于加利福尼亚州，预计损失约 200 万美元。"
    )
    found = extract(TextInput(id="m", text=abroad, title=title), OPTIONS)
    assert not found.is_lead and "X07" in found.rules
    home = abroad + "该公司在国内的网店也受影响，涉及中国消费者约 3 万人。"
    result = extract(TextInput(id="n", text=home, title=title), OPTIONS)
    assert result.is_lead and [b.name for b in result.businesses] == ["梅林百货公司"]


def test_a_business_described_by_a_place_abroad_is_abroad() -> None:
    title = "一家美国小公司被曝泄露用户隐私数据"
    assert not extract(TextInput(id="u", text=title, title=title), OPTIONS).is_lead
