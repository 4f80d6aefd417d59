"""`piwatch evidence` commands: render, export and verify a lead's evidence; the removal watch;
retention."""

from __future__ import annotations

import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

app = typer.Typer(
    no_args_is_help=True,
    help="Evidence: a lead's captured page rendered, packaged with hashes and checked; the "
    "removal watch; retention of captures.",
)
console = Console(soft_wrap=True)  # URLs and paths stay whole, to copy and to grep


@app.command("export")
def export_command(
    lead_id: Annotated[str, typer.Argument(metavar="LEAD_ID", help="Lead id, or a unique prefix.")],
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="New or empty directory for the package.")
    ],
    unmasked: Annotated[
        bool,
        typer.Option(
            "--unmasked",
            help="Write the text with phone, ID and card numbers; recorded in the lead's history.",
        ),
    ] = False,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="NAME", help="Who exports (default: the login name)."),
    ] = None,
) -> None:
    """Write a lead's evidence package.

    The package holds the WARC records of the lead's page as captured at crawl time, the page,
    its text (identifiers masked unless --unmasked), the lead as JSON, and manifest.json with
    every file's SHA-256 and size; with evidence.tsa_url set, an RFC 3161 time stamp of the
    manifest (manifest.tsr)."""
    from piwatch.config import load_settings
    from piwatch.evidence.package import export
    from piwatch.search.client import connect

    settings = load_settings()
    es = connect(settings)
    done = export(
        es, settings, lead_id, out, unmasked=unmasked, by=by or getpass.getuser(),
        now=datetime.now(UTC),
    )  # fmt: skip
    console.print(f"evidence package written to {escape(str(done.directory))}", highlight=False)
    for name in done.files:
        console.print(f"  {escape(name)}", highlight=False)
    console.print(
        "  manifest.json, manifest.sha256" + (", manifest.tsr" if done.timestamped else "")
    )
    if done.rendering_missing:
        console.print(
            f"[yellow]no PDF/PNG in the package:[/yellow] {escape(done.rendering_missing)}",
            highlight=False,
        )


@app.command("capture")
def capture_command(
    lead_id: Annotated[str, typer.Argument(metavar="LEAD_ID", help="Lead id, or a unique prefix.")],
    offline: Annotated[
        bool,
        typer.Option("--offline", help="Render the stored capture only; do not fetch the page."),
    ] = False,
) -> None:
    """Render a lead's page to PDF and a full-page PNG with headless Chromium.

    The live page is used when it answers; otherwise (or with --offline) the capture kept at
    crawl time is replayed with no network access. The files go to
    data_dir/evidence/renderings/LEAD_ID/ and into the lead's evidence package."""
    from piwatch.config import load_settings
    from piwatch.evidence.package import render_lead
    from piwatch.search.client import connect

    settings = load_settings()
    rendering = render_lead(connect(settings), settings, lead_id, live=not offline)
    source = "the live page" if rendering.origin == "live" else "the stored capture"
    why = f" (live page: {rendering.live_error})" if rendering.live_error else ""
    console.print(f"rendered {escape(rendering.url)} from {source}{escape(why)}", highlight=False)
    for path in rendering.files.values():
        console.print(f"  {escape(str(path))}", highlight=False)


@app.command("recheck")
def recheck_command() -> None:
    """Removal watch: fetch every open lead's page again now.

    A page gone (404, 410, the site's "deleted" page) sets the lead's source_removed_at; a page
    whose quoted evidence is no longer there sets source_changed_at. Captures are never deleted.
    The scheduler runs this weekly (schedule.recheck_cron)."""
    from piwatch.config import load_settings
    from piwatch.evidence.recheck import PageCheck, recheck
    from piwatch.search.client import connect

    settings = load_settings()

    def show(check: PageCheck) -> None:
        colour = {"removed": "red", "changed": "yellow"}.get(check.outcome, "default")
        console.print(
            f"[{colour}]{check.outcome:<11}[/{colour}] {escape(check.url)}  {escape(check.detail)}",
            highlight=False,
        )

    result = recheck(connect(settings), settings, progress=show)
    console.print(
        f"{len(result.checked)} pages checked: {result.count('removed')} removed, "
        f"{result.count('changed')} changed, {result.count('unreachable')} unreachable; "
        f"{result.marked} leads marked"
    )


@app.command("gc")
def gc_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be deleted; delete nothing.")
    ] = False,
) -> None:
    """Delete captures no lead needs any more (evidence.keep_* and max_total_gb).

    A lead's capture stays while the lead is open and for evidence.keep_closed_days after it was
    dismissed or withdrawn; other captures go after evidence.keep_other_days, then oldest first
    while the directory is over evidence.max_total_gb."""
    from piwatch.config import load_settings
    from piwatch.evidence.retention import apply_gc, plan_gc
    from piwatch.search.client import connect

    settings = load_settings()
    plan = plan_gc(connect(settings), settings, datetime.now(UTC))
    verb = "would delete" if dry_run else "deleting"
    for doomed in plan.files:
        console.print(
            f"{verb} {escape(doomed.path.name)} ({_mib(doomed.size)}): {escape(doomed.reason)}",
            highlight=False,
        )
    for directory in plan.renderings:
        console.print(f"{verb} rendering {escape(str(directory))}", highlight=False)
    if not dry_run:
        apply_gc(settings, plan)
    console.print(
        f"{len(plan.files)} WARC files ({_mib(plan.freed_bytes)}) and {len(plan.renderings)} "
        f"renderings {'would go' if dry_run else 'deleted'}; kept {plan.kept_files} files "
        f"({_mib(plan.kept_bytes)}), {plan.needed_files} of them needed by leads"
    )
    if plan.over_budget_bytes:
        console.print(
            f"[yellow]still {_mib(plan.over_budget_bytes)} over evidence.max_total_gb:[/yellow] "
            "held by leads that are open or within keep_closed_days"
        )


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


@app.command("verify")
def verify_command(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="An exported package.")],
    ca: Annotated[
        Path | None,
        typer.Option(
            "--ca",
            metavar="FILE",
            help="CA to check the time stamp (default: evidence.tsa_ca_file).",
        ),
    ] = None,
) -> None:
    """Check a package against its manifest.

    Recomputes every file's SHA-256 and the manifest's own, and checks the time stamp when a CA
    is given; exit status 0 when nothing changed, 1 naming every file that did."""
    from piwatch.config import load_settings
    from piwatch.evidence.package import verify

    ca_file = ca or load_settings().evidence.tsa_ca_file
    problems, notes = verify(directory, ca_file)
    for note in notes:
        console.print(escape(note), highlight=False)
    for problem in problems:
        console.print(f"[red]changed[/red] {escape(problem)}", highlight=False)
    if problems:
        sys.exit(1)
    console.print(
        f"ok: every file of {escape(str(directory))} matches its manifest", highlight=False
    )
