"""`piwatch config` commands."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from piwatch.config import config_file, load_settings, masked_dump

app = typer.Typer(no_args_is_help=True, help="Show the effective configuration.")


@app.command("show")
def show(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Print the effective settings (file plus environment), secrets masked."""
    settings = load_settings()
    data = masked_dump(settings)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console()
    path = config_file()
    console.print(f"# config file: {path} ({'found' if path.exists() else 'not found'})")
    for section, values in data.items():
        if isinstance(values, dict):
            console.print(f"[bold]\\[{section}][/bold]")
            for key, value in values.items():
                console.print(f"  {key} = {json.dumps(value, ensure_ascii=False)}")
        else:
            console.print(f"{section} = {json.dumps(values, ensure_ascii=False)}")
