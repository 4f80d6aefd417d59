"""Conduct codes and kinds of personal information from the cues in evidence sentences."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from piwatch.pipelines.codes import CONDUCTS, PI_TYPES
from piwatch.pipelines.leads.cues import cue_pattern, cue_words
from piwatch.pipelines.leads.lexicons import CONSENT_ABSENT, DATA_WORDS, Hit
from piwatch.pipelines.text.clauses import clause_span, clause_start

CONDUCT_SHARE = 0.5
"""A conduct is reported when its cue count reaches this share of the strongest conduct's count
(calibrated on the development set: most leads report one conduct, some two)."""

# Cues whose presence alone settles a conduct, whatever else the sentence says.
DECISIVE = {
    "侵犯公民个人信息": "disclose_or_sell",
    "伪基站": "unsolicited_marketing",
    "骚扰电话": "unsolicited_marketing",
    "垃圾短信": "unsolicited_marketing",
    "侵害用户权益": "collect_without_consent",
    "违法违规收集使用个人信息": "collect_without_consent",
    # an app's permissions are the user's data: 「“某某”App被指过度索取权限」
    "过度索取权限": "collect_without_consent",
    "频繁索取权限": "collect_without_consent",
    "强制授权": "collect_without_consent",
}


_OBTAIN_AND_SELL = ("侵犯公民个人信息",)
"""The crime's name covers obtaining data illegally as well as selling or providing it."""
_ASKED_END = re.compile(r".{0,2}[？?]")
_ASKING = re.compile(r"怎么|怎样|如何|为何|为什么|哪里|从哪|谁|哪个|哪家")
PASSIVE_BREACH = "passive_breach"
"""「数据遭泄漏」: a leak told as what befell the data; the conduct only when nothing else is."""
_PASSIVE = cue_words("passive_markers")
_PASSIVE_NEAR = re.compile(r"(?:被|遭到?)(?:大规模|大面积|大量|严重|全面|疑似|再次|又)$")
"""「遭大规模泄露」「被大量泄露」: a passive leak with a degree word between."""
_THEFT = frozenset({"窃取", "盗取", "偷取", "偷走"})
_STOLEN_FROM = re.compile(f"(?:{DATA_WORDS})(?:被|遭到?)(?:黑客|不法分子)?$")
"""「用户数据遭窃取」「部分用户基本信息被黑客窃取」: data told as stolen, what befell its holder."""
_DELIBERATE = cue_words("deliberate")
_ONE_PERSONS_DATA = re.compile(
    f"{cue_pattern('one_person')}的?[^，。；,;]{{0,6}}?(?:信息|隐私|资料|密码|记录|流水|照片|视频|住址|电话|号码)"
)
"""「泄露女子房间密码」「女明星生产信息被泄露」: the data of one person, not of the customers."""
_ROLE_BEFORE = re.compile(r"(?:[\u4e00-\u9fa5]人?员|内鬼)$")
"""「安检员泄露乘客隐私」「内鬼泄漏快递信息」: someone in a role (…员, …人员) or an insider
leaking is that person's act, so a disclosure, like a staff word's (the role need not be on the
list of staff words)."""


