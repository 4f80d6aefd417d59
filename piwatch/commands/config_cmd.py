"""`piwatch config` commands."""

from __future__ import annotations

import json
from typing import Any

import typer

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
    path = config_file()
    where = "none" if path is None else f"{path} ({'found' if path.exists() else 'not found'})"
    typer.echo(f"# config file: {where}; secrets masked\n" + to_toml(data))


def to_toml(data: dict[str, Any]) -> str:
    """The settings as TOML a user can copy into piwatch.toml (unset values as comments)."""
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []
    top_arrays: list[tuple[str, list[dict[str, Any]]]] = []  # [[campaigns]]
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append((key, value))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            top_arrays.append((key, value))
        else:
            lines.append(_pair(key, value))
    for name, table in tables:
        lines.append(f"\n[{name}]")
        arrays = []
        for key, value in table.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                arrays.append((key, value))
            else:
                lines.append(_pair(key, value))
        for key, items in arrays:
            for item in items:
                lines.append(f"\n[[{name}.{key}]]")
                lines.extend(_pair(k, v) for k, v in item.items())
    for key, items in top_arrays:
        for item in items:
            lines.append(f"\n[[{key}]]")
            lines.extend(_pair(k, v) for k, v in item.items())
    return "\n".join(lines) + "\n"


def _pair(key: str, value: Any) -> str:
    if value is None:
        return f"# {key} = (not set)"
    return f"{key} = {json.dumps(value, ensure_ascii=False)}"
