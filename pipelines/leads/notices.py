"""Regulators' notices about apps (「工信部通报38款侵害用户权益App」).

A notice accuses many apps at once, in a list the story's sentences do not name one by one: it is
recognised, its apps are read from its list and its findings give its conduct, apart from the
rules for a story about one business.
"""

from __future__ import annotations

import re

from piwatch.pipelines.leads.businesses import listed_names
from piwatch.pipelines.leads.candidates import Candidate
from piwatch.pipelines.leads.cues import cue_pattern
from piwatch.pipelines.leads.lexicons import Lexicons
from piwatch.pipelines.text.structure import TextItem, item_at

_APP_NOTICE = re.compile(
    r"(?:(?<![第\d])(?:\d+|[一二两三四五六七八九十百]+)|这|该|一)\s?款[^，。；]{0,24}?"
    r"(?:App|APP|app|应用|SDK|小程序|软件|产品|设备|终端|输入法|浏览器)"
    r"|问题(?:App|APP|app|应用|SDK|小程序)的?通报"  # 「关于问题App的通报」: the regulators' term
)
_NOTICE_VERB = re.compile(
    rf"{cue_pattern('regulator_acts')}|侵害用户权益|违法违规收集|违规收集|整改|检测发现|监测发现|检查"
)
_NOTICE_CHARS = 6_000
_APP_GROUP = re.compile(
    r"(?:这些|多家|多款|一批|批)[^，。；]{0,12}?(?:App|APP|app|应用|SDK|小程序|输入法|浏览器)|"
    r"侵害用户权益行为的(?:App|APP|app)|(?<!被)(?:通报|下架)[^，。；]{0,10}?(?:App|APP|app|应用|SDK|小程序)|"
    # 「闲鱼、高德地图等应用被工信部通报」: apps named, then notified
    r"等(?:App|APP|app|应用|SDK|小程序)被[^，。；]{0,8}?(?:通报|下架|约谈)"
)
_APP_VIOLATION = re.compile(
    r"侵害用户权益|侵犯个人信息|违法违规收集|违规收集|超范围|过度索取|违规调用|违法违规|违规|不合规|乱跳转"
)
_REMOVAL_GROUNDS = re.compile(r"收集|个人信息|隐私|权限|用户权益|工信部|网信办|通信管理局|通管局")
"""What makes apps removed a notice about data: the data named, or the regulator that acts on it
(「工信部下架106款APP」); 「7款APP全网下架」 and 「6款产品已下架」 say neither."""
NOTICE_MARKETING = re.compile(
    r"骚扰用户|信息骚扰|弹窗骚扰|窗口骚扰|推送骚扰|频繁推送|营销短信|骚扰电话|弹窗信息推送|"
    r"弹窗违规推送|违规推送弹窗|推送弹窗"
)
NOTICE_PROVIDED = re.compile(f"向(?:{cue_pattern('other_parties')})(?:提供|共享)")
"""A notice's finding that apps hand personal information to others (「App客户端向第三方提供个人
信息，未经过用户同意」): providing it illegally, disclosure by the guide (decision 19)."""


def notice_text(title: str, body: str, candidates: list[Candidate]) -> str:
    """The title and the notice itself: from its first notice sentence on, an item's heading
    or a body sentence; all of the body when the headline is the notice."""
    for cand in candidates:
        if is_notice(cand.sentence.text):
            start = max(cand.sentence.start, 0)
            return title + body[start : start + _NOTICE_CHARS]
    return title


def notice_list(
    body: str,
    items: list[TextItem],
    candidates: list[Candidate],
    lex: Lexicons,
    titled: bool = False,
) -> list[str]:
    """The apps a notice lists: from its first notice sentence on, a few thousand characters;
    under a notice's own headline (「某省通信管理局通报15款APP」) from the body's start; for a
    notice that is one item of a list, from that item alone."""
    for cand in candidates:
        if cand.is_title and cand.sentence.start >= 0 and is_notice(cand.sentence.text):
            item = item_at(items, cand.sentence.start)
            if item is not None:
                return listed_names(body[item.start : _item_reach(item, items)], lex)
        if cand.index >= 0 and is_notice(cand.sentence.text):
            start = cand.sentence.start
            return listed_names(body[start : start + _NOTICE_CHARS], lex)
    return listed_names(body[:_NOTICE_CHARS], lex) if titled else []


def _item_reach(item: TextItem, items: list[TextItem]) -> int:
    """Where an item's text ends: at the next item, but a bold heading's numbered points
    (「**…通报15款违规移动应用**」 then 「1、…涉及7款App：」) are its own, up to the next bold
    heading."""
    if item.heading_end < 0:
        return item.end
    bound = item.start + _NOTICE_CHARS
    return min([bound, *(it.start for it in items if it.start >= item.end and it.heading_end >= 0)])


def is_notice(sentence: str) -> bool:
    """A regulator's notice about apps, SDKs or devices: 「工信部通报38款侵害用户权益App」,
    「多家App负责人被约谈」, 「《关于侵害用户权益行为的APP（SDK）通报》」,
    「工信部通报涉乱跳转APP」, 「工信部下架侵害用户权益 APP」 (a regulator notifying or removing
    apps, not apps that 「被通报」 in a statistic)."""
    if _APP_NOTICE.search(sentence):
        # 「苹果公布16款设备将停止更新」: publishing a list is a notice only of violations
        if _APP_VIOLATION.search(sentence):
            return True
        acts = {m.group() for m in _NOTICE_VERB.finditer(sentence)} - {"公布"}
        if acts == {"下架"}:
            # 「7款APP全网下架」: removed by no one named, for all it says not over data
            return _REMOVAL_GROUNDS.search(sentence) is not None
        return bool(acts)
    return bool(_APP_GROUP.search(sentence) and _APP_VIOLATION.search(sentence)) and bool(
        _NOTICE_VERB.search(sentence)
    )
