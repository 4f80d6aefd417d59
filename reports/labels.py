"""Chinese display labels for the contract's conduct and sector codes (unknown codes show as is)."""

from __future__ import annotations

CONDUCT_LABELS: dict[str, str] = {
    "collect_without_consent": "未经同意收集使用",
    "disclose_or_sell": "泄露、出售或非法提供",
    "unsolicited_marketing": "未经同意的商业营销",
    "breach": "安全事件导致泄露",
}

SECTOR_LABELS: dict[str, str] = {
    "real_estate": "房地产",
    "small_loans": "小额贷款",
    "education_training": "教育培训",
    "insurance": "保险",
    "beauty_fitness": "美容健身",
    "home_decoration": "家居装修",
    "travel_accommodation": "旅游住宿",
    "express_delivery": "快递物流",
    "telemarketing": "电话营销",
    "internet_apps": "互联网应用",
    "other": "其他",
}

STATUS_LABELS: dict[str, str] = {
    "new": "新线索",
    "reviewing": "核查中",
    "confirmed": "已确认",
    "dismissed": "已排除",
    "referred": "已移送",
}

STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)

RUN_STATUS_LABELS: dict[str, str] = {
    "ok": "正常",
    "partial": "部分来源失败",
    "failed": "失败",
    "timeout": "超时",
    "interrupted": "中断",
    "running": "进行中",
}


def conduct_label(code: str) -> str:
    return CONDUCT_LABELS.get(code, code)


def run_status_label(status: str) -> str:
    """A crawl run's status (``piwatch-runs``) as the digest says it."""
    return RUN_STATUS_LABELS.get(status, status)


def sector_label(code: str) -> str:
    return SECTOR_LABELS.get(code, code)


def region_label(province: str | None, city: str | None) -> str:
    """「广东省深圳市」; a municipality whose city repeats its province is named once."""
    if city and city != province:
        return f"{province or ''}{city}"
    return province or city or ""
