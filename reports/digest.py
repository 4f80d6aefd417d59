"""The weekly digest run: per recipient fetch, build, render, then write (.eml) or send once."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from elasticsearch import Elasticsearch

from piwatch.reports import queries
from piwatch.reports.message import compose
from piwatch.reports.model import Digest, LinkMaker, build_digest
from piwatch.reports.render import render_csv, render_html, render_text
from piwatch.reports.routing import Jurisdiction
from piwatch.reports.sent import SentStore
from piwatch.reports.smtp import DeliveryError, SmtpOptions, deliver
from piwatch.reports.weeks import Week, week_of
from piwatch.search.kibana.ids import data_view_id

if TYPE_CHECKING:
    from piwatch.config import Settings

log = logging.getLogger(__name__)

Mode = Literal["send", "dry-run"]


@dataclass(frozen=True, slots=True)
class RecipientSpec:
    email: str
    name: str = ""
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)


@dataclass(frozen=True, slots=True)
class DigestOptions:
    prefix: str
    kibana_url: str
    timezone: ZoneInfo
    sender: str
    recipients: tuple[RecipientSpec, ...]
    max_leads: int
    out_dir: Path
    sent_db: Path
    smtp: SmtpOptions

    @classmethod
    def from_settings(cls, s: Settings) -> DigestOptions:
        d = s.digest
        return cls(
            prefix=s.elasticsearch.index_prefix,
            kibana_url=d.kibana_url,
            timezone=ZoneInfo(s.schedule.timezone),
            sender=d.sender,
            recipients=tuple(
                RecipientSpec(r.email, r.name, Jurisdiction(r.province, r.city))
                for r in d.recipients
            ),
            max_leads=d.max_leads,
            out_dir=s.digest_dir,
            sent_db=s.data_dir / "digest-sent.sqlite",
            smtp=SmtpOptions(
                host=d.smtp_host,
                port=d.smtp_port,
                security=d.smtp_security,
                username=d.smtp_username,
                password=d.smtp_password.get_secret_value() if d.smtp_password else None,
                timeout=d.smtp_timeout,
                retries=d.smtp_retries,
            ),
        )


@dataclass(slots=True)
class RecipientResult:
    email: str
    outcome: Literal["sent", "written", "already-sent", "failed"]
    leads: int = 0
    attempts: int = 0
    error: str = ""
    files: list[Path] = field(default_factory=list)


@dataclass(slots=True)
class DigestReport:
    week: str
    results: list[RecipientResult] = field(default_factory=list)

    @property
    def failed(self) -> list[RecipientResult]:
        return [r for r in self.results if r.outcome == "failed"]


def run_digest(
    es: Elasticsearch,
    options: DigestOptions,
    week: Week,
    mode: Mode,
    *,
    force: bool,
    now: datetime,
    mask: Callable[[str], str],
) -> DigestReport:
    """Build each recipient's digest; send it once (unless forced) or write it for review.

    A delivery failure does not stop the others: it is retried, then reported in the result.
    """
    report = DigestReport(week.label)
    store = SentStore(options.sent_db)
    for r in options.recipients:
        if mode == "send" and not force and store.was_sent(week.label, r.email):
            log.info("digest %s already sent to %s", week.label, r.email)
            report.results.append(RecipientResult(r.email, "already-sent"))
            continue
        digest = build_for(es, options, week, r, mask)
        message = _message(digest, options, now)
        if mode == "dry-run":
            files = write_files(message, digest, options.out_dir / week.label)
            report.results.append(RecipientResult(r.email, "written", digest.total, files=files))
            continue
        try:
            attempts = deliver(message, options.smtp)
        except DeliveryError as exc:
            log.error("digest %s to %s not delivered: %s", week.label, r.email, exc)
            report.results.append(
                RecipientResult(
                    r.email, "failed", digest.total, len(exc.attempts), exc.attempts[-1]
                )
            )
            continue
        store.record(week.label, r.email, now, str(message["Message-ID"]), digest.total)
        report.results.append(RecipientResult(r.email, "sent", digest.total, attempts))
    return report


def build_for(
    es: Elasticsearch,
    options: DigestOptions,
    week: Week,
    r: RecipientSpec,
    mask: Callable[[str], str],
) -> Digest:
    data = queries.week_data(es, options.prefix, week, r.jurisdiction, options.max_leads)
    links = LinkMaker(
        options.kibana_url,
        data_view_id(options.prefix, "leads"),
        week.start,
        week.end,
        r.jurisdiction,
    )
    return build_digest(week.label, r.name, r.email, data, links, mask)


def busier_current_week(
    es: Elasticsearch, options: DigestOptions, report: DigestReport, now: datetime
) -> tuple[Week, dict[str, int]]:
    """The current week and the recipients whose digest came out empty although the current
    week already has leads for them (with how many): likely the week the operator meant."""
    current = week_of(now, options.timezone)
    if current.label == report.week:
        return current, {}
    empty = {r.email for r in report.results if r.outcome in ("sent", "written") and not r.leads}
    found = {
        spec.email: queries.count_leads(es, options.prefix, current, spec.jurisdiction)
        for spec in options.recipients
        if spec.email in empty
    }
    return current, {email: n for email, n in found.items() if n}


def _message(digest: Digest, options: DigestOptions, now: datetime) -> EmailMessage:
    return compose(
        sender=options.sender,
        to_email=digest.recipient_email,
        to_name=digest.recipient_name,
        subject=f"个人信息保护线索周报 {digest.week} · {digest.jurisdiction} · {digest.total} 条",
        text=render_text(digest),
        html=render_html(digest),
        csv_bytes=render_csv(digest.leads),
        csv_name=f"piwatch-leads-{digest.week}.csv",
        date=now,
    )


def write_files(message: EmailMessage, digest: Digest, directory: Path) -> list[Path]:
    """``--dry-run``: the exact message as ``.eml`` plus its HTML part for a browser."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9@._-]+", "_", digest.recipient_email)
    eml = directory / f"{stem}.eml"
    eml.write_bytes(bytes(message))
    html = directory / f"{stem}.html"
    html.write_text(render_html(digest), encoding="utf-8")
    return [eml, html]