def sentence_conduct(sentence: str, hits: list[Hit], skip_questions: bool = False) -> Counter[str]:
    """Cue counts per conduct code in one sentence (overlapping shorter cues count once).

    A leak by staff in the same clause, or a deliberate one (「员工泄露」「非法泄露」), is
    disclosure, not a security breach: the labelling guide files insiders giving data away under
    disclosure, and so is a leak of one person's data (「酒店泄露女子房间密码」, decision 8). Leaked
    data being sold afterwards (「被出售」 next to 「数据泄露」) stays a breach;
    a leak told as what befell the data (「数据遭泄漏」) counts only when nothing else is reported.
    """
    staff = [h.end for h in hits if h.category == "employees"]
    breached = any(
        h.category == "conduct_breach" and not _before(sentence, h).endswith(_PASSIVE) for h in hits
    )
    counts: Counter[str] = Counter()
    for hit in _outermost(h for h in hits if h.category.startswith("conduct_")):
        start = clause_start(sentence, hit.start)
        if (
            skip_questions
            and _ASKED_END.match(sentence, hit.end)
            and _ASKING.search(sentence, start, hit.start)
        ):
            continue  # a thread title 「信息都是怎么泄露的？」 asks; it reports nothing
        code = hit.category.removeprefix("conduct_")
        if code == "unsolicited_marketing" and fraud_messages(sentence):
            continue  # 「伪基站发送诈骗短信」: fraud, not marketing
        if (
            code == "disclose_or_sell"
            and hit.term in _TRADE_VERBS
            and not _pi_in_clause(sentence, hits, hit)
        ):
            continue  # 「购买伪基站设备」: buying equipment, not data
        if code == "disclose_or_sell" and _GOODS_SOLD.match(sentence, hit.end):
            continue  # 「出售设备给有关部门，建立基因资料库」: equipment sold, not data
        if (
            hit.term in _SELLING
            and not any(h.category.startswith("pi_") for h in hits)
            and not _CONTACTING.search(sentence, *clause_span(sentence, hit.start, hit.end))
        ):
            continue  # 「通过线上平台推销理财产品」: selling, by no call or message
        if (
            code == "collect_without_consent"
            and CONSENT_ABSENT.fullmatch(hit.term)
            and _marketing_in_clause(sentence, hits, hit)
        ):
            continue  # 「未经同意发送营销短信」: the consent the marketing lacked
        before = _before(sentence, hit)
        insider = any(start <= end <= hit.start for end in staff)
        if code == "breach" and (
            (
                hit.term.startswith(("泄露", "泄漏", "外泄"))
                and (insider or before in _DELIBERATE or _by_role(sentence, hit))
            )
            or (hit.term == "暴露" and _shown(sentence, hit))
            or _ONE_PERSONS_DATA.search(sentence, *clause_span(sentence, hit.start, hit.end))
        ):
            code = "disclose_or_sell"
        elif code == "disclose_or_sell" and before.endswith(_PASSIVE) and breached:
            code = "breach"
        elif code == "breach" and (
            before.endswith(_PASSIVE) or _PASSIVE_NEAR.search(sentence, start, hit.start)
        ):
            code = PASSIVE_BREACH
        elif code == "breach" and before.endswith("利用"):
            code = "collect_without_consent"  # 「利用漏洞获取」: exploiting, not suffering, a hole
        elif (
            code == "collect_without_consent"
            and hit.term in _THEFT
            and _STOLEN_FROM.search(sentence, start, hit.start)
        ):
            code = "breach"  # 「用户数据遭窃取」: data stolen from the business that held it
        counts[code] += 1
        if hit.term in _OBTAIN_AND_SELL:
            counts["collect_without_consent"] += 1
    return counts


def _marketing_in_clause(sentence: str, hits: list[Hit], hit: Hit) -> bool:
    return _kind_within(
        hits, "conduct_unsolicited_marketing", *clause_span(sentence, hit.start, hit.end)
    )


def _kind_within(hits: list[Hit], prefix: str, start: int, end: int) -> bool:
    """A hit whose category starts with ``prefix`` lies inside ``[start, end)``."""
    return any(h.category.startswith(prefix) and start <= h.start and h.end <= end for h in hits)


_SHOWN_IN = cue_words("shown_in")


def _shown(sentence: str, hit: Hit) -> bool:
    """「医院直播手术暴露患者隐私」: exposed by showing it (a live stream, a group chat)."""
    start, end = clause_span(sentence, hit.start, hit.end)
    return any(word in sentence[start:end] for word in _SHOWN_IN)


_SELLING = frozenset(cue_words("selling"))
_CONTACTING = re.compile(cue_pattern("contacting"))
"""Selling words (「推销理财」「卖课」) are marketing to people only with a call or message in
their clause, or with personal data in their sentence (「非法获取个人信息卖课」)."""
_TRADE_VERBS = frozenset(cue_words("trade_verbs"))
"""Verbs that trade anything: disclosure only with personal information in their clause."""
GOODS_GAP_CHARS = 10
"""How far after a disclosure cue the goods it trades may be named, no data word between."""
_GOODS_SOLD = re.compile(
    rf"(?:(?!{DATA_WORDS})[^，,。；;、\s]){{0,{GOODS_GAP_CHARS}}}?{cue_pattern('goods_sold')}"
    rf"(?!{DATA_WORDS}|账号|记录)"
)
"""Goods named after a disclosure cue with no data word between (「出售设备」「提供检测仪器」
「拟出售200亿存量信贷资产包」), not followed by one: what is sold or supplied is not data."""


