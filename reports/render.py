"""Digest to text: HTML (autoescaped Jinja2, inline styles), plain text, and the CSV of leads."""

from __future__ import annotations

import csv
import io
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from piwatch.reports.model import Digest, LeadLine

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "score",
    "status",
    "title",
    "businesses",
    "conduct",
    "sectors",
    "province",
    "city",
    "bureau",
    "source",
    "published",
    "first_seen",
    "evidence",
    "article_url",
    "kibana_url",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@cache
def _environment(autoescape: bool) -> Environment:
    return Environment(
        loader=PackageLoader("piwatch.reports", "templates"),
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_html(digest: Digest) -> str:
    """The HTML part; every string from the index is escaped by Jinja2's autoescape."""
    return _environment(True).get_template("digest.html.j2").render(d=digest)


def render_text(digest: Digest) -> str:
    """The plain-text alternative (no escaping: it is never interpreted as markup)."""
    return _environment(False).get_template("digest.txt.j2").render(d=digest)


def render_csv(leads: tuple[LeadLine, ...]) -> bytes:
    """UTF-8 with BOM so Excel shows Chinese; cells that look like formulas are defused."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for lead in leads:
        writer.writerow(
            _cell(v)
            for v in (
                lead.id,
                f"{lead.score:.3f}",
                lead.status,
                lead.title,
                "；".join(lead.businesses),
                ";".join(lead.conduct),
                ";".join(lead.sectors),
                lead.province,
                lead.city,
                lead.bureau,
                lead.source,
                lead.published,
                lead.first_seen,
                " | ".join(lead.evidence),
                lead.article_url,
                lead.url,
            )
        )
    return buf.getvalue().encode("utf-8-sig")


def _cell(value: str) -> str:
    """Crawled text must not run as a spreadsheet formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value
