"""`piwatch search`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from piwatch.errors import PiwatchError
from piwatch.pipelines.codes import CONDUCTS, SECTORS
from piwatch.search.documents import LEAD_STATUSES

SHOWN_BY_DEFAULT = ("new", "reviewing", "confirmed", "referred")  # dismissed only when asked
TABLE_MIN_WIDTH = 140  # narrower terminals get one block per lead instead of a table
ID_SHOWN = 12  # enough of the id to be unique; `piwatch lead show` takes any unique start
EXCERPT_CHARS = 200  # a sentence; `piwatch lead show` prints the evidence whole


def register(app: typer.Typer) -> None:
    """Add `piwatch search` to the application."""
    app.command("search")(search)


def search(
    query: Annotated[
        str | None,
        typer.Argument(
            metavar="QUERY",
            help="Words to find in business names, regions, title and text of the article: "
            'all must match; A OR B matches either; "a phrase" in quotes matches as written.',
        ),
    ] = None,
    conduct: Annotated[
        list[str] | None,
        typer.Option(metavar="CODE", help=f"Conduct (repeatable): {', '.join(CONDUCTS)}."),
    ] = None,
    sector: Annotated[
        list[str] | None,
        typer.Option(metavar="CODE", help=f"Sector (repeatable): {', '.join(SECTORS)}."),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            metavar="PLACE", help="Province or city, with or without 省/市: 广东, 深圳市."
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="DATE", help="Published on or after YYYY-MM-DD.")
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            metavar="STATUS",
            help=f"Lead status (repeatable): {', '.join(LEAD_STATUSES)}; default: all but "
            "dismissed.",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=1000, metavar="N", help="At most this many leads (1-1000).")
    ] = 20,
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
    text = query.strip() if query and query.strip() else None  # blank: no text at all
    try:
        lead_query = LeadQuery(
            text=text,
            conduct=tuple(conduct or ()),
            sectors=tuple(sector or ()),
            region=region,
            status=tuple(status or SHOWN_BY_DEFAULT),
            since=_date(since) if since else None,
            size=limit,
            sort="score" if text else "published_at",
        )
    except ValueError as exc:
        raise PiwatchError(str(exc)) from None
    settings = load_settings()
    page = search_leads(connect(settings), settings.elasticsearch.index_prefix, lead_query)
    rows = [_row(hit, text, mask_pii) for hit in page.hits]
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    title = f"{page.total} leads" + (f" (first {len(rows)})" if page.total > len(rows) else "")
    console = Console()
    if console.width >= TABLE_MIN_WIDTH:
        console.print(_table(title, rows))
    else:
        _print_list(console, title, rows)


def _codes(row: dict[str, Any]) -> Text:
    """Conduct and sector codes, one a line, never cut."""
    return Text("\n".join([*row["conduct"], *row["sectors"]]))


def _table(title: str, rows: list[dict[str, Any]]) -> Table:
    """One lead a row, for wide terminals."""
    table = Table(title=title, show_lines=True)
    table.add_column("id", no_wrap=True)
    table.add_column("score", no_wrap=True, justify="right")
    table.add_column("status", no_wrap=True)
    table.add_column("business", overflow="fold", ratio=2)
    table.add_column("conduct / sector", no_wrap=True)
    table.add_column("region", overflow="fold", ratio=1)
    table.add_column("title", overflow="fold", ratio=2)
    table.add_column("evidence", overflow="fold", ratio=4)
    for r in rows:
        table.add_row(
            Text(r["id"][:ID_SHOWN]),
            f"{r['score']:.2f}",
            Text(r["status"]),
            Text("\n".join(r["businesses"])),
            _codes(r),
            Text(r["region"]),
            Text(r["title"]),
            Text(r["excerpt"]),
        )
    return table


def _print_list(console: Console, title: str, rows: list[dict[str, Any]]) -> None:
    """One lead a block, for narrow terminals: a header line, then labelled lines that wrap."""
    console.print(Text(title, style="italic"))
    for r in rows:
        console.print()
        console.print(
            Text.assemble((r["id"][:ID_SHOWN], "bold"), f"  {r['score']:.2f}  ", r["status"])
        )
        block = Table.grid(padding=(0, 1))
        block.add_column(style="dim", no_wrap=True)
        block.add_column(overflow="fold")
        for label, value in (
            ("business", Text("、".join(r["businesses"]))),
            ("codes", Text("  ".join([*r["conduct"], *r["sectors"]]))),
            ("region", Text(r["region"])),
            ("title", Text(r["title"])),
            ("evidence", Text(r["excerpt"])),
        ):
            if value.plain:
                block.add_row(label, value)
        console.print(Padding(block, (0, 0, 0, 2)))


def _check_codes(kind: str, given: list[str], known: dict[str, str]) -> None:
    unknown = [c for c in given if c not in known]
    if unknown:
        raise PiwatchError(f"unknown {kind} {', '.join(unknown)}; use one of: {', '.join(known)}")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PiwatchError(f"--since {text!r} is not a date; write YYYY-MM-DD") from None


def _region(hit: dict[str, Any]) -> str:
    from piwatch.search.documents import place_name

    places = hit.get("places") or [place_name(hit.get("province"), hit.get("city"))]
    return "、".join(p for p in places if p)


def _row(hit: dict[str, Any], text: str | None, mask: Callable[[str], str]) -> dict[str, Any]:
    """One lead as the table and ``--json`` give it; ``excerpt``: its sentence that best
    matches ``text``."""
    from piwatch.search.queries import best_sentence

    return {
        "id": hit["_id"],
        "score": float(hit.get("score") or 0.0),
        "status": hit.get("status") or "new",
        "assignee": hit.get("assignee"),
        "title": hit.get("article_title") or "",
        "businesses": list(hit.get("business_names") or []),
        "conduct": list(hit.get("conduct") or []),
        "sectors": list(hit.get("sectors") or []),
        "region": _region(hit),
        "province": hit.get("province"),
        "city": hit.get("city"),
        "published_at": hit.get("published_at"),
        "first_seen": hit.get("first_seen"),
        "source": hit.get("source"),
        "article_url": hit.get("article_url"),
        "evidence": [mask(str(e)) for e in hit.get("evidence") or []],
        "excerpt": _shorten(mask(best_sentence(hit, text))),
    }


def _shorten(text: str, limit: int = EXCERPT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