TRADED_BEFORE_CHARS = 10
"""How far before a trade verb the data it trades may be named (「用户信息在“暗网”售卖」); further
back in a long clause, data belongs to another phrase (「照片左边是我从某店购买的」), unless 将
or 把 fronts it as the verb's object."""
FRONTED = re.compile(r"[将把](?!近)")
"""将 or 把 fronting a verb's object (「将业主信息8000余条以1.5万元出售」)."""


def traded_from(sentence: str, start: int, cue_start: int) -> int:
    """Where in the clause opening at ``start`` the data a trade verb trades may be named: from
    a 将 or 把 that fronts it, else ``TRADED_BEFORE_CHARS`` before the verb."""
    fronted = FRONTED.search(sentence, start, cue_start)
    return fronted.start() if fronted else max(start, cue_start - TRADED_BEFORE_CHARS)


_NO_OBJECT_AFTER = re.compile(r"$|给|予|牟利|获利|非法获利")
"""What may follow a trade verb whose object was left out (「…，并私下卖出给他人」)."""


_A_CALL = re.compile(r"(?:打|拨打|接|接到|回|挂断?)了?(?:个|一个|几个|几次)?$")
"""「给被害人打电话称已将钢筋出卖」: 电话 after a calling verb is a call made, not a number."""


def _pi_in_clause(sentence: str, hits: list[Hit], hit: Hit) -> bool:
    """Personal data in the trade verb's clause, or in the clause before when the verb has no
    object of its own: a Chinese verb that shares the earlier clause's object leaves it out."""
    start, end = clause_span(sentence, hit.start, hit.end)
    if start > 0 and _NO_OBJECT_AFTER.match(sentence[hit.end : end].strip()):
        start = clause_start(sentence, start - 1)
    else:
        start = traded_from(sentence, start, hit.start)
    data = [h for h in hits if not (h.term == "电话" and _A_CALL.search(sentence, 0, h.start))]
    return _kind_within(data, "pi_", start, end)


_FRAUD = re.compile(r"诈骗|钓鱼|木马|骗取")


def fraud_messages(sentence: str) -> bool:
    """Texts or calls that defraud (phishing, impersonation): the labelling guide leaves fraud
    gangs out, and their messages are no marketing."""
    return bool(_FRAUD.search(sentence))


def _by_role(sentence: str, hit: Hit) -> bool:
    return _ROLE_BEFORE.search(sentence, 0, hit.start) is not None


def _before(sentence: str, hit: Hit) -> str:
    return sentence[max(0, hit.start - 2) : hit.start]


def choose_conduct(title_counts: Counter[str], body_counts: Counter[str]) -> list[str]:
    """Codes whose weight reaches CONDUCT_SHARE of the strongest; a title that names a conduct
    settles it (the body then adds background and other cases)."""
    # 「个人信息遭大规模泄露」 says what befell the data, not who did what: a title with only
    # such a leak leaves the conduct to the body when the body tells an act (selling, collecting)
    passive_title = not any(title_counts[c] for c in CONDUCTS)
    acted = any(body_counts[c] for c in CONDUCTS if c != "breach")
    weights = (
        title_counts
        if sum(title_counts.values()) and not (passive_title and acted)
        else body_counts
    )
    passive = weights.pop(PASSIVE_BREACH, 0)
    if passive and not any(weights[c] for c in CONDUCTS if c != "breach"):
        weights["breach"] += passive  # a leak is the story only when no one did anything else
    top = max((weights[c] for c in CONDUCTS), default=0)
    if top == 0:
        return []
    chosen = {
        code for code in CONDUCTS if weights[code] > 0 and weights[code] >= CONDUCT_SHARE * top
    }
    if body_counts["unsolicited_marketing"]:
        chosen.add("unsolicited_marketing")  # calls and texts are seldom background noise
    return [code for code in CONDUCTS if code in chosen]


def pi_types_of(hits: list[Hit]) -> list[str]:
    """Kinds of personal information named in the evidence, in the contract's order."""
    found = {h.category.removeprefix("pi_") for h in hits if h.category.startswith("pi_")}
    return [t for t in PI_TYPES if t in found]


def _outermost(hits: Iterable[Hit]) -> list[Hit]:
    ordered = sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in ordered:
        if kept and hit.start < kept[-1].end:
            # 「泄露」 in 「泄露给」, 「信息泄露」 across 「泄露给第三方」: the longer cue wins
            if hit.end - hit.start > kept[-1].end - kept[-1].start:
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept
