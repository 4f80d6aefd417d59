"""General extraction rules on pages and texts written for these tests: main text cut to its
core, headlines, bylines and dates."""

from __future__ import annotations

import pytest

from piwatch.pipelines.text.article import (
    clean_author,
    core_of,
    extract_article,
    plausible_author,
    thin_layout,
    without_empty_rows,
)

PARAGRAPHS = [
    "记者从市场监管局获悉，某房产中介公司在未经业主同意的情况下，将业主姓名、电话等个人信息出售给装修公司。",
    "多名业主反映，自去年起频繁接到装修、贷款推销电话，对方能准确说出其小区和房号。",
    "执法人员依法对该公司作出罚款五十万元的行政处罚，并责令其删除违法收集的个人信息。",
]


def _layout_table_page() -> str:
    """An old portal page laid out in nested tables: channel bar, article cell, related links,
    a side ranking and a footer."""
    channels = "".join(f'<td><a href="/c{i}">频道{i}</a></td>' for i in range(12))
    related = "".join(
        f'<li><a href="/r{i}">某地通报第{i}批违规收集个人信息的应用</a>（3月{i + 1}日）</li>'
        for i in range(8)
    )
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<html><head><title>某中介倒卖业主信息被罚_本地新闻_某某网</title></head><body>"
        f"<table><tr>{channels}</tr></table>"
        "<table><tr><td width=600><table>"
        "<tr><td><b>某中介倒卖业主信息被罚</b></td></tr>"
        "<tr><td>2024-03-05 14:20 来源：本报</td></tr>"
        f'<tr><td><div id="text">{body}</div></td></tr>'
        f"<tr><td>相关新闻：<ul>{related}</ul></td></tr>"
        f"</table></td><td>热点排行<ul>{related}</ul></td></tr></table>"
        "<table><tr><td>关于我们 | 联系方式 | 版权所有 某某网 未经授权禁止转载</td></tr></table>"
        "</body></html>"
    )


def test_a_layout_table_page_gives_the_article_without_the_table_rows() -> None:
    content = extract_article(_layout_table_page()).content
    assert content == "\n".join(PARAGRAPHS)


def test_the_core_keeps_the_replies_of_a_thread() -> None:
    first = "\n".join(PARAGRAPHS)
    replies = [
        "楼主说得对，我家小区也是这样，刚交房就接到好几个装修公司的电话，真不知道信息是谁卖的。",
        "建议大家直接向市场监管部门投诉，保留通话录音和短信截图，这样查处起来更有依据。",
    ]
    text = "\n".join(["| 首页 | 论坛 | 本地 |", first, "回复 引用 举报", *replies, "- 上一页"])
    assert core_of(text, first) == "\n".join([first, *replies])


def test_the_core_is_not_taken_from_a_block_outside_the_text() -> None:
    text = "\n".join(PARAGRAPHS)
    notice = "本站所有内容均由用户上传，如有侵权请联系删除，我们将在三个工作日内处理完毕。"
    elsewhere = "网站地图。联系我们。" * 20 + notice * 2
    assert core_of(text, elsewhere) == text
    assert core_of(text, PARAGRAPHS[0]) == text  # too small a part of the text to be its core


