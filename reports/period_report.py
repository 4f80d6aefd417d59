"""The period report as plain data: the statistical tables, the typical cases as case sheets and
the cross-regional cases, built from the index for one scope (a campaign's, or any period's)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from elasticsearch import Elasticsearch

from piwatch.errors import PiwatchError
from piwatch.pipelines.codes import CONDUCTS, SECTORS
from piwatch.pipelines.leads.casefile import (
    MAJOR_PROVINCES,
    MAJOR_RECORDS,
    MAJOR_REPEAT,
    TYPICAL_WEIGHTS,
    CaseFile,
    case_files,
    typical_cases,
)
from piwatch.pipelines.leads.regions import province_names
from piwatch.reports import period
from piwatch.reports.labels import conduct_label, region_label, sector_label
from piwatch.reports.period import Figures, Scope, Table
from piwatch.reports.routing import Jurisdiction
from piwatch.search.indices import alias

if TYPE_CHECKING:
    from piwatch.config import Campaign

SOURCE_TYPES: dict[str, str] = {
    "news": "新闻",
    "forum": "论坛",
    "complaint": "投诉",
    "official": "官方",
}
QUOTES = 3  # evidence quotes on a case sheet
_W = TYPICAL_WEIGHTS
CRITERIA = (
    "典型案例按以下标准排序选出（权重见括号）："
    f"涉及个人信息条数（每个数量级 {_W['records']}）、"
    f"涉及地区数（每多一个 {_W['regions']}）、"
    f"独立报道次数即反复发生（每多一次 {_W['repeat']}）、"
    f"独立来源数（每多一个 {_W['sources']}）、"
    f"有官方来源（{_W['official']}）、"
    f"核查状态为已确认或已移送（{_W['confirmed']}）。"
)
MAJOR_RULE = (
    f"重大案件：涉及个人信息 {MAJOR_RECORDS} 条以上，或涉及 {MAJOR_PROVINCES} 个以上省份，"
    f"或独立报道 {MAJOR_REPEAT} 次以上；同时报送省级市场监管部门。"
    "跨地区案件：同一经营者的同一行为见于两个以上省份，或同一省份的两个以上城市。"
)


@dataclass(frozen=True, slots=True)
class Quote:
    text: str  # masked
    source: str
    source_type: str
    url: str
    published: str


@dataclass(frozen=True, slots=True)
class CaseSheet:
    """One case on one page: who, what, where, when, the evidence and what to do with it."""

    key: str
    business: str
    conduct: str
    sectors: tuple[str, ...]
    regions: tuple[tuple[str, str], ...]  # (region label, bureau)
    provincial_bureaus: tuple[str, ...]
    first_seen: str
    last_seen: str
    leads: int
    reports: int
    sources: tuple[str, ...]
    volume: int
    quotes: tuple[Quote, ...]
    legal_basis: tuple[str, ...]
    referrals: tuple[tuple[str, str], ...]  # (department, reason)
    reasons: tuple[str, ...]  # typical-case criteria met
    cross_regional: bool
    major: tuple[str, ...]  # why it is major (empty: it is not)


@dataclass(frozen=True, slots=True)
class PeriodReport:
    title: str
    campaign: str  # "" for a plain period
    scope_label: str  # jurisdiction or bureau
    start: date
    end: date
    generated: datetime
    sectors: tuple[tuple[str, str], ...]  # (code, label)
    conducts: tuple[tuple[str, str], ...]
    table: Table
    previous_date: date | None
    previous: Table | None
    regions: tuple[tuple[str, str, Figures], ...]  # (province, city, figures)
    source_types: tuple[tuple[str, str, Figures], ...]  # (code, label, figures)
    weeks: tuple[tuple[date, int], ...]
    typical: tuple[CaseSheet, ...]
    cross_regional: tuple[CaseSheet, ...]
    criteria: str = CRITERIA
    major_rule: str = MAJOR_RULE

    def change(self, key: tuple[str, str]) -> Figures | None:
        """The change of one cell ((sector, conduct); "" for a total) since the previous
        reporting date, or None without one."""
        if self.previous is None:
            return None
        return _cell(self.table, key).minus(_cell(self.previous, key))

    def cell(self, key: tuple[str, str]) -> Figures:
        return _cell(self.table, key)


def _cell(t: Table, key: tuple[str, str]) -> Figures:
    sector, conduct = key
    if sector and conduct:
        return t.cells[key]
    if sector:
        return t.sector_totals[sector]
    if conduct:
        return t.conduct_totals[conduct]
    return t.total


def build_report(
    es: Elasticsearch,
    prefix: str,
    chosen: Plan,
    *,
    now: datetime,
    mask: Callable[[str], str],
    typical: int = 5,
) -> PeriodReport:
    """Read the index and assemble the report ``chosen`` asks for; its ``previous_date``, the
    last reporting date before the period's end, is what the change column compares with."""
    scope, title, campaign, previous_date = (
        chosen.scope, chosen.title, chosen.campaign, chosen.previous_date
    )  # fmt: skip
    leads_alias = alias(prefix, "leads")
    files = [
        f for f in case_files(period.leads(es, leads_alias, scope)) if f.conduct in scope.conducts
    ]
    label = scope.bureau or scope.jurisdiction.label
    if scope.provinces and scope.jurisdiction.is_all and not scope.bureau:
        label = "、".join(scope.provinces)
    return PeriodReport(
        title=title,
        campaign=campaign,
        scope_label=label,
        start=scope.start,
        end=scope.end,
        generated=now,
        sectors=tuple((s, sector_label(s)) for s in scope.sectors),
        conducts=tuple((c, conduct_label(c)) for c in scope.conducts),
        table=period.table(es, leads_alias, scope),
        previous_date=previous_date,
        previous=period.table(es, leads_alias, scope.until(previous_date))
        if previous_date
        else None,
        regions=tuple(period.by_region(es, leads_alias, scope)),
        source_types=tuple(
            (code, SOURCE_TYPES[code], figures)
            for code, figures in period.by_source_type(es, leads_alias, scope, list(SOURCE_TYPES))
        ),
        weeks=tuple(period.by_week(es, leads_alias, scope, scope.time_zone)),
        typical=tuple(case_sheet(f, mask) for f in typical_cases(files, typical)),
        cross_regional=tuple(case_sheet(f, mask) for f in files if f.cross_regional),
    )


