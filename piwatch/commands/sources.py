"""`piwatch sources list|check`: show and validate the sources file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from piwatch.config import load_settings
from piwatch.crawlers.sources import Source, load_sources

app = typer.Typer(no_args_is_help=True, help="Show and validate crawl sources.")

SourcesOption = Annotated[
    Path | None,
    typer.Option("--sources", help="Sources file (default: crawl.sources_file of the settings)."),
]


def _load(path: Path | None) -> tuple[Path, list[Source]]:
    path = path or load_settings().crawl.sources_file
    return path, load_sources(path)


@app.command("list")
def list_sources(sources: SourcesOption = None) -> None:
    """Print the configured sources."""
    path, found = _load(sources)
    table = Table(title=f"{len(found)} sources in {escape(str(path))}")
    for column in ("name", "kind", "type", "render", "region", "start URL", "reachable"):
        table.add_column(column)
    for s in found:
        region = " ".join(x for x in (s.region.province, s.region.city) if x)
        more = f" (+{len(s.start_urls) - 1})" if len(s.start_urls) > 1 else ""
        table.add_row(
            escape(s.name),
            s.kind,
            s.source_type,
            s.render,
            escape(region),
            escape(s.start_urls[0] + more),
            "yes" if s.reachable_from_build_machine else "no",
        )
    Console().print(table)


@app.command("check")
def check(sources: SourcesOption = None) -> None:
    """Validate the sources file; exits non-zero with the source and field at fault."""
    path, found = _load(sources)
    browser = [s.name for s in found if s.uses_browser]
    typer.echo(f"{path}: {len(found)} sources valid ({len(browser)} rendered with Chromium)")
