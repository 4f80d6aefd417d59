"""`piwatch evidence` commands: export and verify a lead's evidence package."""

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
    help="Evidence packages: a lead's captured page, text and record, with hashes.",
)
console = Console()


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