def case_sheet(f: CaseFile, mask: Callable[[str], str]) -> CaseSheet:
    """A case file as its sheet; evidence is masked again here (it is rendered, and read)."""
    ordered = sorted(f.leads, key=lambda lead: str(lead.get("published_at") or ""))
    return CaseSheet(
        key=f.key,
        business=f.business,
        conduct=conduct_label(f.conduct),
        sectors=tuple(sector_label(s) for s in f.sectors),
        regions=tuple((region_label(p, c), b) for (p, c), b in f.regions.items()),
        provincial_bureaus=tuple(f.provincial_bureaus) if f.major else (),
        first_seen=_day(f.first_seen),
        last_seen=_day(f.last_seen),
        leads=len(f.leads),
        reports=f.reports,
        sources=tuple(sorted(f.sources)),
        volume=f.volume,
        quotes=tuple(_quotes(ordered, mask)),
        legal_basis=tuple(_union(lead.get("legal_basis") for lead in ordered)),
        referrals=tuple(
            dict.fromkeys(
                (str(r.get("label", "")), str(r.get("reason", "")))
                for lead in ordered
                for r in lead.get("referrals") or []
            )
        ),
        reasons=tuple(f.typical_reasons()),
        cross_regional=f.cross_regional,
        major=tuple(f.major_reasons),
    )


def _day(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""


def _union(lists: Any) -> list[str]:
    return list(dict.fromkeys(str(v) for values in lists for v in values or []))


def _quotes(leads: Sequence[Mapping[str, Any]], mask: Callable[[str], str]) -> list[Quote]:
    out: list[Quote] = []
    for lead in leads:
        for text in lead.get("evidence") or []:
            out.append(
                Quote(
                    text=mask(str(text)),
                    source=str(lead.get("source") or ""),
                    source_type=SOURCE_TYPES.get(str(lead.get("source_type")), ""),
                    url=str(lead.get("article_url") or ""),
                    published=str(lead.get("published_at") or "")[:10],
                )
            )
            break  # one quote per article: several sources say more than one long article
        if len(out) >= QUOTES:
            break
    return out


@dataclass(frozen=True, slots=True)
class Plan:
    """What ``piwatch report`` was asked for, resolved: the scope, title and previous date."""

    scope: Scope
    title: str
    campaign: str
    previous_date: date | None
    stem: str  # file name without extension


def plan(
    campaign: Campaign | None,
    *,
    start: date | None,
    end: date | None,
    until: date | None,
    province: str | None,
    bureau: str | None,
    time_zone: str,
) -> Plan:
    """A campaign's period (optionally cut ``--until`` a date, or narrowed ``--from``/``--to``),
    or any period ``--from``/``--to`` over every sector and conduct."""
    if until and (start or end):
        raise PiwatchError("give --until or --from/--to, not both")
    if province and bureau:
        raise PiwatchError("give --province or --bureau, not both")
    if province and province not in province_names():
        raise PiwatchError(f"unknown province {province!r}; write it in full, e.g. 江苏省, 上海市")
    if campaign is None:
        if until or not (start and end):
            raise PiwatchError("without --campaign, give the period with --from and --to")
        sectors, conducts, provinces = SECTORS, CONDUCTS, ()
        title, name, dates = "个人信息保护线索统计报告", "", []
    else:
        start, end = start or campaign.start, until or end or campaign.end
        sectors, conducts = tuple(campaign.sectors), tuple(campaign.conducts)
        provinces = tuple(campaign.provinces)
        title, name = campaign.title or campaign.name, campaign.name
        dates = campaign.reporting_dates
        if province and provinces and province not in provinces:
            raise PiwatchError(f"{province} is outside campaign {name} ({'、'.join(provinces)})")
    if end < start:
        raise PiwatchError(f"the period ends ({end}) before it starts ({start})")
    previous = max((d for d in dates if start <= d < end), default=None)
    scope = Scope(
        start,
        end,
        tuple(sectors),
        tuple(conducts),
        provinces,
        Jurisdiction(province=province),
        bureau,
        time_zone,
    )
    where = province or bureau or "all"
    return Plan(scope, title, name, previous, f"report-{name or 'period'}-{start}-{end}-{where}")