def _page(byline: str = "", paragraphs: list[str] | None = None, head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return (
        f"<html><head><title>某中介倒卖业主信息被罚_某某网</title>{head}</head><body>"
        '<div class="nav"><a href="/">首页</a> | <a href="/news">新闻</a></div>'
        f'<div class="article"><h1>某中介倒卖业主信息被罚</h1><div class="info">{byline}</div>'
        f'<div class="content">{body}</div></div>'
        '<div class="footer">版权所有 © 本站 隐私政策</div></body></html>'
    )


@pytest.mark.parametrize(
    ("byline", "closing", "expected"),
    [
        ("编辑：李四 来源：某某日报 作者：王五 赵六", None, "王五 赵六"),
        ("来源：某某日报 责任编辑：李四", None, "李四"),
        ("执笔人：王五、赵六、孙七 编辑：李四", None, "王五 赵六 孙七"),
        ("2024-03-05 文：欧阳小明", None, "欧阳小明"),
        ("本报记者欧阳小明发自杭州", None, "欧阳小明"),
        ("发文机关：某某市人民政府办公室 成文日期：2024年03月01日", None, "某某市人民政府办公室"),
        ("责任编辑：李四", "（记者 王小明 上海报道）", "王小明"),
        ("", "（王小明）", "王小明"),
        ("", "（完）", None),
        ("原文：某某日报", None, None),
    ],
)
def test_bylines(byline: str, closing: str | None, expected: str | None) -> None:
    paragraphs = [*PARAGRAPHS, closing] if closing else PARAGRAPHS
    assert extract_article(_page(byline, paragraphs)).author == expected


@pytest.mark.parametrize(
    ("sign_off", "expected"),
    [
        ("本贴由小明同学于2005年8月12日16:12:21在〖消费维权〗发表.", "小明同学"),
        ("〓 某某论坛 消费维权 发布时间 2005/03/15 22:36:13 by xiaoming_88 〓", "xiaoming_88"),
    ],
)
def test_an_old_forum_sign_off_names_the_poster(sign_off: str, expected: str) -> None:
    assert extract_article(_page("", [*PARAGRAPHS, sign_off])).author == expected


def test_by_in_running_text_is_no_sign_off() -> None:
    line = "The shop was fined by regulators last week, 某地监管部门通报。"
    assert extract_article(_page("", [*PARAGRAPHS, line])).author is None


@pytest.mark.parametrize("name", ["■ 该作者文章", "某某网络", "某某科技有限公司"])
def test_labels_and_companies_are_not_authors(name: str) -> None:
    assert not plausible_author(name)
    head = f'<meta name="author" content="{name}">'
    assert extract_article(_page("", head=head)).author is None


def _titled(title: str, heading_html: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<html><head><title>{title}</title></head><body>"
        f'<div class="nav"><a href="/">首页</a></div>{heading_html}<div>{body}</div></body></html>'
    )


@pytest.mark.parametrize(
    ("title", "heading_html", "expected"),
    [
        # keywords and the site after " -" and "|": the <h1> ends where they start
        (
            "某中介倒卖业主信息被罚 -中介|信息|罚款,-某某在线-法治",
            "<h1>某中介倒卖业主信息被罚</h1>",
            "某中介倒卖业主信息被罚",
        ),
        # no <h1>: a title-classed cell the <title> confirms, channels and site cut off
        (
            "某中介倒卖业主信息被罚 - 法治新知 - 法治中心 - abc法治生活",
            '<table><tr><td class="story_title">某中介倒卖业主信息被罚</td></tr></table>',
            "某中介倒卖业主信息被罚",
        ),
        # the <title> shortened by an editor: the headline shown on the page wins
        (
            "某地确保春节前农民工工资基本无拖欠_要闻_某某网",
            "<h3>某地九部门：确保春节前农民工工资基本无拖欠</h3>",
            "某地九部门：确保春节前农民工工资基本无拖欠",
        ),
        # a numbered section heading, or the title with a count added, is not the headline
        (
            "某地农民工工资拖欠问题及对策研究_论文_某某网",
            "<h3>4. 解决某地农民工工资拖欠问题的对策</h3>",
            "某地农民工工资拖欠问题及对策研究",
        ),
        (
            "第二章 某某小区的业主_某某小说网",
            "<h2>第二章 某某小区的业主241</h2>",
            "第二章 某某小区的业主",
        ),
        # a heading unlike the title (a column name) is not taken
        (
            "某地确保春节前农民工工资基本无拖欠_要闻_某某网",
            "<h2>今日要闻</h2>",
            "某地确保春节前农民工工资基本无拖欠",
        ),
    ],
)
def test_headlines(title: str, heading_html: str, expected: str) -> None:
    assert extract_article(_titled(title, heading_html)).title == expected


NOTICE = [
    "为做好某某河道治理工程建设，确保征地实物调查工作顺利进行，维护群众合法权益，现就有关事项通告如下：",
    "一、自本通告发布之日起，在工程征占地范围内禁止任何单位和个人新建、扩建和改建项目，禁止擅自开发土地。",
    "二、自本通告发布之日起，上述区域内新迁入的人口不享有相关补偿政策，相关部门要立即停止办理有关证照。",
]
NOTICE_FACTS = [
    ("索 引 号", "1122-2024-001"),
    ("发文机关", "某某市人民政府"),
    ("成文日期", "2024年01月27日"),
    ("发文字号", "某政明电〔2024〕1号"),
]


def test_a_notice_in_bare_lines_is_not_replaced_by_the_whole_page() -> None:
    """Text run straight into <body> makes <body> the densest block; the site frame around
    it must not come in with it."""
    facts = "".join(f"<tr><td>{k}：</td><td>{v}</td></tr>" for k, v in NOTICE_FACTS)
    html = (
        "<html><head><title>某某市人民政府关于禁止新增建设项目的通告</title></head><body>"
        f'<div class="nav"><a href="/">首页</a></div><table>{facts}</table>'
        f'<div id="zoom"><font>{"<br>".join(NOTICE)}</font></div>'
        '<div class="foot">主办：某某市人民政府办公室</div></body></html>'
    )
    article = extract_article(html)
    assert all(line in article.content for line in NOTICE)
    assert "首页" not in article.content and "主办" not in article.content
    assert article.author == "某某市人民政府"


@pytest.mark.parametrize(
    ("text", "thin"),
    [
        ("| 首页 | 新闻 | 国际 |\n| 索 引 号： | 1122 |\n| 发文机关： | 某某市人民政府 |", True),
        ("首页 新闻 国际 财经 体育 娱乐 科技 汽车 房产 旅游 教育 健康 时尚", True),
        (
            "某某游戏 | 某某网络公司 版权所有 | 不良信息举报电话：010-1234567\n"
            "Copyright © 2024 某某公司，保留所有权利。\nAll trademarks belong to their owners.",
            True,
        ),
        ("本站通知：系统将于今晚升级维护，届时暂停服务，请各位网友提前做好准备。", False),
        ("\n".join(NOTICE), False),  # enough Han text to be judged as prose instead
    ],
)
def test_thin_layout(text: str, thin: bool) -> None:
    assert thin_layout(text) is thin


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("记者 王小明", "王小明"),
        ("见习编辑 王小明", "王小明"),
        ("王小明 编辑", "王小明"),
        ("<author>王小明</author>", "王小明"),
        ("王小明 李大华", "王小明 李大华"),
    ],
)
def test_author_fields_lose_markup_and_roles(raw: str, expected: str) -> None:
    assert clean_author(raw) == expected
    head = f'<meta name="author" content="{raw.replace("<", "&lt;").replace(">", "&gt;")}">'
    assert extract_article(_page("", head=head)).author == expected


