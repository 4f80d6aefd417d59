"""`piwatch search`."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from piwatch.errors import PiwatchError

SHOWN_BY_DEFAULT = ("new", "reviewing", "confirmed", "referred")  # dismissed only when asked


def register(app: typer.Typer) -> None:
    """Add `piwatch search` to the application."""
    app.command("search")(search)


def search(
    query: Annotated[str | None, typer.Argument(help='Words, or "a phrase" in quotes.')] = None,
    conduct: Annotated[list[str] | None, typer.Option(help="Conduct code (repeatable).")] = None,
    sector: Annotated[list[str] | None, typer.Option(help="Sector code (repeatable).")] = None,
    region: Annotated[str | None, typer.Option(help="Province or city, e.g. 广东省.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(help="Lead status (repeatable; default: all but dismissed)."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many leads.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, one lead a line.")] = False,
) -> None:
    """Search leads: text, conduct, sector, region, date and triage status."""
    from piwatch.config import load_settings
    from piwatch.pipelines.text.mask import mask_pii
    from piwatch.reports.labels import CONDUCT_LABELS, SECTOR_LABELS
    from piwatch.search.client import connect
    from piwatch.search.queries import LeadQuery, search_leads

    _check_codes("conduct", conduct or [], CONDUCT_LABELS)
    _check_codes("sector", sector or [], SECTOR_LABELS)
    try:
        lead_query = LeadQuery(
            text=query or None,
            conduct=tuple(conduct or ()),
            sectors=tuple(sector or ()),
            region=region,
            status=tuple(status or SHOWN_BY_DEFAULT),
            since=_date(since) if since else None,
            size=limit,
            sort="score" if query else "published_at",
        )
    except ValueError as exc:
        raise PiwatchError(str(exc)) from None
    settings = load_settings()
    page = search_leads(connect(settings), settings.elasticsearch.index_prefix, lead_query)
    rows = [_row(hit, mask_pii) for hit in page.hits]
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table(
        title=f"{page.total} leads" + (f" (first {len(rows)})" if page.total > len(rows) else "")
    )
    for column in (
        "id",
        "business",
        "conduct",
        "sector",
        "region",
        "score",
        "status",
        "title",
        "evidence",
    ):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(
            *(
                escape(str(v))
                for v in (
                    r["id"][:12],
                    "、".join(r["businesses"]),
                    ", ".join(r["conduct"]),
                    ", ".join(r["sectors"]),
                    r["region"],
                    f"{r['score']:.2f}",
                    r["status"],
                    r["title"],
                    (r["evidence"][0] if r["evidence"] else "")[:120],
                )
            )
        )
    Console().print(table)


def _check_codes(kind: str, given: list[str], known: dict[str, str]) -> None:
    unknown = [c for c in given if c not in known]
    if unknown:
        raise PiwatchError(f"unknown {kind} {', '.join(unknown)}; use one of: {', '.join(known)}")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PiwatchError(f"--since {text!r} is not a date; write YYYY-MM-DD") from None


def _row(hit: dict[str, Any], mask: Any) -> dict[str, Any]:
    return {
        "id": hit["_id"],
        "score": float(hit.get("score") or 0.0),
        "status": hit.get("status") or "new",
        "assignee": hit.get("assignee"),
        "title": hit.get("article_title") or "",
        "businesses": list(hit.get("business_names") or []),
        "conduct": list(hit.get("conduct") or []),
        "sectors": list(hit.get("sectors") or []),
        "region": "".join(p for p in (hit.get("province"), hit.get("city")) if p),
        "province": hit.get("province"),
        "city": hit.get("city"),
        "published_at": hit.get("published_at"),
        "first_seen": hit.get("first_seen"),
        "source": hit.get("source"),
        "article_url": hit.get("article_url"),
        "evidence": [mask(str(e)) for e in hit.get("evidence") or []],
    }
