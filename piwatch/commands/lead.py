"""`piwatch lead` commands."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

app = typer.Typer(no_args_is_help=True, help="Show and triage one lead (status, assignee, notes).")

SHOWN = (
    "status",
    "assignee",
    "score",
    "article_title",
    "article_url",
    "business_names",
    "places",
    "conduct",
    "sectors",
    "pi_types",
    "province",
    "city",
    "bureau",
    "source",
    "published_at",
    "first_seen",
    "last_seen",
    "case_key",
    "legal_basis",
)


def _connect() -> tuple[Any, str]:
    from piwatch.config import load_settings
    from piwatch.search.client import connect

    settings = load_settings()
    return connect(settings), settings.elasticsearch.index_prefix


@app.command("show")
def show(
    lead_id: str = typer.Argument(
        ..., metavar="ID", help="Lead id, or its start as `piwatch search` prints it."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the stored document as JSON."),
) -> None:
    """Print one lead with its evidence, notes and audit trail."""
    from piwatch.search.triage import get_lead

    es, prefix = _connect()
    lead = get_lead(es, prefix, lead_id)
    if as_json:
        typer.echo(json.dumps(_as_json(lead.id, lead.index, lead.source), ensure_ascii=False))
        return
    _print(lead.id, lead.source)


def _as_json(lead_id: str, index: str, src: dict[str, Any]) -> dict[str, Any]:
    """The stored document with the lead id as ``id`` (the extraction's own id, which the
    document stores as ``id``, becomes ``extraction_id``); search-only siblings left out."""
    internal = ("_zh", "_gram")
    doc = {k: v for k, v in src.items() if not k.endswith(internal) and k not in ("id", "lead_id")}
    return {"id": lead_id, "index": index, "extraction_id": src.get("id"), **doc}


def _print(lead_id: str, src: dict[str, Any]) -> None:
    """Every value whole: long ones wrap (fold where there is no space), lists one per line."""
    from piwatch.pipelines.text.mask import mask_pii

    console = Console()
    table = Table(show_header=False, title=f"lead {lead_id}", title_justify="left")
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for name in SHOWN:
        value = src.get(name)
        if value in (None, [], ""):
            continue
        text = "\n".join(map(str, value)) if isinstance(value, list) else str(value)
        table.add_row(name, escape(text))
    for i, evidence in enumerate(src.get("evidence") or [], 1):
        table.add_row(f"evidence {i}", escape(mask_pii(str(evidence))))
    console.print(table)
    for note in src.get("notes") or []:
        console.print(
            f"[bold]note[/bold] {escape(str(note.get('at')))} {escape(str(note.get('by')))}: "
            f"{escape(str(note.get('text')))}"
        )
    history = src.get("history") or []
    if history:
        audit = Table(title="history", title_justify="left")
        for column in ("at", "by", "field", "from", "to"):
            audit.add_column(column, overflow="fold")
        for h in history:
            audit.add_row(
                *(escape(str(h.get(k) or "")) for k in ("at", "by", "field", "from", "to"))
            )
        console.print(audit)


@app.command("set")
def set_(
    lead_id: str = typer.Argument(
        ..., metavar="ID", help="Lead id, or its start as `piwatch search` prints it."
    ),
    status: str | None = typer.Option(
        None,
        "--status",
        metavar="STATUS",
        help="new, reviewing, confirmed, dismissed or referred.",
    ),
    assignee: str | None = typer.Option(None, "--assignee", help='Who handles it ("" clears).'),
    note: str | None = typer.Option(None, "--note", help="Add a note."),
    by: str | None = typer.Option(None, "--by", help="Who makes the change (default: $USER)."),
) -> None:
    """Change status and/or assignee, or add a note; every change goes to the audit trail."""
    from piwatch.errors import PiwatchError
    from piwatch.search.lead_changes import TriageChange
    from piwatch.search.triage import set_lead

    if status is None and assignee is None and not note:
        raise PiwatchError("nothing to change; give --status, --assignee or --note")
    change = TriageChange(by=by or getpass.getuser(), status=status, assignee=assignee, note=note)
    es, prefix = _connect()
    lead, written = set_lead(es, prefix, lead_id, change, datetime.now(UTC))
    if not written:
        typer.echo(f"lead {lead.id}: nothing changed")
        return
    fields = ", ".join(k for k in written if k != "history")
    typer.echo(f"lead {lead.id}: updated {fields} (status {lead.source.get('status')})")
