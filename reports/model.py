"""The digest as plain data: ranked leads, groups, the sector x conduct table, businesses, cases.

Pure: built from search results already fetched (``WeekData``); links come from ``LinkMaker``;
evidence goes through the ``mask`` function handed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from piwatch.pipelines.leads.casefile import CaseFile
from piwatch.reports.labels import (
    CONDUCT_LABELS,
    RUN_STATUS_LABELS,
    SECTOR_LABELS,
    conduct_label,
    region_label,
    run_status_label,
    sector_label,
)
from piwatch.reports.routing import Jurisdiction, kql
from piwatch.search.kibana.links import discover_url, document_url, kql_quote
from piwatch.search.kibana.objects import OPEN_LEADS

TIME_FIELD = "first_seen"


@dataclass(frozen=True, slots=True)
class Counts:
    """Lead counts of one week for one jurisdiction (from aggregations, so not capped)."""

    total: int = 0
    by_sector: Mapping[str, int] = field(default_factory=dict)
    by_conduct: Mapping[str, int] = field(default_factory=dict)
    cells: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (sector, conduct)
    by_region: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (province, city)


@dataclass(frozen=True, slots=True)
class Case:
    """One business's leads of the week, whatever their conduct (a case key is business +
    conduct, so a lead with two conducts has two keys but is one lead of the case)."""

    name: str  # the business as case keys spell it (``case_name``)
    keys: tuple[str, ...]  # its case keys, one per conduct seen
    count: int  # leads, each counted once
    max_score: float
    title: str  # the best-scored lead's title

    @property
    def conduct(self) -> tuple[str, ...]:
        return tuple(key.rpartition(":")[2] for key in self.keys)


@dataclass(frozen=True, slots=True)
class WeekData:
    """Everything the digest needs from Elasticsearch for one recipient and week."""

    hits: Sequence[Mapping[str, Any]]  # lead hits (``_id``, ``_index``, ``_source``), best first
    counts: Counts
    previous: Counts
    businesses: Sequence[tuple[str, int]]
    cases: Sequence[Case]
    crawl_runs: Mapping[str, int] = field(default_factory=dict)  # run status -> crawls that week
    cross_regional: Sequence[CaseFile] = ()  # the week's cases also seen in other regions


@dataclass(frozen=True, slots=True)
class LinkMaker:
    """Kibana links restricted to one jurisdiction and one week."""

    base: str
    data_view_id: str
    start: datetime
    end: datetime
    jurisdiction: Jurisdiction

    def view(self, **terms: str) -> str:
        return self.view_any(**{f: (v,) for f, v in terms.items()})

    def view_any(self, **terms: Sequence[str]) -> str:
        """Leads whose every named field holds one of the given values."""
        parts = [kql(self.jurisdiction)] if not self.jurisdiction.is_all else []
        parts += [_kql_any(f, vs) for f, vs in terms.items()]
        parts.append(OPEN_LEADS)
        query = " and ".join(p for p in parts if p)
        return discover_url(self.base, self.data_view_id, query, self.start, self.end, TIME_FIELD)

    def lead(self, index: str, lead_id: str) -> str:
        return document_url(self.base, self.data_view_id, index, lead_id)


def _kql_any(field_: str, values: Sequence[str]) -> str:
    quoted = [kql_quote(v) for v in values]
    return f"{field_}:{quoted[0]}" if len(quoted) == 1 else f"{field_}:({' or '.join(quoted)})"


@dataclass(frozen=True, slots=True)
class LeadLine:
    id: str
    url: str  # Kibana
    score: float
    title: str
    article_url: str
    source: str
    published: str
    first_seen: str
    conduct: tuple[str, ...]
    conduct_labels: tuple[str, ...]
    sectors: tuple[str, ...]
    sector_labels: tuple[str, ...]
    businesses: tuple[str, ...]
    province: str
    city: str
    bureau: str
    status: str
    evidence: tuple[str, ...]
    referrals: tuple[str, ...] = ()  # 「department：reason」
    source_note: str = ""  # the removal watch: the page was deleted or changed since

    @property
    def region(self) -> str:
        return region_label(self.province, self.city)


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    label: str
    count: int
    url: str
    leads: tuple[LeadLine, ...] = ()


@dataclass(frozen=True, slots=True)
class Cell:
    count: int
    previous: int
    url: str

    @property
    def delta(self) -> int:
        return self.count - self.previous


@dataclass(frozen=True, slots=True)
class StatRow:
    code: str
    label: str
    cells: tuple[Cell, ...]
    total: Cell


@dataclass(frozen=True, slots=True)
class Business:
    name: str
    count: int
    url: str


@dataclass(frozen=True, slots=True)
class CaseLine:
    name: str
    conduct_labels: tuple[str, ...]
    count: int
    max_score: float
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class CrossLine:
    """A cross-regional case: every region with its bureau, and the others to coordinate with."""

    name: str
    conduct_label: str
    regions: tuple[str, ...]  # 「浙江省杭州市（杭州市市场监督管理局）」
    others: tuple[str, ...]  # the same, outside the recipient's jurisdiction
    major: tuple[str, ...]  # why the case is major (empty: it is not)
    provincial_bureaus: tuple[str, ...]  # informed as well when major
    url: str


@dataclass(frozen=True, slots=True)
class RunCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Digest:
    week: str
    start: str
    end: str
    recipient_name: str
    recipient_email: str
    jurisdiction: str
    total: int
    previous_total: int
    overview_url: str
    leads: tuple[LeadLine, ...]
    conduct_groups: tuple[Group, ...]
    sector_groups: tuple[Group, ...]
    region_groups: tuple[Group, ...]
    stat_columns: tuple[str, ...]
    stat_rows: tuple[StatRow, ...]
    stat_total: StatRow
    businesses: tuple[Business, ...]
    cases: tuple[CaseLine, ...]
    crawl_runs: tuple[RunCount, ...] = ()
    cross_regional: tuple[CrossLine, ...] = ()

    @property
    def truncated(self) -> bool:
        return len(self.leads) < self.total

    @property
    def crawl_total(self) -> int:
        return sum(r.count for r in self.crawl_runs)


def build_digest(
    week_label: str,
    recipient_name: str,
    recipient_email: str,
    data: WeekData,
    links: LinkMaker,
    mask: Callable[[str], str],
) -> Digest:
    """Assemble the digest for one recipient; leads keep the search order (score, best first)."""
    leads = tuple(_lead_line(hit, links, mask) for hit in data.hits)
    conducts = _ordered(CONDUCT_LABELS, data.counts.by_conduct, data.previous.by_conduct)
    sectors = _ordered(SECTOR_LABELS, data.counts.by_sector, data.previous.by_sector)
    return Digest(
        week=week_label,
        start=links.start.date().isoformat(),
        end=(links.end - timedelta(days=1)).date().isoformat(),
        recipient_name=recipient_name,
        recipient_email=recipient_email,
        jurisdiction=links.jurisdiction.label,
        total=data.counts.total,
        previous_total=data.previous.total,
        overview_url=links.view(),
        leads=leads,
        conduct_groups=tuple(
            Group(
                code,
                conduct_label(code),
                data.counts.by_conduct.get(code, 0),
                links.view(conduct=code),
                tuple(x for x in leads if code in x.conduct),  # every conduct, not the first
            )
            for code in conducts
            if data.counts.by_conduct.get(code, 0)
        ),
        sector_groups=tuple(
            Group(code, sector_label(code), n, links.view(sectors=code))
            for code, n in _by_count(data.counts.by_sector)
        ),
        region_groups=tuple(
            Group(
                f"{prov}/{city}",
                region_label(prov, city) or "未识别地区",
                n,
                links.view(**{k: v for k, v in (("province", prov), ("city", city)) if v}),
            )
            for (prov, city), n in _by_count(data.counts.by_region)
        ),
        stat_columns=tuple(conduct_label(c) for c in conducts),
        stat_rows=tuple(_stat_row(s, conducts, data, links) for s in sectors),
        stat_total=StatRow(
            "",
            "合计",
            tuple(
                Cell(
                    data.counts.by_conduct.get(c, 0),
                    data.previous.by_conduct.get(c, 0),
                    links.view(conduct=c),
                )
                for c in conducts
            ),
            Cell(data.counts.total, data.previous.total, links.view()),
        ),
        businesses=tuple(
            Business(name, n, links.view(business_names=name)) for name, n in data.businesses
        ),
        cases=tuple(_case_line(c, links) for c in data.cases),
        crawl_runs=tuple(
            RunCount(status, run_status_label(status), data.crawl_runs[status])
            for status in _ordered(RUN_STATUS_LABELS, data.crawl_runs)
        ),
        cross_regional=tuple(_cross_line(f, links) for f in data.cross_regional),
    )


def _cross_line(f: CaseFile, links: LinkMaker) -> CrossLine:
    j = links.jurisdiction

    def inside(province: str, city: str) -> bool:
        return (not j.province or j.province == province) and (not j.city or j.city == city)

    def named(place: tuple[str, str], bureau: str) -> str:
        return (
            f"{region_label(*place) or '未识别地区'}（{bureau}）"
            if bureau
            else region_label(*place)
        )

    return CrossLine(
        name=f.business or f.key.rpartition(":")[0],
        conduct_label=conduct_label(f.conduct),
        regions=tuple(named(p, b) for p, b in f.regions.items()),
        others=tuple(named(p, b) for p, b in f.regions.items() if not inside(*p)),
        major=tuple(f.major_reasons),
        provincial_bureaus=tuple(f.provincial_bureaus) if f.major else (),
        url=links.view_any(case_key=(f.key,)),
    )


def _case_line(case: Case, links: LinkMaker) -> CaseLine:
    return CaseLine(
        case.name,
        tuple(conduct_label(c) for c in _ordered(CONDUCT_LABELS, dict.fromkeys(case.conduct, 1))),
        case.count,
        case.max_score,
        case.title,
        links.view_any(case_key=case.keys),
    )


def _stat_row(sector: str, conducts: Sequence[str], data: WeekData, links: LinkMaker) -> StatRow:
    return StatRow(
        sector,
        sector_label(sector),
        tuple(
            Cell(
                data.counts.cells.get((sector, c), 0),
                data.previous.cells.get((sector, c), 0),
                links.view(sectors=sector, conduct=c),
            )
            for c in conducts
        ),
        Cell(
            data.counts.by_sector.get(sector, 0),
            data.previous.by_sector.get(sector, 0),
            links.view(sectors=sector),
        ),
    )


def _ordered(known: Mapping[str, str], *counts: Mapping[str, int]) -> tuple[str, ...]:
    """Contract order first, then any other code seen, so the table never hides a count."""
    seen = {code for c in counts for code, n in c.items() if n}
    return tuple(code for code in known if code in seen) + tuple(sorted(seen - set(known)))


def _by_count(counts: Mapping[Any, int]) -> list[tuple[Any, int]]:
    return sorted(((k, n) for k, n in counts.items() if n), key=lambda kv: (-kv[1], str(kv[0])))


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value if v is not None)


def _source_note(src: Mapping[str, Any]) -> str:
    """What the removal watch found (evidence.recheck); the capture is kept either way."""
    if src.get("source_removed_at"):
        return f"原文已于 {_day(src['source_removed_at'])} 删除（证据已留存）"
    if src.get("source_changed_at"):
        return f"原文已于 {_day(src['source_changed_at'])} 改动，证据段落已不在（证据已留存）"
    return ""


def _lead_line(hit: Mapping[str, Any], links: LinkMaker, mask: Callable[[str], str]) -> LeadLine:
    src: Mapping[str, Any] = hit.get("_source", {})
    conduct = _strings(src.get("conduct"))
    sectors = _strings(src.get("sectors"))
    names = _strings(src.get("business_names")) or tuple(
        str(b.get("name")) for b in src.get("businesses") or () if isinstance(b, dict)
    )
    return LeadLine(
        id=str(hit["_id"]),
        url=links.lead(str(hit.get("_index", links.data_view_id)), str(hit["_id"])),
        score=float(src.get("score") or 0.0),
        title=str(src.get("article_title") or ""),
        article_url=_web_url(src.get("article_url")),
        source=str(src.get("source") or ""),
        published=_day(src.get("published_at")),
        first_seen=_day(src.get("first_seen")),
        conduct=conduct,
        conduct_labels=tuple(conduct_label(c) for c in conduct),
        sectors=sectors,
        sector_labels=tuple(sector_label(s) for s in sectors),
        businesses=_unique(names),
        province=str(src.get("province") or ""),
        city=str(src.get("city") or ""),
        bureau=str(src.get("bureau") or ""),
        status=str(src.get("status") or "new"),
        evidence=tuple(mask(e) for e in _strings(src.get("evidence"))),
        source_note=_source_note(src),
        referrals=tuple(
            f"{r.get('label', '')}：{r.get('reason', '')}"
            for r in src.get("referrals") or ()
            if isinstance(r, dict)
        ),
    )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _web_url(value: Any) -> str:
    """Only http(s) links become clickable: a crawled ``javascript:`` URL must not."""
    url = str(value or "")
    return url if url.lower().startswith(("http://", "https://")) else ""


def _day(value: Any) -> str:
    return str(value)[:10] if value else ""
