"""`piwatch report`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from piwatch.errors import PiwatchError


def register(app: typer.Typer) -> None:
    """Add `piwatch report` to the application."""
    app.command("report")(report)


def _date(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PiwatchError(f"{option} {text!r} is not a date; write YYYY-MM-DD") from None


def report(
    out: Annotated[Path, typer.Option("--out", help="Directory for the XLSX, HTML and PDF.")],
    campaign: Annotated[
        str | None,
        typer.Option("--campaign", help="A campaign of the settings, by name."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First day YYYY-MM-DD (default: campaign start).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day YYYY-MM-DD (default: campaign end).")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Campaign report from its start up to this day."),
    ] = None,
    province: Annotated[
        str | None, typer.Option("--province", help="Only this province (full name).")
    ] = None,
    bureau: Annotated[
        str | None, typer.Option("--bureau", help="Only leads of this bureau (full name).")
    ] = None,
    typical: Annotated[
        int, typer.Option("--typical", min=3, help="Typical cases to choose (at least 3).")
    ] = 5,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also print a PDF.")] = True,
) -> None:
    """Write a period report: statistical tables, typical case sheets, cross-regional cases."""
    from piwatch.config import load_settings
    from piwatch.crawlers.runner import require_chromium
    from piwatch.pipelines.text.mask import mask_pii
    from piwatch.reports.period_files import write_report
    from piwatch.reports.period_report import build_report, plan
    from piwatch.search.client import connect

    settings = load_settings()
    chosen = plan(
        settings.campaign(campaign) if campaign else None,
        start=_date("--from", start),
        end=_date("--to", end),
        until=_date("--until", until),
        province=province,
        bureau=bureau,
        time_zone=settings.schedule.timezone,
    )
    chromium = settings.crawl.chromium_path if pdf else None
    if chromium is not None:
        require_chromium(chromium, "PDF reports (use --no-pdf to skip)")
    data = build_report(
        connect(settings),
        settings.elasticsearch.index_prefix,
        chosen,
        now=datetime.now(UTC),
        mask=mask_pii,
        typical=typical,
    )
    files = write_report(data, out, chosen.stem, chromium)
    console = Console()
    console.print(
        escape(
            f"{chosen.scope.start} to {chosen.scope.end}: {data.table.total.leads} leads, "
            f"{data.table.total.cases} cases, {len(data.typical)} typical, "
            f"{len(data.cross_regional)} cross-regional"
        ),
        highlight=False,
    )
    for path in files:
        console.print(escape(str(path)), highlight=False, soft_wrap=True)
