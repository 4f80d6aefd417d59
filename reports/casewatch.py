"""After each crawl: mark cross-regional and major cases on their leads, and e-mail each major
case at once (not only in the weekly digest) to the responsible bureaus and their provincial
bureaus among the digest recipients, once per case and recipient."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import bulk, scan

from piwatch.pipelines.leads.casefile import CaseFile, case_files
from piwatch.reports.digest import DigestOptions, RecipientSpec
from piwatch.reports.labels import conduct_label, region_label, sector_label
from piwatch.reports.message import encoded_subject
from piwatch.reports.sent import SentStore
from piwatch.reports.smtp import DeliveryError, deliver
from piwatch.search.indices import alias
from piwatch.search.queries import WITHDRAWN

log = logging.getLogger(__name__)

LOOKBACK = timedelta(days=2)
"""Cases with a lead seen this recently are looked at again (a nightly crawl, plus a missed
night); all their leads, whenever seen, count."""
SENT_PREFIX = "major:"  # SentStore rows of major-case mails: ("major:<case key>", recipient)


@dataclass(slots=True)
class WatchResult:
    cases: int = 0  # cases looked at
    marked: int = 0  # leads marked cross-regional or major
    sent: list[tuple[str, str]] = field(default_factory=list)  # (case key, recipient)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (key, recipient, error)


def recipients_for(case: CaseFile, recipients: Sequence[RecipientSpec]) -> list[RecipientSpec]:
    """The recipients responsible for one of the case's regions (same province and city) and
    the provincial ones (its province, no city); recipients of every lead are not included."""
    places = set(case.regions)
    provinces = {p for p, _ in places}
    out = []
    for r in recipients:
        j = r.jurisdiction
        if not j.province:
            continue
        if (j.city and (j.province, j.city) in places) or (not j.city and j.province in provinces):
            out.append(r)
    return out


def watch_cases(
    es: Elasticsearch,
    options: DigestOptions,
    *,
    now: datetime,
    mask: Callable[[str], str],
    since: datetime | None = None,
) -> WatchResult:
    leads_alias = alias(options.prefix, "leads")
    start = since or now - LOOKBACK
    keys = _recent_keys(es, leads_alias, start)
    result = WatchResult()
    if not keys:
        return result
    files = [f for f in case_files(_leads_of(es, leads_alias, keys)) if f.key in keys]
    result.cases = len(files)
    result.marked = _mark(es, [f for f in files if f.cross_regional or f.major])
    store = SentStore(options.sent_db)
    for case in (f for f in files if f.major):
        for r in recipients_for(case, options.recipients):
            if store.was_sent(SENT_PREFIX + case.key, r.email):
                continue
            message = major_message(case, options.sender, r, now, mask)
            try:
                deliver(message, options.smtp)
            except DeliveryError as exc:
                log.error("major case %s to %s not delivered: %s", case.key, r.email, exc)
                result.failed.append((case.key, r.email, exc.attempts[-1]))
                continue
            store.record(SENT_PREFIX + case.key, r.email, now, str(message["Message-ID"]), 1)
            result.sent.append((case.key, r.email))
    return result


def _open(*filters: dict[str, Any]) -> dict[str, Any]:
    return {
        "bool": {
            "filter": list(filters),
            "must_not": [{"term": {"status": "dismissed"}}, WITHDRAWN],
        }
    }


def _recent_keys(es: Elasticsearch, leads_alias: str, since: datetime) -> set[str]:
    query = _open({"range": {"last_seen": {"gte": since.isoformat()}}})
    return {
        key
        for hit in scan(es, index=leads_alias, query={"query": query, "_source": ["case_key"]})
        for key in hit["_source"].get("case_key") or []
    }


def _leads_of(es: Elasticsearch, leads_alias: str, keys: Iterable[str]) -> list[dict[str, Any]]:
    query = _open({"terms": {"case_key": sorted(keys)}})
    return [
        {"_id": h["_id"], "_index": h["_index"], **h["_source"]}
        for h in scan(
            es,
            index=leads_alias,
            query={"query": query, "_source": {"excludes": ["*_zh", "*_gram", "article_content"]}},
        )
    ]


def _mark(es: Elasticsearch, files: Sequence[CaseFile]) -> int:
    """``cross_regional``, ``major``, ``case_regions`` and ``case_bureaus`` on the cases' leads
    (a lead of several cases gets the union), for the Kibana saved search and triage."""
    marks: dict[tuple[str, str], dict[str, Any]] = {}
    for f in files:
        for lead in f.leads:
            m = marks.setdefault(
                (lead["_index"], lead["_id"]),
                {"cross_regional": False, "major": False, "case_regions": [], "case_bureaus": []},
            )
            m["cross_regional"] |= f.cross_regional
            m["major"] |= f.major
            for (p, c), bureau in f.regions.items():
                name = region_label(p, c)
                if name and name not in m["case_regions"]:
                    m["case_regions"].append(name)
                if bureau and bureau not in m["case_bureaus"]:
                    m["case_bureaus"].append(bureau)
    actions = (
        {"_op_type": "update", "_index": index, "_id": doc_id, "doc": doc}
        for (index, doc_id), doc in marks.items()
    )
    done, _ = bulk(es, actions, refresh="wait_for")
    return int(done)


def major_message(
    case: CaseFile, sender: str, to: RecipientSpec, now: datetime, mask: Callable[[str], str]
) -> EmailMessage:
    """A short plain-text mail: why the case is major, where, who else is told, the evidence."""
    lines = [
        f"重大案件线索：{case.business}（{conduct_label(case.conduct)}）",
        "",
        "认定为重大的理由：" + "；".join(case.major_reasons),
        "领域：" + "、".join(sector_label(s) for s in case.sectors),
        "涉及地区及主管局："
        + "；".join(f"{region_label(p, c)}（{b}）" for (p, c), b in case.regions.items()),
        "同时报送省级局：" + "、".join(case.provincial_bureaus),
        f"首次见于 {_day(case.first_seen)}，最近见于 {_day(case.last_seen)}；"
        f"独立报道 {case.reports} 次，涉及个人信息约 {case.volume} 条",
    ]
    referrals = dict.fromkeys(
        f"{r.get('label')}：{r.get('reason')}"
        for lead in case.leads
        for r in lead.get("referrals") or []
    )
    if referrals:
        lines.append("建议移送：" + "；".join(referrals))
    lines += ["", "证据摘录（个人信息已遮蔽）："]
    for lead in case.leads[:5]:
        for text in (lead.get("evidence") or [])[:1]:
            lines.append(
                f"- {mask(str(text))}（{lead.get('source', '')} {lead.get('article_url', '')}）"
            )
    lines += ["", "本邮件由 piwatch 在抓取后自动发送，每个案件只发送一次；详情见每周线索周报。"]
    msg = EmailMessage()
    msg.set_raw(
        "Subject",
        encoded_subject(f"重大案件线索 · {case.business} · {conduct_label(case.conduct)}"),
    )
    msg["From"] = sender
    msg["To"] = to.email
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "piwatch.local")
    msg.set_content("\n".join(lines) + "\n", subtype="plain", charset="utf-8")
    return msg


def _day(value: datetime | None) -> str:
    return value.date().isoformat() if value else "不详"
