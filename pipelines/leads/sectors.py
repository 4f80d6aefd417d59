"""Sector codes: the subject business's trade, from its name, the brand lists and nearby words."""

from __future__ import annotations

import re
from collections import Counter

from piwatch.pipelines.codes import SECTORS
from piwatch.pipelines.leads.lexicons import Hit, Lexicons

# Words inside a business name that settle its trade (checked in this order).
_NAME_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # property management is `other` in the labelling guide: checked before 房产/地产 words
    ("other", ("物业",)),
    ("real_estate", ("房产", "地产", "置业", "房屋", "不动产", "楼盘", "找房")),
    ("home_decoration", ("装修", "装饰", "家装", "装潢", "建材", "家居", "橱柜")),
    ("express_delivery", ("快递", "物流", "速递", "速运", "快运", "驿站", "网点")),
    ("insurance", ("保险", "人寿", "财险", "保代")),
    (
        "small_loans",
        (
            "小贷",
            "小额贷款",
            "贷款",
            "借贷",
            "金融信息",
            "消费金融",
            "催收",
            "融资担保",
            "网贷",
            "分期",
            "借款",
        ),
    ),
    ("education_training", ("教育", "培训", "学校", "学院", "幼儿园", "早教", "辅导", "驾校")),
    ("beauty_fitness", ("美容", "医美", "整形", "健身", "美发", "美甲", "瑜伽", "养生", "会所")),
    (
        "travel_accommodation",
        ("酒店", "宾馆", "民宿", "旅馆", "旅行社", "旅游", "航空", "票务", "机票"),
    ),
    ("telemarketing", ("电销", "营销策划", "呼叫", "外呼", "话务", "营销")),
    (
        "internet_apps",
        (
            "网络科技",
            "信息科技",
            "信息技术",
            "网络技术",
            "互联网",
            "App",
            "APP",
            "app",
            "小程序",
            "平台",
            "软件",
            "网",
        ),
    ),
    (
        "other",
        (
            "银行",
            "营业厅",
            "移动",
            "联通",
            "电信",
            "汽车",
            "4S店",
            "医院",
            "诊所",
            "药店",
            "超市",
            "商场",
            "商贸",
            "电器",
            "家电",
            "商行",
            "工厂",
            "厂家",
            "店",
            "医疗",
            "医药",
        ),
    ),
    # 「某医疗科技企业」「某汽车科技公司」: 科技 says the trade only when no other word does
    ("internet_apps", ("科技",)),
)
SECTOR_SHARE = 0.5
LENDING_HITS = 1
"""Loan words in the evidence that make an app (「某某借App」) a lender."""
_CALLING_TRADE = frozenset(
    ["外呼", "机器人外呼", "AI外呼", "外呼系统", "呼叫中心", "话务", "话务员", "坐席", "电销公司"]
)
"""What a calling business sells or runs (not the calls and texts themselves, which anyone
who markets sends)."""
_GENERIC_TECH = re.compile(r"(?:网络|信息|智能|数字)?(?:科技|技术)(?:有限|股份|集团|公司|$)")


def sector_of_name(name: str, lex: Lexicons) -> str | None:
    """The trade a business name gives away, if any (brand lists first)."""
    if name in lex.brand_sector:
        return lex.brand_sector[name]
    # the longest brand inside the name, the first of equals (「京东物流」 is 京东's trade)
    inside = [h for h in lex.scan(name) if h.category.startswith("brands_") and len(h.term) >= 2]
    if inside:
        brand = max(inside, key=lambda h: (len(h.term), -h.start))
        return brand.category.removeprefix("brands_")
    for sector, cues in _NAME_CUES:
        if any(cue in name for cue in cues):
            return sector
    if name.endswith("厂"):
        return "other"  # 「某空调厂」: a factory's trade is making things
    return None


def choose_sectors(names: list[str], hits: list[Hit], lex: Lexicons, app_notice: bool) -> list[str]:
    """Sectors of the subjects; vocabulary near the conduct decides when names say nothing."""
    if app_notice:
        return ["internet_apps"]  # the apps' own trades (a driving-school app) do not matter
    calling = {h.term for h in hits if h.category == "sector_telemarketing"} & _CALLING_TRADE
    lending = sum(1 for h in hits if h.category == "sector_small_loans")
    found: list[str] = []
    for name in names:
        sector = sector_of_name(name, lex)
        if sector == "internet_apps" and calling and _GENERIC_TECH.search(name):
            sector = "telemarketing"  # 「某网络科技有限公司」 selling robot calls lives on calling
        elif sector == "internet_apps" and lending >= LENDING_HITS and name not in lex.brand_sector:
            sector = "small_loans"  # a lending app: the guide files online lending there
        if sector and sector not in found:
            found.append(sector)
    if found:
        return [s for s in SECTORS if s in found]
    # the calls and texts themselves are the conduct, not the trade: a shop that sends
    # marketing texts is no telemarketing business unless it runs calling (外呼, 呼叫中心)
    counts: Counter[str] = Counter(
        h.category.removeprefix("sector_")
        for h in hits
        if h.category.startswith("sector_")
        and not (h.category == "sector_telemarketing" and h.term not in _CALLING_TRADE)
    )
    if not counts:
        return ["other"] if names else []
    top = max(counts.values())
    return [s for s in SECTORS if counts[s] and counts[s] >= SECTOR_SHARE * top]