@pytest.mark.parametrize(
    "raw",
    ["来自", "某某 关注 来自浙江", "某某 热门跟贴 前天", "星期二", "手机版", "某某 中级粉丝 2"],
)
def test_page_furniture_is_no_author(raw: str) -> None:
    head = f'<meta name="author" content="{raw}">'
    assert extract_article(_page("", head=head)).author is None


def test_a_headline_is_no_author() -> None:
    head = '<meta name="author" content="某中介倒卖业主信息被罚">'
    assert extract_article(_page("", head=head)).author is None


def test_closing_byline_drops_the_role() -> None:
    assert extract_article(_page("", [*PARAGRAPHS, "(王小明 编辑)"])).author == "王小明"


def _site_titled(lines_above: list[str]) -> str:
    above = "".join(f"<div>{line}</div>" for line in lines_above)
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<html><head><title>某某电视台 新闻网</title></head><body>"
        '<div class="nav"><a href="/">首页</a> <a href="/news">新闻</a></div>'
        f"{above}<div>{body}</div></body></html>"
    )


@pytest.mark.parametrize(
    ("lines_above", "expected"),
    [
        (
            ["某中介倒卖业主信息被罚 涉案五十万", "2024-03-05 14:20", "社会"],
            "某中介倒卖业主信息被罚 涉案五十万",
        ),
        (["第一章│第二章│第三章│第四章", "来源：某某日报"], "某某电视台 新闻网"),
    ],
)
def test_a_site_only_title_gives_way_to_the_line_above_the_text(
    lines_above: list[str], expected: str
) -> None:
    assert extract_article(_site_titled(lines_above)).title == expected


def test_empty_and_calendar_rows_are_dropped() -> None:
    text = "\n".join(
        [
            "| 2024年3月 | | | | | | |",
            "|---|---|---|---|---|---|---|",
            "| 一 | 二 | 三 | 四 | 五 | 六 | 日 |",
            "| | | | | 1 | 2 | 3 |",
            "| | |",
            "| 发文机关： | 某某市人民政府 |",
            PARAGRAPHS[0],
        ]
    )
    kept = ["| 2024年3月 | | | | | | |", "| 发文机关： | 某某市人民政府 |", PARAGRAPHS[0]]
    assert without_empty_rows(text) == "\n".join(kept)
